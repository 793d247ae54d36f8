"""The ``counterpoint`` command: one Typer app, one module per group of commands.

Exit codes: 0 all good, 1 some inputs were rejected (they are listed), 2 usage error.
"""

from __future__ import annotations

import os

import typer

from counterpoint import __version__
from counterpoint.cli import analyze, articles, compare, ingest, migrate, serve, stories
from counterpoint.cli.common import DEFAULT_DB, State

app = typer.Typer(
    name="counterpoint",
    help=(
        "See how different news outlets report the same story: the facts they share, what each "
        "leaves out, where they contradict each other, who they quote and the words they choose."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool):
    if value:
        typer.echo(f"counterpoint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    db: str = typer.Option(
        None,
        "--db",
        help=f"Workspace: a SQLite file path or a database URL. [env: COUNTERPOINT_DB] "
        f"[default: {DEFAULT_DB}]",
        show_default=False,
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
):
    ctx.obj = State(db=db or os.environ.get("COUNTERPOINT_DB") or DEFAULT_DB)


ingest.register(app)
articles.register(app)
analyze.register(app)
compare.register(app)
stories.register(app)
migrate.register(app)
serve.register(app)


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
