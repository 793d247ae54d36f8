"""A story comparison as Markdown: sections, each finding with its confidence and evidence."""

from __future__ import annotations

from textwrap import shorten

from counterpoint.models import StoryComparison
from counterpoint.render.sections import article_labels, by_section, coverage_matrix, display_time


def _escape(text: str) -> str:
    """Neutralise Markdown/HTML in article text (scraped pages carry markup and scripts)."""
    text = " ".join(text.split())
    for ch in ("\\", "`", "*", "_", "[", "]", "<", ">", "|", "#"):
        text = text.replace(ch, "\\" + ch)
    return text


def to_markdown(comparison: StoryComparison, max_findings: int = 40) -> str:
    """Render ``comparison`` as a Markdown document."""
    labels = article_labels(comparison)
    lines = ["# Story comparison", ""]
    if comparison.story_id:
        lines += [f"Story `{comparison.story_id}`", ""]
    lines += ["| outlet | headline | published | source |", "|---|---|---|---|"]
    for a in comparison.articles:
        lines.append(
            f"| {_escape(labels.get(a.id, a.outlet or 'unknown'))} | {_escape(a.headline or '—')} "
            f"| {a.published or 'unknown'} | {_escape(a.source)} |"
        )
    lines.append("")
    for kind, title, items in by_section(comparison):
        lines += [f"## {title}", ""]
        for f in items[:max_findings]:
            tag = f" ({f.subtype})" if f.subtype else ""
            lines.append(f"- **{_escape(f.summary)}**{tag} — confidence {f.confidence:.2f}"
                         + (f", centrality {f.centrality:.2f}" if f.centrality is not None else ""))
            if f.explanation:
                lines.append(f"  {_escape(f.explanation)}")
            for e in f.evidence[:6]:
                lines.append(f"  - {_escape(e.outlet or labels.get(e.article_id, '?'))} "
                             f"[{e.start}:{e.end}]: “{_escape(e.text)}”")
        if len(items) > max_findings:
            lines.append(f"- … and {len(items) - max_findings} more")
        lines.append("")
    outlets, rows = coverage_matrix(comparison)
    if rows and len(outlets) > 1:
        lines += ["## Coverage matrix", "", "| fact | " + " | ".join(_escape(o) for o in outlets) + " |",
                  "|---|" + "---|" * len(outlets)]
        for r in rows[:max_findings]:
            lines.append(f"| {_escape(shorten(r.finding.summary, 90, placeholder=' …'))} | "
                         + " | ".join(r.cells[o] for o in outlets) + " |")
        lines.append("")
    if comparison.timeline:
        lines += ["## Timeline", ""]
        for t in comparison.timeline:
            lines.append(f"- {display_time(t.time)}: {_escape(t.summary)}"
                         + (f" ({', '.join(t.outlets)})" if t.outlets else ""))
        lines.append("")
    return "\n".join(lines)
