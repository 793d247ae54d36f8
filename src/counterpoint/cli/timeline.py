"""`counterpoint story timeline ID`: the merged timeline of a stored story.

The stories module calls :func:`register` with its ``story`` Typer app. :func:`timeline_for_files`
does the same for article files without a workspace (used by tests and ad-hoc runs).

Output: a table in the terminal, ``--json`` for the :class:`TimelineEntry` list, and
``--chart-data`` for a timeline chart (entries with time or relative order, label, outlets,
disagreement flag).
"""

from __future__ import annotations

from pathlib import Path

import typer

from counterpoint.cli.common import JSON_OPTION, console, err_console, print_json, state
from counterpoint.models import Article, ArticleAnalysis, RawInput, TimelineEntry


def _ensure_events(articles: list[Article], analyses: list[ArticleAnalysis], redo: bool = False) -> None:
    """Fill ``analysis.events`` where a stored analysis predates event extraction (or all of
    them when ``redo``, e.g. after the user added event types or actor lists)."""
    missing = [(a, an) for a, an in zip(articles, analyses) if redo or not an.events]
    if not missing:
        return
    from counterpoint.analysis.nlp import load_spacy
    from counterpoint.events.extract import extract_events

    nlp = load_spacy()
    for art, an in missing:
        an.events = extract_events(nlp(art.text), an, outlet=art.outlet)


def timeline_for(
    articles: list[Article], analyses: list[ArticleAnalysis], *, redo_events: bool = False
) -> list[TimelineEntry]:
    """The timeline of articles already analysed (events extracted when missing)."""
    from counterpoint.events.timeline import build_timeline

    _ensure_events(articles, analyses, redo_events)
    return build_timeline(articles, analyses)


def timeline_for_files(paths: list[str | Path]) -> list[TimelineEntry]:
    """Read, clean, analyse the given article files and build their timeline (no workspace)."""
    from counterpoint.analysis.pipeline import analyze_articles
    from counterpoint.ingest.prepare import prepare_article

    articles = []
    for p in paths:
        p = Path(p)
        articles.append(
            prepare_article(RawInput(source=str(p), kind="text", text=p.read_text(encoding="utf-8")))
        )
    results = analyze_articles(articles)
    analyses = [r.analysis for r in results]
    keep = [(a, an) for a, an in zip(articles, analyses) if an is not None]
    return timeline_for([a for a, _ in keep], [an for _, an in keep])


def render_timeline(entries: list[TimelineEntry]) -> None:
    from rich.table import Table

    if not entries:
        console.print("No events found in these articles.")
        return
    table = Table(show_lines=True)
    for col in ("#", "when", "what", "who / to whom / where", "sources", "disagreements"):
        table.add_column(col, overflow="fold")
    for te in entries:
        when = te.time or te.relative or "unknown"
        if te.time_text:
            when += "\n" + "; ".join(f"“{t}”" for t in te.time_text)
        if te.time_basis == "same-day":
            when += "\n(same day as a dated entry)"
        who = "; ".join(te.actors[:3]) or "(no actor stated)"
        if te.targets:
            who += "\n→ " + "; ".join(te.targets[:3])
        if te.place:
            who += f"\n@ {te.place}"
        what = te.action + (f" ({te.mode})" if te.mode else "") + "\n" + te.summary
        table.add_row(str(te.order), when, what, who, "\n".join(te.outlets),
                      "\n".join(te.disagreements) or "")
    console.print(table)


def _story_articles(ws, story_id: str):
    getter = getattr(ws, "get_story", None)
    if getter is None:
        raise LookupError("this workspace has no stories yet: run `counterpoint stories update` first")
    story = getter(story_id)
    if story is None:
        raise LookupError(f"no story {story_id!r} in the workspace")
    articles, analyses = [], []
    for aid in story.article_ids:
        art = ws.get_article(aid)
        if art is None:
            continue
        an = ws.get_analysis(aid)
        if an is None:
            from counterpoint.analysis.pipeline import analyze_articles

            an = analyze_articles([art])[0].analysis
        if an is not None:
            articles.append(art)
            analyses.append(an)
    return articles, analyses


def register(story_app: typer.Typer) -> None:
    """Add ``timeline ID [--json] [--chart-data]`` to the ``story`` command group."""

    @story_app.command("timeline")
    def timeline_cmd(
        ctx: typer.Context,
        story_id: str = typer.Argument(..., help="Story id (as `counterpoint stories` shows)."),
        as_json: bool = JSON_OPTION,
        chart_data: bool = typer.Option(
            False, "--chart-data", help="Print JSON for a timeline chart (order, time, label, outlets, disagreement)."
        ),
        event_types: Path = typer.Option(
            None, "--event-types", exists=True, dir_okay=False,
            help="Your own event types (same shape as data/plover.json), added to the bundled "
            "ones; events are re-extracted. [env: COUNTERPOINT_EVENT_TYPES]",
        ),
        actors: Path = typer.Option(
            None, "--actors", exists=True, dir_okay=False,
            help="Your own actor lists (same shape as data/actors.json); events are "
            "re-extracted. [env: COUNTERPOINT_ACTORS]",
        ),
    ):
        """The story's events in order, every source kept, disagreements shown; no date invented."""
        import os

        from counterpoint.events.timeline import chart_data as to_chart

        for path, var in ((event_types, "COUNTERPOINT_EVENT_TYPES"), (actors, "COUNTERPOINT_ACTORS")):
            if path is not None:
                os.environ[var] = os.pathsep.join(filter(None, [os.environ.get(var), str(path)]))

        ws = state(ctx).workspace()
        try:
            articles, analyses = _story_articles(ws, story_id)
        except LookupError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(code=2)
        entries = timeline_for(articles, analyses, redo_events=bool(event_types or actors))
        if chart_data:
            print_json(to_chart(entries))
        elif as_json:
            print_json([te.model_dump(mode="json") for te in entries])
        else:
            render_timeline(entries)


def main_files(paths: list[str], as_json: bool = False, chart: bool = False) -> None:
    """Helper for scripts: print the timeline of article files."""
    from counterpoint.events.timeline import chart_data as to_chart

    entries = timeline_for_files(paths)
    if chart:
        print_json(to_chart(entries))
    elif as_json:
        print_json([te.model_dump(mode="json") for te in entries])
    else:
        render_timeline(entries)


if __name__ == "__main__":  # pragma: no cover - `python -m counterpoint.cli.timeline FILE...`
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main_files(args, as_json="--json" in sys.argv, chart="--chart-data" in sys.argv)
