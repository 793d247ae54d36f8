"""What every command shares: the workspace, JSON output, the console."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

import typer
from rich.console import Console

DEFAULT_DB = "counterpoint.db"

console = Console()
err_console = Console(stderr=True)

JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of tables (for programs).")


@dataclass
class State:
    db: str
    _workspace: Any = field(default=None, repr=False)

    def workspace(self):
        """Open (and migrate) the workspace once per command."""
        if self._workspace is None:
            from counterpoint.store import open_workspace

            self._workspace = open_workspace(self.db)
        return self._workspace


def state(ctx: typer.Context) -> State:
    return ctx.ensure_object(State) if ctx.obj is None else ctx.obj


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


def fail_usage(message: str) -> None:
    err_console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code=2)
