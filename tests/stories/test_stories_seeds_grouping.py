"""The two seed reports of one event land in one story, among unrelated and same-kind reports,
after incremental grouping and the consolidation pass."""

import sys
from pathlib import Path

import pytest

import corpus_stories as C

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from seed_paths import SEEDS  # noqa: E402

pytestmark = pytest.mark.slow


def test_the_seeds_share_a_story_apart_from_other_events(tmp_path, story_extractor):
    from counterpoint.ingest.pipeline import ingest
    from counterpoint.store import open_workspace
    from counterpoint.stories.repository import StoryRepository
    from counterpoint.stories.service import update_stories

    ws = open_workspace(tmp_path / "seeds.db")
    try:
        ws.add_articles(C.ALL)
        report = ingest([str(SEEDS)], ws)
        assert report.added == 2
        update_stories(ws, extractor=story_extractor)
        repo = StoryRepository(ws)
        members = repo.memberships()
        seeds = [a for a in members if a not in {x.id for x in C.ALL}]
        assert len(seeds) == 2
        assert members[seeds[0]] == members[seeds[1]]
        others = {members[x.id] for x in C.ALL}
        assert members[seeds[0]] not in others  # nothing else joined the seeds' story
    finally:
        ws.close()
