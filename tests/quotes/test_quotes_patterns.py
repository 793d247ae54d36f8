"""Attribution patterns on small constructed texts."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow


def test_straight_quotes_quote_first(attribute):
    text, quotes = attribute('"We will not back down," said Maria Lopez, the mayor of Springfield.')
    assert len(quotes) == 1
    q = quotes[0]
    assert q.kind == "direct" and q.speaker_name == "Maria Lopez"
    assert q.content[0].of(text) == '"We will not back down,"'


def test_speaker_first_with_colon_and_paragraph_quote(attribute):
    text = (
        "The minister John Carter told reporters: “The budget is balanced.\n"
        "“We expect growth next year.”\n"
        "Other news followed."
    )
    text, quotes = attribute(text)
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1
    q = direct[0]
    assert q.speaker_name == "John Carter" and q.addressee == "reporters"
    assert [s.of(text) for s in q.content] == [
        "“The budget is balanced.",
        "“We expect growth next year.”",
    ]


def test_split_quote_around_attribution(attribute):
    _text, quotes = attribute("“The talks failed,” Anna Berg said, “and nobody is surprised.”")
    assert len(quotes) == 1
    assert len(quotes[0].content) == 2 and quotes[0].speaker_name == "Anna Berg"


def test_according_to(attribute):
    text, quotes = attribute(
        "The factory will close in March, according to the company's chief executive Tom Reed."
    )
    q = quotes[0]
    assert q.cue_text == "according to"
    assert "The factory will close in March" in q.content_text
    assert "Tom Reed" in q.speaker_span.of(text)


def test_pronoun_resolves_to_last_named_speaker(attribute):
    text = (
        "Senator Paul Grant said that the bill would pass. "
        "The vote is scheduled for Monday. "
        "He added that several amendments were still possible."
    )
    text, quotes = attribute(text)
    added = next(q for q in quotes if q.cue_text == "added")
    assert added.speaker_span.of(text) == "He" and added.speaker_name == "Paul Grant"


def test_unbalanced_quote_does_not_crash(attribute):
    text, quotes = attribute(
        "“This is unfinished, said the spokesman Ali Haddad.\nA new paragraph begins here."
    )
    for q in quotes:
        for s in q.content:
            assert 0 <= s.start < s.end <= len(text)


def test_first_person_cognition_is_not_an_attribution(attribute):
    _text, quotes = attribute("I think the weather will improve soon.")
    assert quotes == []


def test_empty_and_no_quote_texts(attribute):
    assert attribute("")[1] == []
    assert attribute("The river flooded the valley on Tuesday.")[1] == []


def test_quotes_signed_with_a_dash(attribute):
    _text, quotes = attribute(
        "“He represents our greatest shame.” ― Sonya Herridge\n"
        "“He makes blanket statements about people.”― Pamela Padilla\n"
    )
    assert [q.speaker_name for q in quotes] == ["Sonya Herridge", "Pamela Padilla"]
    assert all(q.kind == "direct" for q in quotes)


def test_speaker_between_quote_and_cue_wins_over_a_misparse(attribute):
    _text, quotes = attribute(
        "“He's absolutely right. There's a severe disconnect between this White House and our "
        "military,” Flynn, a top Trump surrogate, said Thursday morning on Fox News’s “Fox and Friends.”"
    )
    assert quotes[0].speaker_name == "Flynn"


def test_double_apostrophe_quotes(attribute):
    _text, quotes = attribute("''We are not a burden on America,'' Mr. Obama said.")
    assert quotes[0].kind == "direct" and quotes[0].speaker_name == "Obama"


def test_they_points_back_to_an_unnamed_group(attribute):
    text, quotes = attribute(
        "Palestinian officials said the decision was final. They added that talks would resume."
    )
    added = next(q for q in quotes if q.cue_text == "added")
    assert added.unnamed and added.speaker_description == "Palestinian officials"
    assert added.speaker_span.of(text) == "They"


def test_quote_continued_in_the_next_paragraph(attribute):
    text = (
        "“We will rebuild the bridge,” Mayor Ana Ruiz said on Monday.\n"
        "“It will take two years and we will need federal money.”\n"
    )
    text, quotes = attribute(text)
    assert len(quotes) == 2
    assert quotes[1].speaker_name == "Ana Ruiz" and quotes[1].cue is None
    assert quotes[1].confidence < quotes[0].confidence


def test_headline_with_speaker_and_colon(attribute):
    _text, quotes = attribute("Kasich: ‘We Are Going All The Way To Cleveland.’\nMore text here.")
    assert quotes and quotes[0].speaker_name == "Kasich" and quotes[0].cue_text == ":"


def test_mixed_and_partial_kinds(attribute):
    _text, quotes = attribute(
        "The minister Omar Haddad said that the plan was “dead on arrival.” "
        "He called the proposal “a disgrace.”"
    )
    kinds = {q.cue_text: q.kind for q in quotes}
    assert kinds["said"] == "mixed" and kinds["called"] == "partial"
    assert all(q.speaker_name == "Omar Haddad" for q in quotes)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "He said",
                "“",
                "”",
                '"',
                "''",
                "‘",
                "’",
                "officials",
                "told",
                "reporters",
                ",",
                ".",
                ":",
                "\n",
                "according to",
                "the",
                "plan",
                "was",
                "Ali Haddad",
                "—",
                "that",
            ]
        ),
        max_size=40,
    )
)
def test_any_mix_of_marks_and_cues_gives_valid_spans(attribute, words):
    text, quotes = attribute(" ".join(words))
    for q in quotes:
        for s in q.content:
            assert 0 <= s.start < s.end <= len(text)
        if q.speaker_span:
            assert 0 <= q.speaker_span.start < q.speaker_span.end <= len(text)


def test_non_english_text_does_not_crash(attribute):
    _text, quotes = attribute("«Nous ne céderons pas», a déclaré le ministre. Он сказал: «Нет».")
    for q in quotes:
        assert q.content_text
