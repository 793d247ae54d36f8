"""prepare_article: RawInput in, Article out, or a clear UnreadableInput."""

import pytest

from counterpoint.errors import UnreadableInput
from counterpoint.ingest.prepare import count_words, prepare_article
from counterpoint.models import RawInput, article_id

BODY = (
    "Israeli forces entered the Jenin refugee camp on Thursday morning, the army said.\n"
    "Nine people were killed and twenty more were injured, according to the health ministry."
)


def test_html_metadata_title_date_outlet():
    raw = RawInput(
        source="https://www.timesofisrael.com/liveblog-entry/pa-halts-coordination/",
        kind="url",
        text="PA halts security coordination\nBy Aaron Boxerman\n" + BODY + "\nShare this article",
        html="<html>...</html>",
        metadata={"title": "PA halts security coordination | The Times of Israel", "date": "2023-01-26",
                  "author": "Aaron Boxerman", "sitename": "The Times of Israel"},
    )
    a = prepare_article(raw)
    assert a.headline == "PA halts security coordination"
    assert "PA halts security coordination" not in a.text  # not duplicated in the body
    assert a.text == BODY
    assert a.outlet == "The Times of Israel" and a.outlet_evidence == "domain: timesofisrael.com"
    assert a.url == raw.source
    assert (a.published, a.date_evidence) == ("2023-01-26", "metadata: date")
    assert a.byline == "Aaron Boxerman"
    assert a.raw_html == "<html>...</html>"
    assert [r.reason for r in a.removals] == ["headline", "byline", "furniture"]
    assert a.id == article_id(a.text)
    assert a.word_count == count_words(BODY) == 27


def test_same_text_same_id_whatever_the_debris():
    a = prepare_article(RawInput(source="a.txt", kind="text", text=BODY))
    b = prepare_article(RawInput(source="b.txt", kind="text", text="Advertisement\n" + BODY + "\nRead more"))
    assert a.id == b.id


def test_absurd_date_is_unknown_with_a_note():
    a = prepare_article(RawInput(source="x.txt", kind="text", text=BODY, metadata={"date": "2203-01-01"}))
    assert a.published is None
    assert "future" in a.date_evidence and "future" in a.metadata["date_notes"]


@pytest.mark.parametrize(
    "text,reason",
    [
        ("", "empty"),
        ("   \n\t\n", "empty"),
        ("Advertisement\nShare this article\n`; document.getElementById('x').innerHTML = y;", "nothing left after cleaning"),
    ],
)
def test_unreadable(text, reason):
    with pytest.raises(UnreadableInput, match=reason) as info:
        prepare_article(RawInput(source="bad.txt", kind="text", text=text))
    assert info.value.source == "bad.txt"


def test_html_without_text_is_unreadable():
    with pytest.raises(UnreadableInput, match="without extracted text"):
        prepare_article(RawInput(source="p.html", kind="html", html="<p>x</p>"))


def test_metadata_keeps_captions_and_dateline():
    text = "JERUSALEM (Reuters) - " + BODY + "\n(Photo: Reuters)"
    a = prepare_article(RawInput(source="r.txt", kind="text", text=text))
    assert a.metadata["captions"] == "(Photo: Reuters)"
    assert a.metadata["dateline"] == "JERUSALEM (Reuters) -"
    assert a.outlet == "Reuters"


def test_count_words():
    assert count_words("Bassam al-Salhi’s party, the PLO's 2023 plan.") == 7


def test_standfirst_from_description_only_when_not_the_lede():
    meta = {"title": "PA halts security coordination", "description": "The PA says ties are cut after the Jenin raid."}
    a = prepare_article(RawInput(source="a.html", kind="html", text=BODY, metadata=meta))
    assert a.standfirst == "The PA says ties are cut after the Jenin raid."
    assert a.text == BODY
    # a description that repeats the lede is not a standfirst
    meta["description"] = BODY.splitlines()[0][:120]
    a = prepare_article(RawInput(source="a.html", kind="html", text=BODY, metadata=meta))
    assert a.standfirst is None


def test_title_path_guesses_no_standfirst():
    text = "PA halts security coordination\nShort lede sentence that could be a standfirst here.\n" + BODY
    a = prepare_article(RawInput(source="a.html", kind="html", text=text,
                                 metadata={"title": "PA halts security coordination"}))
    assert a.headline == "PA halts security coordination"
    assert a.standfirst is None
    assert a.text.startswith("Short lede sentence")
