"""Versioned, transactional schema migrations.

Each migration is one module in this package named ``mNNNN_<what>.py`` (``m0001_core.py``,
``m0002_analysis.py``, ``m0003_stories.py``, ...). **Adding a migration is adding a file**:
nothing needs registering. A module defines::

    \"\"\"One line saying what the migration adds (shown in ``schema_migrations``).\"\"\"

    import sqlalchemy as sa

    def upgrade(conn: sa.Connection, dialect: str) -> None:
        meta = sa.MetaData()
        sa.Table("stories", meta, sa.Column("id", sa.String(32), primary_key=True), ...)
        meta.create_all(conn)
        if dialect == "sqlite":
            ...  # the rare dialect-specific statement

Rules:

- Migrations run in version order, each in **one transaction** together with its row in
  ``schema_migrations``: a migration either lands whole or not at all.
- Never edit a migration that has landed on ``main``; append a new one.
- Define the tables a migration creates *inside* the migration (its own ``MetaData``), so
  that later changes to :mod:`counterpoint.store.schema` never rewrite history.
- ``dialect`` is ``engine.dialect.name`` (``"sqlite"`` or ``"postgresql"``): keep SQL portable
  and branch only where a feature (FTS5, ``tsvector``) has no portable form.
- Version numbers must be unique; two modules with the same number is an error.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType

import sqlalchemy as sa

from counterpoint.errors import WorkspaceError

_NAME = re.compile(r"^m(\d{4})_(\w+)$")

_meta = sa.MetaData()
schema_migrations = sa.Table(
    "schema_migrations",
    _meta,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    description: str
    upgrade: Callable[[sa.Connection, str], None]


def _load(module: ModuleType, version: int, name: str) -> Migration:
    upgrade = getattr(module, "upgrade", None)
    if not callable(upgrade):
        raise WorkspaceError(f"migration {module.__name__} has no upgrade(conn, dialect) function")
    doc = (module.__doc__ or "").strip().splitlines()
    return Migration(version, name, doc[0] if doc else "", upgrade)


def discover() -> list[Migration]:
    """Every migration module in this package, in version order."""
    found: dict[int, Migration] = {}
    for info in pkgutil.iter_modules(__path__):
        m = _NAME.match(info.name)
        if not m:
            continue
        version = int(m.group(1))
        if version in found:
            raise WorkspaceError(
                f"two migrations share version {version:04d}: {found[version].name} and "
                f"{info.name}; renumber the newer one"
            )
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[version] = _load(module, version, info.name)
    return [found[v] for v in sorted(found)]


def applied_versions(conn: sa.Connection) -> set[int]:
    if not sa.inspect(conn).has_table("schema_migrations"):
        return set()
    return set(conn.execute(sa.select(schema_migrations.c.version)).scalars())


def migrate(engine: sa.Engine, migrations: list[Migration] | None = None) -> list[str]:
    """Apply every pending migration, each in its own transaction; return the names applied.

    Safe to call on every open: applied migrations are skipped, and two processes opening the
    same new workspace at once serialise on the write lock (the loser sees the work done).
    """
    migrations = discover() if migrations is None else migrations
    dialect = engine.dialect.name
    applied: list[str] = []
    with engine.connect() as conn:
        # The common case - nothing to do - needs no write lock, so opening a workspace while
        # an ingest is writing to it does not wait.
        with conn.begin():
            done = applied_versions(conn)
        if all(m.version in done for m in migrations):
            return applied
    with engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            _meta.create_all(conn, tables=[schema_migrations], checkfirst=True)
        for migration in migrations:
            with conn.begin():
                # Re-read inside the write transaction: another process may have just done it.
                if migration.version in applied_versions(conn):
                    continue
                try:
                    migration.upgrade(conn, dialect)
                except Exception as exc:
                    raise WorkspaceError(
                        f"migration {migration.name} failed and was rolled back: {exc}"
                    ) from exc
                conn.execute(
                    schema_migrations.insert().values(
                        version=migration.version,
                        name=migration.name,
                        description=migration.description,
                        applied_at=datetime.now(UTC).replace(tzinfo=None),
                    )
                )
            applied.append(migration.name)
    return applied
