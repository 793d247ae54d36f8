"""Bad input and extension points for event extraction and the timeline."""

from __future__ import annotations

import json

import pytest

from counterpoint.analysis.nlp import load_spacy
from counterpoint.events.actors import type_actor
from counterpoint.events.extract import extract_events
from counterpoint.events.plover import load_lexicon
from counterpoint.events.timeline import build_timeline
from counterpoint.models import Article, ArticleAnalysis, article_id


@pytest.fixture(scope="module")
def nlp():
    return load_spacy()


def _article(text: str, outlet: str | None = None) -> Article:
    return Article(id=article_id(text), text=text, raw_text=text, source="<test>", kind="text",
                   outlet=outlet)


def _analysed(nlp, text: str, outlet: str | None = None):
    """A minimal analysis (no pipeline): events must cope with empty entities and quotes."""
    art = _article(text, outlet)
    an = ArticleAnalysis(article_id=art.id, pipeline_version="test")
    an.events = extract_events(nlp(text), an, outlet=outlet)
    return art, an


@pytest.mark.slow
def test_passive_with_agent_and_time(nlp):
    _, an = _analysed(nlp, "On Monday, three protesters were arrested by police in Cairo.")
    ev = [e for e in an.events if e.action == "COERCE"]
    assert ev and ev[0].mode == "arrest"
    assert ev[0].actor == "police" and "protesters" in ev[0].target
    assert ev[0].place == "Cairo" and ev[0].time.relative == "weekday:MON"


@pytest.mark.slow
def test_sentence_with_no_actor_keeps_actor_unknown(nlp):
    _, an = _analysed(nlp, "Two people were killed in the blast.")
    ev = [e for e in an.events if e.action == "ASSAULT"]
    assert ev and ev[0].actor is None and ev[0].time is None


@pytest.mark.slow
def test_negated_event_is_marked(nlp):
    _, an = _analysed(nlp, "The government did not condemn the attack.")
    ev = [e for e in an.events if e.action == "ACCUSE"]
    assert ev and ev[0].negated


@pytest.mark.slow
def test_events_without_time_stay_untimed_in_the_timeline(nlp):
    art, an = _analysed(nlp, "Russian forces shelled Kharkiv. Ukraine condemned the attack.")
    tl = build_timeline([art], [an])
    assert tl and all(te.time is None and te.relative is None for te in tl)
    assert all(te.time_basis == "unknown" for te in tl)


@pytest.mark.slow
def test_a_hundred_events_in_one_article(nlp):
    text = " ".join(f"Soldiers arrested {i + 2} men in Hebron." for i in range(100))
    art, an = _analysed(nlp, text)
    assert len([e for e in an.events if e.action == "COERCE"]) == 100
    tl = build_timeline([art], [an])
    assert 1 <= len(tl) <= 100  # merged or not, nothing lost and nothing crashes
    assert sum(len(te.evidence) for te in tl) == 100


@pytest.mark.slow
def test_contradictory_times_within_one_article_are_flagged(nlp):
    text = ("Israeli troops raided the Jenin camp on Monday. "
            "The raid in Jenin by Israeli troops took place on Tuesday, witnesses said.")
    art, an = _analysed(nlp, text)
    tl = build_timeline([art], [an])
    raid = [te for te in tl if te.place and "Jenin" in te.place]
    assert len(raid) == 1
    assert raid[0].time is None  # two answers: neither is chosen
    assert any(d.startswith("time within one article") for d in raid[0].disagreements)


@pytest.mark.slow
def test_empty_article(nlp):
    _, an = _analysed(nlp, "")
    assert an.events == []
    assert build_timeline([], []) == []


def test_user_event_types_extend_the_lexicon(tmp_path, monkeypatch):
    extra = tmp_path / "types.json"
    extra.write_text(json.dumps({"types": [
        {"name": "CYBER", "plover": False, "verbs": ["hack"], "nouns": ["ransomware attack"]},
        {"name": "ASSAULT", "verbs": ["firebomb"]},
    ]}))
    monkeypatch.setenv("COUNTERPOINT_EVENT_TYPES", str(extra))
    lex = load_lexicon()
    assert "CYBER" in lex.types and not lex.types["CYBER"].plover
    assert any(t.type == "ASSAULT" for t in lex.index["firebomb"])
    assert any(t.type == "ASSAULT" for t in lex.index["kill"])  # the bundled types stay


