"""Time normalisation: from the publication date, from text anchors, never from today."""

from __future__ import annotations

from datetime import date

import pytest

from counterpoint.analysis.timex import normalise, parse_published

SAT = date(2023, 1, 28)  # a Saturday


@pytest.mark.parametrize(
    "words, value, relative",
    [
        ("Friday", "2023-01-27", "weekday:FRI"),
        ("on Friday", "2023-01-27", "weekday:FRI"),
        ("Friday’s", "2023-01-27", "weekday:FRI"),
        ("Saturday", "2023-01-28", "weekday:SAT"),  # the publication day itself
        ("Thursday", "2023-01-26", "weekday:THU"),
        ("last Sunday", "2023-01-22", "weekday:SUN"),
        ("January 26", "2023-01-26", "date:--01-26"),
        ("On January 26", "2023-01-26", "date:--01-26"),
        ("26 January", "2023-01-26", "date:--01-26"),
        ("last week", "2023-W03", "week:-1"),
        ("late last month", "2022-12", "month:-1/late"),
        ("earlier this month", "2023-01", "month:0/early"),
        ("last year", "2022", "year:-1"),
        ("yesterday", "2023-01-27", "day:-1"),
        ("earlier in the day", "2023-01-28", "same-day"),
        ("today", "2023-01-28", "same-day"),
        ("three days ago", "2023-01-25", "day:-3"),
    ],
)
def test_relative_expressions_resolve_from_the_publication_date(words, value, relative):
    t = normalise(words, SAT)
    assert t is not None
    assert (t.value, t.relative) == (value, relative)
    assert t.anchor == "publication"
    assert t.text == words
    assert 0 < t.confidence < 1


@pytest.mark.parametrize(
    "words, relative",
    [
        ("Friday", "weekday:FRI"),
        ("on Thursday", "weekday:THU"),
        ("January 26", "date:--01-26"),
        ("last week", "week:-1"),
        ("late last month", "month:-1/late"),
        ("earlier in the day", "same-day"),
        ("yesterday", "day:-1"),
        ("next month", "month:+1"),
        ("in January", "month:--01"),
    ],
)
def test_without_an_anchor_relative_expressions_stay_relative(words, relative):
    t = normalise(words, None)
    assert t.value is None  # never anchored to the day the analysis runs
    assert t.relative == relative
    assert t.anchor == "none"


def test_a_month_day_after_the_publication_date_belongs_to_the_previous_year():
    assert normalise("December 30", date(2023, 1, 5)).value == "2022-12-30"
    # A few weeks ahead is a scheduled event in the same year.
    assert normalise("February 10", date(2023, 1, 28)).value == "2023-02-10"


def test_full_dates_need_no_anchor():
    for words in ("January 26, 2023", "26 January 2023", "2023-01-26", "Jan. 26, 2023"):
        t = normalise(words, None)
        assert t.value == "2023-01-26", words
        assert t.relative is None
    assert normalise("January 2023", None).value == "2023-01"
    assert normalise("2021", None).value == "2021"


def test_future_context_looks_forward():
    wed = date(2023, 1, 25)
    assert normalise("Friday", wed, future=True).value == "2023-01-27"
    assert normalise("Friday", wed).value == "2023-01-20"
    assert normalise("next Friday", wed).value == "2023-01-27"


def test_vague_and_frequency_expressions_are_kept_unresolved():
    assert normalise("recent years", SAT).relative == "vague"
    assert normalise("recent years", SAT).value is None
    assert normalise("daily", SAT).relative == "set:daily"
    assert normalise("first", SAT) is None


def test_parse_published_accepts_dates_and_datetimes():
    assert parse_published("2023-01-28") == SAT
    assert parse_published("2023-01-28T09:30:00+02:00") == SAT
    assert parse_published("last Tuesday") is None
    assert parse_published(None) is None


@pytest.mark.slow
def test_find_times_in_text_uses_publication_then_text_anchors(nlp):
    from counterpoint.analysis.timex import find_times

    doc = nlp(
        "On Thursday, Israeli forces entered a refugee camp in Jenin. Officials met on "
        "Friday and again last week. The raid earlier in the day was condemned."
    )
    times = {t.text: t for t in find_times(doc, published="2023-01-27")}
    assert times["Thursday"].value == "2023-01-26"
    assert times["Friday"].value == "2023-01-27"
    assert times["last week"].value == "2023-W03"
    # "earlier in the day" refers to the last day the text named.
    assert times["earlier in the day"].value == "2023-01-27"
    for t in times.values():
        assert doc.text[t.start : t.end] == t.text

    undated = {t.text: t for t in find_times(doc, published=None)}
    assert all(t.value is None for t in undated.values())
    assert undated["Thursday"].relative == "weekday:THU"

    anchored = find_times(nlp("The talks ended on January 26, 2023. On Friday, they resumed."))
    by_text = {t.text: t for t in anchored}
    assert by_text["Friday"].value == "2023-01-27"
    assert by_text["Friday"].anchor == "text"
    assert by_text["Friday"].confidence < normalise("Friday", SAT).confidence


@pytest.mark.slow
def test_seed_times_stay_relative_without_a_publication_date(seed000, seed004):
    _, a000, _ = seed000
    _, a004, _ = seed004
    texts = {t.text: t for t in a000.times}
    assert texts["January 26"].relative == "date:--01-26"
    assert texts["January 26"].value is None
    assert texts["late last month"].relative == "month:-1/late"
    assert texts["last week"].relative == "week:-1"
    assert any(t.relative == "weekday:FRI" for t in a000.times)
    t004 = {t.text: t for t in a004.times}
    assert t004["Thursday"].relative == "weekday:THU"
    assert t004["earlier in the day"].relative == "same-day"
    assert all(t.value is None for t in a000.times + a004.times)


@pytest.mark.slow
def test_narrative_relative_expressions_follow_the_text_not_the_publication(nlp):
    from counterpoint.analysis.timex import find_times

    doc = nlp("The first attempt came in October 1941. The next month, the war intervened. "
              "Two days later nothing had changed. USA TODAY reported it.")
    times = {t.text: t for t in find_times(doc, published="2018-01-17")}
    assert times["October 1941"].value == "1941-10"
    nxt = times["The next month"]
    assert (nxt.value, nxt.relative, nxt.anchor) == ("1941-11", "text-month:+1", "text")
    assert "TODAY" not in times
    lone = find_times(nlp("The day before, the talks collapsed."), published="2018-01-17")
    assert [(t.value, t.relative) for t in lone] == [(None, "text-day:-1")]


@pytest.mark.slow
def test_ages_are_not_times(nlp):
    from counterpoint.analysis.timex import find_times

    doc = nlp("The 61-year-old, a 33-year CIA veteran, testified on Wednesday.")
    assert [t.text for t in find_times(doc, published="2018-05-09")] == ["Wednesday"]
