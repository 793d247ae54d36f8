"""The workspace: every article, source, rejection and analysis counterpoint has stored.

:class:`Workspace` is the one storage interface the rest of counterpoint talks to. Its SQL is
SQLAlchemy Core and portable; what only SQLite has (PRAGMAs, FTS5) lives in
:mod:`counterpoint.store.sqlite`.

>>> from counterpoint.store import open_workspace
>>> ws = open_workspace(":memory:")
>>> ws.count_articles()
0
"""

from __future__ import annotations

import re
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Self

import sqlalchemy as sa

from counterpoint.errors import UsageError, WorkspaceError
from counterpoint.models import Article, ArticleAnalysis, Rejection, Removal
from counterpoint.store import schema as t

if TYPE_CHECKING:  # numpy is imported lazily: the CLI starts faster without it
    import numpy as np

_CHUNK = 500  # ids per IN (...) list, well under every backend's parameter limit
_HEX = re.compile(r"^[0-9a-f]+$")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _chunks(seq: Sequence, size: int = _CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


@dataclass
class SearchHit:
    """One full-text search result.

    ``matches`` are half-open spans of the matched terms in ``Article.text``;
    ``snippet`` shows the best passage with matches in ``[brackets]``.
    """

    article_id: str
    headline: str | None
    outlet: str | None
    published: str | None
    snippet: str
    rank: float
    matches: list[tuple[int, int]] = field(default_factory=list)
    headline_matches: list[tuple[int, int]] = field(default_factory=list)
    snippet_marked: str = field(default="", repr=False)  # matches between \ue000 and \ue001

    def as_dict(self) -> dict:
        return {
            "article_id": self.article_id,
            "headline": self.headline,
            "outlet": self.outlet,
            "published": self.published,
            "snippet": self.snippet,
            "rank": self.rank,
            "matches": [list(m) for m in self.matches],
            "headline_matches": [list(m) for m in self.headline_matches],
        }


@dataclass
class SourceRecord:
    """Where one input ended up: ``status`` is ``stored`` (new article) or ``duplicate``
    (its cleaned text was already in the workspace under ``article_id``)."""

    source: str
    article_id: str | None
    status: str = "stored"


class Workspace:
    """A counterpoint workspace over one database.

    Open it with :func:`counterpoint.store.open_workspace`, which also migrates the schema.

    >>> from counterpoint.models import Article, article_id
    >>> ws = open_workspace(":memory:")
    >>> text = "Officials said on Saturday that talks would resume."
    >>> a = Article(id=article_id(text), text=text, raw_text=text, source="a.txt", kind="text")
    >>> ws.add_articles([a]) == [a.id]
    True
    >>> ws.add_articles([a])  # idempotent: the same cleaned text is the same article
    []
    >>> ws.get_article(a.id[:6]).source
    'a.txt'
    """

    def __init__(self, engine: sa.Engine, url: str):
        self.engine = engine
        self.url = url
        self.dialect = engine.dialect.name

    def __repr__(self) -> str:
        return f"Workspace({self.url!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release every connection (the database file stays as it is)."""
        self.engine.dispose()

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """One write transaction: everything inside commits together or not at all.

        Other engineers' stores use it for their own tables::

            with ws.write() as conn:
                conn.execute(stories.insert(), rows)
        """
        with self.engine.connect() as conn:
            conn.execution_options(write=True)  # SQLite: BEGIN IMMEDIATE (see store/sqlite.py)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A read transaction: a consistent snapshot for several queries."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def _insert_ignore(self, table: sa.Table):
        """``INSERT ... ON CONFLICT DO NOTHING`` in the current dialect's spelling."""
        if self.dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        elif self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:  # pragma: no cover - guarded by open_workspace
            raise WorkspaceError(f"unsupported database dialect {self.dialect!r}")
        return insert(table).on_conflict_do_nothing()

    # ------------------------------------------------------------------ writing articles

    def add_articles(self, articles: Iterable[Article]) -> list[str]:
        """Store articles in one transaction; return the ids that were not already stored.

        Idempotent: an article whose id (hash of its cleaned text) is stored already is left
        untouched. ``Article.near_duplicates`` that name stored articles are linked both ways.
        """
        with self.write() as conn:
            return self._add_articles(conn, list(articles))

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored."""
        with self.read() as conn:
            return self._existing_ids(conn, list(ids))

    def _existing_ids(self, conn: sa.Connection, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(ids)):
            found.update(
                conn.execute(sa.select(t.articles.c.id).where(t.articles.c.id.in_(chunk))).scalars()
            )
        return found

    def _add_articles(self, conn: sa.Connection, articles: list[Article]) -> list[str]:
        unique: dict[str, Article] = {}
        for a in articles:
            unique.setdefault(a.id, a)
        if not unique:
            return []
        existing = self._existing_ids(conn, list(unique))
        new = [a for a in unique.values() if a.id not in existing]
        now = _now()
        if new:
            conn.execute(self._insert_ignore(t.articles), [_article_row(a, now) for a in new])
        links = [
            (a.id, other)
            for a in new
            for other in a.near_duplicates
            if other != a.id and (other in unique or other in existing or self._has(conn, other))
        ]
        self._link(conn, links)
        return [a.id for a in new]

    def _has(self, conn: sa.Connection, article_id: str) -> bool:
        q = sa.select(t.articles.c.id).where(t.articles.c.id == article_id)
        return conn.execute(q).first() is not None

    def _link(self, conn: sa.Connection, pairs: Iterable[tuple[str, str]]) -> int:
        now = _now()
        rows = {}
        for a, b in pairs:
            if a != b:
                rows[(a, b)] = {"article_id": a, "other_id": b, "created_at": now}
                rows[(b, a)] = {"article_id": b, "other_id": a, "created_at": now}
        if rows:
            conn.execute(self._insert_ignore(t.near_duplicates), list(rows.values()))
        return len(rows) // 2

    def link_near_duplicates(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Record that each pair of stored articles are near-duplicates (both directions)."""
        with self.write() as conn:
            return self._link(conn, pairs)

    def commit_batch(
        self,
        articles: Sequence[Article] = (),
        *,
        sources: Sequence[SourceRecord] = (),
        rejections: Sequence[Rejection] = (),
        signatures: dict[str, bytes] | None = None,
        links: Sequence[tuple[str, str]] = (),
        run_id: str | None = None,
        before: Callable[[sa.Connection], None] | None = None,
    ) -> list[str]:
        """Write one ingest batch atomically: articles, their sources, signatures, links and
        rejections. Returns the ids newly inserted. This is what makes ingest crash-safe: a
        source is marked done in the same transaction that stores its article.

        ``before(conn)`` runs first inside the write transaction, i.e. after the write lock
        (another writer's batch is either wholly visible or not begun): ingest decides the
        batch's near-duplicate links there, against every article committed so far by any
        process, and may still change ``articles`` and ``signatures``.
        """
        with self.write() as conn:
            if before is not None:
                before(conn)
            new = self._add_articles(conn, list(articles))
            if signatures:
                rows = [{"article_id": k, "signature": v} for k, v in signatures.items()]
                conn.execute(self._insert_ignore(t.article_signatures), rows)
            self._link(conn, links)
            self._record_sources(conn, sources, run_id)
            self._add_rejections(conn, rejections, run_id)
            return new

    # ------------------------------------------------------------------ sources and runs

    def record_source(
        self,
        source: str,
        article_id: str | None,
        status: str = "stored",
        run_id: str | None = None,
    ) -> None:
        """Remember that ``source`` has been ingested (so a re-run can skip it)."""
        with self.write() as conn:
            self._record_sources(conn, [SourceRecord(source, article_id, status)], run_id)

    def _record_sources(
        self, conn: sa.Connection, sources: Sequence[SourceRecord], run_id: str | None
    ) -> None:
        if not sources:
            return
        now = _now()
        by_source = {s.source: s for s in sources}
        # Delete-then-insert is the portable upsert; both run inside the caller's transaction.
        for chunk in _chunks(list(by_source)):
            conn.execute(t.ingest_sources.delete().where(t.ingest_sources.c.source.in_(chunk)))
        conn.execute(
            t.ingest_sources.insert(),
            [
                {
                    "source": s.source,
                    "article_id": s.article_id,
                    "status": s.status,
                    "run_id": run_id,
                    "updated_at": now,
                }
                for s in by_source.values()
            ],
        )

    def source_done(self, source: str) -> bool:
        """True when ``source`` was already ingested into an article (new or duplicate)."""
        return bool(self.sources_done([source]))

    def sources_done(self, sources: Iterable[str]) -> set[str]:
        """The subset of ``sources`` already ingested; one query per 500 sources."""
        sources = list(sources)
        done: set[str] = set()
        with self.read() as conn:
            for chunk in _chunks(sources):
                q = sa.select(t.ingest_sources.c.source).where(t.ingest_sources.c.source.in_(chunk))
                done.update(conn.execute(q).scalars())
        return done

    def source_articles(self, sources: Iterable[str]) -> dict[str, str | None]:
        """For the ``sources`` already ingested: source -> the id of the article it became."""
        c = t.ingest_sources.c
        sources = list(sources)
        found: dict[str, str | None] = {}
        with self.read() as conn:
            for chunk in _chunks(sources):
                q = sa.select(c.source, c.article_id).where(c.source.in_(chunk))
                found.update({s: a for s, a in conn.execute(q)})
        return found

    def start_run(self, specs: Sequence[str]) -> str:
        """Record the start of an ingest run; returns its id (used to tag its rejections)."""
        run_id = uuid.uuid4().hex[:16]
        with self.write() as conn:
            conn.execute(
                t.ingest_runs.insert().values(id=run_id, specs=list(specs), started_at=_now())
            )
        return run_id

    def finish_run(self, run_id: str, summary: dict) -> None:
        with self.write() as conn:
            conn.execute(
                t.ingest_runs.update()
                .where(t.ingest_runs.c.id == run_id)
                .values(finished_at=_now(), summary=summary)
            )

    def add_rejections(self, rejections: Iterable[Rejection], run_id: str | None = None) -> None:
        """Record inputs that could not become articles (kept for the user to audit)."""
        with self.write() as conn:
            self._add_rejections(conn, list(rejections), run_id)

    def _add_rejections(
        self, conn: sa.Connection, rejections: Sequence[Rejection], run_id: str | None
    ) -> None:
        if rejections:
            now = _now()
            conn.execute(
                t.rejections.insert(),
                [
                    {"run_id": run_id, "source": r.source, "reason": r.reason, "created_at": now}
                    for r in rejections
                ],
            )

    def rejections(self, run_id: str | None = None) -> list[Rejection]:
        """Rejections of one run, or of every run, oldest first."""
        q = sa.select(t.rejections.c.source, t.rejections.c.reason).order_by(t.rejections.c.id)
        if run_id is not None:
            q = q.where(t.rejections.c.run_id == run_id)
        with self.read() as conn:
            return [Rejection(source=s, reason=r) for s, r in conn.execute(q)]

    # ------------------------------------------------------------------ reading articles

    def _articles_from_rows(self, conn: sa.Connection, rows: Sequence) -> list[Article]:
        ids = [r.id for r in rows]
        dups: dict[str, list[str]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            q = (
                sa.select(t.near_duplicates.c.article_id, t.near_duplicates.c.other_id)
                .where(t.near_duplicates.c.article_id.in_(chunk))
                .order_by(t.near_duplicates.c.article_id, t.near_duplicates.c.other_id)
            )
            for a, b in conn.execute(q):
                dups[a].append(b)
        return [_article_from_row(r, dups[r.id]) for r in rows]

    def get_article(self, id_or_prefix: str) -> Article | None:
        """The article with this id, or with the only id starting with this prefix.

        Returns None when nothing matches; raises :class:`UsageError` when a prefix is
        ambiguous (the message lists the candidates).
        """
        key = id_or_prefix.strip().lower()
        if not key or not _HEX.match(key):
            return None
        with self.read() as conn:
            rows = conn.execute(sa.select(t.articles).where(t.articles.c.id == key)).all()
            if not rows:
                q = sa.select(t.articles).where(t.articles.c.id.startswith(key)).limit(6)
                rows = conn.execute(q).all()
            if len(rows) > 1:
                shown = ", ".join(r.id for r in rows[:5])
                raise UsageError(
                    f"article id prefix {id_or_prefix!r} is ambiguous ({shown}"
                    f"{', ...' if len(rows) > 5 else ''}); type more characters"
                )
            return self._articles_from_rows(conn, rows)[0] if rows else None

    def _filtered(self, q, outlet: str | None, since: str | None, until: str | None):
        c = t.articles.c
        if outlet:
            q = q.where(sa.func.lower(c.outlet) == outlet.lower())
        if since:
            q = q.where(c.published >= since)
        if until:
            # "until 2023-02-04" includes datetimes on that day: compare at the given precision.
            q = q.where(sa.func.substr(c.published, 1, len(until)) <= until)
        return q

    def list_articles(
        self,
        limit: int = 50,
        offset: int = 0,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Article]:
        """Articles newest first (undated ones last), optionally filtered by outlet and by
        publication date (``since``/``until`` are ISO dates, inclusive).

        >>> ws.list_articles(limit=10, outlet="The Jerusalem Post", since="2023-01-01")  # doctest: +SKIP
        """
        c = t.articles.c
        q = self._filtered(sa.select(t.articles), outlet, since, until)
        q = q.order_by(sa.nulls_last(c.published.desc()), c.seq).limit(limit).offset(offset)
        with self.read() as conn:
            return self._articles_from_rows(conn, conn.execute(q).all())

    def iter_articles(self, batch_size: int = 500) -> Iterator[Article]:
        """Every article in insertion order, fetched ``batch_size`` at a time (keyset paging,
        so memory stays flat and a long iteration never holds a read transaction open)."""
        last = 0
        c = t.articles.c
        while True:
            with self.read() as conn:
                q = sa.select(t.articles).where(c.seq > last).order_by(c.seq).limit(batch_size)
                rows = conn.execute(q).all()
                if not rows:
                    return
                batch = self._articles_from_rows(conn, rows)
                last = rows[-1].seq
            yield from batch

    def count_articles(
        self, outlet: str | None = None, since: str | None = None, until: str | None = None
    ) -> int:
        q = self._filtered(sa.select(sa.func.count()).select_from(t.articles), outlet, since, until)
        with self.read() as conn:
            return int(conn.execute(q).scalar_one())

    def article_ids(self) -> list[str]:
        """Every stored article id, in insertion order."""
        with self.read() as conn:
            return list(
                conn.execute(sa.select(t.articles.c.id).order_by(t.articles.c.seq)).scalars()
            )

    def outlets(self) -> list[tuple[str | None, int]]:
        """(outlet, article count) pairs, most articles first; None is "unknown"."""
        c = t.articles.c
        q = sa.select(c.outlet, sa.func.count()).group_by(c.outlet).order_by(sa.func.count().desc())
        with self.read() as conn:
            return [(o, int(n)) for o, n in conn.execute(q)]

    # ------------------------------------------------------------------ search and duplicates

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over headline and text, best first (BM25; headline weighs more).

        >>> [h.article_id for h in ws.search("security coordination")]  # doctest: +SKIP
        """
        if not query.strip():
            return []
        c = t.articles.c
        with self.read() as conn:
            hits = self._backend().search(conn, query, limit)
            info = {}
            for chunk in _chunks([h.article_id for h in hits]):
                q = sa.select(c.id, c.headline, c.outlet, c.published).where(c.id.in_(chunk))
                info.update({r.id: r for r in conn.execute(q)})
        return [
            SearchHit(
                article_id=h.article_id,
                headline=info[h.article_id].headline,
                outlet=info[h.article_id].outlet,
                published=info[h.article_id].published,
                snippet=h.snippet,
                rank=h.rank,
                matches=h.matches,
                headline_matches=h.headline_matches,
                snippet_marked=h.snippet_marked,
            )
            for h in hits
        ]

    def near_duplicates(self, article_id: str) -> list[str]:
        """Ids of the stored articles linked to ``article_id`` as near-duplicates."""
        q = (
            sa.select(t.near_duplicates.c.other_id)
            .where(t.near_duplicates.c.article_id == article_id)
            .order_by(t.near_duplicates.c.other_id)
        )
        with self.read() as conn:
            return list(conn.execute(q).scalars())

    def near_duplicate_pairs(self) -> list[tuple[str, str]]:
        """Every near-duplicate link once, as ``(a, b)`` with ``a < b``."""
        c = t.near_duplicates.c
        q = sa.select(c.article_id, c.other_id).where(c.article_id < c.other_id)
        with self.read() as conn:
            return [(a, b) for a, b in conn.execute(q)]

    def iter_signatures(self, batch_size: int = 2000) -> Iterator[tuple[str, bytes]]:
        """(article_id, MinHash signature) for every article that has one."""
        c = t.article_signatures.c
        last = ""
        while True:
            with self.read() as conn:
                q = sa.select(c.article_id, c.signature).where(c.article_id > last)
                rows = conn.execute(q.order_by(c.article_id).limit(batch_size)).all()
            if not rows:
                return
            last = rows[-1][0]
            yield from ((a, bytes(s)) for a, s in rows)

    # ------------------------------------------------------------------ analyses

    def save_analysis(self, analysis: ArticleAnalysis, vectors: np.ndarray | None = None) -> None:
        """Store an article's analysis (replacing one of the same pipeline version) and,
        optionally, one embedding per sentence (stored as float16: half the bytes, and cosine
        similarity moves by less than 1e-3).

        ``vectors`` must have one row per ``analysis.sentences``, in order.
        """
        if vectors is not None:
            import numpy as np

            vectors = np.asarray(vectors)
            if vectors.ndim != 2 or vectors.shape[0] != len(analysis.sentences):
                raise ValueError(
                    f"vectors shape {vectors.shape} does not match "
                    f"{len(analysis.sentences)} sentences of article {analysis.article_id}"
                )
        row = {
            "article_id": analysis.article_id,
            "pipeline_version": analysis.pipeline_version,
            "models": dict(analysis.models),
            "data": analysis.model_dump(mode="json"),
            "created_at": _now(),
        }
        a, sv = t.analyses, t.sentence_vectors
        with self.write() as conn:
            if not self._has(conn, analysis.article_id):
                raise WorkspaceError(
                    f"cannot save an analysis of unknown article {analysis.article_id}"
                )
            conn.execute(
                a.delete().where(
                    (a.c.article_id == analysis.article_id)
                    & (a.c.pipeline_version == analysis.pipeline_version)
                )
            )
            conn.execute(a.insert().values(**row))
            if vectors is not None:
                conn.execute(sv.delete().where(sv.c.article_id == analysis.article_id))
                if len(vectors):
                    half = vectors.astype("<f2")
                    conn.execute(
                        sv.insert(),
                        [
                            {
                                "article_id": analysis.article_id,
                                "sentence_index": s.index,
                                "start": s.start,
                                "end": s.end,
                                "dim": half.shape[1],
                                "vector": half[i].tobytes(),
                            }
                            for i, s in enumerate(analysis.sentences)
                        ],
                    )

    def get_analysis(
        self, article_id: str, pipeline_version: str | None = None
    ) -> ArticleAnalysis | None:
        """The stored analysis of an article: of ``pipeline_version``, or the newest one."""
        a = t.analyses
        q = sa.select(a.c.data).where(a.c.article_id == article_id)
        if pipeline_version is not None:
            q = q.where(a.c.pipeline_version == pipeline_version)
        q = q.order_by(a.c.created_at.desc()).limit(1)
        with self.read() as conn:
            data = conn.execute(q).scalar()
        return None if data is None else ArticleAnalysis.model_validate(data)

    def get_sentence_vectors(self, article_id: str) -> np.ndarray | None:
        """The article's sentence embeddings as a float32 array (sentences x dim), in sentence
        order, or None when none are stored."""
        import numpy as np

        sv = t.sentence_vectors
        q = (
            sa.select(sv.c.dim, sv.c.vector)
            .where(sv.c.article_id == article_id)
            .order_by(sv.c.sentence_index)
        )
        with self.read() as conn:
            rows = conn.execute(q).all()
        if not rows:
            return None
        return np.stack([np.frombuffer(v, dtype="<f2", count=d) for d, v in rows]).astype(
            np.float32
        )

    def articles_without_analysis(self, pipeline_version: str) -> list[str]:
        """Ids of articles with no analysis of ``pipeline_version``, in insertion order."""
        a, c = t.analyses, t.articles.c
        done = sa.select(a.c.article_id).where(
            (a.c.article_id == c.id) & (a.c.pipeline_version == pipeline_version)
        )
        q = sa.select(c.id).where(~done.exists()).order_by(c.seq)
        with self.read() as conn:
            return list(conn.execute(q).scalars())

    # ------------------------------------------------------------------ stories

    def get_story(self, id_or_prefix: str):
        """The story with this id (or unique id prefix), or None. Stories live in
        :mod:`counterpoint.stories.repository`; this is the one door other stages use."""
        from counterpoint.stories.repository import StoryRepository

        return StoryRepository(self).get_story(id_or_prefix)

    # ------------------------------------------------------------------ health

    def integrity_check(self) -> str:
        """ "ok" when the database (and its full-text index) is consistent, else the problem."""
        with self.read() as conn:
            return self._backend().integrity_check(conn)

    def _backend(self):
        """The dialect module: :mod:`~counterpoint.store.sqlite` or :mod:`~.postgres`."""
        if self.dialect == "postgresql":
            from counterpoint.store import postgres

            return postgres
        from counterpoint.store import sqlite

        return sqlite


# ---------------------------------------------------------------------- row <-> Article


def _z(text: str | None) -> bytes | None:
    return None if text is None else zlib.compress(text.encode("utf-8"), 6)


def _unz(blob: bytes | None) -> str | None:
    return None if blob is None else zlib.decompress(blob).decode("utf-8")


def _article_row(a: Article, now: datetime) -> dict:
    return {
        "id": a.id,
        "text": a.text,
        "raw_text_z": _z(a.raw_text),
        "raw_html_z": _z(a.raw_html),
        "source": a.source,
        "kind": a.kind,
        "url": a.url,
        "headline": a.headline,
        "standfirst": a.standfirst,
        "byline": a.byline,
        "outlet": a.outlet,
        "outlet_evidence": a.outlet_evidence,
        "published": a.published,
        "date_evidence": a.date_evidence,
        "language": a.language,
        "word_count": a.word_count,
        "removals": [r.model_dump(mode="json") for r in a.removals],
        "metadata": dict(a.metadata),
        "created_at": now,
    }


def _article_from_row(r, near_duplicates: list[str]) -> Article:
    return Article(
        id=r.id,
        text=r.text,
        raw_text=_unz(r.raw_text_z),
        raw_html=_unz(r.raw_html_z),
        source=r.source,
        kind=r.kind,
        url=r.url,
        headline=r.headline,
        standfirst=r.standfirst,
        byline=r.byline,
        outlet=r.outlet,
        outlet_evidence=r.outlet_evidence,
        published=r.published,
        date_evidence=r.date_evidence,
        language=r.language,
        word_count=r.word_count,
        removals=[Removal.model_validate(x) for x in r.removals],
        near_duplicates=near_duplicates,
        metadata=r.metadata,
    )
