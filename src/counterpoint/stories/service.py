"""Grouping a workspace: update (new articles only), regroup (everything), corrections, explain.

>>> from counterpoint.store import open_workspace
>>> from counterpoint.stories import update_stories, explain_story
>>> ws = open_workspace("news.db")                       # doctest: +SKIP
>>> summary = update_stories(ws)                         # doctest: +SKIP
>>> explain_story(ws, summary.touched[0])["shared_names"]  # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from counterpoint.errors import UsageError
from counterpoint.stories.consolidate import consolidate
from counterpoint.stories.corrections import Correction, apply, pinned_articles, replay
from counterpoint.stories.features import (
    PLACE_LABELS,
    ArticleFeatures,
    FeatureExtractor,
    day_to_iso,
    parse_day,
)
from counterpoint.stories.grouping import Grouper, GroupingConfig
from counterpoint.stories.index import PgVectorIndex
from counterpoint.stories.repository import CorpusStats, StoryRepository, shared_names


@dataclass
class UpdateSummary:
    grouped: int = 0
    new_stories: int = 0
    joined: int = 0
    wire_copies: int = 0
    consolidation_changes: int = 0
    loaded: int = 0  # earlier articles read back to group the new ones against
    touched: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _day_ranges(days: set[int], width: int) -> list[tuple[int, int]]:
    """Merged inclusive intervals ``[d - width, d + width]`` around each day."""
    out: list[list[int]] = []
    for d in sorted(days):
        if out and d - width <= out[-1][1] + 1:
            out[-1][1] = d + width
        else:
            out.append([d - width, d + width])
    return [(a, b) for a, b in out]


def _window_features(repo: StoryRepository, config: GroupingConfig, new_ids: list[str],
                     today=None) -> list[ArticleFeatures]:
    """The stored articles that ``new_ids`` can be grouped with, and the rest of their stories.

    Grouping compares an article only with articles inside its time window (dated: within
    ``window_days``; either undated: within ``arrival_window`` arrivals) and with the articles
    ingest linked it to as near-duplicates. Those are read back, then every other member of the
    stories they belong to (a story's profile and time span are over all its members). The cost
    is the size of that window, whatever the size of the workspace.
    """
    new_days = [parse_day(p, today=today)[0] for p in repo.published(new_ids).values()]
    days = {d for d in new_days if d is not None}
    min_seq = max(0, repo.next_seq() - config.arrival_window)
    feats = {f.article_id: f for f in repo.features_near(
        _day_ranges(days, config.window_days), min_seq, all_recent=None in new_days)}
    dups: set[str] = set()
    for aid in new_ids:
        dups.update(repo.ws.near_duplicates(aid))
    missing = sorted(dups - set(feats) - set(new_ids))
    if missing:
        feats.update((f.article_id, f) for f in repo.features_for(missing))
    members = repo.memberships_of(set(repo.stories_of(list(feats)).values()))
    rest = [a for a in members if a not in feats]
    if rest:
        feats.update((f.article_id, f) for f in repo.features_for(rest))
    return sorted((f for f in feats.values() if f.article_id in members), key=lambda f: f.seq)


def _use_stats(g: Grouper, st: CorpusStats) -> None:
    """Make ``g`` score with the corpus-wide document frequencies (IDF over every grouped
    article), not those of the few articles it holds. The grouper then counts new articles
    into the same arrays, so :func:`_stats_of` reads the updated totals back."""
    g._df = st.term_df
    g._n = st.n
    g.blocks.df = defaultdict(int, st.name_df)
    g.blocks.n_docs = st.n


def _stats_of(g: Grouper, article_mark: int = 0) -> CorpusStats:
    return CorpusStats(n=g._n, next_seq=g.next_seq, term_df=g._df, name_df=dict(g.blocks.df),
                       article_mark=article_mark)


def load_grouper(
    repo: StoryRepository,
    config: GroupingConfig | None = None,
    *,
    around: list[str] | None = None,
    today=None,
    stats: CorpusStats | None = None,
) -> Grouper:
    """Rebuild the grouping state from the workspace (features and memberships).

    ``around``: ids of articles about to be grouped; only the part of the workspace they can
    join is loaded (see :func:`_window_features`), with the corpus-wide statistics, so that an
    update costs the same in a workspace of ten thousand or a million articles. Without it,
    everything is loaded. On PostgreSQL with pgvector the vectors are not indexed in memory:
    candidate search asks the workspace's HNSW index.
    """
    g = Grouper(config)
    if repo.pgvector:
        g.index = PgVectorIndex(repo.ws, known=g.by_seq)
    if around is None:
        members = repo.memberships()
        feats: Iterable[ArticleFeatures] = repo.iter_features()
    else:
        feats = _window_features(repo, g.config, around, today)
        members = repo.stories_of([f.article_id for f in feats])
    keys, vecs = [], []
    for f in feats:
        sid = members.get(f.article_id)
        if sid is None:
            continue  # features stored but never assigned (an interrupted run)
        g.add(f, sid, index=False)
        keys.append(f.seq)
        vecs.append(f.vector)
    if keys:
        g.index.add_many(np.asarray(keys), np.stack(vecs))
    if around is not None:
        _use_stats(g, stats or repo.load_stats())
    return g


def _grouper_around(repo: StoryRepository, article_ids: list[str]) -> Grouper:
    """A grouping state holding only the stories of ``article_ids`` (all a correction touches),
    so that a correction costs the same in a workspace of a hundred or a million articles."""
    members = repo.memberships_of({repo.story_of(a) for a in article_ids} - {None})
    g = Grouper()
    for f in repo.features_for(list(members)):
        g.add(f, members[f.article_id], index=False)
    return g


def _places_from_analysis(ws, article) -> set[str]:
    """Lower-cased names the stored analysis labels as places (for explanations only: the
    grouping itself uses the same cheap names for every article, analysed or not)."""
    getter = getattr(ws, "get_analysis", None)
    if getter is None:
        return set()
    try:
        an = getter(article.id)
    except Exception:  # an analysis written by a newer/older pipeline must not stop grouping
        return set()
    if an is None:
        return set()
    return {e.name.lower().replace(".", "") for e in an.entities if e.label in PLACE_LABELS}


def update_stories(
    ws,
    *,
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
    extractor: FeatureExtractor | None = None,
    config: GroupingConfig | None = None,
) -> UpdateSummary:
    """Group every stored article that is not grouped yet, then consolidate what changed.

    Decisions for earlier articles are not revisited (stories stay stable); consolidation only
    looks at the stories this run touched, and skips those a user corrected. Only the stories
    inside the new articles' time window are read back (see :func:`load_grouper`).
    """
    repo = StoryRepository(ws)
    summary = UpdateSummary()
    stats = repo.load_stats()
    rows = repo.ungrouped(after=stats.article_mark)
    if not rows:
        return summary
    ids = [aid for _, aid in rows]
    repo.backfill_vectors()
    extractor = extractor or FeatureExtractor()
    g = load_grouper(repo, config, around=ids, today=getattr(extractor, "today", None),
                     stats=stats)
    summary.loaded = len(g.features)
    ids = [i for i in ids if i not in g.story_of]
    seq = max(repo.next_seq(), g.next_seq)
    touched: set[str] = set()
    for start in range(0, len(ids), batch_size):
        arts = [a for a in (ws.get_article(i) for i in ids[start : start + batch_size]) if a]
        feats = extractor.extract(arts, first_seq=seq)
        for a, f in zip(arts, feats):
            places = _places_from_analysis(ws, a)
            f.places = {k for k in f.names if k in places}
        seq += len(feats)
        decisions = [g.assign(f) for f in feats]
        for d in decisions:
            summary.grouped += 1
            summary.new_stories += d.new_story
            summary.joined += not d.new_story
            summary.wire_copies += d.reason == "wire-copy"
            touched.add(d.story_id)
        repo.save_assignments(feats, decisions, g)
        if isinstance(g.index, PgVectorIndex):
            g.index.flush()  # stored now: the database index finds them
        if progress:
            progress(len(arts))
    repo.save_stats(_stats_of(g, max(stats.article_mark, rows[-1][0])))
    corrections = repo.corrections()
    if touched:
        changes = consolidate(g, only=touched & set(g.stories), pinned=pinned_articles(corrections))
        repo.apply_changes(changes, g, "consolidation")
        summary.consolidation_changes = len(changes)
        touched = {s for s in touched if s in g.stories}
        for ch in changes:
            touched.add(ch.story_id)
    summary.touched = sorted(touched)
    return summary


def regroup(ws, *, config: GroupingConfig | None = None) -> UpdateSummary:
    """Group every article again from its stored features, consolidate, then replay the
    user's corrections, so that they hold whatever the new grouping is."""
    repo = StoryRepository(ws)
    g = Grouper(config)
    decisions = {}
    summary = UpdateSummary()
    for f in repo.iter_features():
        d = g.assign(f)
        decisions[f.article_id] = d
        summary.grouped += 1
        summary.new_stories += d.new_story
    corrections = repo.corrections()
    changes = consolidate(g, pinned=pinned_articles(corrections))
    summary.consolidation_changes = len(changes)
    replay(g, corrections)
    repo.replace_all(g, decisions, "regroup")
    repo.save_stats(_stats_of(g))
    summary.touched = sorted(g.stories)
    return summary


# --------------------------------------------------------------------------- corrections


def _article_id(ws, ref: str) -> str:
    a = ws.get_article(ref)
    if a is None:
        raise UsageError(f"no article {ref!r} in the workspace (give its id or an id prefix)")
    return a.id


def _story_id(repo: StoryRepository, ref: str) -> str:
    sid = repo.resolve(ref)
    if sid is None:
        raise UsageError(f"no story {ref!r} (list them with `counterpoint stories`)")
    return sid


def correct(ws, corr: Correction) -> list:
    """Record a correction and apply it now; returns the membership changes."""
    repo = StoryRepository(ws)
    g = _grouper_around(repo, corr.article_ids + corr.anchor_ids)
    missing = [a for a in corr.article_ids + corr.anchor_ids if a not in g.story_of]
    if missing:
        raise UsageError(f"article {missing[0]} is not grouped yet: run `counterpoint stories update`")
    repo.add_correction(corr)
    changes = apply(g, corr)
    repo.apply_changes(changes, g, "user")
    return changes


def move_article(ws, article_ref: str, story_ref: str, note: str | None = None):
    repo = StoryRepository(ws)
    aid = _article_id(ws, article_ref)
    sid = _story_id(repo, story_ref)
    anchors = [m["article_id"] for m in repo.members(sid) if m["article_id"] != aid][:5]
    if not anchors:
        raise UsageError(f"story {sid} has no other article to move {aid} next to")
    return correct(ws, Correction("move", [aid], anchors, note=note))


def merge_stories(ws, story_a: str, story_b: str, note: str | None = None):
    repo = StoryRepository(ws)
    a, b = _story_id(repo, story_a), _story_id(repo, story_b)
    if a == b:
        raise UsageError("cannot merge a story with itself")
    anchors = [m["article_id"] for m in repo.members(a)][:5] + [m["article_id"] for m in repo.members(b)][:5]
    return correct(ws, Correction("merge", [], anchors, note=note))


def split_story(ws, story_ref: str, article_refs: list[str], note: str | None = None):
    repo = StoryRepository(ws)
    sid = _story_id(repo, story_ref)
    ids = [_article_id(ws, r) for r in article_refs]
    members = {m["article_id"] for m in repo.members(sid)}
    outside = [i for i in ids if i not in members]
    if outside:
        raise UsageError(f"article {outside[0]} is not in story {sid}")
    if set(ids) == members:
        raise UsageError("splitting off every article of a story changes nothing")
    return correct(ws, Correction("split", ids, [], note=note))


# --------------------------------------------------------------------------- explain


def explain_story(ws, story_ref: str) -> dict:
    """Why these articles are together: shared names and places, time span, similarities, and
    the decision that put each article in (with the evidence it rested on)."""
    repo = StoryRepository(ws)
    sid = _story_id(repo, story_ref)
    members = repo.members(sid)
    feats = repo.features_for([m["article_id"] for m in members])
    g = Grouper()
    for f in feats:
        g.add(f, sid, index=False)
    names = shared_names(g, sid)
    places = set()
    for f in feats:
        places.update(f.places)
    place_names = [n for n, _ in names if n.lower().replace(".", "") in places]
    sims, lex = [], []
    sample = feats[:30]
    for i, a in enumerate(sample):
        for b in sample[i + 1 :]:
            sims.append(float(np.dot(a.vector, b.vector)))
            lex.append(g.lexical(a, b))
    st = g.stories[sid]
    days = [f.day for f in feats if f.day is not None]
    return {
        "story": sid,
        "size": len(members),
        "time": {
            "first": st.first_date,
            "last": st.last_date,
            "span_days": (max(days) - min(days)) if days else None,
            "undated": sum(f.day is None for f in feats),
        },
        "shared_names": [{"name": n, "articles": c} for n, c in names[:15]],
        "shared_places": place_names[:10],
        "similarity": {
            "pairs": len(sims),
            "mean": round(float(np.mean(sims)), 3) if sims else None,
            "min": round(float(np.min(sims)), 3) if sims else None,
            "lexical_mean": round(float(np.mean(lex)), 3) if lex else None,
        },
        "members": [
            {
                "article": m["article_id"],
                "headline": m["headline"],
                "outlet": m["outlet"],
                "date": day_to_iso(m["day"]) or None,
                "published": m["published"],
                "reason": m["reason"],
                "score": m["score"],
                "decision": m["decision"],
            }
            for m in members
        ],
        "log": [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in repo.log(sid, limit=20)
        ],
    }
