"""What every comparison renderer shares: section order and titles, outlet labels, the coverage
matrix (facts x outlets: carried, absent, conflicting)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from counterpoint.compare.context import label_articles
from counterpoint.models import ArticleRef, Finding, StoryComparison

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def display_time(time: str | None) -> str:
    """A timeline entry's normalised time for people: ISO dates as they are, ISO's year-less
    ``--01-26`` as "26 Jan (year not given)", nothing as "undated"."""
    if not time:
        return "undated"
    m = re.fullmatch(r"--(\d{2})-(\d{2})", time)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{int(m.group(2))} {_MONTHS[int(m.group(1)) - 1]} (year not given)"
    return time

SECTIONS = [
    ("note", "Notes"),
    ("shared", "Shared facts"),
    ("contradiction", "Contradictions"),
    ("quote_match", "Quotes across outlets"),
    ("omission", "Only in some outlets"),
    ("framing", "Framing"),
    ("sourcing", "Sourcing and voices"),
    ("inconsistency", "Inconsistencies within an article"),
]


def article_labels(comparison: StoryComparison) -> dict[str, str]:
    """``{article id: label}`` as the comparison names outlets (unknown ones numbered)."""
    labels: dict[str, str] = {}
    for f in comparison.findings:
        for e in f.evidence:
            if e.outlet:
                labels.setdefault(e.article_id, e.outlet)
    for a, name in zip(comparison.articles, label_articles(comparison.articles)):
        labels.setdefault(a.id, name)
    return labels


def by_section(comparison: StoryComparison) -> list[tuple[str, str, list[Finding]]]:
    out = []
    for kind, title in SECTIONS:
        items = comparison.of_kind(kind)
        if items:
            out.append((kind, title, items))
    return out


@dataclass
class MatrixRow:
    finding: Finding
    cells: dict[str, str]  # label -> "carried" | "absent" | "conflicting"


def coverage_matrix(comparison: StoryComparison) -> tuple[list[str], list[MatrixRow]]:
    """Facts (shared, partial, only-in, details, contradictions) by outlet."""
    labels = list(dict.fromkeys(article_labels(comparison).values()))
    rows: list[MatrixRow] = []
    for f in comparison.findings:
        if f.kind == "shared" or (f.kind == "omission" and f.subtype in {"partial", "only-in", "detail"}):
            cells = {lab: ("carried" if lab in f.outlets else "absent" if lab in f.missing_from else "—")
                     for lab in labels}
        elif f.kind == "contradiction":
            cells = {lab: ("conflicting" if lab in f.outlets else "—") for lab in labels}
        else:
            continue
        rows.append(MatrixRow(f, cells))
    order = {"contradiction": 0, "shared": 1, "omission": 2}
    rows.sort(key=lambda r: (order[r.finding.kind], -(r.finding.centrality or 0.0)))
    return labels, rows


def article_ref(comparison: StoryComparison, article_id: str) -> ArticleRef | None:
    return next((a for a in comparison.articles if a.id == article_id), None)
