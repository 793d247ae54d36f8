"""Claims: quantities with what they count, hedges, negation, roles, voice."""

from __future__ import annotations

import pytest

from counterpoint.analysis.claims import parse_number
from counterpoint.analysis.entities import person_key


def claim_with(analysis, words):
    found = [c for c in analysis.claims if words in c.text]
    assert found, f"no claim contains {words!r}"
    return found[0]


def quantity(claim, text_start):
    found = [q for q in claim.quantities if q.text.startswith(text_start)]
    assert found, f"no quantity {text_start!r} in {[q.text for q in claim.quantities]}"
    return found[0]


@pytest.mark.parametrize(
    "words, value",
    [("nine", 9), ("Twenty", 20), ("twenty-five", 25), ("1,200", 1200), ("2.5 million", 2_500_000),
     ("a dozen", 12), ("three hundred", 300), ("one", 1)],
)
def test_parse_number(words, value):
    assert parse_number(words) == value


def test_parse_number_rejects_words():
    assert parse_number("gunmen") is None
    assert parse_number("") is None


@pytest.mark.slow
def test_counts_in_seed_004(seed004):
    text, a, _ = seed004
    first = claim_with(a, "IDF killed nine Palestinians")
    nine = quantity(first, "nine")
    assert (nine.value, nine.counts, nine.predicate) == (9, "Palestinians", "killed")
    eight = quantity(first, "eight")
    assert (eight.value, eight.counts, eight.subset_of) == (8, "terrorists", "Palestinians")
    twenty = quantity(claim_with(a, "Twenty more people"), "Twenty")
    assert (twenty.value, twenty.counts, twenty.predicate) == (20, "people", "injured")
    killed = claim_with(a, "Nine people were killed")
    assert quantity(killed, "Nine").value == 9
    most = quantity(killed, "most of whom")
    assert most.approximate and most.value is None and most.subset_of == "people"
    assert most.counts == "terrorists"
    one = quantity(killed, "one civilian")
    assert (one.value, one.counts) == (1, "civilian")
    for c in a.claims:
        for q in c.quantities:
            assert text[q.start : q.end] == q.text


@pytest.mark.slow
def test_counts_in_seed_000(seed000):
    _, a, _ = seed000
    c = claim_with(a, "the killing of nine Palestinians")
    nine = quantity(c, "nine")
    assert (nine.value, nine.counts, nine.predicate) == (9, "Palestinians", "killed")
    mostly = quantity(c, "mostly gunmen")
    assert mostly.approximate and mostly.value is None
    assert (mostly.counts, mostly.subset_of) == ("gunmen", "Palestinians")
    assert [t.relative for t in c.times] == ["date:--01-26"]


@pytest.mark.slow
def test_dates_and_laws_are_not_quantities(seed004):
    _, a, _ = seed004
    c = claim_with(a, "Chapter 7")
    assert not any(q.value == 7 for q in c.quantities)


@pytest.mark.slow
def test_hedges(seed004):
    _, a, _ = seed004
    assert "it is unclear whether" in claim_with(a, "It is unclear whether").hedges
    assert "likely" in claim_with(a, "The move is likely").hedges
    assert claim_with(a, "Twenty more people").hedges == []


@pytest.mark.slow
def test_negation(seed000, seed004):
    _, a000, _ = seed000
    _, a004, _ = seed004
    assert claim_with(a000, "did not provide any details").negated
    assert claim_with(a000, "no longer exists").negated
    assert claim_with(a004, "We don’t think").negated
    assert not claim_with(a004, "Twenty more people").negated
    assert not claim_with(a004, "Israeli forces entered").negated


@pytest.mark.slow
def test_entities_by_role(seed004):
    _, a, _ = seed004
    c = claim_with(a, "IDF killed nine Palestinians")
    assert "org:israel-defense-forces" in c.actors
    assert "org:palestinian-authority" in c.actors
    assert "group:palestinian" in c.targets
    assert "place:jenin" in c.places
    assert set(c.actors + c.targets + c.places) <= set(c.entities)
    entered = claim_with(a, "Israeli forces entered")
    assert "group:israeli" in entered.actors
    assert {"place:jenin", "place:west-bank"} <= set(entered.places)


@pytest.mark.slow
def test_voice_is_the_outlet_or_the_quoted_speaker(seed000, seed004):
    _, a000, _ = seed000
    _, a004, _ = seed004
    salhi = person_key("Bassam al-Salhi")
    ball = claim_with(a000, "The ball is now in the American and Israeli court")
    assert ball.voice == salhi
    assert a000.quotes[ball.quote_index].speaker_key == salhi
    assert claim_with(a004, "Twenty more people").voice == "outlet"
    assert claim_with(a004, "Twenty more people").quote_index is None
    assert claim_with(a004, "uptick in terrorist attacks").voice == "commentators"
    assert claim_with(a004, "Far from stepping back").voice == person_key("Barbara Leaf")


@pytest.mark.slow
def test_independent_clauses_become_separate_claims():
    from counterpoint.analysis import analyze_text

    a = analyze_text("Three soldiers were killed in Gaza, and five civilians were injured in the raid.")
    assert len(a.claims) == 2
    assert a.claims[0].quantities[0].predicate == "killed"
    assert a.claims[1].quantities[0].value == 5
    assert a.claims[1].quantities[0].predicate == "injured"
    assert a.claims[0].sentence_index == a.claims[1].sentence_index == 0


def test_scores_and_ranges_are_not_one_number():
    assert parse_number("51-49") is None
    assert parse_number("twenty-five") == 25
