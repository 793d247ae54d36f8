"""`counterpoint migrate`: move a workspace to another database, checked by counts and hashes."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from counterpoint.cli.common import JSON_OPTION, console, err_console, fail_usage, print_json
from counterpoint.errors import WorkspaceError

HELP = (
    "Move a whole workspace into another, empty database (SQLite to PostgreSQL, or back).\n\n"
    "Every table is copied in one transaction on the target, then checked: row counts and a "
    "SHA-256 of every table's content must match on both sides. The source is left as it "
    "was. Full-text indexes are rebuilt by the target itself.\n\n"
    "Exit code 0: copied and verified; 1: a table differs after the copy (listed); 2: usage "
    "error (unreachable database, target not empty, schema versions differ).\n\n"
    "Examples:\n\n"
    "  counterpoint migrate --from counterpoint.db --to postgresql://me@dbhost/news\n\n"
    "  counterpoint migrate --from sqlite:///a.db --to postgresql://me@127.0.0.1:5432/news --json"
)


def migrate_command(
    source: str = typer.Option(..., "--from", help="Workspace to copy: a path or database URL."),
    target: str = typer.Option(..., "--to", help="Empty workspace to fill: a path or URL."),
    json_out: bool = JSON_OPTION,
):
    from counterpoint.store.migrate import copy_workspace

    try:
        report = copy_workspace(source, target)
    except WorkspaceError as exc:
        fail_usage(str(exc))
    if json_out:
        print_json(report.as_dict())
    else:
        table = Table(title=f"migrate {escape(source)} -> {escape(target)}", title_justify="left")
        for col in ("table", "rows", "copied", "sha256", "check"):
            table.add_column(col, justify="right" if col in ("rows", "copied") else "left")
        for name, c in report.tables.items():
            table.add_row(
                name, str(c.rows), str(c.target_rows), c.digest[:16],
                "[green]ok[/green]" if c.ok else "[red]DIFFERS[/red]",
            )
        console.print(table)
        console.print(f"{report.seconds:.1f} s")
        for name, c in report.tables.items():
            if not c.ok:
                err_console.print(f"[red]differs:[/red] {name}: {c.rows} rows vs {c.target_rows}")
    raise typer.Exit(code=0 if report.ok else 1)


def register(app: typer.Typer) -> None:
    app.command("migrate", help=HELP, no_args_is_help=True)(migrate_command)
