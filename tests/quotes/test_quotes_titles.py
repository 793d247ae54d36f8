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
