"""Consolidation and corrections on hand-made features (no model: fast)."""

import numpy as np

from counterpoint.stories.consolidate import ConsolidationConfig, consolidate
from counterpoint.stories.corrections import Correction, apply, replay
from counterpoint.stories.features import ArticleFeatures
from counterpoint.stories.grouping import Grouper, GroupingConfig


def feat(i: int, vec, terms, names, day=100) -> ArticleFeatures:
    terms = set(terms) | {1000 + 10 * i + k for k in range(4)}  # each its own words too
    v = np.asarray(vec, dtype=np.float32)
    v = np.pad(v, (0, 384 - len(v)))
    v /= np.linalg.norm(v)
    ids = np.asarray(sorted(terms), dtype=np.int64)
    return ArticleFeatures(article_id=f"a{i}", seq=i, headline=f"h{i}", outlet=f"o{i % 3}",
                           day=day, date_note=None, vector=v, term_ids=ids,
                           term_tf=np.ones(len(ids), dtype=np.float32),
                           names={n.lower(): n for n in names})


QUAKE = dict(vec=[1, 0.1, 0], terms={1, 2, 3, 4, 5, 6}, names=["Van", "Ercis", "Erdogan"])
OTHER = dict(vec=[0, 0, 1], terms={50, 51, 52, 53}, names=["Talca", "Pinera"])


def grouped(threshold: float) -> Grouper:
    g = Grouper(GroupingConfig(threshold=threshold))
    for i in range(4):
        g.assign(feat(i, **QUAKE))
    for i in range(4, 6):
        g.assign(feat(i, **OTHER))
    return g


def test_consolidation_merges_stories_that_are_one_and_records_it():
    g = grouped(threshold=5.0)  # nothing can join: every article founds a story
    assert len(g.stories) == 6
    changes = consolidate(g, ConsolidationConfig(merge_threshold=0.55))
    assert len(g.stories) == 2
    assert {g.story_of[f"a{i}"] for i in range(4)} == {g.story_of["a0"]}  # oldest id kept
    assert g.story_of["a4"] == g.story_of["a5"] != g.story_of["a0"]
    assert changes and all(c.action == "merge" and c.detail["origin"] == "consolidation"
                           for c in changes)
    assert sum(len(c.article_ids) for c in changes) == 4


def test_consolidation_splits_off_an_outlier_and_spares_pinned_stories():
    g = grouped(threshold=0.3)
    outlier = feat(9, **OTHER)
    g.add(outlier, g.story_of["a0"])  # forced into the quake story
    changes = consolidate(g, pinned={"a1"})  # a user placed a1 there: leave that story alone
    assert changes == [] and g.story_of["a9"] == g.story_of["a0"]
    changes = consolidate(g)
    # split off the quake story, then merged where it belongs
    assert [c.action for c in changes] == ["split", "merge"]
    assert changes[0].article_ids == ["a9"] and changes[0].other_story_id == g.story_of["a0"]
    assert g.story_of["a9"] == g.story_of["a4"] != g.story_of["a0"]


def test_replayed_corrections_are_idempotent():
    g = grouped(threshold=0.3)
    quake, other = g.story_of["a0"], g.story_of["a4"]
    corrections = [Correction("move", ["a3"], ["a4"], id=1), Correction("split", ["a1"], [], id=2)]
    first = replay(g, corrections)
    assert g.story_of["a3"] == other and g.story_of["a1"] not in (quake, other)
    assert len(first) == 2
    assert replay(g, corrections) == []  # already in force: nothing changes
    merge = Correction("merge", [], ["a0", "a1"], id=3)
    apply(g, merge)
    assert g.story_of["a1"] == g.story_of["a0"] == quake
