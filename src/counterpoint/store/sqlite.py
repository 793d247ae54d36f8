"""What only SQLite needs: connection PRAGMAs, transactional DDL, FTS5 and its triggers.

Everything else in :mod:`counterpoint.store` is portable SQLAlchemy Core; a PostgreSQL
workspace gets a sibling module with the same three functions (``configure_engine``,
``create_fulltext``, ``search``) and nothing else changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 30_000
# Highlight markers: private-use code points no news text carries. A text that does contain
# one gets no match offsets rather than wrong ones (see search()).
_HL_OPEN, _HL_CLOSE = "\ue000", "\ue001"


def configure_engine(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and real transactions around DDL.

    Python's sqlite3 module neither BEGINs before DDL nor lets SQLite wait on a lock upgrade,
    so we take transaction control ourselves: plain ``BEGIN`` for readers (WAL lets them run
    beside a writer) and ``BEGIN IMMEDIATE`` for writers (they queue on ``busy_timeout``
    instead of failing with "database is locked" halfway through).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
        # WAL + synchronous=NORMAL: a killed process never loses a committed batch.
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()
        del mode  # in-memory databases answer "memory"; that is fine

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def create_fulltext(conn: sa.Connection) -> None:
    """An external-content FTS5 index over ``articles(headline, text)`` kept in sync by triggers.

    ``content_rowid`` is the explicit ``articles.seq`` column: an implicit rowid may change on
    VACUUM, which would silently detach the index from its rows.
    """
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "headline, text, content='articles', content_rowid='seq', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    conn.exec_driver_sql(
        "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, headline, text) VALUES (new.seq, new.headline, new.text); "
        "END"
    )
    conn.exec_driver_sql(
        "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, headline, text) "
        "VALUES ('delete', old.seq, old.headline, old.text); END"
    )
    conn.exec_driver_sql(
        "CREATE TRIGGER articles_fts_au AFTER UPDATE OF headline, text ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, headline, text) "
        "VALUES ('delete', old.seq, old.headline, old.text); "
        "INSERT INTO articles_fts(rowid, headline, text) VALUES (new.seq, new.headline, new.text); "
        "END"
    )


@dataclass
class FulltextHit:
    article_id: str
    rank: float
    snippet: str  # matched terms in [brackets]
    snippet_marked: str  # matched terms between \ue000 and \ue001 (for renderers)
    # Half-open character spans of the matched terms in Article.text (not the headline).
    matches: list[tuple[int, int]] = field(default_factory=list)
    headline_matches: list[tuple[int, int]] = field(default_factory=list)


_BAREWORD = re.compile(r"\w+", re.UNICODE)


def _as_terms(query: str) -> str:
    """Turn free text into an FTS5 query of quoted terms (all must match)."""
    words = _BAREWORD.findall(query)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _marked_spans(marked: str | None) -> list[tuple[int, int]]:
    """Offsets of the highlighted stretches, measured in the unmarked text."""
    spans: list[tuple[int, int]] = []
    if not marked:
        return spans
    removed = 0  # marker characters seen so far
    pos = marked.find(_HL_OPEN)
    while pos != -1:
        end = marked.find(_HL_CLOSE, pos + 1)
        if end == -1:
            break
        start = pos - removed
        spans.append((start, start + (end - pos - 1)))
        removed += 2
        pos = marked.find(_HL_OPEN, end + 1)
    return spans


def _spans_in(original: str | None, marked: str | None) -> list[tuple[int, int]]:
    if not original or _HL_OPEN in original or _HL_CLOSE in original:
        return []
    return _marked_spans(marked)


def search(conn: sa.Connection, query: str, limit: int) -> list[FulltextHit]:
    """Rank articles by BM25 for ``query`` (FTS5 syntax; plain words work too).

    A query FTS5 cannot parse (stray quotes, hyphens, colons) is retried as plain terms, so a
    user typing ``al-Salhi`` gets results rather than a syntax error.
    """
    # Rank and cut inside FTS5 first (its built-in "ORDER BY rank LIMIT" path), so snippets and
    # highlights are computed for the rows shown, not for every match: ~2.5x faster.
    sql = sa.text(
        "SELECT a.id AS article_id, a.text AS text, a.headline AS headline, f.rank AS rank, "
        "f.snippet AS snippet, f.marked_text AS marked_text, f.marked_headline AS marked_headline "
        "FROM (SELECT rowid, rank, "
        f"snippet(articles_fts, 1, '{_HL_OPEN}', '{_HL_CLOSE}', '…', 16) AS snippet, "
        f"highlight(articles_fts, 1, '{_HL_OPEN}', '{_HL_CLOSE}') AS marked_text, "
        f"highlight(articles_fts, 0, '{_HL_OPEN}', '{_HL_CLOSE}') AS marked_headline "
        "FROM articles_fts WHERE articles_fts MATCH :q AND rank MATCH 'bm25(5.0, 1.0)' "
        "ORDER BY rank LIMIT :limit) AS f "
        "JOIN articles a ON a.seq = f.rowid ORDER BY f.rank"
    )
    candidates = [query]
    terms = _as_terms(query)
    if terms and terms != query:
        candidates.append(terms)
    last_error: Exception | None = None
    for q in candidates:
        try:
            with conn.begin_nested():
                rows = conn.execute(sql, {"q": q, "limit": limit}).mappings().all()
        except sa.exc.OperationalError as exc:  # FTS5 syntax error: try the next form
            last_error = exc
            continue
        return [
            FulltextHit(
                article_id=r["article_id"],
                rank=float(r["rank"]),
                snippet=(r["snippet"] or "").replace(_HL_OPEN, "[").replace(_HL_CLOSE, "]"),
                snippet_marked=r["snippet"] or "",
                matches=_spans_in(r["text"], r["marked_text"]),
                headline_matches=_spans_in(r["headline"], r["marked_headline"]),
            )
            for r in rows
        ]
    if last_error is not None and not terms:
        return []
    raise last_error  # pragma: no cover - only when even quoted terms fail


def integrity_check(conn: sa.Connection) -> str:
    """``PRAGMA integrity_check`` plus the FTS5 index's own check; "ok" when both pass."""
    result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
    if result != "ok":
        return str(result)
    try:
        conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    except sa.exc.DatabaseError as exc:
        return f"full-text index: {exc}"
    return "ok"
