"""Grouping a stored workspace: update, explain, corrections that survive regrouping, CLI."""

import json

import pytest
from typer.testing import CliRunner

import corpus_stories as C
from counterpoint.cli.main import app
from counterpoint.stories.repository import StoryRepository
from counterpoint.stories.service import (
    explain_story, merge_stories, move_article, regroup, split_story, update_stories,
)
from counterpoint.store import open_workspace

pytestmark = pytest.mark.slow


@pytest.fixture
def ws(tmp_path, story_extractor):
    w = open_workspace(tmp_path / "w.db")
    w.add_articles(C.ALL[:8])
    update_stories(w, extractor=story_extractor, batch_size=3)
    yield w
    w.close()


def story(ws, article):
    return StoryRepository(ws).story_of(article.id)


def test_update_is_incremental_and_keeps_earlier_decisions(ws, story_extractor):
    repo = StoryRepository(ws)
    before = repo.memberships()
    assert len(before) == 8 and not repo.ungrouped_ids()
    ws.add_articles(C.ALL[8:])
    summary = update_stories(ws, extractor=story_extractor)
    assert summary.grouped == len(C.ALL) - 8
    after = repo.memberships()
    assert all(after[a] == s for a, s in before.items())  # stable: nobody was moved
    assert story(ws, C.CHILE_2) == story(ws, C.CHILE_1)
    assert story(ws, C.TURKEY_1_COPY) == story(ws, C.TURKEY_1)
    assert update_stories(ws, extractor=story_extractor).grouped == 0


def test_stories_listing_and_filters(ws):
    repo = StoryRepository(ws)
    turkey = repo.get_story(story(ws, C.TURKEY_1))
    assert turkey.size >= 3 and "Reuters" in turkey.outlets
    assert turkey.first_date == "2011-10-23" and turkey.last_date == "2011-10-25"
    assert "Van" in turkey.headline or "Turkey" in turkey.headline
    ids = {s.id for s in repo.list_stories(outlet="bbc")}
    assert ids == {turkey.id}
    assert turkey.id in {s.id for s in repo.list_stories(entity="ercis")}
    assert turkey.id not in {s.id for s in repo.list_stories(since="2011-11-01")}
    assert {s.id for s in repo.list_stories(search="rehab")} == {story(ws, C.REHAB_REID)}


def test_explain_names_the_shared_entities_and_time(ws):
    ex = explain_story(ws, story(ws, C.TURKEY_1)[:6])  # a prefix is enough
    names = {n["name"] for n in ex["shared_names"]}
    assert {"Van", "Ercis"} <= names
    assert ex["time"]["first"] == "2011-10-23"
    assert ex["similarity"]["pairs"] >= 3 and ex["similarity"]["mean"] > 0.4
    reasons = {m["reason"] for m in ex["members"]}
    assert "new" in reasons and "similar" in reasons


def test_corrections_survive_regrouping(ws):
    turkey = story(ws, C.TURKEY_1)
    chile = story(ws, C.CHILE_1)
    # move: the user says TURKEY_3 belongs with Chile (a deliberately odd choice)
    move_article(ws, C.TURKEY_3.id, chile)
    assert story(ws, C.TURKEY_3) == chile
    # split: TURKEY_2 leaves the Turkey story
    split_story(ws, turkey, [C.TURKEY_2.id[:12]])
    assert story(ws, C.TURKEY_2) not in (turkey, chile)
    # merge: the two rehab stories... stay as the user says
    reid = story(ws, C.REHAB_REID)
    ws.add_articles([C.REHAB_LOHAN])
    from counterpoint.stories.features import FeatureExtractor  # noqa: F401
    lohan_sum = update_stories(ws)
    assert lohan_sum.grouped == 1
    lohan = story(ws, C.REHAB_LOHAN)
    assert lohan != reid
    merge_stories(ws, reid, lohan)
    assert story(ws, C.REHAB_LOHAN) == story(ws, C.REHAB_REID)

    regroup(ws)
    assert story(ws, C.TURKEY_3) == story(ws, C.CHILE_1)
    assert story(ws, C.TURKEY_2) != story(ws, C.TURKEY_1)
    assert story(ws, C.TURKEY_2) != story(ws, C.CHILE_1)
    assert story(ws, C.REHAB_LOHAN) == story(ws, C.REHAB_REID)
    assert story(ws, C.TURKEY_1) == story(ws, C.UNDATED)  # untouched decisions come back
    log = StoryRepository(ws).log(limit=200)
    assert {"move", "split", "merge", "regroup"} <= {r["action"] for r in log}
    assert any(r["origin"] == "user" for r in log)


def test_cli_update_list_explain_split(tmp_path, story_extractor):
    db = str(tmp_path / "cli.db")
    w = open_workspace(db)
    w.add_articles(C.ALL)
    w.close()
    runner = CliRunner()
    res = runner.invoke(app, ["--db", db, "stories", "update", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["grouped"] == len(C.ALL)
    res = runner.invoke(app, ["--db", db, "stories", "--entity", "Talca", "--json"])
    assert res.exit_code == 0, res.output
    listed = json.loads(res.stdout)
    assert len(listed) == 1 and listed[0]["size"] >= 2
    chile = listed[0]["id"]
    res = runner.invoke(app, ["--db", db, "story", "explain", chile])
    assert res.exit_code == 0 and "Talca" in res.stdout and "shared names" in res.stdout
    res = runner.invoke(app, ["--db", db, "story", "split", chile, C.CHILE_2.id, "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["action"] == "split"
    res = runner.invoke(app, ["--db", db, "stories", "regroup"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["--db", db, "stories", "--search", "Talca", "--json"])
    assert len(json.loads(res.stdout)) == 2  # the split held
    res = runner.invoke(app, ["--db", db, "story", "explain", "nosuchstory"])
    assert res.exit_code == 2


def test_cli_list_groups_new_articles_first(tmp_path, story_extractor):
    db = str(tmp_path / "auto.db")
    w = open_workspace(db)
    w.add_articles([C.REHAB_REID, C.REHAB_REID_2, C.REHAB_LOHAN])
    w.close()
    res = CliRunner().invoke(app, ["--db", db, "stories", "--json"])
    assert res.exit_code == 0, res.output
    sizes = sorted(s["size"] for s in json.loads(res.stdout))
    assert sizes == [1, 2]  # Reid's two reports together, Lohan apart
    res = CliRunner().invoke(app, ["--db", db, "stories", "--no-update", "--outlet", "people"])
    assert res.exit_code == 0 and "Tara Reid" in res.stdout
