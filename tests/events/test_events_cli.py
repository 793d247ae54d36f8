"""`story timeline ID` as the stories module registers it, over a stand-in workspace."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from counterpoint.cli import timeline as timeline_cli
from counterpoint.cli.common import State
from counterpoint.models import Article, ArticleAnalysis, Event, Span, Story, TimeExpr, article_id


def _event(action, actor, target, start, end, time=None, country=None):
    return Event(action=action, trigger=Span(start=start, end=end), trigger_text="x",
                 actor=actor, actor_country=country, target=target, time=time,
                 evidence=Span(start=0, end=20))


class FakeWorkspace:
    def __init__(self):
        t1, t2 = "Troops raided Jenin.", "Soldiers raided Jenin."
        self.articles = {
            article_id(t): Article(id=article_id(t), text=t, raw_text=t, source="s", kind="text",
                                   outlet=o)
            for t, o in ((t1, "A"), (t2, "B"))
        }
        ids = list(self.articles)
        friday = TimeExpr(start=0, end=6, text="Friday", relative="weekday:FRI", weekday="FRI")
        saturday = TimeExpr(start=0, end=8, text="Saturday", relative="weekday:SAT", weekday="SAT")
        self.analyses = {
            ids[0]: ArticleAnalysis(article_id=ids[0], pipeline_version="t", events=[
                _event("COERCE", "Troops", "Jenin", 7, 13, friday, "ISR")]),
            ids[1]: ArticleAnalysis(article_id=ids[1], pipeline_version="t", events=[
                _event("COERCE", "Troops", "Jenin", 9, 15, saturday, "ISR")]),
        }
        self.story = Story(id="s1", article_ids=ids)

    def get_story(self, sid):
        return self.story if sid == "s1" else None

    def get_article(self, aid):
        return self.articles.get(aid)

    def get_analysis(self, aid):
        return self.analyses.get(aid)


def _app(monkeypatch):
    ws = FakeWorkspace()
    monkeypatch.setattr(State, "workspace", lambda self: ws)
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context):
        ctx.obj = State(db=":memory:")

    story = typer.Typer()
    timeline_cli.register(story)
    app.add_typer(story, name="story")
    return app


def test_timeline_json_and_chart_data(monkeypatch):
    app = _app(monkeypatch)
    r = CliRunner().invoke(app, ["story", "timeline", "s1", "--json"])
    assert r.exit_code == 0, r.output
    entries = json.loads(r.output)
    assert len(entries) == 1
    assert entries[0]["outlets"] == ["A", "B"]
    assert entries[0]["time"] is None and entries[0]["time_basis"] == "conflicting"
    assert entries[0]["disagreements"][0].startswith("time:")
    r = CliRunner().invoke(app, ["story", "timeline", "s1", "--chart-data"])
    assert r.exit_code == 0, r.output
    items = json.loads(r.output)["items"]
    assert items[0]["disagreement"] is True and items[0]["order"] == 0


def test_timeline_table_and_unknown_story(monkeypatch):
    app = _app(monkeypatch)
    r = CliRunner().invoke(app, ["story", "timeline", "s1"])
    assert r.exit_code == 0 and "COERCE" in r.output
    r = CliRunner().invoke(app, ["story", "timeline", "nope"])
    assert r.exit_code == 2


def test_user_event_types_option_reextracts(monkeypatch, tmp_path):
    import pytest

    pytest.importorskip("spacy")
    ws = FakeWorkspace()
    text = "Settlers firebombed a house in Huwara on Sunday."
    aid = article_id(text)
    ws.articles = {aid: Article(id=aid, text=text, raw_text=text, source="s", kind="text", outlet="A")}
    ws.analyses = {aid: ArticleAnalysis(article_id=aid, pipeline_version="t")}
    ws.story = Story(id="s1", article_ids=[aid])
    monkeypatch.setattr(State, "workspace", lambda self: ws)
    monkeypatch.delenv("COUNTERPOINT_EVENT_TYPES", raising=False)
    types = tmp_path / "types.json"
    types.write_text(json.dumps({"types": [{"name": "ARSON", "plover": False, "verbs": ["firebomb"]}]}))
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context):
        ctx.obj = State(db=":memory:")

    story = typer.Typer()
    timeline_cli.register(story)
    app.add_typer(story, name="story")
    r = CliRunner().invoke(app, ["story", "timeline", "s1", "--json", "--event-types", str(types)])
    assert r.exit_code == 0, r.output
    entries = json.loads(r.output)
    assert [e["action"] for e in entries] == ["ARSON"]
    assert entries[0]["place"] == "Huwara" and entries[0]["relative"] == "weekday:SUN"
