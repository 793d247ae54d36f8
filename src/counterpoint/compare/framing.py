"""Framing: the words each outlet chooses for what they all report.

Four kinds of finding, all with the spans of the words themselves:

* ``term-choice`` — for a referent in the lexicon (armed actors, the use of force, territory ...)
  the terms each outlet uses, in its own voice and inside quotes ("gunmen" vs "terrorists").
* ``wording`` — differences discovered between aligned sentences: a content word one outlet uses
  that the other never does, paired with the other's word in the same aligned statement.
* ``scare-quote`` — a word or short phrase set apart in quotation marks in the narration
  (“massacre”), and how the other outlets carry the same word (inside a longer quote, in their
  own voice, or not at all).
* ``hedge`` — hedging in the outlet's own voice ("likely", "it is unclear whether").

The lexicon ships as ``counterpoint/data/framing_lexicon.json``; a user's own file named by
``COUNTERPOINT_FRAMING_LEXICON`` (or passed as ``extra_lexicon``) adds groups to it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from counterpoint.compare.align import ClaimGroup, group_pairs
from counterpoint.compare.context import ArticleView
from counterpoint.models import Finding

LEXICON_ENV = "COUNTERPOINT_FRAMING_LEXICON"
MAX_SCARE_WORDS = 4
WORDING_SIMILARITY = 0.3  # word vectors are weak; the shared anchor does most of the work
_CONTENT_POS = {"NOUN", "ADJ", "VERB", "ADV"}


@dataclass(frozen=True)
class LexiconTerm:
    group: str
    referent: str
    term: str
    regex: re.Pattern
    loaded: bool


def _read_lexicon(text: str) -> list[LexiconTerm]:
    data = json.loads(text)
    out = []
    for group in data.get("groups", []):
        for t in group.get("terms", []):
            pattern = t.get("pattern") or re.escape(t["term"])
            out.append(
                LexiconTerm(
                    group=group["id"],
                    referent=group.get("referent", group["id"]),
                    term=t["term"],
                    regex=re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE),
                    loaded=bool(t.get("loaded", True)),
                )
            )
    return out


def load_lexicon(extra: str | None = None) -> tuple[LexiconTerm, ...]:
    """The shipped lexicon plus the user's (``extra`` path, else ``$COUNTERPOINT_FRAMING_LEXICON``).

    A user file has the shipped file's shape: ``{"groups": [{"id", "referent", "terms": [{"term",
    "pattern", "loaded"}]}]}``; its groups are added (a group id already shipped gets more terms).
    """
    return _load_lexicon(extra or os.environ.get(LEXICON_ENV) or None)


@lru_cache(maxsize=8)
def _load_lexicon(path: str | None) -> tuple[LexiconTerm, ...]:
    shipped = resources.files("counterpoint").joinpath("data", "framing_lexicon.json").read_text("utf-8")
    terms = _read_lexicon(shipped)
    if path:
        terms.extend(_read_lexicon(Path(path).read_text(encoding="utf-8")))
    return tuple(terms)


@dataclass
class TermUse:
    article: int
    start: int
    end: int
    text: str
    term: LexiconTerm
    quoted: bool  # inside quotation marks (someone else's word)


def lexicon_uses(view: ArticleView, lexicon) -> list[TermUse]:
    """Every occurrence of a lexicon term in one article (longest match wins on overlaps)."""
    uses: list[TermUse] = []
    taken: list[tuple[int, int]] = []
    hits = []
    for term in lexicon:
        for m in term.regex.finditer(view.text):
            hits.append((m.start(), m.end(), term))
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    for start, end, term in hits:
        if any(start < e and s < end for s, e in taken):
            continue
        # Names are not framing choices ("Palestinian Islamic Jihad", "Counter-Terrorism Bureau").
        if view.text[start:end][:1].isupper() and _inside_name(view, start, end):
            continue
        taken.append((start, end))
        uses.append(TermUse(view.index, start, end, view.text[start:end], term,
                            view.in_quote(start, end) is not None))
    uses.sort(key=lambda u: u.start)
    return uses


def _inside_name(view: ArticleView, start: int, end: int) -> bool:
    return any(m.start <= start and end <= m.end and m.label in {"ORG", "PERSON", "LAW", "EVENT", "WORK_OF_ART"}
               for m in view.mentions)


def _term_choice(views: list[ArticleView], uses: dict[int, list[TermUse]]) -> list[Finding]:
    findings = []
    groups = sorted({u.term.group for us in uses.values() for u in us})
    for group in groups:
        per_outlet = {a: [u for u in uses.get(a, []) if u.term.group == group] for a in range(len(views))}
        per_outlet = {a: us for a, us in per_outlet.items() if us}
        if not per_outlet or not any(u.term.loaded for us in per_outlet.values() for u in us):
            continue
        referent = next(iter(per_outlet.values()))[0].term.referent
        words = {
            views[a].label: sorted({u.text.lower() for u in us}, key=lambda w: [x.text.lower() for x in us].index(w))
            for a, us in per_outlet.items()
        }
        own = {views[a].label: sorted({u.text.lower() for u in us if not u.quoted}) for a, us in per_outlet.items()}
        quoted = {views[a].label: sorted({u.text.lower() for u in us if u.quoted}) for a, us in per_outlet.items()}
        term_sets = [frozenset(u.term.term for u in us) for us in per_outlet.values()]
        differs = len(per_outlet) < len(views) or len(set(term_sets)) > 1
        if len(views) > 1 and not differs:
            continue
        summary = f"Words for {referent}: " + "; ".join(
            f"{label}: " + ", ".join(f"“{w}”" for w in ws) for label, ws in words.items()
        )
        if len(views) > 1:
            absent = [v.label for v in views if v.index not in per_outlet]
            if absent:
                summary += "; " + ", ".join(absent) + ": none"
        evidence = []
        for a, us in per_outlet.items():
            seen_words: set[str] = set()
            for u in us:
                if u.text.lower() in seen_words and len(seen_words) < 6:
                    continue
                seen_words.add(u.text.lower())
                evidence.append(views[a].evidence(u.start, u.end))
        loaded = sorted({u.term.term for us in per_outlet.values() for u in us if u.term.loaded})
        findings.append(
            Finding(
                kind="framing",
                subtype="term-choice" if len(views) > 1 else "loaded-term",
                summary=summary,
                explanation="Terms from the framing lexicon; loaded: " + ", ".join(loaded) + ".",
                confidence=0.75 if differs else 0.6,
                evidence=evidence,
                outlets=[views[a].label for a in per_outlet],
                missing_from=[v.label for v in views if v.index not in per_outlet],
                data={"group": group, "referent": referent, "terms": words,
                      "own_voice": own, "quoted": quoted, "loaded": loaded},
            )
        )
    return findings


def _scare_quotes(views: list[ArticleView]) -> list[Finding]:
    findings = []
    for view in views:
        for qs, qe in view.quoted_spans:
            words = view.text[qs:qe].strip(" ,.;:!?").split()
            if not 1 <= len(words) <= MAX_SCARE_WORDS:
                continue
            unit = view.unit_at(qs)
            if unit is None or unit.quoted_share > 0.5:
                continue
            if _is_title(words):
                continue  # the name of a show, book or plan ("Today", "Deal of the Century")
            phrase = " ".join(words)
            others = []
            for other in views:
                if other.index == view.index:
                    continue
                m = re.search(rf"\b{re.escape(phrase)}\b", other.text, re.IGNORECASE)
                if m is None:
                    others.append((other, None, "does not use it"))
                    continue
                quote = other.in_quote(m.start(), m.end())
                if quote and (quote[1] - quote[0]) > len(phrase) + 20:
                    how = "carries it inside a longer quote"
                elif quote:
                    how = "also sets it in quotation marks"
                else:
                    how = "uses it in its own voice"
                others.append((other, m, how))
            speaker = _speaker_of_span(view, qs, qe)
            who = f" as {speaker}'s word" if speaker else ""
            summary = f"{view.label} sets “{phrase}” apart in quotation marks{who}"
            if others:
                summary += "; " + "; ".join(f"{o.label} {how}" for o, _, how in others)
            evidence = [view.evidence(max(0, qs - 1), min(len(view.text), qe + 1))]
            evidence += [o.evidence(m.start(), m.end()) for o, m, _ in others if m is not None]
            findings.append(
                Finding(
                    kind="framing",
                    subtype="scare-quote",
                    summary=summary,
                    explanation="A word or short phrase in quotation marks inside the outlet's own "
                    "narration distances the outlet from it, or marks it as someone else's term.",
                    confidence=0.7 if len(words) <= 2 else 0.55,
                    evidence=evidence,
                    outlets=[view.label],
                    data={"phrase": phrase, "speaker": speaker,
                          "others": {o.label: how for o, _, how in others}},
                )
            )
    return findings


_TITLE_SMALL = frozenset("a an and at by for in of on or the to with".split())


def _is_title(words: list[str]) -> bool:
    """Every word capitalised but the small ones: a name or a title, not a scare quote."""
    words = [w.strip("“”\"'‘’()") for w in words]
    words = [w for w in words if w]
    big = [w for w in words if w.lower() not in _TITLE_SMALL]
    return bool(big) and words[0][:1].isupper() and all(w[:1].isupper() for w in big)


def _speaker_of_span(view: ArticleView, start: int, end: int) -> str | None:
    for q in view.quotes():
        for s in q.content:
            if s.start <= start + 1 and end - 1 <= s.end:
                return q.speaker_name or q.speaker_description
    unit = view.unit_at(start)
    if unit is None:
        return None
    for q in view.quotes():
        if q.content and unit.start <= q.content[0].start < unit.end:
            return q.speaker_name or q.speaker_description
    return None


def _wording(views: list[ArticleView], groups: list[ClaimGroup], matrix) -> list[Finding]:
    """Content words one outlet uses in an aligned statement and the other never uses at all."""
    from counterpoint.analysis.nlp import encode

    candidates = []
    for group in groups:
        for a, b, _ in group_pairs(group, matrix):
            va, vb = views[a.article], views[b.article]
            wa = _novel_words(a, vb)
            wb = _novel_words(b, va)
            if wa and wb:
                candidates.append((a, b, wa, wb))
    # Two words are alternatives for one referent when they hang off the same word in both
    # sentences ("nine Palestinians, mostly gunmen" / "nine Palestinians – eight of whom were
    # terrorists"); only such pairs are embedded, which keeps large stories fast.
    pairs = []
    for a, b, wa, wb in candidates:
        for ta in wa:
            options = [tb for tb in wb if _pos_class(ta) == _pos_class(tb) and _anchors(ta) & _anchors(tb)
                       and tb.lemma_.lower() != ta.lemma_.lower()]
            if options:
                pairs.append((a, b, ta, options))
    if not pairs:
        return []
    vocab = sorted({t.lemma_.lower() for _, _, ta, opts in pairs for t in [ta, *opts]})
    vecs = encode(vocab)
    index = {w: i for i, w in enumerate(vocab)}
    findings = []
    used: set[tuple[int, int]] = set()
    for a, b, ta, options in pairs:
        va, vb = views[a.article], views[b.article]
        best = None
        for tb in options:
            if (b.article, tb.i) in used:
                continue
            sim = float(vecs[index[ta.lemma_.lower()]] @ vecs[index[tb.lemma_.lower()]])
            if sim >= WORDING_SIMILARITY and (best is None or sim > best[0]):
                best = (sim, tb)
        if best is None:
            continue
        sim, tb = best
        used.add((b.article, tb.i))
        findings.append(
            Finding(
                kind="framing",
                subtype="wording",
                summary=f"{va.label} says “{ta.text}” where {vb.label} says “{tb.text}”",
                explanation="Different words in aligned statements; neither outlet uses the "
                "other's word anywhere.",
                confidence=round(0.3 + 0.4 * sim, 3),
                evidence=[va.evidence(ta.idx, ta.idx + len(ta.text)),
                          vb.evidence(tb.idx, tb.idx + len(tb.text))],
                outlets=[va.label, vb.label],
                data={"terms": {va.label: ta.text, vb.label: tb.text},
                      "word_similarity": round(sim, 3)},
            )
        )
    return findings


def _anchors(tok, depth: int = 3) -> set[str]:
    out = set()
    head = tok
    for _ in range(depth):
        if head.head is head:
            break
        head = head.head
        if head.pos_ in {"NOUN", "PROPN"} and not head.is_stop:
            out.add(head.lemma_.lower())
    return out


def _pos_class(tok) -> str:
    return "N" if tok.pos_ in {"NOUN", "PROPN"} else tok.pos_


_BORING = {"say", "be", "have", "do", "make", "also", "other", "more", "even", "go", "get", "take",
           "add", "as", "well", "now", "then", "just", "late", "recent", "new"}


def _novel_words(unit, other: ArticleView) -> list:
    """Content words of ``unit`` (not names, not inside quotes) that ``other`` never uses."""
    out = []
    view_quoted = None
    for tok in unit.span:
        if tok.pos_ not in _CONTENT_POS or tok.is_stop or not tok.is_alpha or len(tok.text) < 4:
            continue
        if tok.ent_type_ or tok.lemma_.lower() in _BORING:
            continue
        lemma = tok.lemma_.lower()
        if re.search(rf"\b{re.escape(lemma[:max(4, len(lemma) - 2)])}", other.folded):
            continue
        # the word as written too: "born" has the lemma "bear", which the other text lacks
        if re.search(rf"\b{re.escape(tok.lower_)}\b", other.folded):
            continue
        if view_quoted is None:
            view_quoted = True
        out.append(tok)
    return out


def _hedges(views: list[ArticleView]) -> list[Finding]:
    findings = []
    for view in views:
        spans = []
        for unit in view.units:
            for s, e, text in sorted(unit.slots.hedges, key=lambda h: h[0] - h[1]):
                if view.in_quote(s, e) is None and not any(s < e2 and s2 < e for s2, e2, _ in spans):
                    spans.append((s, e, text))
        spans.sort()
        if not spans:
            continue
        findings.append(
            Finding(
                kind="framing",
                subtype="hedge",
                summary=f"{view.label} hedges: " + ", ".join(
                    f"“{t}”" for t in list(dict.fromkeys(t.strip() for _, _, t in spans))[:6]),
                explanation="Hedges in the outlet's own voice mark a claim as uncertain.",
                confidence=0.6,
                evidence=[view.evidence(s, e) for s, e, _ in spans],
                outlets=[view.label],
                data={"hedges": [t for _, _, t in spans]},
            )
        )
    return findings


def find_framing(
    views: list[ArticleView], groups: list[ClaimGroup], matrix=None,
    extra_lexicon: str | None = None,
) -> list[Finding]:
    """Framing findings for the articles of one story (works for a single article too)."""
    lexicon = load_lexicon(extra_lexicon)
    uses = {v.index: lexicon_uses(v, lexicon) for v in views}
    findings = _term_choice(views, uses)
    findings += _scare_quotes(views)
    if len(views) > 1:
        findings += _wording(views, groups, matrix)
    findings += _hedges(views)
    return findings
