"""What only PostgreSQL needs: one writer at a time, ``tsvector`` search, pgvector if present.

The sibling of :mod:`counterpoint.store.sqlite`, with the same functions
(``configure_engine``, ``create_fulltext``, ``search``, ``integrity_check``); everything
else in :mod:`counterpoint.store` is portable SQLAlchemy Core.

Writers. SQLite serialises writers with ``BEGIN IMMEDIATE``; here a write transaction takes a
transaction-scoped advisory lock first, so two ``counterpoint ingest`` processes (or the web
app) writing at once queue exactly as they do on SQLite: the workspace's read-then-write steps
(``existing_ids`` then insert, delete-then-insert of sources) stay correct, no deadlock between
batches that share articles is possible, and readers never wait. Inserts are still
``INSERT ... ON CONFLICT DO NOTHING``, so even a writer that bypasses the lock cannot
duplicate an article.

Search. A stored generated column ``articles.search`` holds the headline (weight A) and the
text (weight B) under the ``english`` configuration (stemming: "pressures" finds "pressure"),
plus the ``simple`` configuration so a query made only of stop words ("The Who") still finds
something. Queries go through ``websearch_to_tsquery``, which never raises a syntax error.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from counterpoint.store.sqlite import _HL_CLOSE, _HL_OPEN, FulltextHit, _spans_in

# Any constant both processes agree on: "counterpoint" in ASCII, folded into a bigint.
WRITE_LOCK_KEY = 0x636F756E746572
# to_tsvector() refuses documents over 1 MB; news articles are far below this, and a giant
# input stays searchable by its first million characters rather than failing to insert.
MAX_INDEXED_CHARS = 500_000
SNIPPET_OPTIONS = (
    f"StartSel={_HL_OPEN}, StopSel={_HL_CLOSE}, MaxWords=30, MinWords=12, MaxFragments=1"
)
HIGHLIGHT_OPTIONS = f"StartSel={_HL_OPEN}, StopSel={_HL_CLOSE}, HighlightAll=true"


def engine_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy's default driver is psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def configure_engine(engine: Engine) -> None:
    """Write transactions (``execution_options(write=True)``) take the workspace write lock;
    read transactions see one snapshot throughout (REPEATABLE READ), as SQLite's WAL readers do.

    Writers stay READ COMMITTED on purpose: their first statement is the lock, and each later
    statement must see what the writer before them committed while they waited.
    """

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A plain DBAPI cursor: with stream_results set, SQLAlchemy would use a server-side
        # cursor, which cannot run SET.
        cur = conn.connection.cursor()
        try:
            if conn.get_execution_options().get("write"):
                cur.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
            else:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        finally:
            cur.close()


def create_fulltext(conn: sa.Connection) -> None:
    """The generated ``search`` column and its GIN index (kept in sync by PostgreSQL itself)."""
    doc = f"left(text, {MAX_INDEXED_CHARS})"
    conn.exec_driver_sql(
        "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A') || "
        f"setweight(to_tsvector('english'::regconfig, {doc}), 'B') || "
        "setweight(to_tsvector('simple'::regconfig, coalesce(headline, '')), 'C') || "
        f"setweight(to_tsvector('simple'::regconfig, {doc}), 'D')"
        ") STORED"
    )
    conn.exec_driver_sql("CREATE INDEX ix_articles_search ON articles USING gin (search)")


def has_pgvector(conn: sa.Connection) -> bool:
    """True when the ``vector`` extension is installed on the server (available to create)."""
    q = sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
    return conn.execute(q).first() is not None


# --------------------------------------------------------------------------- pgvector
# Grouping vectors (:mod:`counterpoint.stories`) live in ``story_features.vec`` when the server
# has pgvector, with an HNSW index for cosine distance; candidate search is then an
# ``ORDER BY vec <=> :q LIMIT k`` query instead of an in-memory usearch index rebuilt per run.

VECTOR_DIM = 384


def setup_pgvector(conn: sa.Connection, dim: int = VECTOR_DIM) -> bool:
    """Create the extension, ``story_features.vec vector(dim)`` and its HNSW index, and fill
    the column from the stored float16 vectors. False (and nothing changed) when the extension
    is not available or this role may not create it: grouping then uses usearch in memory."""
    if not has_pgvector(conn):
        return False
    try:
        with conn.begin_nested():  # a refused CREATE EXTENSION must not abort the migration
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS vector")
    except sa.exc.DBAPIError:
        return False
    conn.exec_driver_sql(f"ALTER TABLE story_features ADD COLUMN IF NOT EXISTS vec vector({dim})")
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_story_features_vec ON story_features "
        "USING hnsw (vec vector_cosine_ops)"
    )
    # Rows still lacking a vector (copied from SQLite): found without scanning the table.
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_story_features_novec ON story_features (seq) "
        "WHERE vec IS NULL"
    )
    backfill_vectors(conn)
    return True


def has_vector_column(conn: sa.Connection) -> bool:
    """True when this workspace stores grouping vectors in pgvector (``setup_pgvector`` ran)."""
    q = sa.text(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'story_features' AND column_name = 'vec'"
    )
    return conn.execute(q).first() is not None


def vector_literal(vector) -> str:
    """pgvector's text form, ``[0.1,0.2,...]``."""
    return "[" + ",".join(f"{float(x):.6g}" for x in vector) + "]"


