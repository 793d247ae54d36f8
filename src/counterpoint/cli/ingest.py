"""`counterpoint ingest`: read, clean, describe and store articles from files, URLs and corpora."""

from __future__ import annotations

import shlex
import time

import typer
from rich.markup import escape
from rich.table import Table

from counterpoint.cli.common import JSON_OPTION, console, err_console, fail_usage, print_json, state
from counterpoint.errors import WorkspaceError

# A bar appears only when the work outlasts this, so quick runs print nothing but the summary.
PROGRESS_AFTER_SECONDS = 1.0
# Small runs (the seeds, a handful of files) describe every article after the summary.
DESCRIBE_AT_MOST = 10

HELP = (
    "Ingest articles into the workspace.\n\n"
    "INPUTS are files, directories (walked recursively), glob patterns ('news/**/*.html'), "
    "URLs, RSS/Atom feeds, JSONL or CSV corpora and WARC files. Each input is cleaned (debris "
    "removed and recorded), described (headline, standfirst, outlet, date, language) and stored "
    "once: re-running the same command is a no-op, and an interrupted run resumes where it "
    "stopped.\n\n"
    "Exit code 0: every input stored; 1: some inputs were rejected (each is listed with the "
    "reason); 2: usage error.\n\n"
    "Examples:\n\n"
    "  counterpoint ingest examples/seeds\n\n"
    "  counterpoint ingest corpus.jsonl --text-field body --title-field headline\n\n"
    "  counterpoint --db news.db ingest 'crawl/*.warc.gz' https://example.org/feed.xml"
)


