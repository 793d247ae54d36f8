"""A consolidation pass over a grouping: merge stories that turned out to be one, split off
members that no longer fit. Every change is returned (and logged by the caller).

Incremental assignment sees each article once, against the stories as they were when it
arrived; two early reports phrased differently can found two stories that later evidence
shows to be one. Consolidation compares whole stories (their profiles: mean vector, summed
terms, name counts, time span) with the same weights as assignment:

* **merge** two stories when their profile score reaches ``merge_threshold`` (above the
  assignment threshold: a merge moves many articles at once, so it needs more evidence);
* **split** a member off when its score against the rest of its story falls below
  ``split_threshold`` (well below the assignment threshold: only clear outliers leave).

Stories touched by a user correction are left alone (the user's word wins).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from counterpoint.stories.corrections import Change
from counterpoint.stories.grouping import Grouper, StoryState, story_id_for


@dataclass(frozen=True)
class ConsolidationConfig:
    merge_threshold: float = 0.55  # measured: 0.35-0.45 merged wrongly on both dev files
    split_threshold: float = 0.12
    k: int = 16


def story_pair_score(g: Grouper, a: StoryState, b: StoryState) -> float:
    """Profile-to-profile evidence that two stories are one, on the assignment scale."""
    c = g.config
    va, vb = a.vec_sum, b.vec_sum
    vec = float(np.dot(va, vb) / ((np.linalg.norm(va) * np.linalg.norm(vb)) or 1.0))
    _, wa, na, nwa, qa = g._story_weights(a)
    _, wb, nb, nwb, qb = g._story_weights(b)
    lex = 0.0
    _, ia, ib = np.intersect1d(a.term_ids, b.term_ids, assume_unique=True, return_indices=True)
    if len(ia) and na and nb:
        lex = float(np.dot(wa[ia], wb[ib])) / (na * nb)
    names = 0.0
    num = sum(w * nwb[k] for k, w in nwa.items() if k in nwb)
    if num and qa and qb:
        names = num / (qa * qb)
    score = c.w_vec * vec + c.w_lex * lex + c.w_names * float(names)
    if a.first_day is not None and b.first_day is not None:
        gap = max(0, a.first_day - b.last_day, b.first_day - a.last_day)
        if gap > c.window_days:
            return -1.0
        if gap > c.grace_days:
            score -= c.day_penalty * (gap - c.grace_days)
    return score


def consolidate(
    g: Grouper,
    config: ConsolidationConfig | None = None,
    *,
    only: set[str] | None = None,
    pinned: set[str] = frozenset(),
) -> list[Change]:
    """Merge and split stories of ``g`` in place; ``only`` limits the pass to those stories."""
    config = config or ConsolidationConfig()
    changes: list[Change] = []
    locked = {g.story_of[a] for a in pinned if a in g.story_of}

    # Splits first: an outlier removed makes its story's profile cleaner for the merge pass.
    for sid in list(only if only is not None else g.stories):
        story = g.stories.get(sid)
        if story is None or sid in locked or len(story.members) < 3:
            continue
        for aid in list(story.members):
            f = g.features[aid]
            rest = StoryState(sid)
            for other in story.members:
                if other != aid:
                    rest.add(g.features[other])
            score = g.profile(f, rest).score
            if score < config.split_threshold:
                new = story_id_for(aid)
                if new in g.stories:  # it founded a story it has since left
                    new = story_id_for(f"consolidation:{aid}")
                g.move(aid, new)
                changes.append(Change("split", new, sid, [aid],
                                      {"origin": "consolidation", "score": round(score, 3)}))
                story = g.stories[sid]

    # Merges: each story against the stories of its centroid's nearest articles.
    todo = list(only if only is not None else g.stories)
    for sid in todo:
        story = g.stories.get(sid)
        if story is None or sid in locked:
            continue
        centroid = story.vec_sum / (np.linalg.norm(story.vec_sum) or 1.0)
        seen = set()
        best = None
        for key, _ in g.index.search(centroid, config.k):
            other_id = g.story_of.get(g.by_seq.get(key, ""), None)
            if other_id is None or other_id == sid or other_id in seen or other_id in locked:
                continue
            seen.add(other_id)
            score = story_pair_score(g, story, g.stories[other_id])
            if score >= config.merge_threshold and (best is None or score > best[0]):
                best = (score, other_id)
        if best is None:
            continue
        score, other_id = best
        # The older story keeps its id, so links to it stay good.
        keep, gone = sorted([sid, other_id], key=lambda s: min(g.features[a].seq for a in g.stories[s].members))
        members = list(g.stories[gone].members)
        for aid in members:
            g.move(aid, keep)
        changes.append(Change("merge", keep, gone, members,
                              {"origin": "consolidation", "score": round(score, 3)}))
    return changes
