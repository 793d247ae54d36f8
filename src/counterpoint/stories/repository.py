"""The stories tables (migrations ``m0003_stories``, ``m0004_story_state``), read and written
with SQLAlchemy Core on ``Workspace.engine``: grouping features, stories, members, the grouping
log, corrections, and the corpus statistics an update needs without reading every feature row.

On PostgreSQL with pgvector, each feature row's vector is also written to ``story_features.vec``
(see :func:`counterpoint.store.postgres.setup_pgvector`)."""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import sqlalchemy as sa

from counterpoint.models import Story
from counterpoint.stories.corrections import Change, Correction
from counterpoint.stories.features import N_TERMS, ArticleFeatures
from counterpoint.stories.grouping import Decision, Grouper

meta = sa.MetaData()
articles = sa.Table(
    "articles", meta,
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("id", sa.String(64)),
    sa.Column("headline", sa.Text),
    sa.Column("outlet", sa.String(200)),
    sa.Column("published", sa.String(40)),
)
story_features = sa.Table(
    "story_features", meta,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("seq", sa.Integer),
    sa.Column("day", sa.Integer),
    sa.Column("date_note", sa.Text),
    sa.Column("headline", sa.Text),
    sa.Column("outlet", sa.String(200)),
    sa.Column("vector", sa.LargeBinary),
    sa.Column("term_ids", sa.LargeBinary),
    sa.Column("term_tf", sa.LargeBinary),
    sa.Column("names", sa.JSON),
    sa.Column("places", sa.JSON),
    sa.Column("text_chars", sa.Integer),
)
stories = sa.Table(
    "stories", meta,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("headline", sa.Text),
    sa.Column("first_date", sa.String(10)),
    sa.Column("last_date", sa.String(10)),
    sa.Column("size", sa.Integer),
    sa.Column("outlets", sa.JSON),
    sa.Column("names", sa.JSON),
    sa.Column("updated_at", sa.DateTime),
)
story_members = sa.Table(
    "story_members", meta,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("story_id", sa.String(32)),
    sa.Column("reason", sa.String(32)),
    sa.Column("score", sa.Float),
    sa.Column("decision", sa.JSON),
    sa.Column("updated_at", sa.DateTime),
)
grouping_log = sa.Table(
    "grouping_log", meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime),
    sa.Column("action", sa.String(32)),
    sa.Column("story_id", sa.String(32)),
    sa.Column("other_story_id", sa.String(32)),
    sa.Column("article_ids", sa.JSON),
    sa.Column("origin", sa.String(32)),
    sa.Column("detail", sa.JSON),
)
story_stats = sa.Table(
    "story_stats", meta,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("next_seq", sa.Integer),
    sa.Column("n", sa.Integer),
    sa.Column("value", sa.LargeBinary),
)
story_corrections = sa.Table(
    "story_corrections", meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime),
    sa.Column("action", sa.String(16)),
    sa.Column("article_ids", sa.JSON),
    sa.Column("anchor_ids", sa.JSON),
    sa.Column("note", sa.Text),
)

_CHUNK = 500


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# --------------------------------------------------------------------------- features


def _feature_row(f: ArticleFeatures) -> dict:
    return {
        "article_id": f.article_id,
        "seq": f.seq,
        "day": f.day,
        "date_note": f.date_note,
        "headline": f.headline,
        "outlet": f.outlet,
        "vector": f.vector.astype("<f2").tobytes(),
        "term_ids": f.term_ids.astype("<i4").tobytes(),
        "term_tf": f.term_tf.astype("<f2").tobytes(),
        "names": f.names,
        "places": sorted(f.places),
        "text_chars": f.text_chars,
    }


def _features_from_row(r) -> ArticleFeatures:
    return ArticleFeatures(
        article_id=r.article_id,
        seq=r.seq,
        headline=r.headline,
        outlet=r.outlet,
        day=r.day,
        date_note=r.date_note,
        vector=np.frombuffer(r.vector, dtype="<f2").astype(np.float32),
        term_ids=np.frombuffer(r.term_ids, dtype="<i4").astype(np.int64),
        term_tf=np.frombuffer(r.term_tf, dtype="<f2").astype(np.float32),
        names=dict(r.names or {}),
        places=set(r.places or []),
        text_chars=r.text_chars or 0,
    )