class _LazyProgress:
    """A Rich progress bar on stderr that only shows once the run has taken over a second."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.monotonic()
        self.progress = None
        self.task = None

    def __call__(self, report, source: str | None) -> None:
        if not self.enabled:
            return
        if self.progress is None:
            if time.monotonic() - self.started < PROGRESS_AFTER_SECONDS:
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]ingest[/bold]"),
                BarColumn(),  # total unknown (inputs are streamed): the bar pulses
                MofNCompleteColumn(),
                TextColumn("{task.fields[stored]} stored, {task.fields[rejected]} rejected"),
                TimeElapsedColumn(),
                TextColumn("[dim]{task.fields[source]}"),
                console=err_console,
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task(
                "ingest", total=None, stored=0, rejected=0, source=""
            )
        shown = (source or "")[-50:]
        self.progress.update(
            self.task,
            completed=report.processed,
            stored=report.added,
            rejected=len(report.rejected),
            source=escape(shown),
        )

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _summary_table(report) -> Table:
    table = Table(title="Ingest summary", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("count", justify="right")
    table.add_row("inputs processed", str(report.processed))
    table.add_row("articles added", f"[green]{report.added}[/green]")
    table.add_row("already in the workspace", str(report.already_present))
    nd = str(report.near_duplicates_linked) if report.near_duplicate_detection else "off"
    table.add_row("near-duplicate links", nd)
    rejected = len(report.rejected)
    table.add_row("rejected", f"[red]{rejected}[/red]" if rejected else "0")
    for reason, n in sorted(report.skipped.items()):
        table.add_row(f"skipped: {escape(reason)}", str(n))
    rate = report.articles_per_second
    per_second = f" ({rate:.0f} inputs/s)" if report.processed >= 50 else ""  # noise below that
    table.add_row("time", f"{report.seconds:.1f} s{per_second}")
    return table


def _describe(workspace, report, wanted: bool | None) -> None:
    from counterpoint.cli.articles import print_description

    shown = [o for o in report.outcomes if o.article_id]
    if wanted is None:
        wanted = 0 < len(shown) <= DESCRIBE_AT_MOST and len(report.outcomes) == report.processed
    if not wanted:
        return
    labels = {
        "added": "added",
        "already_present": "already stored",
        "already_ingested": "ingested before",
    }
    seen: set[str] = set()
    for o in shown:
        if o.article_id in seen:
            continue
        seen.add(o.article_id)
        article = workspace.get_article(o.article_id)
        if article is not None:
            print_description(article, title=f"{o.source} ({labels.get(o.status, o.status)})")


INPUTS_ARGUMENT = typer.Argument(
    ..., metavar="PATH|URL|GLOB...", help="Files, directories, globs, URLs, feeds, JSONL/CSV, WARC."
)


def ingest_command(
    ctx: typer.Context,
    inputs: list[str] = INPUTS_ARGUMENT,
    text_field: str | None = typer.Option(
        None, help="JSONL/CSV field holding the article text. \\[default: text]"
    ),
    title_field: str | None = typer.Option(
        None, help="JSONL/CSV field holding the headline. \\[default: title]"
    ),
    date_field: str | None = typer.Option(
        None, help="JSONL/CSV field holding the publication date. \\[default: date]"
    ),
    url_field: str | None = typer.Option(
        None, help="JSONL/CSV field holding the article URL. \\[default: url]"
    ),
    outlet_field: str | None = typer.Option(
        None, help="JSONL/CSV field naming the outlet. \\[default: outlet]"
    ),
    id_field: str | None = typer.Option(
        None, help="JSONL/CSV field holding the record's own id. \\[default: id]"
    ),
    author_field: str | None = typer.Option(
        None, help="JSONL/CSV field holding the author (byline). \\[default: author]"
    ),
    html_field: str | None = typer.Option(
        None,
        help="JSONL/CSV field holding the page's HTML, extracted when a row has no text. "
        "\\[default: html]",
    ),
    max_bytes: int | None = typer.Option(
        None, min=1, help="Reject any single input larger than this many bytes. \\[default: 20 MB]"
    ),
    timeout: float | None = typer.Option(
        None, min=0.1, help="Seconds to wait for each URL. \\[default: 15]"
    ),
    max_redirects: int | None = typer.Option(
        None, min=0, help="Redirects followed per URL before giving up. \\[default: 5]"
    ),
    user_agent: str | None = typer.Option(
        None, help="User-Agent header sent with every request. \\[default: counterpoint/0.1 (...)]"
    ),
    follow_feed_links: bool = typer.Option(
        True,
        "--follow-feed-links/--no-follow-feed-links",
        help="For a feed entry that carries only a teaser, fetch the page it links to "
        "(--no-follow-feed-links: reject such entries, and never fetch).",
    ),
    batch_size: int = typer.Option(200, min=1, help="Inputs per database transaction."),
    describe: bool | None = typer.Option(
        None,
        "--describe/--no-describe",
        help="After the summary, describe each article (outlet, headline, standfirst, date, "
        "language, words, what cleaning removed). \\[default: when there are at most "
        f"{DESCRIBE_AT_MOST}]",
        show_default=False,
    ),
    rescan: bool = typer.Option(
        False,
        "--rescan",
        help="Re-read and re-clean inputs an earlier run stored (after cleaning improved); "
        "unchanged results stay no-ops.",
    ),
    workers: int = typer.Option(
        1,
        min=1,
        help="Processes that extract HTML and clean articles in parallel (the database has one "
        "writer).",
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        help="local: this process (and --workers). ray: Ray Data stages that read, clean, "
        "analyse and embed each article (extra 'ray'; --workers actors per stage).",
    ),
    ray_address: str | None = typer.Option(
        None,
        "--ray-address",
        help="--engine ray: the Ray cluster to run on (ray://head:10001, or 'auto' for the "
        "cluster this node belongs to). \\[default: RAY_ADDRESS, else Ray on this machine]",
    ),
    json_out: bool = JSON_OPTION,
):
    if engine not in ("local", "ray"):
        fail_usage(f"--engine must be 'local' or 'ray', not {engine!r}")
    if ray_address and engine != "ray":
        fail_usage("--ray-address needs --engine ray")
    extra = {"address": ray_address} if engine == "ray" else {}
    if engine == "ray":
        from counterpoint.ingest.ray_engine import ingest_ray as ingest
    else:
        from counterpoint.ingest.pipeline import ingest
    from counterpoint.ingest.readers import ReadOptions

    options = ReadOptions()
    given = {
        "text_field": text_field,
        "title_field": title_field,
        "date_field": date_field,
        "url_field": url_field,
        "outlet_field": outlet_field,
        "id_field": id_field,
        "author_field": author_field,
        "html_field": html_field,
        "max_bytes": max_bytes,
        "timeout": timeout,
        "max_redirects": max_redirects,
        "user_agent": user_agent,
    }
    for name, value in given.items():
        if value is not None:
            if isinstance(value, str) and not value.strip():
                fail_usage(f"--{name.replace('_', '-')} must not be empty")
            setattr(options, name, value)
    options.fetch_feed_links = follow_feed_links
    if engine == "local":
        options.extract_workers = workers  # HTML extraction is the other CPU-bound stage

    st = state(ctx)
    try:
        workspace = st.workspace()
    except WorkspaceError as exc:
        fail_usage(str(exc))

    bar = _LazyProgress(enabled=True)
    try:
        report = ingest(
            inputs,
            workspace,
            options,
            batch_size=batch_size,
            progress=bar,
            workers=workers,
            skip_done=not rescan,
            **extra,
        )
    except KeyboardInterrupt:
        bar.stop()
        err_console.print(
            "[yellow]interrupted:[/yellow] every committed batch is kept; "
            "run the same command again to finish the job."
        )
        raise typer.Exit(code=130)
    finally:
        bar.stop()

    if json_out:
        print_json({"db": st.db, **report.as_dict()})
    else:
        for r in report.rejected:
            err_console.print(
                f"[red]rejected[/red] {escape(r.source)}: {escape(r.reason)}", soft_wrap=True
            )
        failed = getattr(report, "failed", [])  # --engine ray: analyses that failed
        for f in failed:
            err_console.print(
                f"[red]not analysed[/red] {escape(f['source'])} (article {f['article_id'][:12]}): "
                f"{escape(f['reason'])}", soft_wrap=True
            )
        console.print(_summary_table(report))
        if engine == "ray":
            console.print(f"analysed: {report.analysed}, analysis failed: {len(failed)}")
        retry = report.retry_inputs()
        if retry:
            # The exact inputs to run again: stored records are skipped, failed ones retried.
            words = ["counterpoint ingest", *(["--engine ray"] if engine == "ray" else [])]
            command = " ".join(words + [shlex.quote(i) for i in retry])
            err_console.print(f"to retry what failed, run (with the same --db and options): "
                              f"{escape(command)}", soft_wrap=True)
        _describe(workspace, report, describe)
    raise typer.Exit(code=1 if report.rejected or getattr(report, "failed", []) else 0)


def register(app: typer.Typer) -> None:
    app.command("ingest", help=HELP, no_args_is_help=True)(ingest_command)
