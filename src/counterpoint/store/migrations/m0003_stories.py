"""Stories: grouping features, stories, their members, the grouping log and user corrections."""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(conn: sa.Connection, dialect: str) -> None:
    meta = sa.MetaData()
    sa.Table("articles", meta, sa.Column("id", sa.String(64), primary_key=True))  # FK target
    sa.Table(
        "story_features",
        meta,
        # What grouping computed for one article, so a later run need not recompute it and the
        # candidate index can be rebuilt from the database alone.
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),  # arrival order
        sa.Column("day", sa.Integer),  # days since 1970-01-01; NULL when unknown or absurd
        sa.Column("date_note", sa.Text),
        sa.Column("headline", sa.Text),
        sa.Column("outlet", sa.String(200)),
        sa.Column("vector", sa.LargeBinary, nullable=False),  # float16, little-endian
        sa.Column("term_ids", sa.LargeBinary, nullable=False),  # int32, sorted
        sa.Column("term_tf", sa.LargeBinary, nullable=False),  # float16
        sa.Column("names", sa.JSON, nullable=False),  # {key: display}
        sa.Column("places", sa.JSON, nullable=False),  # [key]
        sa.Column("text_chars", sa.Integer, nullable=False, default=0),
    )
    sa.Table(
        "stories",
        meta,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("headline", sa.Text),
        sa.Column("first_date", sa.String(10), index=True),
        sa.Column("last_date", sa.String(10), index=True),
        sa.Column("size", sa.Integer, nullable=False, default=0),
        sa.Column("outlets", sa.JSON, nullable=False),
        sa.Column("names", sa.JSON, nullable=False),  # most shared names, for listing/filtering
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "story_members",
        meta,
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("story_id", sa.String(32), nullable=False, index=True),
        sa.Column("reason", sa.String(32), nullable=False),  # similar | new | wire-copy | ...
        sa.Column("score", sa.Float),
        sa.Column("decision", sa.JSON),  # the Decision as JSON: evidence, runner-up, notes
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "grouping_log",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),  # assign|new|merge|split|move|...
        sa.Column("story_id", sa.String(32), index=True),
        sa.Column("other_story_id", sa.String(32)),
        sa.Column("article_ids", sa.JSON, nullable=False),
        sa.Column("origin", sa.String(32), nullable=False),  # grouping|consolidation|user
        sa.Column("detail", sa.JSON),
    )
    sa.Table(
        "story_corrections",
        meta,
        # A user's correction, stated on articles (not story ids, which regrouping may change)
        # so that it can be replayed after every regrouping.
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),  # move | merge | split
        sa.Column("article_ids", sa.JSON, nullable=False),  # the articles acted on
        sa.Column("anchor_ids", sa.JSON, nullable=False),  # members of the target story
        sa.Column("note", sa.Text),
    )
    meta.create_all(
        conn,
        tables=[
            meta.tables[n]
            for n in (
                "story_features",
                "stories",
                "story_members",
                "grouping_log",
                "story_corrections",
            )
        ],
    )