def store_vectors(conn: sa.Connection, rows: list[tuple[str, object]]) -> None:
    """Write ``(article_id, vector)`` pairs into ``story_features.vec``."""
    if rows:
        conn.execute(
            sa.text("UPDATE story_features SET vec = CAST(:v AS vector) WHERE article_id = :a"),
            [{"a": a, "v": vector_literal(v)} for a, v in rows],
        )


def backfill_vectors(conn: sa.Connection, batch: int = 2000) -> int:
    """Fill ``vec`` for feature rows that have none (rows written before pgvector was set up,
    or copied from a SQLite workspace by ``counterpoint migrate``); returns how many."""
    import numpy as np

    done = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT article_id, vector FROM story_features WHERE vec IS NULL "
                    "ORDER BY seq LIMIT :n"),
            {"n": batch},
        ).all()
        if not rows:
            return done
        store_vectors(conn, [(r[0], np.frombuffer(r[1], dtype="<f2")) for r in rows])
        done += len(rows)


def nearest_vectors(conn: sa.Connection, vector, k: int) -> list[tuple[int, float]]:
    """Up to ``k`` ``(seq, cosine similarity)`` of stored grouping vectors, nearest first,
    through the HNSW index (``ef_search`` raised to ``k`` so the index can return that many)."""
    conn.exec_driver_sql(f"SET LOCAL hnsw.ef_search = {max(40, int(k))}")
    rows = conn.execute(
        sa.text(
            "SELECT seq, vec <=> CAST(:q AS vector) AS d FROM story_features "
            "WHERE vec IS NOT NULL ORDER BY vec <=> CAST(:q AS vector) LIMIT :k"
        ),
        {"q": vector_literal(vector), "k": int(k)},
    ).all()
    return [(int(seq), 1.0 - float(d)) for seq, d in rows]


def _query_config(conn: sa.Connection, query: str) -> str | None:
    """``english`` when the query keeps a word after stemming/stop words, else ``simple``;
    None when no configuration leaves anything to search for."""
    for config in ("english", "simple"):
        q = sa.text("SELECT numnode(websearch_to_tsquery(CAST(:c AS regconfig), :q))")
        if conn.execute(q, {"c": config, "q": query}).scalar():
            return config
    return None


def search(conn: sa.Connection, query: str, limit: int) -> list[FulltextHit]:
    """Rank articles by ``ts_rank_cd`` (headline weighs more) for a web-search-style query.

    ``rank`` is the negated score, so that lower is better as with SQLite's BM25.
    """
    config = _query_config(conn, query)
    if config is None:
        return []
    # Rank and cut first; headlines (the expensive part) only for the rows shown.
    sql = sa.text(
        "WITH q AS (SELECT websearch_to_tsquery(CAST(:c AS regconfig), :q) AS q), "
        "top AS (SELECT a.seq, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.search, q.q) AS score "
        "FROM articles a, q WHERE a.search @@ q.q ORDER BY score DESC, a.seq LIMIT :limit) "
        "SELECT a.id AS article_id, a.text AS text, a.headline AS headline, top.score AS score, "
        "ts_headline(CAST(:c AS regconfig), a.text, q.q, :snip) AS snippet, "
        "ts_headline(CAST(:c AS regconfig), a.text, q.q, :hl) AS marked_text, "
        "ts_headline(CAST(:c AS regconfig), coalesce(a.headline, ''), q.q, :hl) "
        "AS marked_headline "
        "FROM top JOIN articles a ON a.seq = top.seq, q ORDER BY top.score DESC, a.seq"
    )
    params = {"c": config, "q": query, "limit": limit, "snip": SNIPPET_OPTIONS,
              "hl": HIGHLIGHT_OPTIONS}
    hits = []
    for r in conn.execute(sql, params).mappings():
        snippet = r["snippet"] or ""
        hits.append(
            FulltextHit(
                article_id=r["article_id"],
                rank=-float(r["score"]),
                snippet=snippet.replace(_HL_OPEN, "[").replace(_HL_CLOSE, "]"),
                snippet_marked=snippet,
                matches=_spans_in(r["text"], r["marked_text"]),
                headline_matches=_spans_in(r["headline"], r["marked_headline"])
                if r["headline"]
                else [],
            )
        )
    return hits


def integrity_check(conn: sa.Connection) -> str:
    """"ok" when every article carries its search vector and every foreign key resolves."""
    missing = conn.exec_driver_sql("SELECT count(*) FROM articles WHERE search IS NULL").scalar()
    if missing:
        return f"full-text index: {missing} articles without a search vector"
    orphans = conn.exec_driver_sql(
        "SELECT count(*) FROM analyses x LEFT JOIN articles a ON a.id = x.article_id "
        "WHERE a.id IS NULL"
    ).scalar()
    return "ok" if not orphans else f"{orphans} analyses of missing articles"
