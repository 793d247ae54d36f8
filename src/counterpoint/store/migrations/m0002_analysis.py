"""Per-article analyses (ArticleAnalysis as JSON) and float16 sentence vectors."""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(conn: sa.Connection, dialect: str) -> None:
    meta = sa.MetaData()
    sa.Table("articles", meta, sa.Column("id", sa.String(64), primary_key=True))  # FK target
    sa.Table(
        "analyses",
        meta,
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("pipeline_version", sa.String(64), primary_key=True),
        sa.Column("models", sa.JSON, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),  # ArticleAnalysis.model_dump(mode="json")
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Index("ix_analyses_version", "pipeline_version"),
    )
    sa.Table(
        "sentence_vectors",
        meta,
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("sentence_index", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("dim", sa.Integer, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),  # float16, little-endian
    )
    meta.create_all(conn, tables=[meta.tables["analyses"], meta.tables["sentence_vectors"]])
