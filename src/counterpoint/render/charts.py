"""Pictures for the places where a person would rather look than read: inline SVG, drawn on
the server (no script, no library, nothing fetched), so the web pages and the HTML report stay
self-contained and work offline.

:func:`stories_over_time` — the stories of a listing on a time axis: one dot per story at its
first date, higher the more outlets covered it, larger the more articles it holds; each dot
links to its story and names it on hover.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from html import escape

from counterpoint.models import Story

#: at most this many stories are drawn (the newest); more would be a blot, not a picture
MAX_POINTS = 2000


def _day(iso: str | None) -> int | None:
    try:
        return date.fromisoformat((iso or "")[:10]).toordinal()
    except ValueError:
        return None


def _ticks(lo: int, hi: int, width: float) -> list[tuple[int, str]]:
    """Day numbers and labels for the time axis: days, months or years, whichever gives a
    handful of ticks across ``[lo, hi]``."""
    span = max(1, hi - lo)
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    max_ticks = max(2, int(width // 90))
    if span <= max_ticks:
        step = 1
        return [(d, date.fromordinal(d).strftime("%d %b")) for d in range(lo, hi + 1, step)]
    if span <= 62:
        step = math.ceil(span / max_ticks)
        return [(d, date.fromordinal(d).strftime("%d %b")) for d in range(lo, hi + 1, step)]
    months = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if len(months) <= max_ticks * 2:
        step = math.ceil(len(months) / max_ticks)
        return [(d.toordinal(), d.strftime("%b %Y")) for d in months[::step] if d.toordinal() >= lo]
    years = list(range(first.year + (first.month > 1 or first.day > 1), last.year + 1))
    step = math.ceil(len(years) / max_ticks) if years else 1
    return [(date(y, 1, 1).toordinal(), str(y)) for y in years[::step]]


def stories_over_time(
    stories: Sequence[Story],
    *,
    link: str = "/stories/{id}",
    width: int = 900,
    height: int = 170,
) -> str | None:
    """An SVG of ``stories`` on a time axis, or ``None`` when fewer than two have a date.

    x: a story's first date; y: how many outlets it names (1 at the bottom); dot area: its
    articles. Undated stories cannot be placed and are counted in the caption instead.
    """
    dated = [(s, _day(s.first_date)) for s in stories]
    dated = [(s, d) for s, d in dated if d is not None][:MAX_POINTS]
    if len(dated) < 2:
        return None
    undated = len(stories) - len(dated)
    left, right, top, bottom = 34, 12, 24, 26
    lo = min(d for _, d in dated)
    hi = max(d for _, d in dated)
    pad = max(1, (hi - lo) // 40)
    lo, hi = lo - pad, hi + pad
    ymax = max(3, max(len(s.outlets) for s, _ in dated))
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(d: int) -> float:
        return left + plot_w * (d - lo) / max(1, hi - lo)

    def y(n: int) -> float:
        return top + plot_h * (1 - (max(n, 1) - 1) / max(1, ymax - 1)) if ymax > 1 else top + plot_h / 2

    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart stories-over-time" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{len(dated)} stories by first date and number of outlets">'),
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}"/>',
    ]
    for d, label in _ticks(lo + pad, hi - pad, plot_w):
        out.append(f'<line class="tick" x1="{x(d):.1f}" y1="{top + plot_h}" x2="{x(d):.1f}" '
                   f'y2="{top + plot_h + 4}"/>')
        out.append(f'<text class="tick-label" x="{x(d):.1f}" y="{height - 8}" '
                   f'text-anchor="middle">{escape(label)}</text>')
    for n in sorted({1, ymax} | ({(1 + ymax) // 2} if ymax > 2 else set())):
        out.append(f'<text class="tick-label" x="{left - 6}" y="{y(n) + 4:.1f}" '
                   f'text-anchor="end">{n}</text>')
    out.append('<text class="axis-label" x="4" y="11">outlets</text>')
    # big stories first, so small ones stay clickable on top of them
    for s, d in sorted(dated, key=lambda p: -p[0].size):
        r = 2.5 + 2.2 * math.sqrt(max(1, s.size))
        tip = (f"{s.headline or '(no headline)'} — {s.size} article{'s' if s.size != 1 else ''}, "
               f"{len(s.outlets)} outlet{'s' if len(s.outlets) != 1 else ''}, {s.first_date}")
        href = escape(link.format(id=s.id))
        out.append(f'<a href="{href}"><circle class="story-dot" cx="{x(d):.1f}" '
                   f'cy="{y(len(s.outlets)):.1f}" r="{r:.1f}"><title>{escape(tip)}</title>'
                   f'</circle></a>')
    if undated:
        out.append(f'<text class="note" x="{width - right}" y="11" text-anchor="end">'
                   f'{undated} undated not shown</text>')
    out.append("</svg>")
    return "".join(out)


__all__ = ["MAX_POINTS", "stories_over_time"]
