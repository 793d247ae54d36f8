"""Consolidation's average-link cut of mixed stories, hubness levels, wire copies (hand-made
features: no model, fast)."""

import numpy as np

from counterpoint.stories.consolidate import (
    ConsolidationConfig, bisect_story, consolidate, cross_score,
)
from counterpoint.stories.features import ArticleFeatures
from counterpoint.stories.grouping import Grouper, GroupingConfig

TOPIC = set(range(1, 5))  # "arrested", "suspicion", "driving", ... shared by both events
JACKSON = dict(vec=[1, 0.6, 0], terms=TOPIC | set(range(20, 27)),
               names=["Chargers", "San Diego", "Vincent Jackson", "Route 163"])
WILLIAMS = dict(vec=[1, -0.6, 0], terms=TOPIC | set(range(40, 47)),
                names=["Chargers", "San Diego", "Jamal Williams", "Interstate 8"])
OTHER = dict(vec=[0, 0, 1], terms=set(range(80, 86)), names=["Talca", "Pinera"])


def feat(i: int, vec, terms, names, day=None, dups=()) -> ArticleFeatures:
    terms = set(terms) | {1000 + 10 * i + k for k in range(3)}  # each its own words too
    v = np.pad(np.asarray(vec, dtype=np.float32), (0, 381))
    v /= np.linalg.norm(v)
    ids = np.asarray(sorted(terms), dtype=np.int64)
    return ArticleFeatures(article_id=f"a{i}", seq=i, headline=f"h{i}", outlet=f"o{i % 3}",
                           day=day, date_note=None if day else "no date", vector=v,
                           term_ids=ids, term_tf=np.ones(len(ids), dtype=np.float32),
                           names={n.lower(): n for n in names}, near_duplicates=list(dups))


def mixed_grouper(threshold: float = -5.0) -> Grouper:
    """Two DUI arrests of one team's players, interleaved; a threshold that lets everything
    join makes one story of both (what a chain of same-kind reports does in practice)."""
    g = Grouper(GroupingConfig(threshold=threshold))
    for i in range(10):
        g.assign(feat(i, **(JACKSON if i % 2 == 0 else WILLIAMS)))
    for i in range(10, 13):
        g.assign(feat(i, **OTHER))
    return g


def test_bisect_story_cuts_two_blocks_and_keeps_one():
    two = np.full((6, 6), -0.2)
    two[:3, :3] = two[3:, 3:] = 0.3
    parts = bisect_story(two, threshold=0.0)
    assert sorted(map(sorted, parts)) == [[0, 1, 2], [3, 4, 5]]
    one = np.full((4, 4), 0.3)
    assert [sorted(p) for p in bisect_story(one, threshold=0.0)] == [[0, 1, 2, 3]]


def test_a_story_of_two_same_kind_events_is_cut_into_its_events():
    g = mixed_grouper()
    assert len({g.story_of[f"a{i}"] for i in range(10)}) == 1  # assignment merged them
    founding = g.story_of["a0"]
    changes = consolidate(g)
    jackson = {g.story_of[f"a{i}"] for i in range(0, 10, 2)}
    williams = {g.story_of[f"a{i}"] for i in range(1, 10, 2)}
    assert len(jackson) == 1 and len(williams) == 1 and jackson != williams
    assert jackson == {founding}  # the part holding the founding article keeps the id
    cut = [c for c in changes if c.detail.get("criterion") == "average-link"]
    assert cut and cut[0].action == "split" and cut[0].other_story_id == founding
    assert sorted(cut[0].article_ids) == sorted(f"a{i}" for i in range(1, 10, 2))
    # a second pass finds nothing to do: the merge pass does not undo the cut
    assert consolidate(g) == []


def test_the_cut_can_be_turned_off():
    g = mixed_grouper()
    consolidate(g, ConsolidationConfig(bisect_threshold=None, merge_threshold=9.0))
    assert len({g.story_of[f"a{i}"] for i in range(10)}) == 1


def test_a_coherent_story_is_not_cut():
    g = Grouper()
    for i in range(6):
        g.assign(feat(i, **JACKSON))
    for i in range(6, 9):
        g.assign(feat(i, **OTHER))
    before = dict(g.story_of)
    assert consolidate(g) == []
    assert g.story_of == before and len({before[f"a{i}"] for i in range(6)}) == 1


def test_cross_score_is_higher_within_an_event_than_across():
    g = mixed_grouper()
    j = [f"a{i}" for i in range(0, 10, 2)]
    w = [f"a{i}" for i in range(1, 10, 2)]
    assert cross_score(g, j[:2], j[2:], 0.75) > cross_score(g, j, w, 0.75)


def test_hub_levels_are_kept_on_both_sides_and_rebuilt_when_missing():
    g = mixed_grouper(threshold=0.22)
    level = g.hub_level("a0")
    assert 0 < level < 1
    # a0 arrived first: its level comes from later arrivals pushing their scores to it
    assert len(g._best["a0"]) == g.config.hub_k
    g._best.pop("a0")  # as in a grouper rebuilt from storage
    assert abs(g.hub_level("a0") - level) < 0.05


def test_wire_copy_reposted_weeks_later_stays_in_its_story():
    g = Grouper()
    for i in range(4):
        g.assign(feat(i, **JACKSON, day=14000 + i % 2))
    copy = feat(4, **dict(JACKSON, terms=set(JACKSON["terms"]) | {1000, 1001, 1002}),
                day=14020, dups=["a0"])
    d = g.assign(copy)
    assert d.reason == "wire-copy" and g.story_of["a4"] == g.story_of["a0"]
    consolidate(g)
    assert g.story_of["a4"] == g.story_of["a0"]


def test_move_many_rebuilds_the_stories_left_once_and_drops_empty_ones():
    g = mixed_grouper()
    sid = g.story_of["a0"]
    jackson = [f"a{i}" for i in range(0, 10, 2)]
    g.move_many(jackson, "s-new")
    assert {g.story_of[a] for a in jackson} == {"s-new"}
    assert sorted(g.stories["s-new"].members) == sorted(jackson)
    assert set(g.stories[sid].members).isdisjoint(jackson)
    g.move_many(list(g.stories[sid].members), "s-new")
    assert sid not in g.stories and len(g.stories["s-new"].members) == 13


def test_a_wire_copy_across_two_stories_passes_the_merge_test():
    g = mixed_grouper(threshold=0.22)
    copy = feat(20, **WILLIAMS, dups=["a0"])
    g.add(copy, "s-copy")
    assert cross_score(g, ["a0"], ["a20"], 0.75) == 1.0
    assert cross_score(g, ["a2"], ["a20"], 0.75) < 0.2
