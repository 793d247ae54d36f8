"""`counterpoint analyze` and `counterpoint reanalyze`: run the article analysis.

``analyze`` reads text files (cleaned through the ingest path) or stored article ids and shows
entities, quotes (speaker, cue, kind), claims and normalised times. ``reanalyze`` re-runs the
analysis on stored articles whose stored analysis is missing or older than the pipeline.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from counterpoint.cli.common import JSON_OPTION, console, err_console, fail_usage, print_json, state
from counterpoint.errors import CounterpointError

ANALYZE_HELP = (
    "Analyse articles: entities, quotes and their speakers, claims, time expressions.\n\n"
    "Each INPUT is a text file (cleaned as `ingest` would clean it) or the id (or unique id "
    "prefix) of an article in the workspace. Analyses of stored articles are saved; files are "
    "analysed without touching the workspace unless --store is given.\n\n"
    "Exit code 0: every input analysed; 1: some inputs could not be read or analysed; "
    "2: usage error.\n\n"
    "Examples:\n\n"
    "  counterpoint analyze examples/seeds/*.txt\n\n"
    "  counterpoint analyze 3f2a9c --json"
)

REANALYZE_HELP = (
    "Re-run the analysis on stored articles whose analysis is missing or was made by an older "
    "pipeline version (--all: every article), storing the results."
)


def _article_from_file(path: Path):
    from counterpoint.models import Article, RawInput, article_id

    text = path.read_text(encoding="utf-8", errors="replace")
    raw = RawInput(source=str(path), kind="text", text=text)
    try:
        from counterpoint.ingest.prepare import prepare_article
    except ImportError:  # ingest not installed: analyse the text as it is
        return Article(id=article_id(text), text=text, raw_text=text, source=str(path),
                       kind="text", word_count=len(text.split()))
    return prepare_article(raw)


def _result_json(article, result) -> dict:
    return {
        "article": {
            "id": article.id,
            "source": article.source,
            "outlet": article.outlet,
            "headline": article.headline,
            "published": article.published,
            "text": article.text,  # every span in the analysis indexes this text
        },
        "error": result.error,
        "analysis": result.analysis.model_dump(mode="json") if result.analysis else None,
    }


def analyze_command(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(..., metavar="FILE|ID...", help="Text files or stored article ids."),
    store: bool = typer.Option(False, "--store", help="Also add file inputs to the workspace and save their analyses."),
    batch_size: int = typer.Option(32, min=1, help="Articles per model batch."),
    json_out: bool = JSON_OPTION,
):
    from counterpoint.analysis.pipeline import analyze_articles

    articles, stored, failures = [], [], []
    ws = None
    for spec in inputs:
        path = Path(spec)
        if path.is_file():
            try:
                articles.append(_article_from_file(path))
                stored.append(False)
            except (CounterpointError, OSError, UnicodeError) as exc:
                failures.append({"input": spec, "reason": str(exc)})
            continue
        if path.suffix or "/" in spec:
            failures.append({"input": spec, "reason": "no such file"})
            continue
        try:
            ws = ws or state(ctx).workspace()
            article = ws.get_article(spec)
        except CounterpointError as exc:
            failures.append({"input": spec, "reason": str(exc)})
            continue
        if article is None:
            failures.append({"input": spec, "reason": "neither a file nor a stored article id"})
            continue
        articles.append(article)
        stored.append(True)
    if not articles and not failures:
        fail_usage("nothing to analyse")

    results = analyze_articles(articles, batch_size=batch_size) if articles else []
    for article, result, in_store in zip(articles, results, stored):
        if not result.ok:
            failures.append({"input": article.source, "reason": result.error or "analysis failed"})
            continue
        if in_store or store:
            try:
                ws = ws or state(ctx).workspace()
                if not in_store:
                    ws.add_articles([article])
                ws.save_analysis(result.analysis, result.vectors)
            except CounterpointError as exc:
                failures.append({"input": article.source, "reason": f"not saved: {exc}"})

    if json_out:
        print_json({
            "results": [_result_json(a, r) for a, r in zip(articles, results)],
            "failures": failures,
        })
    else:
        from counterpoint.render.analysis import print_analysis

        for article, result in zip(articles, results):
            if result.ok:
                print_analysis(console, article, result.analysis)
                console.print()
        for f in failures:
            err_console.print(f"[red]not analysed:[/red] {escape(f['input'])}: {escape(f['reason'])}")
    if failures:
        raise typer.Exit(code=1)


def reanalyze_command(
    ctx: typer.Context,
    all_: bool = typer.Option(False, "--all", help="Re-analyse every stored article."),
    batch_size: int = typer.Option(32, min=1, help="Articles per model batch."),
    json_out: bool = JSON_OPTION,
):
    from collections import Counter

    from counterpoint.analysis.pipeline import PIPELINE_VERSION, analyze_articles

    ws = state(ctx).workspace()
    ids = ws.article_ids() if all_ else ws.articles_without_analysis(PIPELINE_VERSION)
    done, failed, flags = 0, [], Counter()
    progress = None
    if ids and not json_out:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            "[bold]reanalyze[/bold]", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TimeRemainingColumn(), console=err_console, transient=True,
        )
        progress.start()
        task = progress.add_task("reanalyze", total=len(ids))
    try:
        for i in range(0, len(ids), batch_size):
            chunk = [a for a in (ws.get_article(x) for x in ids[i : i + batch_size]) if a is not None]
            for article, result in zip(chunk, analyze_articles(chunk, batch_size=batch_size)):
                if result.ok:
                    ws.save_analysis(result.analysis, result.vectors)
                    flags.update(result.analysis.flags)
                    done += 1
                else:
                    failed.append({"id": article.id, "reason": result.error})
            if progress is not None:
                progress.update(task, advance=len(ids[i : i + batch_size]))
    finally:
        if progress is not None:
            progress.stop()
    summary = {
        "pipeline_version": PIPELINE_VERSION,
        "candidates": len(ids),
        "analysed": done,
        "failed": failed,
        "flags": dict(flags),
    }
    if json_out:
        print_json(summary)
    else:
        what = "stored articles" if all_ else f"articles without a version-{PIPELINE_VERSION} analysis"
        console.print(f"Re-analysed [green]{done}[/green] of {len(ids)} {what}.")
        if flags:
            console.print("Flags: " + ", ".join(f"{k} {v}" for k, v in flags.most_common()))
        for f in failed:
            err_console.print(f"[red]failed:[/red] {f['id']}: {escape(str(f['reason']))}")
    if failed:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("analyze", help=ANALYZE_HELP, no_args_is_help=True)(analyze_command)
    app.command("reanalyze", help=REANALYZE_HELP)(reanalyze_command)
