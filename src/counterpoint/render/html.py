"""A story comparison as one standalone HTML file.

No network and no script: a Content-Security-Policy meta tag forbids scripts, frames, fonts and
remote images, and every string that comes from an article (text, headline, outlet, source,
finding summaries quoting the text) goes through :func:`html.escape`. Seed 000 ends in JavaScript
debris; in the report it is inert text.

Layout: the notes and counts; the articles side by side with every evidence span highlighted in
place (hover for the finding); a coverage matrix (facts × outlets: carried, absent,
conflicting) linking to the findings; the findings by section with their evidence linking into
the texts.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

from counterpoint.models import StoryComparison
from counterpoint.render.sections import article_labels, by_section, coverage_matrix, display_time

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'; frame-ancestors 'none'")
PRIORITY = ["contradiction", "inconsistency", "framing", "quote_match", "omission", "shared",
            "sourcing", "note"]
MAX_HIGHLIGHT = 600  # longer evidence (whole paragraphs) is listed but not painted over the text

_CSS = """
:root { --c-contradiction:#f8c4c4; --c-inconsistency:#f8c4c4; --c-framing:#e6cff5;
  --c-quote_match:#c9ecf5; --c-omission:#fdf4d6; --c-shared:#cdeccd; --c-sourcing:#d4dcf7;
  --c-note:#eee; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
  max-width: 1500px; padding: 1.5rem; color: #1d1d1d; background: #fbfbf8; }
h1 { margin: 0 0 .3rem; } h2 { border-bottom: 2px solid #ddd; padding-bottom: .2rem; }
.meta { color: #666; font-size: .9em; }
.notes li { margin: .2rem 0; }
.counts span { display: inline-block; margin: 0 .6rem .3rem 0; padding: .1rem .5rem;
  border-radius: .6rem; }
table.matrix { border-collapse: collapse; width: 100%; font-size: .9em; }
table.matrix th, table.matrix td { border: 1px solid #ddd; padding: .25rem .45rem;
  vertical-align: top; text-align: left; }
td.carried { background: var(--c-shared); } td.absent { background: var(--c-omission); }
td.conflicting { background: var(--c-contradiction); font-weight: bold; }
.finding { border-left: 5px solid #ccc; background: #fff; margin: .5rem 0; padding: .4rem .8rem; }
.finding .sum { font-weight: 600; } .finding .expl { color: #444; font-style: italic; }
.finding ul { margin: .3rem 0; padding-left: 1.2rem; } .finding li { font-size: .92em; }
.ev-outlet { font-weight: 600; }
.k-contradiction, .k-inconsistency { border-color: #d33; } .k-framing { border-color: #93c; }
.k-quote_match { border-color: #29a; } .k-omission { border-color: #c90; }
.k-shared { border-color: #3a3; } .k-sourcing { border-color: #46c; }
.articles { display: grid; gap: 1rem; grid-template-columns: repeat(var(--cols), minmax(0, 1fr)); }
.article { background: #fff; border: 1px solid #ddd; padding: .8rem 1rem; }
.article h3 { margin: 0 0 .2rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
mark.m-contradiction, mark.m-inconsistency { background: var(--c-contradiction); }
mark.m-framing { background: var(--c-framing); } mark.m-quote_match { background: var(--c-quote_match); }
mark.m-omission { background: var(--c-omission); } mark.m-shared { background: var(--c-shared); }
mark.m-sourcing { background: var(--c-sourcing); } mark.m-note { background: var(--c-note); }
.legend mark { margin-right: .5rem; }
a { color: #14538a; }
"""


def _mark_text(text: str, spans: list[tuple[int, int, str, str, int]], anchor_prefix: str) -> str:
    """``text`` escaped, with each ``(start, end, kind, title, finding)`` span in a <mark>."""
    bounds = sorted({0, len(text), *(s for s, _, _, _, _ in spans), *(e for _, e, _, _, _ in spans)})
    starts: dict[int, set[int]] = {}
    for s, e, _, _, _ in spans:
        starts.setdefault(s, set()).add(e)
    out = []
    for a, b in pairwise(bounds):
        for e in sorted(starts.get(a, ())):
            out.append(f'<span id="{anchor_prefix}-{a}-{e}"></span>')
        cover = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        chunk = escape(text[a:b], quote=True)
        if not cover:
            out.append(chunk)
            continue
        kind = min((c[2] for c in cover), key=PRIORITY.index)
        titles = "\n".join(dict.fromkeys(c[3] for c in cover))
        links = " ".join(f"f{c[4]}" for c in cover)
        out.append(f'<mark class="m-{kind}" title="{escape(titles, quote=True)}" '
                   f'data-findings="{links}">{chunk}</mark>')
    return "".join(out)


def to_html(comparison: StoryComparison, title: str | None = None) -> str:
    """Render ``comparison`` as a standalone, script-free HTML document."""
    labels = article_labels(comparison)
    index = {a.id: i for i, a in enumerate(comparison.articles)}
    findings = comparison.findings
    fid = {id(f): n for n, f in enumerate(findings)}
    heading = title or "How the outlets report this story"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(heading)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{escape(heading)}</h1>",
        '<p class="meta">counterpoint story comparison · schema version '
        f"{escape(comparison.schema_version)}"
        + (f" · story {escape(comparison.story_id)}" if comparison.story_id else "")
        + " · " + ", ".join(escape(labels.get(a.id, a.outlet or "unknown")) for a in comparison.articles)
        + "</p>",
    ]
    if comparison.notes:
        parts.append('<ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in comparison.notes) + "</ul>")
    counts = by_section(comparison)
    parts.append('<p class="counts">' + "".join(
        f'<span style="background:var(--c-{kind})"><a href="#s-{kind}">{escape(t)}</a>: {len(items)}</span>'
        for kind, t, items in counts) + "</p></header>")

    parts.append('<section id="texts"><h2>The articles, findings highlighted in place</h2>')
    parts.append('<p class="legend">' + "".join(
        f'<mark class="m-{k}">{escape(t)}</mark>' for k, t in
        [("shared", "shared"), ("contradiction", "contradiction"), ("quote_match", "matched quote"),
         ("omission", "only here"), ("framing", "framing"), ("inconsistency", "inconsistency")]) + "</p>")
    cols = max(1, min(3, len(comparison.articles)))
    parts.append(f'<div class="articles" style="--cols:{cols}">')
    for i, a in enumerate(comparison.articles):
        spans = []
        for f in findings:
            if f.kind in {"sourcing", "note"}:
                continue
            mine = [e for e in f.evidence if e.article_id == a.id and 0 < e.end - e.start <= MAX_HIGHLIGHT]
            for e in mine:
                # Paint the precise words (the two courts), not the sentence that holds them.
                if any(o is not e and e.start <= o.start and o.end <= e.end and (o.end - o.start) < (e.end - e.start)
                       for o in mine):
                    continue
                spans.append((e.start, e.end, f.kind, f.summary, fid[id(f)]))
        parts.append(
            f'<div class="article"><h3>{escape(labels.get(a.id, a.outlet or "unknown"))}</h3>'
            f'<div class="meta">{escape(a.headline or "")}'
            f"{' · ' + escape(a.published) if a.published else ''} · {escape(a.source)}</div>"
            f'<div class="text">{_mark_text(a.text, spans, f"a{i}")}</div></div>'
        )
    parts.append("</div></section>")
    outlets, rows = coverage_matrix(comparison)
    if rows and len(outlets) > 1:
        parts.append('<section id="matrix"><h2>Coverage: facts × outlets</h2><table class="matrix">')
        parts.append("<tr><th>fact</th>" + "".join(f"<th>{escape(o)}</th>" for o in outlets) + "</tr>")
        for r in rows:
            n = fid[id(r.finding)]
            parts.append(
                f'<tr><td><a href="#f{n}">{escape(r.finding.summary)}</a></td>'
                + "".join(f'<td class="{escape(r.cells[o])}">{escape(r.cells[o])}</td>' for o in outlets)
                + "</tr>"
            )
        parts.append("</table></section>")

    parts.append('<section id="findings"><h2>Findings</h2>')
    for kind, t, items in counts:
        parts.append(f'<h3 id="s-{kind}">{escape(t)} ({len(items)})</h3>')
        for f in items:
            n = fid[id(f)]
            meta = f"confidence {f.confidence:.2f}"
            if f.centrality is not None:
                meta += f" · centrality {f.centrality:.2f}"
            if f.subtype:
                meta += f" · {f.subtype}"
            parts.append(f'<div class="finding k-{kind}" id="f{n}"><div class="sum">{escape(f.summary)}</div>'
                         f'<div class="meta">{escape(meta)}</div>')
            if f.explanation:
                parts.append(f'<div class="expl">{escape(f.explanation)}</div>')
            parts.append("<ul>")
            for e in f.evidence:
                a = index.get(e.article_id, 0)
                outlet = e.outlet or labels.get(e.article_id, "?")
                parts.append(
                    f'<li><span class="ev-outlet">{escape(outlet)}</span> '
                    f'<a href="#a{a}-{e.start}-{e.end}">[{e.start}:{e.end}]</a> '
                    f"“{escape(' '.join(e.text.split()))}”</li>"
                )
            parts.append("</ul></div>")
    parts.append("</section>")

    if comparison.timeline:
        parts.append('<section id="timeline"><h2>Timeline</h2><ul>')
        for t in comparison.timeline:
            parts.append(f"<li>{escape(display_time(t.time))}: {escape(t.summary)}</li>")
        parts.append("</ul></section>")
    parts.append("</body></html>")
    return "\n".join(parts)