def test_bad_user_file_is_a_usage_error(tmp_path, monkeypatch):
    from counterpoint.errors import UsageError

    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    monkeypatch.setenv("COUNTERPOINT_EVENT_TYPES", str(bad))
    with pytest.raises(UsageError):
        load_lexicon()


def test_actor_typing():
    assert type_actor("Israeli forces", head="forces").type == "military"
    assert type_actor("Israeli forces", head="forces").country == "ISR"
    info = type_actor("the heads of the Egyptian and Jordanian intelligence agencies", head="heads")
    assert info.type == "government" and info.country == "EGY,JOR"
    assert type_actor("the International Court of Justice", head="Court").type == "international organisation"
    assert type_actor("nine Palestinians", head="Palestinians", label="NORP").type == "civilians"
    assert type_actor("Islamic Jihad gunmen", head="gunmen").type == "armed group"
    # the outlet's country only for bare domestic institutions, never for a named actor
    assert type_actor("the army", head="army", outlet_country="IL").country == "ISR"
    assert type_actor("the army", head="army").country is None
    assert type_actor("us", head="us").type is None


@pytest.mark.slow
def test_two_outlets_disagree_on_day_and_toll(nlp):
    from counterpoint.analysis.timex import find_times

    arts, ans = [], []
    for text, outlet in (
        (
            (
                "Israeli troops killed nine Palestinians in Jenin on Thursday. "
                "The Palestinian Authority condemned the raid."
            ),
            "Outlet A",
        ),
        ("Israeli soldiers killed twelve Palestinians in Jenin on Wednesday, officials said.",
         "Outlet B"),
    ):
        doc = nlp(text)
        art = _article(text, outlet).model_copy(update={"published": "2023-01-27"})
        an = ArticleAnalysis(article_id=art.id, pipeline_version="test",
                             times=find_times(doc, "2023-01-27"))
        an.events = extract_events(doc, an, outlet=outlet)
        arts.append(art)
        ans.append(an)
    tl = build_timeline(arts, ans)
    kill = [te for te in tl if te.action == "ASSAULT"]
    assert len(kill) == 1 and kill[0].outlets == ["Outlet A", "Outlet B"]
    assert kill[0].time is None and kill[0].time_basis == "conflicting"
    d = " | ".join(kill[0].disagreements)
    assert "2023-01-26" in d and "2023-01-25" in d
    assert "nine" in d and "twelve" in d
    assert {v["number"] for v in kill[0].versions} == {9.0, 12.0}


def test_user_actor_list(tmp_path, monkeypatch):
    extra = tmp_path / "actors.json"
    extra.write_text(json.dumps({
        "known": [{"names": ["Wagner"], "type": "armed group", "country": "RUS"}],
        "type_words": {"media": ["podcast"]},
    }))
    monkeypatch.setenv("COUNTERPOINT_ACTORS", str(extra))
    from counterpoint.events.actors import load_actor_lists

    lists = load_actor_lists()
    info = type_actor("Wagner fighters", head="fighters", lists=lists)
    assert info.type == "armed group" and info.country == "RUS"
    assert type_actor("the podcast", head="podcast", lists=lists).type == "media"
    assert type_actor("Israeli forces", head="forces", lists=lists).type == "military"


@pytest.mark.slow
def test_any_text_gives_a_clear_outcome(nlp):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(["troops", "killed", "the", "on", "Monday", "said", "he", "it", "“",
                             "”", "\n", "protesters", "not", "will", "meet", "in", "Gaza", ",",
                             ".", "UN", "demanded", "of", "whom", "were", "by", "talks"])

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(words, max_size=40))
    def check(ws):
        text = " ".join(ws)
        art = _article(text)
        an = ArticleAnalysis(article_id=art.id, pipeline_version="test")
        an.events = extract_events(nlp(text), an)
        for e in an.events:
            assert 0 <= e.trigger.start < e.trigger.end <= len(text)
            assert e.evidence.start <= e.trigger.start and e.trigger.end <= e.evidence.end
        tl = build_timeline([art], [an])
        assert all(te.time is None or not te.time[:1].isdigit() for te in tl)  # no year invented

    check()
