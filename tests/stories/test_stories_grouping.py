"""Grouping decisions on realistic short articles with the real encoder."""

from datetime import date

import pytest

import corpus_stories as C
from counterpoint.stories.features import extract_names, parse_day, split_lead
from counterpoint.stories.grouping import Grouper

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def grouped(story_extractor):
    feats = story_extractor.extract(C.ALL)
    g = Grouper()
    decisions = {f.article_id: g.assign(f) for f in feats}
    return g, decisions


def same(g, a, b) -> bool:
    return g.story_of[a.id] == g.story_of[b.id]


def test_same_event_reports_group_together(grouped):
    g, _ = grouped
    assert same(g, C.TURKEY_1, C.TURKEY_2)
    assert same(g, C.TURKEY_1, C.TURKEY_3)
    assert same(g, C.CHILE_1, C.CHILE_2)
    assert same(g, C.REHAB_REID, C.REHAB_REID_2)


def test_different_events_of_the_same_kind_stay_apart(grouped):
    g, _ = grouped
    assert not same(g, C.TURKEY_1, C.CHILE_1)  # two earthquakes, two weeks apart
    assert not same(g, C.REHAB_REID, C.REHAB_LOHAN)  # two celebrities in rehab, days apart


def test_wire_copy_joins_its_original_outside_the_time_window(grouped):
    g, decisions = grouped
    assert same(g, C.TURKEY_1, C.TURKEY_1_COPY)
    assert decisions[C.TURKEY_1_COPY.id].reason == "wire-copy"


def test_undated_article_is_grouped_by_content_and_says_so(grouped):
    g, decisions = grouped
    assert same(g, C.UNDATED, C.TURKEY_1)
    d = decisions[C.UNDATED.id]
    assert any("no date" in n for n in d.notes)
    assert g.features[C.UNDATED.id].day is None  # never invented


def test_absurd_date_is_ignored_not_trusted(grouped):
    g, decisions = grouped
    f = g.features[C.ABSURD.id]
    assert f.day is None and "absurd" in f.date_note
    # Its content still places it with the Chile quake, despite the year 2203.
    assert same(g, C.ABSURD, C.CHILE_1)
    assert any("absurd" in n for n in decisions[C.ABSURD.id].notes)


def test_one_line_brief_does_not_join_the_wrong_quake(grouped):
    g, _ = grouped
    assert not same(g, C.BRIEF, C.CHILE_1)
    assert same(g, C.BRIEF, C.TURKEY_1)


def test_article_without_names_starts_its_own_story(grouped):
    g, decisions = grouped
    f = g.features[C.NO_NAMES.id]
    assert f.names == {}
    assert decisions[C.NO_NAMES.id].new_story
    assert "no names" in " ".join(decisions[C.NO_NAMES.id].notes)


def test_decision_names_its_evidence(grouped):
    _, decisions = grouped
    d = decisions[C.TURKEY_2.id]
    assert d.reason == "similar" and d.score is not None
    shared = {n.lower() for e in d.evidence for n in e.shared_names}
    assert {"van", "ercis"} & shared


def test_parse_day_rejects_future_and_missing_dates():
    today = date(2026, 1, 1)
    assert parse_day("2203-01-01", today=today)[0] is None
    assert "absurd" in parse_day("2203-01-01", today=today)[1]
    assert parse_day(None) == (None, "no date")
    assert parse_day("not a date")[0] is None
    day, note = parse_day("2024-05-02T10:00:00Z", today=today)
    assert note is None and day == (date(2024, 5, 2) - date(1970, 1, 1)).days


def test_names_skip_sentence_openers_and_common_words():
    names = extract_names(
        "Sadly, the storm hit. Piracy is rising, and piracy costs money. Tara Reid spoke to "
        "People. Reid said the Gulf of Aden was calm.\nAden Port Authority said nothing."
    )
    assert "tara reid" in names and "reid" in names and "gulf of aden" in names
    assert "sadly" not in names and "piracy" not in names
    assert not any("\n" in v for v in names.values())


def test_split_lead_skips_a_repeated_headline():
    text = "Quake hits Van\nA strong quake hit Van on Sunday. Many died. More later."
    assert split_lead(text, "Quake hits Van") == "A strong quake hit Van on Sunday. Many died."
