"""Straight single quotation marks in the title block; unclosed quotations before an attribution."""

from counterpoint.analysis.attribution.marks import find_quotations


def _quoted(text):
    return [text[s:e] for q in find_quotations(text) for s, e in q.pieces]


def test_straight_single_quotes_in_a_headline():
    text = "A lesson from Loretta Lynch: 'Be the voice that people hear.'\n\nShe said so."
    assert _quoted(text) == ["'Be the voice that people hear.'"]


def test_straight_single_quotes_in_the_body_are_apostrophes_or_scare_quotes():
    text = "Headline\n\nHe liked the 'new' plan in the '90s, the players' union said 'no way.'"
    assert _quoted(text) == []


def test_apostrophes_possessives_and_decades_in_a_headline():
    text = "Rock 'n' roll in the '90s: the players' union 'was fine'\n\nBody."
    assert _quoted(text) == ["'was fine'"]


def test_an_unclosed_quotation_stops_before_its_attribution():
    text = (
        'Families did not understand.\n\n"There wasn\'t a lot of education about it, said '
        "Kessel, whose organization is helping.\n\nSome have been able."
    )
    [q] = find_quotations(text)
    assert not q.balanced
    assert text[q.start : q.end].endswith("about it,")


def test_a_paragraph_opened_with_the_wrong_mark_after_a_bidi_character():
    text = "Viewers wrote in.\n\n\u202a”Sorry Sarah, you should have said so!” posted Ann Lee."
    [q] = find_quotations(text)
    assert text[q.start : q.end] == "”Sorry Sarah, you should have said so!”"
