"""The workspace's tables as they stand after every migration, for building queries.

These definitions describe the *current* schema; the migrations in
:mod:`counterpoint.store.migrations` are what create it. When a migration changes a table,
update its definition here too (other engineers' tables may live in their own modules and be
reflected from ``Workspace.engine``).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(64), nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("raw_text_z", sa.LargeBinary, nullable=False),
    sa.Column("raw_html_z", sa.LargeBinary),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("headline", sa.Text),
    sa.Column("standfirst", sa.Text),
    sa.Column("byline", sa.Text),
    sa.Column("outlet", sa.String(200)),
    sa.Column("outlet_evidence", sa.Text),
    sa.Column("published", sa.String(40)),
    sa.Column("date_evidence", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("word_count", sa.Integer, nullable=False),
    sa.Column("removals", sa.JSON, nullable=False),
    sa.Column("metadata", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

ingest_runs = sa.Table(
    "ingest_runs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("specs", sa.JSON, nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("summary", sa.JSON),
)

ingest_sources = sa.Table(
    "ingest_sources",
    metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id")),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("run_id", sa.String(32)),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

rejections = sa.Table(
    "rejections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.String(32)),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

article_signatures = sa.Table(
    "article_signatures",
    metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

near_duplicates = sa.Table(
    "near_duplicates",
    metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("other_id", sa.String(64), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

analyses = sa.Table(
    "analyses",
    metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("pipeline_version", sa.String(64), primary_key=True),
    sa.Column("models", sa.JSON, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

sentence_vectors = sa.Table(
    "sentence_vectors",
    metadata,
    sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("sentence_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("dim", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)
