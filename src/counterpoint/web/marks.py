"""Text cut into segments for highlighting: the templates escape every segment themselves.

No HTML is built here — a segment is plain data (the text and the marks covering it), so an
article's ``<script>`` can only ever reach the page as escaped text (Jinja2 autoescape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from counterpoint.models import ArticleAnalysis, StoryComparison

# Which colour wins where findings overlap: the most consequential kind.
PRIORITY = ["contradiction", "inconsistency", "quote_match", "framing", "omission", "shared",
            "sourcing", "note", "quote", "entity"]
# Evidence longer than this (whole paragraphs) is listed, not painted over the text.
MAX_HIGHLIGHT = 600
# The list on the story page: contradictions first.
FINDING_ORDER = ["contradiction", "inconsistency", "quote_match", "omission", "framing", "shared",
                 "sourcing", "note"]
KIND_TITLES = {
    "contradiction": "Contradictions",
    "inconsistency": "Inconsistencies within an article",
    "quote_match": "Quotes across outlets",
    "omission": "Only in some outlets",
    "framing": "Framing",
    "shared": "Shared facts",
    "sourcing": "Sourcing and voices",
    "note": "Notes",
}


@dataclass
class Segment:
    text: str
    kind: str | None = None  # the winning kind (colour) when marked
    refs: list[str] = field(default_factory=list)  # finding / entity / quote ids covering it
    titles: list[str] = field(default_factory=list)
    anchor: bool = False  # a span starts here

    @property
    def marked(self) -> bool:
        return bool(self.refs)


def segments(text: str, spans: list[tuple[int, int, str, str, str]]) -> list[Segment]:
    """Cut ``text`` at every ``(start, end, kind, ref, title)`` boundary; each piece knows the
    spans covering it. Spans outside the text are clipped; empty ones ignored."""
    n = len(text)
    spans = [(max(0, s), min(n, e), k, r, t) for s, e, k, r, t in spans if min(n, e) > max(0, s)]
    bounds = sorted({0, n, *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    starts = {s for s, *_ in spans}
    out: list[Segment] = []
    for a, b in pairwise(bounds):
        cover = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        if not cover:
            out.append(Segment(text[a:b]))
            continue
        kind = min((c[2] for c in cover), key=lambda k: PRIORITY.index(k) if k in PRIORITY else 99)
        out.append(Segment(text[a:b], kind, list(dict.fromkeys(c[3] for c in cover)),
                           list(dict.fromkeys(c[4] for c in cover if c[4])), a in starts))
    return out


def ordered_findings(comparison: StoryComparison) -> list[tuple[str, object]]:
    """``(finding id, finding)`` contradictions first, then by kind; ids are ``f<index>`` into
    ``comparison.findings`` so the API and the page name a finding the same way."""
    indexed = [(f"f{i}", f) for i, f in enumerate(comparison.findings)]
    order = {k: i for i, k in enumerate(FINDING_ORDER)}
    return sorted(indexed, key=lambda p: (order.get(p[1].kind, 99), -(p[1].centrality or 0.0),
                                          -p[1].confidence))


def column_spans(comparison: StoryComparison, article_id: str) -> list[tuple]:
    """The highlight spans of one article's column: every finding's evidence in that article,
    the precise words rather than the sentence holding them when a finding gives both."""
    spans = []
    for i, f in enumerate(comparison.findings):
        if f.kind in {"sourcing", "note"}:
            continue
        mine = [e for e in f.evidence if e.article_id == article_id
                and 0 < e.end - e.start <= MAX_HIGHLIGHT]
        for e in mine:
            if any(o is not e and e.start <= o.start and o.end <= e.end
                   and (o.end - o.start) < (e.end - e.start) for o in mine):
                continue
            spans.append((e.start, e.end, f.kind, f"f{i}", f.summary))
    return spans


def analysis_spans(analysis: ArticleAnalysis | None) -> list[tuple]:
    """Entities and quotes of one article as highlight spans (``e<n>``, ``q<n>``)."""
    if analysis is None:
        return []
    spans = []
    for qi, q in enumerate(analysis.quotes):
        who = q.speaker_name or q.speaker_description or "unattributed"
        for c in q.content:
            spans.append((c.start, c.end, "quote", f"q{qi}", f"{who} ({q.kind} quote)"))
    for ei, ent in enumerate(analysis.entities):
        for m in ent.mentions:
            spans.append((m.start, m.end, "entity", f"e{ei}", f"{ent.name} · {ent.label}"))
    return spans
