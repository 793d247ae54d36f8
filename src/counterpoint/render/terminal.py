"""A story comparison in the terminal (Rich): sections, outlets side by side, evidence highlighted.

Article text is always placed in :class:`rich.text.Text` objects, never parsed as markup, so a
scraped "[bold]" or "[link=...]" in an article prints as itself.
"""

from __future__ import annotations

from textwrap import shorten

from rich.console import Console, Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from counterpoint.models import Evidence, Finding, StoryComparison
from counterpoint.render.sections import article_labels, by_section, coverage_matrix, display_time

STYLES = {
    "shared": "green",
    "contradiction": "bold red",
    "quote_match": "cyan",
    "omission": "yellow",
    "framing": "magenta",
    "sourcing": "blue",
    "inconsistency": "bold red",
    "note": "white",
}
SIDE_BY_SIDE = {"shared", "contradiction", "quote_match"}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _highlighted(passages: list[Evidence], style: str) -> Text:
    """The longest passage with the shorter ones inside it highlighted in place."""
    passages = sorted(passages, key=lambda e: -(e.end - e.start))
    outer = passages[0]
    text = Text(outer.text.replace("\n", " "))
    inner = [e for e in passages[1:] if outer.start <= e.start and e.end <= outer.end]
    if not inner and len(passages) == 1:
        text.stylize(style)
    for e in inner:
        text.stylize(f"{style} reverse", e.start - outer.start, e.end - outer.start)
    for e in passages[1:]:
        if e not in inner:
            text.append("  …  ")
            text.append(Text(_flat(e.text), style=style))
    return text


def _by_outlet(f: Finding, labels: dict[str, str]) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = {}
    for e in f.evidence:
        out.setdefault(e.outlet or labels.get(e.article_id, "?"), []).append(e)
    return out


def _finding(f: Finding, labels: dict[str, str]) -> Group:
    style = STYLES.get(f.kind, "white")
    head = Text()
    head.append("● ", style=style)
    head.append(_flat(f.summary), style="bold")
    meta = f"  confidence {f.confidence:.2f}"
    if f.centrality is not None:
        meta += f" · centrality {f.centrality:.2f}"
    if f.subtype:
        meta += f" · {f.subtype}"
    head.append(meta, style="dim")
    parts: list = [head]
    if f.explanation:
        parts.append(Text("  " + _flat(f.explanation), style="italic"))
    groups = _by_outlet(f, labels)
    if f.kind in SIDE_BY_SIDE and len(groups) > 1:
        table = Table(show_header=True, header_style="bold", expand=True, box=None, padding=(0, 2))
        for outlet in groups:
            table.add_column(outlet, ratio=1)
        table.add_row(*(_highlighted(ev, style) for ev in groups.values()))
        parts.append(table)
    else:
        for outlet, ev in groups.items():
            line = Text("  ")
            line.append(f"{outlet}: ", style="bold")
            line.append_text(_highlighted(ev[:4], style))
            parts.append(line)
    return Group(*parts)


def render_terminal(comparison: StoryComparison, console: Console | None = None,
                    max_per_section: int = 12) -> None:
    """Print ``comparison`` to ``console`` (stdout by default)."""
    console = console or Console()
    labels = article_labels(comparison)
    table = Table(title="Articles", expand=True)
    for col in ("outlet", "headline", "published", "source"):
        table.add_column(col)
    for a in comparison.articles:
        table.add_row(Text(labels.get(a.id, a.outlet or "unknown")), Text(a.headline or "—"),
                      Text(a.published or "unknown"), Text(a.source))
    console.print(table)
    for kind, title, items in by_section(comparison):
        body = [_finding(f, labels) for f in items[:max_per_section]]
        if len(items) > max_per_section:
            body.append(Text(f"… and {len(items) - max_per_section} more (see --json, --markdown "
                             "or --html for all)", style="dim"))
        console.print(Panel(Group(*body), title=f"{title} ({len(items)})",
                            border_style=STYLES.get(kind, "white"), title_align="left"))
    outlets, rows = coverage_matrix(comparison)
    if rows and len(outlets) > 1:
        matrix = Table(title="Coverage: facts × outlets", expand=True)
        matrix.add_column("fact", ratio=4)
        for o in outlets:
            matrix.add_column(o, ratio=1)
        marks = {"carried": Text("carried", "green"), "absent": Text("absent", "yellow"),
                 "conflicting": Text("conflicting", "bold red"), "—": Text("—", "dim")}
        for r in rows[:max_per_section * 2]:
            matrix.add_row(Text(shorten(r.finding.summary, 100, placeholder=" …")), *(marks[r.cells[o]] for o in outlets))
        console.print(matrix)
    if comparison.timeline:
        console.print(Rule("Timeline"))
        for t in comparison.timeline:
            console.print(Text(f"{display_time(t.time):<24}  {_flat(t.summary)}"))
