"""`counterpoint articles`: list, search and show the articles in the workspace."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from counterpoint.cli.common import JSON_OPTION, console, fail_usage, print_json, state
from counterpoint.errors import UsageError, WorkspaceError

articles_app = typer.Typer(
    name="articles",
    help="List, search and show the articles in the workspace.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

UNKNOWN = "[dim]unknown[/dim]"


def _workspace(ctx: typer.Context):
    try:
        return state(ctx).workspace()
    except WorkspaceError as exc:
        fail_usage(str(exc))


def _summary(article, width: int = 80) -> str:
    """The headline, or the first words of the text when there is none (shown dimmed)."""
    if article.headline:
        return escape(article.headline)
    first = " ".join(article.text.split()[:14])
    return f"[dim]{escape(first[:width])}…[/dim]"


def _brief(article) -> dict:
    """An article without its texts: what a listing shows."""
    return {
        "id": article.id,
        "outlet": article.outlet,
        "headline": article.headline,
        "published": article.published,
        "language": article.language,
        "word_count": article.word_count,
        "source": article.source,
        "url": article.url,
        "near_duplicates": article.near_duplicates,
    }


def _check_date(name: str, value: str | None) -> str | None:
    from datetime import date

    if value is None:
        return None
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        fail_usage(f"--{name} {value!r} is not an ISO date (YYYY-MM-DD)")
    return value


@articles_app.command("list")
def list_command(
    ctx: typer.Context,
    outlet: str | None = typer.Option(
        None, help="Only this outlet (case-insensitive), e.g. 'The Jerusalem Post'."
    ),
    since: str | None = typer.Option(
        None, help="Only articles published on or after this date (YYYY-MM-DD)."
    ),
    until: str | None = typer.Option(
        None, help="Only articles published on or before this date (YYYY-MM-DD)."
    ),
    limit: int = typer.Option(50, min=1, help="How many articles to show."),
    offset: int = typer.Option(0, min=0, help="Skip this many first (for paging)."),
    json_out: bool = JSON_OPTION,
):
    """List stored articles, newest first (undated ones last).

    Example: counterpoint articles list --outlet 'The Jerusalem Post' --since 2023-01-01
    """
    since, until = _check_date("since", since), _check_date("until", until)
    ws = _workspace(ctx)
    rows = ws.list_articles(limit=limit, offset=offset, outlet=outlet, since=since, until=until)
    total = ws.count_articles(outlet=outlet, since=since, until=until)
    if json_out:
        print_json({"total": total, "offset": offset, "articles": [_brief(a) for a in rows]})
        return
    if not rows:
        console.print(
            "No articles match."
            if total or outlet or since or until
            else "The workspace is empty: add articles with [bold]counterpoint ingest PATH[/bold]."
        )
        return
    table = Table(title=f"{len(rows)} of {total} articles", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("outlet")
    table.add_column("headline")
    table.add_column("words", justify="right")
    table.add_column("lang")
    for a in rows:
        table.add_row(
            a.id[:12],
            escape(a.published[:10]) if a.published else UNKNOWN,
            escape(a.outlet) if a.outlet else UNKNOWN,
            _summary(a),
            str(a.word_count),
            escape(a.language or "?"),
        )
    console.print(table)


@articles_app.command("search")
def search_command(
    ctx: typer.Context,
    query: str = typer.Argument(
        ..., help='Words to find (FTS5 syntax works: "exact phrase", a OR b, word*).'
    ),
    limit: int = typer.Option(20, min=1, help="How many results."),
    json_out: bool = JSON_OPTION,
):
    """Full-text search over headlines and texts, best matches first.

    Example: counterpoint articles search 'security coordination'
    """
    ws = _workspace(ctx)
    hits = ws.search(query, limit=limit)
    if json_out:
        print_json({"query": query, "hits": [h.as_dict() for h in hits]})
        return
    if not hits:
        console.print(f"No article matches {escape(query)!r}.")
        return
    table = Table(title=f"{len(hits)} matches for {escape(query)!r}", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("outlet")
    table.add_column("date", no_wrap=True)
    table.add_column("headline / snippet")
    for h in hits:
        snippet = (
            escape(h.snippet_marked)
            .replace("\ue000", "[bold yellow]")
            .replace("\ue001", "[/bold yellow]")
        )
        head = f"[bold]{escape(h.headline)}[/bold]\n" if h.headline else ""
        table.add_row(
            h.article_id[:12],
            escape(h.outlet) if h.outlet else UNKNOWN,
            escape(h.published[:10]) if h.published else UNKNOWN,
            head + snippet,
        )
    console.print(table)


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def print_description(article, title: str = "article") -> None:
    """Outlet, headline, standfirst, date, language, word count, source, and every removal."""
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    meta.add_row("id", article.id)
    meta.add_row(
        "outlet",
        (escape(article.outlet) + f" [dim]({escape(article.outlet_evidence or '')})[/dim]")
        if article.outlet
        else UNKNOWN,
    )
    meta.add_row("headline", escape(article.headline) if article.headline else "[dim]none[/dim]")
    meta.add_row(
        "standfirst", escape(article.standfirst) if article.standfirst else "[dim]none[/dim]"
    )
    meta.add_row(
        "date",
        (
            escape(article.published)
            + (f" [dim]({escape(article.date_evidence)})[/dim]" if article.date_evidence else "")
        )
        if article.published
        else UNKNOWN,
    )
    meta.add_row("byline", escape(article.byline) if article.byline else "[dim]none[/dim]")
    meta.add_row("language", escape(article.language) if article.language else UNKNOWN)
    meta.add_row("words", str(article.word_count))
    meta.add_row("source", escape(article.source) + f" [dim]({article.kind})[/dim]")
    if article.url:
        meta.add_row("url", escape(article.url))
    console.print(Panel(meta, title=escape(title), title_align="left"))

    if article.removals:
        table = Table(
            title=f"Cleaning removed {len(article.removals)} piece(s) of the raw text",
            title_justify="left",
        )
        table.add_column("reason", style="yellow", no_wrap=True)
        table.add_column("span", no_wrap=True, style="dim")
        table.add_column("text removed")
        for r in article.removals:
            table.add_row(escape(r.reason), f"{r.start}-{r.end}", escape(_clip(r.text)))
        console.print(table)
    else:
        console.print("[dim]Cleaning removed nothing.[/dim]")


def _print_article(ws, article, raw: bool) -> None:
    print_description(article)
    if article.near_duplicates:
        console.print(f"[bold]Near-duplicates[/bold] ({len(article.near_duplicates)}):")
        for other_id in article.near_duplicates:
            other = ws.get_article(other_id)
            label = (
                f"{escape(other.outlet or 'unknown outlet')}: {_summary(other)}" if other else ""
            )
            console.print(f"  [cyan]{other_id[:12]}[/cyan] {label}")

    console.print(
        Panel(
            Text(article.raw_text if raw else article.text),
            title="raw text" if raw else "text",
            title_align="left",
        )
    )
    if raw and article.raw_html:
        console.print(
            Panel(
                Text(_clip(article.raw_html, 4000)),
                title="raw HTML (first 4000 characters)",
                title_align="left",
            )
        )

    analysis = ws.get_analysis(article.id)
    if analysis is not None:
        try:
            from counterpoint.render.analysis import print_analysis
        except ImportError:
            console.print(
                f"[dim]An analysis is stored ({escape(analysis.pipeline_version)}); "
                "its renderer is not installed.[/dim]"
            )
        else:
            print_analysis(console, article, analysis)


@articles_app.command("show")
def show_command(
    ctx: typer.Context,
    article_id: str = typer.Argument(
        ..., metavar="ID", help="An article id or a unique prefix of one."
    ),
    raw: bool = typer.Option(
        False, "--raw", help="Show the raw input (and HTML) instead of the cleaned text."
    ),
    json_out: bool = JSON_OPTION,
):
    """Show one article and what cleaning removed from it.

    Shows outlet, headline, standfirst, date, language, word count, source, each removal
    (reason and text), near-duplicates, the text, and the stored analysis if there is one.

    Example: counterpoint articles show 3f2a9c
    """
    ws = _workspace(ctx)
    try:
        article = ws.get_article(article_id)
    except UsageError as exc:
        fail_usage(str(exc))
    if article is None:
        fail_usage(f"no article with id {article_id!r}; see `counterpoint articles list`")
    if json_out:
        data = article.model_dump(mode="json")
        if not raw:
            data.pop("raw_text")
            data.pop("raw_html")
        analysis = ws.get_analysis(article.id)
        data["analysis"] = analysis.model_dump(mode="json") if analysis else None
        print_json(data)
        return
    _print_article(ws, article, raw)


def register(app: typer.Typer) -> None:
    app.add_typer(articles_app, name="articles")
