"""Stories at scale: corpus statistics table, a day index on grouping features, pgvector column."""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(conn: sa.Connection, dialect: str) -> None:
    meta = sa.MetaData()
    sa.Table(
        "story_stats",
        meta,
        # Corpus-wide counts grouping needs (term and name document frequencies), kept so that
        # an update loads them instead of reading every stored feature row.
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("next_seq", sa.Integer, nullable=False),  # features with seq below are counted
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("value", sa.LargeBinary, nullable=False),  # zlib-compressed
    )
    meta.create_all(conn)
    # An update loads the features dated near its new articles: that needs an index on day.
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_story_features_day ON story_features (day)")
    if dialect == "postgresql":
        from counterpoint.store.postgres import setup_pgvector

        setup_pgvector(conn)
