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
from counterpoint.store import migrations as _migrations
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
    supported too (``postgresql://user@host/db``: psycopg 3, the ``postgres`` extra). Raises
    :class:`WorkspaceError` with the reason and what to do when the database cannot be opened
    or migrated.
    """
    url = workspace_url(db)
    backend = url.split(":", 1)[0].split("+", 1)[0]
    if backend in ("postgresql", "postgres"):
        from counterpoint.store import postgres

        # pool_pre_ping: a long ingest must survive the server closing an idle connection.
        try:
            engine = sa.create_engine(postgres.engine_url(url), pool_pre_ping=True)
        except ImportError as exc:
            raise WorkspaceError(
                f"{db}: PostgreSQL needs psycopg: pip install 'counterpoint[postgres]' ({exc})"
            ) from exc
        postgres.configure_engine(engine)
    elif backend != "sqlite":
        raise WorkspaceError(
            f"{db}: unsupported database {backend!r}; use a SQLite file path or a "
            "postgresql:// URL"
        )
    else:
        engine = _sqlite_engine(db, url)
    ws = Workspace(engine, url)
    try:
        if upgrade:
            # Through the package: the submodule store/migrate.py (copying a workspace) shadows
            # a bare name ``migrate`` here once imported.
            _migrations.migrate(engine)
        else:
            with engine.connect():
                pass
    except WorkspaceError:
        engine.dispose()
        raise
    except (sa.exc.DatabaseError, sa.exc.InterfaceError) as exc:
        engine.dispose()
        if engine.dialect.name == "postgresql" and isinstance(exc, sa.exc.OperationalError):
            reason = " ".join(str(exc.orig).split())
            raise WorkspaceError(
                f"{db}: cannot connect to the PostgreSQL workspace ({reason}); is the server "
                "running, and do the user and database exist?"
            ) from exc
        raise WorkspaceError(
            f"{db}: cannot open the workspace ({exc.orig}); is it a counterpoint database?"
        ) from exc
    return ws


def _sqlite_engine(db, url: str) -> sa.Engine:
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
    return engine
