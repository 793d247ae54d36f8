"""Articles, their sources, rejections, near-duplicate signatures and links, full-text index."""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(conn: sa.Connection, dialect: str) -> None:
    meta = sa.MetaData()
    sa.Table(
        "articles",
        meta,
        # An explicit integer key for the full-text index to point at (see store/sqlite.py);
        # the article's identity is ``id``, the hash of its cleaned text.
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("raw_text_z", sa.LargeBinary, nullable=False),  # zlib(raw_text)
        sa.Column("raw_html_z", sa.LargeBinary),  # zlib(raw_html) or NULL
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("headline", sa.Text),
        sa.Column("standfirst", sa.Text),
        sa.Column("byline", sa.Text),
        sa.Column("outlet", sa.String(200), index=True),
        sa.Column("outlet_evidence", sa.Text),
        sa.Column("published", sa.String(40), index=True),
        sa.Column("date_evidence", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("word_count", sa.Integer, nullable=False, default=0),
        sa.Column("removals", sa.JSON, nullable=False),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "ingest_runs",
        meta,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("specs", sa.JSON, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("summary", sa.JSON),
    )
    sa.Table(
        "ingest_sources",
        meta,
        # A path, URL, "corpus.jsonl:12" or "crawl.warc.gz@5678": where one input came from.
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("status", sa.String(16), nullable=False),  # stored | duplicate
        sa.Column("run_id", sa.String(32)),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Index("ix_ingest_sources_article", "article_id"),
    )
    sa.Table(
        "rejections",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(32), index=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "article_signatures",
        meta,
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("signature", sa.LargeBinary, nullable=False),  # MinHash, see ingest/dedup.py
    )
    sa.Table(
        "near_duplicates",
        meta,
        # Stored in both directions so that one indexed lookup answers "copies of X".
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "other_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    meta.create_all(conn)
    if dialect == "sqlite":
        from counterpoint.store import sqlite

        sqlite.create_fulltext(conn)
    elif dialect == "postgresql":
        from counterpoint.store import postgres

        postgres.create_fulltext(conn)
