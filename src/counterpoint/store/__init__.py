"""The workspace: where counterpoint keeps articles, sources, rejections and analyses.

>>> from counterpoint.store import open_workspace
>>> ws = open_workspace("counterpoint.db")            # doctest: +SKIP
>>> ws = open_workspace("sqlite:///data/news.db")     # doctest: +SKIP

SQLite is the default (WAL mode, foreign keys on, a busy timeout, FTS5 for search). The SQL
is SQLAlchemy Core, so a PostgreSQL workspace can follow without a rewrite; SQLite-only pieces
live in :mod:`counterpoint.store.sqlite`. Schema changes are migrations in
:mod:`counterpoint.store.migrations` (adding one is adding a file).
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from counterpoint.errors import WorkspaceError
from counterpoint.store.migrations import migrate
from counterpoint.store.workspace import SearchHit, SourceRecord, Workspace

__all__ = ["SearchHit", "SourceRecord", "Workspace", "open_workspace", "workspace_url"]


def workspace_url(db: str | os.PathLike) -> str:
    """A SQLAlchemy URL for a path (``news.db``), ``:memory:``, or a URL given as is."""
    db = os.fspath(db)
    if "://" in db:
        return db
    if db in (":memory:", ""):
        return "sqlite://"
    return "sqlite:///" + str(Path(db).expanduser().absolute())


def open_workspace(db: str | os.PathLike = "counterpoint.db", *, upgrade: bool = True) -> Workspace:
    """Open (creating and migrating when needed) the workspace at ``db``.

    ``db`` is a file path, ``:memory:``, or a URL (``sqlite:///path.db``). PostgreSQL URLs are
    recognised but not supported yet. Raises :class:`WorkspaceError` with the reason and what
    to do when the database cannot be opened or migrated.
    """
    url = workspace_url(db)
    backend = url.split(":", 1)[0].split("+", 1)[0]
    if backend in ("postgresql", "postgres"):
        raise WorkspaceError(
            f"{db}: PostgreSQL workspaces are not supported yet (planned in their own issue); "
            "use a SQLite file path for now"
        )
    if backend != "sqlite":
        raise WorkspaceError(f"{db}: unsupported database {backend!r}; use a SQLite file path")
    memory = url == "sqlite://" or ":memory:" in url
    if not memory:
        path = Path(sa.engine.make_url(url).database or "")
        if path.is_dir():
            raise WorkspaceError(
                f"{db}: is a directory; give a database file path such as {path / 'counterpoint.db'}"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    kwargs = {"poolclass": StaticPool} if memory else {}
    engine = sa.create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
    from counterpoint.store import sqlite

    sqlite.configure_engine(engine)
    ws = Workspace(engine, url)
    try:
        if upgrade:
            migrate(engine)
        else:
            with engine.connect():
                pass
    except WorkspaceError:
        engine.dispose()
        raise
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        raise WorkspaceError(
            f"{db}: cannot open the workspace ({exc.orig}); is it a counterpoint database?"
        ) from exc
    return ws
