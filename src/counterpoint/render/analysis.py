"""Show one article's analysis in the terminal: entities, quotes, claims, times.

Used by ``counterpoint analyze`` and ``counterpoint articles show``::

    from counterpoint.render.analysis import print_analysis
    print_analysis(console, article, analysis)
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from counterpoint.models import Article, ArticleAnalysis, Claim, Quote

_CLIP = 110


def _clip(text: str, n: int = _CLIP) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def analysis_summary(article: Article, analysis: ArticleAnalysis) -> str:
    """One line: outlet, counts, flags."""
    parts = [
        f"{len(analysis.sentences)} sentences",
        f"{len(analysis.entities)} entities",
        f"{len(analysis.quotes)} quotes",
        f"{len(analysis.claims)} claims",
        f"{len(analysis.times)} time expressions",
    ]
    if analysis.events:
        parts.append(f"{len(analysis.events)} events")
    line = ", ".join(parts)
    if analysis.flags:
        line += f" — flags: {', '.join(analysis.flags)}"
    return line


def speaker_label(quote: Quote) -> str:
    if quote.speaker_name:
        return quote.speaker_name
    if quote.speaker_description:
        return f"{quote.speaker_description} (unnamed)"
    return "(unknown)"


def _time_label(t) -> str:
    if t.value:
        return f"{t.text} → {t.value}"
    if t.relative:
        return f"{t.text} ({t.relative})"
    return t.text


def _claim_slots(claim: Claim) -> str:
    bits = []
    for q in claim.quantities:
        val = "?" if q.value is None else f"{q.value:g}"
        desc = f"{val} {q.counts or ''}".strip()
        if q.predicate:
            desc += f" [{q.predicate}]"
        if q.subset_of:
            desc += f" ⊂ {q.subset_of}"
        if q.approximate:
            desc += " ~"
        bits.append(desc)
    bits.extend(_time_label(t) for t in claim.times)
    if claim.negated:
        bits.append("NEG")
    bits.extend(f"hedge: {h}" for h in claim.hedges)
    return "; ".join(bits)


def print_analysis(console: Console, article: Article, analysis: ArticleAnalysis) -> None:
    """Print the analysis of ``article`` (its text gives the quoted words) as Rich tables."""
    title = article.headline or article.source
    console.print(
        f"[bold]Analysis[/bold] of [cyan]{escape(article.id[:12])}[/cyan] "
        f"{escape(_clip(title or '', 80))}"
    )
    console.print(
        f"[dim]outlet {escape(article.outlet or 'unknown')} · published "
        f"{escape(article.published or 'unknown')} · pipeline {escape(analysis.pipeline_version)} "
        f"· {escape(analysis_summary(article, analysis))}[/dim]"
    )

    if analysis.entities:
        table = Table(title="Entities", title_justify="left", show_lines=False)
        table.add_column("name")
        table.add_column("type")
        table.add_column("key", style="dim")
        table.add_column("n", justify="right")
        table.add_column("roles / aliases")
        people_first = sorted(
            analysis.entities,
            key=lambda e: (e.label != "PERSON", e.label != "ORG", -len(e.mentions)),
        )
        for e in people_first:
            extra = "; ".join(e.roles)
            if e.aliases:
                extra = (extra + " | " if extra else "") + "aka " + ", ".join(e.aliases)
            table.add_row(escape(e.name), e.label, escape(e.key), str(len(e.mentions)),
                          escape(_clip(extra, 90)))
        console.print(table)

    if analysis.quotes:
        table = Table(title="Quotes", title_justify="left")
        table.add_column("#", justify="right")
        table.add_column("speaker")
        table.add_column("cue")
        table.add_column("kind")
        table.add_column("content")
        for i, q in enumerate(analysis.quotes):
            speaker = escape(speaker_label(q))
            if q.speaker_key:
                speaker += f"\n[dim]{escape(q.speaker_key)}[/dim]"
            table.add_row(str(i), speaker, escape(q.cue_text or ""), q.kind,
                          escape(_clip(q.content_text, 90)))
        console.print(table)

    if analysis.claims:
        table = Table(title="Claims", title_justify="left")
        table.add_column("#", justify="right")
        table.add_column("voice")
        table.add_column("claim")
        table.add_column("slots")
        names = {e.key: e.name for e in analysis.entities}
        for i, c in enumerate(analysis.claims):
            voice = names.get(c.voice, c.voice)  # the speaker's name rather than their key
            table.add_row(str(i), escape(voice), escape(_clip(c.text, 80)),
                          escape(_clip(_claim_slots(c), 70)))
        console.print(table)

    if analysis.times:
        table = Table(title="Time expressions", title_justify="left")
        table.add_column("words")
        table.add_column("value")
        table.add_column("relative")
        table.add_column("anchor")
        table.add_column("conf.", justify="right")
        for t in analysis.times:
            table.add_row(escape(t.text), t.value or "—", t.relative or "", t.anchor,
                          f"{t.confidence:.2f}")
        console.print(table)

    if not (analysis.entities or analysis.quotes or analysis.claims):
        console.print("[dim]Nothing was found in this article.[/dim]")
