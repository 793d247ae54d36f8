"""Quoted fragments governed by a verb whose subject is the speaker (``governed_fragments``)."""

import pytest

pytestmark = pytest.mark.slow


# Each text opens with a headline line: a lone first line is read as the article's headline,
# where quoted words are attributed more freely (find_title_quote).


def _covering(quotes, words):
    return [q for q in quotes if words in q.content_text]


def test_fragment_under_a_cue_verb_with_a_prepositional_object(attribute):
    _text, quotes = attribute(
        "Speaking in Iowa on Monday, Jeb Bush referred to Rubio as “a bright, charismatic "
        "leader” but described his record as thin."
    )
    found = _covering(quotes, "a bright, charismatic leader")
    assert len(found) == 1
    q = found[0]
    assert q.kind == "partial" and q.speaker_name == "Jeb Bush" and q.cue_text == "referred"
    assert q.confidence <= 0.5  # a fragment, not a full direct quote


def test_fragment_deep_under_the_verb(attribute):
    text, quotes = attribute(
        "Clinton supporters responded with chants of “I’m with her” until the end."
    )
    found = _covering(quotes, "I’m with her")
    assert len(found) == 1
    assert found[0].speaker_span.of(text) == "Clinton supporters"


def test_fragment_with_a_thing_as_subject_is_not_speech(attribute):
    _text, quotes = attribute(
        "Trade talks resume\nThe deal includes a “sunset clause” for the tariffs."
    )
    assert _covering(quotes, "sunset clause") == []


def test_quoted_title_is_not_a_fragment(attribute):
    _text, quotes = attribute(
        "Senate debate\nSenator Mary Ames appeared on “Meet the Press” on Sunday."
    )
    assert _covering(quotes, "Meet the Press") == []


def test_headline_speaker_the_tagger_took_for_a_noun(attribute):
    text, quotes = attribute(
        "Trump: ‘I’m the Worst Thing That Ever Happened to the Establishment.’\n"
        "Monday at Liberty University, Republican front-runner Donald Trump spoke."
    )
    found = _covering(quotes, "Worst Thing")
    assert len(found) == 1
    assert found[0].speaker_span.of(text) == "Trump"


def test_double_quote_closed_with_a_single_mark_ends_there(attribute):
    _text, quotes = attribute(
        "Gun rules\n"
        "Schumer tweeted: “Let’s go. We can stop gun violence.’ Schumer was at the White "
        "House.\nKerry Washington thanked Obama for “taking these steps.”"
    )
    found = _covering(quotes, "taking these steps")
    assert found and all("Let’s go" not in q.content_text for q in found)
    assert found[0].speaker_name == "Kerry Washington"
    tweet = _covering(quotes, "Let’s go")
    assert tweet and tweet[0].content_text.endswith("violence.’")


def test_a_name_a_cue_verb_calls_someone_is_a_fragment(attribute):
    text, quotes = attribute(
        "Schlafly obituary\nMs. Betty Friedan called Mrs. Schlafly an “Aunt Tom.” in 1973."
    )
    found = _covering(quotes, "Aunt Tom")
    assert len(found) == 1
    assert "Friedan" in found[0].speaker_span.of(text)


def test_chants_of_a_group_are_its_words(attribute):
    text, quotes = attribute(
        "The vote came.\n\nAnti-Trump delegates erupted in a chorus of booing and loud chants "
        "of “no.”\n"
    )
    (q,) = [q for q in quotes if "no." in q.content_text]
    assert q.kind == "partial" and q.speaker_span.of(text) == "Anti-Trump delegates"
    _text, quotes = attribute("It was loud.\n\nThe deal broke into chants of “Lock her up!”\n")
    assert not [q for q in quotes if "Lock her up" in q.content_text]
