"""An update reads back only the part of the workspace its new articles can join (their time
window and those stories), with corpus-wide statistics, and groups exactly as a full load would."""

import numpy as np
import pytest
import stories_scale_corpus as S

from counterpoint.models import article_id
from counterpoint.store import open_workspace
from counterpoint.stories.features import FeatureExtractor
from counterpoint.stories.grouping import GroupingConfig
from counterpoint.stories.repository import CorpusStats, StoryRepository
from counterpoint.stories.service import load_grouper, move_article, update_stories


@pytest.fixture(scope="module")
def extractor():
    return FeatureExtractor(encoder=S.hash_encoder)


@pytest.fixture
def events():
    return S.stream(16)


def _flat(groups):
    return [a for g in groups for a in g]


def test_events_group_as_events_in_one_run(tmp_path, extractor, events):
    ws = open_workspace(tmp_path / "one.db")
    ws.add_articles(_flat(events))
    update_stories(ws, extractor=extractor)
    got = S.partition(StoryRepository(ws).memberships())
    assert got == {frozenset(a.id for a in ev) for ev in events}


def test_windowed_update_loads_the_window_only_and_groups_like_one_run(tmp_path, extractor, events):
    one = open_workspace(tmp_path / "one.db")
    one.add_articles(_flat(events))
    update_stories(one, extractor=extractor)

    ws = open_workspace(tmp_path / "two.db")
    first = _flat(events[:11]) + events[11][:1]
    ws.add_articles(first)
    update_stories(ws, extractor=extractor)
    ws.add_articles(_flat(events)[len(first):])
    summary = update_stories(ws, extractor=extractor)
    # Events 10 and 11 are the only stored ones within 7 days of the new articles (event 11's
    # stragglers, events 12-15): 3 + 1 articles, nothing from the 40 days before.
    assert summary.loaded == 4
    assert summary.grouped == 48 - len(first)
    repo = StoryRepository(ws)
    assert S.partition(repo.memberships()) == S.partition(StoryRepository(one).memberships())


def test_corpus_statistics_are_kept_up_to_date(tmp_path, extractor, events):
    ws = open_workspace(tmp_path / "w.db")
    for chunk in (events[:5], events[5:9], events[9:]):
        ws.add_articles(_flat(chunk))
        update_stories(ws, extractor=extractor)
    repo = StoryRepository(ws)
    stored = repo.load_stats()
    fresh = CorpusStats()
    for f in repo.iter_features():
        fresh.add(f)
    assert stored.n == fresh.n == 48 and stored.next_seq == fresh.next_seq
    assert np.array_equal(stored.term_df, fresh.term_df)
    assert stored.name_df == fresh.name_df
    # A grouper loaded around a few articles scores with the IDF of the whole workspace.
    g = load_grouper(repo, around=[events[15][0].id])
    assert len(g.features) == 6 and g._n == 48 and g.blocks.n_docs == 48  # events 14, 15


def test_update_never_reads_every_feature_row(tmp_path, extractor, events, monkeypatch):
    ws = open_workspace(tmp_path / "w.db")
    ws.add_articles(_flat(events[:12]))
    update_stories(ws, extractor=extractor)
    calls = []
    real = StoryRepository.iter_features

    def spy(self, batch_size=2000, min_seq=0):
        calls.append(min_seq)
        return real(self, batch_size, min_seq)

    monkeypatch.setattr(StoryRepository, "iter_features", spy)
    real_ungrouped = StoryRepository.ungrouped
    marks = []

    def spy_ungrouped(self, after=0):
        marks.append(after)
        return real_ungrouped(self, after)

    monkeypatch.setattr(StoryRepository, "ungrouped", spy_ungrouped)
    ws.add_articles(_flat(events[12:]))
    summary = update_stories(ws, extractor=extractor)
    assert summary.grouped == 12
    assert calls and min(calls) == 36  # only rows newer than the stored statistics (none)
    assert marks == [36]  # new articles are looked for after the last run's mark only
    assert StoryRepository(ws).load_stats().article_mark == 48


def test_interrupted_statistics_catch_up_from_the_missing_rows(tmp_path, extractor, events):
    ws = open_workspace(tmp_path / "w.db")
    ws.add_articles(_flat(events[:4]))
    update_stories(ws, extractor=extractor)
    repo = StoryRepository(ws)
    old = repo.load_stats()
    ws.add_articles(_flat(events[4:6]))
    update_stories(ws, extractor=extractor)
    repo.save_stats(old)  # as if the run had stopped before saving its statistics
    st = repo.load_stats()
    assert st.n == 18 and st.next_seq == 18


def test_undated_article_loads_the_recent_arrivals(tmp_path, extractor, events):
    ws = open_workspace(tmp_path / "w.db")
    ws.add_articles(_flat(events[:8]))
    update_stories(ws, extractor=extractor)
    base = S.event_articles(7)[0]
    text = base.text + " More."
    undated = base.model_copy(update={"published": None, "id": article_id(text), "text": text})
    ws.add_articles([undated])
    summary = update_stories(ws, extractor=extractor, config=GroupingConfig(arrival_window=4))
    # the last 4 arrivals (events 6 and 7's members), then their whole stories: 6 articles
    assert summary.loaded == 6
    assert StoryRepository(ws).story_of(undated.id) == StoryRepository(ws).story_of(base.id)


def test_near_duplicate_outside_the_window_still_joins_its_original(tmp_path, extractor, events):
    ws = open_workspace(tmp_path / "w.db")
    ws.add_articles(_flat(events[:4]))
    update_stories(ws, extractor=extractor)
    orig = events[0][0]
    story_before = StoryRepository(ws).story_of(orig.id)
    text = orig.text + " (Updated.)"
    late = orig.model_copy(update={"id": article_id(text), "published": "2021-09-01", "text": text})
    ws.add_articles([late])
    ws.link_near_duplicates([(late.id, orig.id)])
    summary = update_stories(ws, extractor=extractor)
    repo = StoryRepository(ws)
    assert summary.wire_copies == 1 and summary.loaded == 3
    joins = [r for r in repo.log(limit=50) if r["action"] == "join" and r["article_ids"] == [late.id]]
    # (the decision; consolidation may then split a copy dated months later off again)
    assert joins and joins[0]["story_id"] == story_before


def test_correction_holds_through_a_windowed_update(tmp_path, extractor, events):
    ws = open_workspace(tmp_path / "w.db")
    ws.add_articles(_flat(events[:10]))
    update_stories(ws, extractor=extractor)
    repo = StoryRepository(ws)
    moved, target = events[9][0], events[8][0]
    move_article(ws, moved.id, repo.story_of(target.id))
    ws.add_articles(_flat(events[10:]))
    update_stories(ws, extractor=extractor)
    assert repo.story_of(moved.id) == repo.story_of(target.id)
