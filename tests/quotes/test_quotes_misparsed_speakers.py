"""Speakers the parse loses: a finite verb hung on a participle taken as the root, a
participle made a conjunct of a quoted clause, the passive subject of "was prompted to say",
and a quotation standing as a sentence after a sentence about a named person."""

import pytest
from quote_lookup import no_quote_of, quote_of, speaker_of

pytestmark = pytest.mark.slow


def test_marching_protesters_chant(attribute):
    text, quotes = attribute(
        "While a curfew was announced from midnight to 6 a.m., authorities did not enforce "
        "it in the early hours of Friday. Protesters marching through the streets chanted "
        '"What curfew?" and kept going until nearly 2 a.m. Friday in defiance the curfew.'
    )
    q = quote_of(quotes, text, "What curfew?")
    assert q.kind == "direct" and speaker_of(text, q) == "Protesters"


def test_participle_hung_on_a_quoted_clause(attribute):
    text, quotes = attribute(
        "Mr. Trump hardly clarified the matter, treating Mrs. Clinton's remark first as a "
        "compliment -- ''That makes me smart'' -- and, when questioned after the debate, "
        "asserting, ''Of course, I pay federal taxes.''\n\nIt's worth noting this."
    )
    q = quote_of(quotes, text, "Of course, I pay federal taxes.")
    assert q.kind == "direct" and speaker_of(text, q) == "Mr. Trump"
    assert q.cue_text == "asserting"


def test_passive_subject_prompted_to_say(attribute):
    text, quotes = attribute(
        "But much of the debate was so subdued that Mr. Trump was prompted to say, ''So far, "
        "I cannot believe how civil it's been up here.''"
    )
    q = quote_of(quotes, text, "So far, I cannot believe")
    assert speaker_of(text, q) == "Mr. Trump"


def test_quotation_after_a_sentence_about_a_named_person(attribute):
    text, quotes = attribute(
        '"At the end of the day, we need to step away," Pence said on CNN\'s "State of the '
        'Union."\n\nOn "Face the Nation," Sen. Bernie Sanders (Vt.), who lost the Democratic '
        "primaries to Clinton, identified young voters' exhaustion with bigotry as one of the "
        "reasons that they should get excited about Clinton's candidacy. \"The younger people "
        'are ... more than any generation in American history, are sick and tired of '
        'discrimination and racism."\n\nBut for Charlotte, the questions will take longer.'
    )
    q = quote_of(quotes, text, "The younger people")
    assert q.kind == "direct" and "Bernie Sanders" in speaker_of(text, q)
    assert q.speaker_name == "Bernie Sanders"
    assert q.confidence <= 0.5  # inferred, not stated
    assert speaker_of(text, quote_of(quotes, text, "At the end of the day")) == "Pence"


def test_stance_before_a_quotation_beats_the_last_paragraph_speaker(attribute):
    text, quotes = attribute(
        "Mr. Trump said, ''So far, I cannot believe how civil it's been.''\n\n"
        "Mr. Hannity is unapologetic about his aim. ''I'm not hiding the fact that I want "
        "Donald Trump to be the next president.''"
    )
    q = quote_of(quotes, text, "I'm not hiding the fact")
    assert speaker_of(text, q) == "Mr. Hannity"


def test_gesture_then_words(attribute):
    text, quotes = attribute(
        "“It goes in here and goes out here,” Tom Ebeling said, pointing to one and then the "
        "other of his ears. Betsy Ebeling shook her head. “Tom’s much better about it than I "
        "am.”\n"
    )
    q = quote_of(quotes, text, "Tom’s much better")
    assert speaker_of(text, q) == "Betsy Ebeling"
    assert speaker_of(text, quote_of(quotes, text, "It goes in here")) == "Tom Ebeling"


def test_no_speaker_from_a_sentence_of_motion(attribute):
    text, quotes = attribute(
        "The senator left the chamber at noon.\n\nSen. Mary Smith walked to the podium. "
        "“We will not back down.”\n"
    )
    no_quote_of(quotes, text, "We will not back down")


def test_no_speaker_from_the_paragraph_before(attribute):
    text, quotes = attribute(
        "Sen. Mary Smith met the governor on Monday.\n\n“We will not back down.”\n"
    )
    no_quote_of(quotes, text, "We will not back down")
