"""`counterpoint compare`: treat the given articles as one story and compare them.

Inputs are read and cleaned exactly as `ingest` reads them (files, directories, globs, URLs,
feeds, JSONL/CSV, WARC), analysed, then compared. Output: the terminal report (Rich), or JSON
(`--json`, following `counterpoint/render/comparison.schema.json`); `--markdown FILE` and
`--html FILE` also write those reports.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from counterpoint.cli.common import JSON_OPTION, console, err_console, fail_usage, print_json

COMPARE_HELP = (
    "Compare articles that report one story: the facts they share, what only some carry, typed "
    "contradictions, the same quote across outlets, framing (loaded terms, scare quotes, hedges), "
    "who is quoted, and inconsistencies within an article. Every finding shows its evidence.\n\n"
    "Each INPUT is a file, directory, glob or URL, read as `ingest` reads it.\n\n"
    "Exit code 0: all inputs compared; 1: some inputs could not be read (listed); 2: usage "
    "error.\n\n"
    "Examples:\n\n"
    "  counterpoint compare examples/seeds/*.txt\n\n"
    "  counterpoint compare a.html b.html --html report.html --markdown report.md\n\n"
    "  counterpoint compare examples/seeds/*.txt --json > comparison.json"
)


def read_articles(specs: list[str]):
    """Articles and rejections (source, reason) for the given inputs, in order."""
    from counterpoint.errors import CounterpointError
    from counterpoint.ingest.prepare import prepare_article
    from counterpoint.ingest.readers import iter_inputs
    from counterpoint.models import Rejection

    articles, rejected = [], []
    for item in iter_inputs(specs):
        if isinstance(item, Rejection):
            rejected.append((item.source, item.reason))
            continue
        try:
            articles.append(prepare_article(item))
        except CounterpointError as exc:
            rejected.append((item.source, str(exc)))
    return articles, rejected


def compare_command(
    inputs: list[str] = typer.Argument(..., metavar="FILE|URL...", help="Articles of one story."),
    json_out: bool = JSON_OPTION,
    markdown: Path = typer.Option(None, "--markdown", help="Also write a Markdown report here."),
    html: Path = typer.Option(None, "--html", help="Also write a standalone HTML report here."),
    lexicon: Path = typer.Option(
        None, "--lexicon",
        help="An extra framing lexicon (JSON, same shape as counterpoint/data/framing_lexicon.json). "
        "[env: COUNTERPOINT_FRAMING_LEXICON]",
    ),
):
    from counterpoint.compare import compare_articles
    from counterpoint.render.html import to_html
    from counterpoint.render.markdown import to_markdown
    from counterpoint.render.schema import to_json_data
    from counterpoint.render.terminal import render_terminal

    if lexicon is not None and not lexicon.is_file():
        fail_usage(f"--lexicon {lexicon}: no such file")
    articles, rejected = read_articles(inputs)
    for source, reason in rejected:
        err_console.print(f"[yellow]skipped[/yellow] {escape(source)}: {escape(reason)}")
    if not articles:
        fail_usage("no readable article among the inputs")
    comparison = compare_articles(articles, framing_lexicon=str(lexicon) if lexicon else None)
    if json_out:
        print_json(to_json_data(comparison))
    else:
        render_terminal(comparison, console)
    for path, text in ((markdown, to_markdown), (html, to_html)):
        if path is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text(comparison), encoding="utf-8")
        err_console.print(f"wrote {escape(str(path))}")
    if rejected:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command("compare", help=COMPARE_HELP)(compare_command)
