"""Move a whole workspace to another database (SQLite -> PostgreSQL, or back), verified.

>>> from counterpoint.store.migrate import copy_workspace
>>> report = copy_workspace("news.db", "postgresql://me@db.example.org/news")  # doctest: +SKIP
>>> report.ok, report.tables["articles"].rows                                  # doctest: +SKIP
(True, 10000)

Every table the target's schema has (the core store's and every other area's, found by
reflection, so a table added by a later migration moves without changes here) is copied in
foreign-key order, inside **one** target transaction: a failed copy leaves the target as it
was. Then each table is checked: row counts and a SHA-256 over every row's values (row order
does not enter, since the two databases may sort text differently) must be equal on both
sides. Full-text indexes are not copied; each backend rebuilds its own (FTS5 triggers on
SQLite, the generated ``tsvector`` column on PostgreSQL).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from counterpoint.errors import WorkspaceError
from counterpoint.store import Workspace, open_workspace

SKIPPED_TABLES = {"schema_migrations"}
BATCH_ROWS = 1000


@dataclass
class TableCheck:
    """One table after the copy: rows and content hash on each side."""

    rows: int
    target_rows: int
    digest: str
    target_digest: str

    @property
    def ok(self) -> bool:
        return self.rows == self.target_rows and self.digest == self.target_digest


@dataclass
class CopyReport:
    source: str
    target: str
    tables: dict[str, TableCheck] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables.values())

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "tables": {
                name: {"rows": c.rows, "target_rows": c.target_rows, "sha256": c.digest,
                       "target_sha256": c.target_digest, "ok": c.ok}
                for name, c in self.tables.items()
            },
        }


def _canonical(value):
    """A value in a form both backends give back identically."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return "nan" if math.isnan(value) else repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "b:" + bytes(value).hex()
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _copied_columns(source: sa.Table, target: sa.Table) -> list[str]:
    """Columns present on both sides, minus generated ones (the target computes those)."""
    return [
        c.name for c in target.columns
        if c.computed is None and c.name in source.columns
    ]


def _tables(src: sa.MetaData, dst: sa.MetaData) -> list[tuple[sa.Table, sa.Table]]:
    pairs = []
    for table in dst.sorted_tables:  # parents before children
        if table.name in SKIPPED_TABLES or table.name not in src.tables:
            continue
        pairs.append((src.tables[table.name], table))
    return pairs


def table_digest(conn: sa.Connection, table: sa.Table, columns: list[str]) -> tuple[int, str]:
    """(row count, SHA-256 over the sorted per-row hashes of ``columns``)."""
    rows = []
    result = conn.execution_options(stream_results=True).execute(
        sa.select(*[table.c[c] for c in columns])
    )
    for row in result:
        blob = json.dumps([_canonical(v) for v in row], ensure_ascii=False)
        rows.append(hashlib.sha256(blob.encode("utf-8")).digest())
    rows.sort()
    h = hashlib.sha256()
    for r in rows:
        h.update(r)
    return len(rows), h.hexdigest()


def _reset_sequences(conn: sa.Connection, table: sa.Table) -> None:
    """PostgreSQL: move each serial column's sequence past the copied ids."""
    for col in table.primary_key.columns:
        if not isinstance(col.type, sa.Integer):
            continue
        seq = conn.execute(
            sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": col.name}
        ).scalar()
        if seq:
            conn.execute(
                sa.text(
                    f'SELECT setval(:s, coalesce((SELECT max("{col.name}") FROM "{table.name}"), 0) + 1, false)'
                ),
                {"s": seq},
            )


def _schema_versions(ws: Workspace) -> set[int]:
    from counterpoint.store.migrations import applied_versions

    with ws.read() as conn:
        return applied_versions(conn)


def copy_workspace(
    source: str | Workspace,
    target: str | Workspace,
    *,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy every row of ``source`` into the empty workspace ``target`` and verify the copy.

    Both are opened (and migrated) as usual. Raises :class:`WorkspaceError` when the target
    already holds articles or the two schemas are at different migration versions.
    ``progress(table, rows_copied)`` is called after each batch.
    """
    import time

    started = time.perf_counter()
    src = source if isinstance(source, Workspace) else open_workspace(source)
    dst = target if isinstance(target, Workspace) else open_workspace(target)
    try:
        if src.url == dst.url:
            raise WorkspaceError("--from and --to name the same workspace")
        if _schema_versions(src) != _schema_versions(dst):
            raise WorkspaceError(
                "the two workspaces are at different schema versions; upgrade counterpoint "
                "where they differ and open both once"
            )
        if dst.count_articles():
            raise WorkspaceError(
                f"{dst.url}: the target workspace already holds articles; migrate into an "
                "empty database"
            )
        smeta, dmeta = sa.MetaData(), sa.MetaData()
        smeta.reflect(src.engine)
        dmeta.reflect(dst.engine)
        pairs = _tables(smeta, dmeta)
        report = CopyReport(source=src.url, target=dst.url)
        with dst.write() as out:
            for stable, dtable in pairs:
                # Empty tables a migration seeded (none today) are replaced, not doubled.
                out.execute(dtable.delete())
                cols = _copied_columns(stable, dtable)
                copied = 0
                with src.engine.connect() as inp:
                    result = inp.execution_options(stream_results=True).execute(
                        sa.select(*[stable.c[c] for c in cols])
                    )
                    while batch := result.fetchmany(batch_rows):
                        out.execute(dtable.insert(), [dict(zip(cols, r)) for r in batch])
                        copied += len(batch)
                        if progress is not None:
                            progress(dtable.name, copied)
                if dst.dialect == "postgresql":
                    _reset_sequences(out, dtable)
        for stable, dtable in pairs:
            cols = _copied_columns(stable, dtable)
            with src.read() as a, dst.read() as b:
                n, digest = table_digest(a, stable, cols)
                m, target_digest = table_digest(b, dtable, cols)
            report.tables[dtable.name] = TableCheck(n, m, digest, target_digest)
        report.seconds = time.perf_counter() - started
        return report
    finally:
        if not isinstance(source, Workspace):
            src.close()
        if not isinstance(target, Workspace):
            dst.close()