@dataclass
class CorpusStats:
    """Document frequencies over every grouped article: what IDF needs, without the articles.

    ``next_seq``: every feature row with a smaller arrival number is counted.
    """

    n: int = 0
    next_seq: int = 0
    article_mark: int = 0  # every article with a smaller or equal ``articles.seq`` was grouped
    term_df: np.ndarray = field(default_factory=lambda: np.zeros(N_TERMS, dtype=np.int32))
    name_df: dict[str, int] = field(default_factory=dict)

    def add(self, f: ArticleFeatures) -> None:
        self.n += 1
        self.next_seq = max(self.next_seq, f.seq + 1)
        self.term_df[f.term_ids] += 1
        for k in f.names:
            self.name_df[k] = self.name_df.get(k, 0) + 1


class StoryRepository:
    """Everything grouping keeps in a workspace."""

    def __init__(self, workspace):
        self.ws = workspace
        self._pgvector: bool | None = None

    @property
    def pgvector(self) -> bool:
        """True when grouping vectors are stored in pgvector (PostgreSQL with the extension)."""
        if self._pgvector is None:
            self._pgvector = False
            if self.ws.engine.dialect.name == "postgresql":
                from counterpoint.store.postgres import has_vector_column

                with self.ws.read() as conn:
                    self._pgvector = has_vector_column(conn)
        return self._pgvector

    def backfill_vectors(self) -> int:
        """Store the pgvector copy of feature rows that lack one (e.g. copied from SQLite)."""
        if not self.pgvector:
            return 0
        from counterpoint.store.postgres import backfill_vectors

        with self.ws.read() as conn:
            missing = conn.execute(sa.text(
                "SELECT 1 FROM story_features WHERE vec IS NULL LIMIT 1")).first()
        if missing is None:
            return 0
        with self.ws.write() as conn:
            return backfill_vectors(conn)

    # ------------------------------------------------------------------ corpus statistics

    def load_stats(self) -> CorpusStats:
        """The stored corpus statistics, brought up to date with any feature rows stored after
        them (an interrupted run): the cost is that of the missing rows, not the workspace."""
        with self.ws.read() as conn:
            rows = {r.name: r for r in conn.execute(sa.select(story_stats))}
        st = CorpusStats()
        terms, names = rows.get("terms"), rows.get("names")
        if terms is not None and names is not None and terms.next_seq == names.next_seq:
            packed = np.frombuffer(zlib.decompress(terms.value), dtype="<i4")
            half = len(packed) // 2
            st.term_df[packed[:half]] = packed[half:]
            st.name_df = json.loads(zlib.decompress(names.value))
            st.n, st.next_seq = int(terms.n), int(terms.next_seq)
            mark = rows.get("articles")
            st.article_mark = int(mark.n) if mark is not None else 0
        for f in self.iter_features(min_seq=st.next_seq):
            st.add(f)
        return st

    def save_stats(self, st: CorpusStats) -> None:
        nz = np.flatnonzero(st.term_df).astype("<i4")
        terms = zlib.compress(np.concatenate([nz, st.term_df[nz].astype("<i4")]).tobytes(), 1)
        names = zlib.compress(json.dumps(st.name_df, ensure_ascii=False).encode(), 1)
        with self.ws.write() as conn:
            conn.execute(story_stats.delete())
            conn.execute(story_stats.insert(), [
                {"name": "terms", "next_seq": st.next_seq, "n": st.n, "value": terms},
                {"name": "names", "next_seq": st.next_seq, "n": st.n, "value": names},
                {"name": "articles", "next_seq": st.next_seq, "n": st.article_mark, "value": b""},
            ])

    # ------------------------------------------------------------------ features

    def next_seq(self) -> int:
        with self.ws.read() as conn:
            top = conn.execute(sa.select(sa.func.max(story_features.c.seq))).scalar()
        return 0 if top is None else int(top) + 1

    def ungrouped_ids(self, after: int = 0) -> list[str]:
        """Stored articles that have no grouping features yet, in insertion order."""
        return [aid for _, aid in self.ungrouped(after)]

    def ungrouped(self, after: int = 0) -> list[tuple[int, str]]:
        """``(articles.seq, id)`` of ungrouped articles inserted after ``after`` (an
        ``articles.seq``): with the last run's mark, only the new rows are looked at."""
        a, f = articles.c, story_features.c
        q = (
            sa.select(a.seq, a.id)
            .select_from(articles.outerjoin(story_features, a.id == f.article_id))
            .where(f.article_id.is_(None) & (a.seq > after))
            .order_by(a.seq)
        )
        with self.ws.read() as conn:
            return [(int(s), i) for s, i in conn.execute(q)]

    def iter_features(self, batch_size: int = 2000, min_seq: int = 0) -> Iterator[ArticleFeatures]:
        """Every stored feature row (from arrival number ``min_seq``) in arrival order."""
        last = min_seq - 1
        c = story_features.c
        while True:
            with self.ws.read() as conn:
                rows = conn.execute(
                    sa.select(story_features).where(c.seq > last).order_by(c.seq).limit(batch_size)
                ).all()
            if not rows:
                return
            last = rows[-1].seq
            yield from (_features_from_row(r) for r in rows)

    def features_for(self, ids: list[str]) -> list[ArticleFeatures]:
        out = []
        with self.ws.read() as conn:
            for i in range(0, len(ids), _CHUNK):
                rows = conn.execute(sa.select(story_features).where(
                    story_features.c.article_id.in_(ids[i : i + _CHUNK]))).all()
                out.extend(_features_from_row(r) for r in rows)
        return sorted(out, key=lambda f: f.seq)

    def published(self, ids: list[str]) -> dict[str, str | None]:
        """``{article_id: published}`` for stored articles."""
        out: dict[str, str | None] = {}
        with self.ws.read() as conn:
            for i in range(0, len(ids), _CHUNK):
                out.update(conn.execute(sa.select(articles.c.id, articles.c.published)
                                        .where(articles.c.id.in_(ids[i : i + _CHUNK]))).all())
        return out

    def features_near(self, day_ranges: list[tuple[int, int]], min_seq: int, *,
                      all_recent: bool) -> list[ArticleFeatures]:
        """The stored feature rows new articles can be compared with, in arrival order:
        those dated inside one of ``day_ranges`` (inclusive), and those that arrived at
        ``min_seq`` or later — only the undated ones unless ``all_recent`` (an undated new
        article is compared by arrival order with every recent article). Uses the indexes on
        ``day`` and ``seq``: the cost is the size of the window, not of the workspace."""
        c = story_features.c
        found: dict[str, ArticleFeatures] = {}
        recent = c.seq >= min_seq
        if not all_recent:
            recent = recent & c.day.is_(None)
        with self.ws.read() as conn:
            for lo, hi in day_ranges:
                for r in conn.execute(sa.select(story_features).where(c.day.between(lo, hi))):
                    found[r.article_id] = _features_from_row(r)
            for r in conn.execute(sa.select(story_features).where(recent)):
                found[r.article_id] = _features_from_row(r)
        return sorted(found.values(), key=lambda f: f.seq)

    # ------------------------------------------------------------------ memberships

    def memberships(self) -> dict[str, str]:
        with self.ws.read() as conn:
            return dict(conn.execute(sa.select(story_members.c.article_id, story_members.c.story_id)).all())

    def stories_of(self, article_ids: list[str]) -> dict[str, str]:
        """``{article_id: story_id}`` for those of ``article_ids`` that are grouped."""
        out: dict[str, str] = {}
        m = story_members.c
        with self.ws.read() as conn:
            for i in range(0, len(article_ids), _CHUNK):
                out.update(conn.execute(sa.select(m.article_id, m.story_id).where(
                    m.article_id.in_(article_ids[i : i + _CHUNK]))).all())
        return out

    def memberships_of(self, story_ids: set[str]) -> dict[str, str]:
        """``{article_id: story_id}`` for the members of the given stories."""
        ids = sorted(story_ids)
        out: dict[str, str] = {}
        with self.ws.read() as conn:
            for i in range(0, len(ids), _CHUNK):
                out.update(conn.execute(
                    sa.select(story_members.c.article_id, story_members.c.story_id)
                    .where(story_members.c.story_id.in_(ids[i : i + _CHUNK]))).all())
        return out

    def save_assignments(
        self,
        feats: list[ArticleFeatures],
        decisions: list[Decision],
        grouper: Grouper,
    ) -> None:
        """Store new articles' features and decisions, and refresh the stories they touched."""
        now = _now()
        with self.ws.write() as conn:
            if feats:
                conn.execute(story_features.insert(), [_feature_row(f) for f in feats])
                if self.pgvector:
                    from counterpoint.store.postgres import store_vectors

                    store_vectors(conn, [(f.article_id, f.vector) for f in feats])
            self._write_members(conn, decisions, now)
            log = [
                {"at": now, "action": "new" if d.new_story else "join", "story_id": d.story_id,
                 "other_story_id": None, "article_ids": [d.article_id], "origin": "grouping",
                 "detail": {"reason": d.reason, "score": d.as_dict()["score"]}}
                for d in decisions
            ]
            if log:
                conn.execute(grouping_log.insert(), log)
            self._refresh(conn, {d.story_id for d in decisions}, grouper, now)

    def _write_members(self, conn, decisions: list[Decision], now) -> None:
        ids = [d.article_id for d in decisions]
        for i in range(0, len(ids), _CHUNK):
            conn.execute(story_members.delete().where(story_members.c.article_id.in_(ids[i : i + _CHUNK])))
        if decisions:
            conn.execute(
                story_members.insert(),
                [
                    {"article_id": d.article_id, "story_id": d.story_id, "reason": d.reason,
                     "score": d.score, "decision": d.as_dict(), "updated_at": now}
                    for d in decisions
                ],
            )

    def apply_changes(self, changes: list[Change], grouper: Grouper, origin: str) -> None:
        """Record membership changes (corrections, consolidation) and refresh their stories."""
        if not changes:
            return
        now = _now()
        touched: set[str] = set()
        with self.ws.write() as conn:
            for ch in changes:
                touched.update(s for s in (ch.story_id, ch.other_story_id) if s)
                conn.execute(
                    story_members.update()
                    .where(story_members.c.article_id.in_(ch.article_ids))
                    .values(story_id=ch.story_id, reason=origin if origin == "user" else ch.action,
                            updated_at=now)
                )
            conn.execute(grouping_log.insert(), [
                {"at": now, "action": ch.action, "story_id": ch.story_id,
                 "other_story_id": ch.other_story_id, "article_ids": ch.article_ids,
                 "origin": origin, "detail": ch.detail}
                for ch in changes
            ])
            self._refresh(conn, touched, grouper, now)

    def replace_all(self, grouper: Grouper, decisions: dict[str, Decision], origin: str) -> None:
        """Rewrite every membership and story from ``grouper`` (after a full regrouping)."""
        now = _now()
        with self.ws.write() as conn:
            conn.execute(story_members.delete())
            conn.execute(stories.delete())
            rows = []
            for aid, sid in grouper.story_of.items():
                d = decisions.get(aid)
                rows.append({
                    "article_id": aid, "story_id": sid,
                    "reason": d.reason if d and d.story_id == sid else "regrouped",
                    "score": d.score if d else None,
                    "decision": d.as_dict() if d else None, "updated_at": now,
                })
            for i in range(0, len(rows), _CHUNK):
                conn.execute(story_members.insert(), rows[i : i + _CHUNK])
            conn.execute(grouping_log.insert().values(
                at=now, action="regroup", story_id=None, other_story_id=None,
                article_ids=[], origin=origin,
                detail={"articles": len(rows), "stories": len(grouper.stories)}))
            self._refresh(conn, set(grouper.stories), grouper, now)

    def _refresh(self, conn, story_ids: Iterable[str], grouper: Grouper, now) -> None:
        """Recompute the listing row of each story in ``story_ids`` (deleting emptied ones)."""
        ids = list(story_ids)
        for i in range(0, len(ids), _CHUNK):
            conn.execute(stories.delete().where(stories.c.id.in_(ids[i : i + _CHUNK])))
        rows = []
        for sid in ids:
            st = grouper.stories.get(sid)
            if st is None or not st.members:
                continue
            feats = [grouper.features[a] for a in st.members]
            rows.append({
                "id": sid,
                "headline": representative_headline(grouper, sid),
                "first_date": st.first_date,
                "last_date": st.last_date,
                "size": len(feats),
                "outlets": sorted({f.outlet for f in feats if f.outlet}),
                "names": [n for n, _ in shared_names(grouper, sid)[:12]],
                "updated_at": now,
            })
        for i in range(0, len(rows), _CHUNK):
            conn.execute(stories.insert(), rows[i : i + _CHUNK])

    # ------------------------------------------------------------------ corrections and log

    def add_correction(self, corr: Correction) -> int:
        with self.ws.write() as conn:
            res = conn.execute(story_corrections.insert().values(
                at=_now(), action=corr.action, article_ids=corr.article_ids,
                anchor_ids=corr.anchor_ids, note=corr.note))
            corr.id = int(res.inserted_primary_key[0])
        return corr.id

    def corrections(self) -> list[Correction]:
        c = story_corrections.c
        with self.ws.read() as conn:
            rows = conn.execute(sa.select(story_corrections).order_by(c.id)).all()
        return [Correction(r.action, list(r.article_ids), list(r.anchor_ids), r.id, r.note)
                for r in rows]

    def log(self, story_id: str | None = None, limit: int = 100) -> list[dict]:
        c = grouping_log.c
        q = sa.select(grouping_log).order_by(c.id.desc()).limit(limit)
        if story_id:
            q = q.where((c.story_id == story_id) | (c.other_story_id == story_id))
        with self.ws.read() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    # ------------------------------------------------------------------ reading stories

    def resolve(self, id_or_prefix: str) -> str | None:
        """A story id from a full id or a unique prefix (None when none or ambiguous)."""
        c = stories.c
        with self.ws.read() as conn:
            found = list(conn.execute(
                sa.select(c.id).where(c.id.like(id_or_prefix.replace("%", "") + "%")).limit(2)
            ).scalars())
        return found[0] if len(found) == 1 else (id_or_prefix if id_or_prefix in found else None)

    def story_of(self, article_id: str) -> str | None:
        with self.ws.read() as conn:
            return conn.execute(
                sa.select(story_members.c.story_id).where(story_members.c.article_id == article_id)
            ).scalar()

    def members(self, story_id: str) -> list[dict]:
        """The members of a story in arrival order, with their stored decision."""
        m, f, a = story_members.c, story_features.c, articles.c
        q = (
            sa.select(m.article_id, m.reason, m.score, m.decision, f.seq, f.day, f.headline,
                      f.outlet, f.names, f.places, a.published)
            .select_from(story_members.join(story_features, m.article_id == f.article_id)
                         .join(articles, a.id == m.article_id))
            .where(m.story_id == story_id)
            .order_by(f.seq)
        )
        with self.ws.read() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def get_story(self, id_or_prefix: str) -> Story | None:
        sid = self.resolve(id_or_prefix)
        if sid is None:
            return None
        with self.ws.read() as conn:
            row = conn.execute(sa.select(stories).where(stories.c.id == sid)).first()
        if row is None:
            return None
        ids = [m["article_id"] for m in self.members(sid)]
        return Story(id=row.id, headline=row.headline, article_ids=ids, outlets=list(row.outlets or []),
                     first_date=row.first_date, last_date=row.last_date, size=row.size)

    def list_stories(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        search: str | None = None,
        min_size: int = 1,
        limit: int = 50,
    ) -> list[Story]:
        """Stories, newest first (undated last), filtered on the listing columns.

        ``since``/``until`` keep stories whose span overlaps the range; ``outlet`` and
        ``entity`` match case-insensitively inside the outlet and shared-name lists;
        ``search`` matches the representative headline or any member's headline.
        """
        c = stories.c
        q = sa.select(stories).where(c.size >= min_size)
        if since:
            q = q.where(c.last_date >= since)
        if until:
            q = q.where(c.first_date <= until)
        if search:
            like = f"%{search.lower()}%"
            member_hit = (
                sa.select(story_members.c.story_id)
                .join(story_features, story_features.c.article_id == story_members.c.article_id)
                .where(sa.func.lower(story_features.c.headline).like(like))
            )
            q = q.where(sa.func.lower(c.headline).like(like) | c.id.in_(member_hit))
        q = q.order_by(sa.nulls_last(c.last_date.desc()), c.size.desc(), c.id)
        out: list[Story] = []
        with self.ws.read() as conn:
            rows = conn.execute(q if (outlet or entity) else q.limit(limit)).all()
        for r in rows:
            outlets = list(r.outlets or [])
            if outlet and not any(outlet.lower() in o.lower() for o in outlets):
                continue
            if entity and not any(entity.lower() in n.lower() for n in (r.names or [])):
                continue
            out.append(Story(id=r.id, headline=r.headline, outlets=outlets, first_date=r.first_date,
                             last_date=r.last_date, size=r.size))
            if len(out) >= limit:
                break
        return out

    def story_names(self, story_id: str) -> list[str]:
        with self.ws.read() as conn:
            names = conn.execute(sa.select(stories.c.names).where(stories.c.id == story_id)).scalar()
        return list(names or [])


# --------------------------------------------------------------------------- summaries


def shared_names(grouper: Grouper, story_id: str) -> list[tuple[str, int]]:
    """Names carried by at least two members (all names for a one-article story), with counts,
    most widely shared first."""
    st = grouper.stories[story_id]
    counts: Counter = Counter()
    display: dict[str, str] = {}
    for aid in st.members:
        f = grouper.features[aid]
        for k, v in f.names.items():
            counts[k] += 1
            display.setdefault(k, v)
    need = 2 if len(st.members) > 1 else 1
    ranked = sorted((k for k, n in counts.items() if n >= need),
                    key=lambda k: (-counts[k], -grouper.blocks.idf(k)))
    return [(display[k], counts[k]) for k in ranked]


def representative_headline(grouper: Grouper, story_id: str) -> str | None:
    """The member headline closest to the story's mean vector (the most typical report)."""
    st = grouper.stories[story_id]
    feats = [grouper.features[a] for a in st.members if grouper.features[a].headline]
    if not feats:
        return None
    centroid = st.vec_sum / (np.linalg.norm(st.vec_sum) or 1.0)
    best = max(feats, key=lambda f: float(np.dot(f.vector, centroid)))
    return best.headline


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)
