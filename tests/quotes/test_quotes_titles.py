"""Names of works in quotation marks are not quotes: a person reading, watching or writing a
book, show or film; a work "called" or "named" something; a title that is a verb's object
before an unrelated clause. Slogans, signs and names given to people stay quotations."""

import pytest

pytestmark = pytest.mark.slow

LEAD = "Trump flew to Iowa on Monday.\n\n"


def _holding(quotes, words):
    return [q for q in quotes if words in q.content_text]


@pytest.mark.parametrize(
    "sentence",
    [
        "Trump is reading “Crippled America.”",
        "She has been reading “Crippled America,” Trump’s book.",
        "He wrote “The Art of the Deal” in 1987.",
        "His book is called “Crippled America.”",
        "He watched “The Walking Dead” with his son.",
    ],
)
def test_a_work_read_watched_written_or_named_is_no_quote(attribute, sentence):
    _text, quotes = attribute(LEAD + sentence)
    title = sentence.split("“")[1].split("”")[0].rstrip(".,")
    assert not _holding(quotes, title), [q.content_text for q in quotes]


def test_a_title_object_does_not_take_the_next_clause_as_its_attribution(attribute):
    _text, quotes = attribute(LEAD + "Carson, who wrote “Gifted Hands,” spoke on Tuesday.")
    assert not _holding(quotes, "Gifted Hands")
    _text, quotes = attribute(LEAD + "The book, titled “Crippled America,” came out in May.")
    assert not _holding(quotes, "Crippled America")


def test_slogans_and_names_given_to_people_stay_quotes(attribute):
    text, quotes = attribute(LEAD + "The crowd chanted “Lock Her Up” as he spoke.")
    (q,) = _holding(quotes, "Lock Her Up")
    assert q.speaker_span.of(text) == "The crowd"
    text, quotes = attribute(LEAD + "Trump called Cruz “Lyin’ Ted” at the rally.")
    (q,) = _holding(quotes, "Lyin’ Ted")
    assert q.speaker_span.of(text) == "Trump"


def test_an_exclamation_in_title_case_is_no_title(attribute):
    text, quotes = attribute(LEAD + "He wrote “We Will Win Iowa!” on Twitter.")
    (q,) = _holding(quotes, "We Will Win Iowa")
    assert q.kind == "direct" and q.speaker_span.of(text) == "He"


def test_a_slogan_in_a_reported_clause_stays(attribute):
    _text, quotes = attribute(
        LEAD + "Many reporters noted on Twitter the change from the usual campaign slogan, "
        "“Make America Great Again.”"
    )
    assert _holding(quotes, "Make America Great Again")


def test_whatever_follows_titled_is_a_name(attribute):
    _text, quotes = attribute(
        LEAD + 'The ad, titled "Unifier?", concludes that Trump is too "dangerous and '
        'reckless" to be president.'
    )
    assert not [q for q in quotes if "Unifier" in q.content_text]
    assert [q for q in quotes if "dangerous and reckless" in q.content_text]


def test_a_thing_called_something_and_a_work_in_apposition(attribute):
    _text, quotes = attribute(
        LEAD + "A renovation made CNBC’s show in a segment called “Pimp My Chopper.”"
    )
    assert not [q for q in quotes if "Pimp My Chopper" in q.content_text]
    _text, quotes = attribute(
        LEAD + "In his new book, “Doomed to Succeed,” and in an interview, Mr. Ross said "
        "Mr. Obama had told Jewish leaders that he would not continue."
    )
    assert not [q for q in quotes if "Doomed to Succeed" in q.content_text]


def test_a_gloss_between_dashes_is_no_quote_but_a_quotation_after_a_verb_is(attribute):
    _text, quotes = attribute(
        LEAD + "The hashtag #PorteOuverte - “open door” - became a vehicle for shelter."
    )
    assert not [q for q in quotes if "open door" in q.content_text]
    text, quotes = attribute(
        LEAD + "When Trump finally wrapped up — “I will fight for you, and I will win for "
        "you!” — the balloons cascaded down."
    )
    (q,) = [q for q in quotes if "I will fight" in q.content_text]
    assert q.speaker_span.of(text) == "Trump"


def test_a_verb_of_motion_before_a_comma_is_no_cue(attribute):
    _text, quotes = attribute(
        LEAD + "She took her BlackBerry everywhere she went, “sending and receiving emails in "
        "the territory of sophisticated adversaries.”"
    )
    assert not [q for q in quotes if q.kind == "direct" and "sending" in q.content_text]


def test_a_word_mentioned_in_apposition_is_no_direct_quote(attribute):
    _text, quotes = attribute(
        LEAD + 'She also maneuvered around the charged term, "radical Islam," which some '
        "Republicans want U.S. leaders to use to describe the enemy."
    )
    assert not [q for q in quotes if q.kind == "direct" and "radical Islam" in q.content_text]
    assert not [q for q in quotes if q.speaker_span and "Republicans" in q.speaker_span.of(_text)]


def test_a_thing_is_no_speaker_of_a_quotation_after_a_colon(attribute):
    text, quotes = attribute(
        "Ban spoke.\n\nAs for Ban, he seems content that the global climate deal he pushed "
        'for happened on his watch: "There is no perfect agreement in this world."'
    )
    (q,) = [q for q in quotes if "no perfect agreement" in q.content_text]
    assert "deal" not in q.speaker_span.of(text)


def test_a_title_in_the_speaker_description_is_not_the_speaker_s_words(attribute):
    text, quotes = attribute(
        LEAD + 'Sam Solovey, a contestant on Trump\'s reality TV show, "The Apprentice," who '
        'went on to work alongside Trump, said his boss was "always kind and generous."'
    )
    assert not [q for q in quotes if q.content_text.strip('"“”,') == "The Apprentice"]
    (q,) = [q for q in quotes if "always kind" in q.content_text]
    assert "Solovey" in q.speaker_span.of(text)


def test_words_of_the_speaker_in_a_relative_clause_stay_his(attribute):
    _text, quotes = attribute(
        LEAD + "Trump, who called Cruz “a nasty guy” on Monday, said he would win Texas."
    )
    (q,) = [q for q in quotes if "a nasty guy" in q.content_text]
    assert q.speaker_name == "Trump"
