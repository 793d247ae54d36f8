"""Attribution on the two seed articles (the project's defining example)."""

import pytest

from counterpoint.analysis.nlp import load_spacy
from counterpoint.analysis.quotes import attribute_quotes

pytestmark = pytest.mark.slow


def _clean_000(raw: str) -> str:
    # Headline and standfirst are removed by ingest; so is the JS tail after the store link.
    body = "\n".join(raw.split("\n")[2:])
    return body.split("Jerusalem Post Store")[0]


@pytest.fixture(scope="module")
def seeds():
    from seed_paths import SEED_000, SEED_004

    nlp = load_spacy()
    out = {}
    for key, path, clean in (("000", SEED_000, _clean_000), ("004", SEED_004, lambda t: t)):
        text = clean(path.read_text(encoding="utf-8"))
        out[key] = (text, attribute_quotes(nlp(text)))
    return out


def _find(quotes, words):
    hits = [q for q in quotes if words in q.content_text]
    assert hits, f"no quote contains {words!r}"
    return hits[0]


def test_offsets_index_the_text(seeds):
    for text, quotes in seeds.values():
        assert quotes
        for q in quotes:
            for span in q.content:
                assert span.of(text) in q.content_text
            if q.cue:
                assert q.cue.of(text) == q.cue_text
            if q.speaker_span:
                assert q.speaker_span.of(text).strip()


def test_abu_yusef_told_voice_of_palestine(seeds):
    q = _find(seeds["000"][1], "to continue defining the relationship")
    assert q.speaker_name == "Wasel Abu Yusef"
    assert q.cue_text == "told"
    assert "Voice of Palestine" in q.addressee
    assert q.kind == "mixed"


def test_salhi_quotes(seeds):
    text, quotes = seeds["000"]
    ball = _find(quotes, "The ball is now in the American and Israeli court")
    assert ball.kind == "direct" and ball.cue_text == "added"
    assert ball.speaker_name.endswith("Salhi")
    practices = _find(quotes, "Israel must stop its daily practices")
    assert practices.speaker_name.endswith("Salhi")
    told = _find(quotes, "the leadership stressed that the decisions it took")
    assert told.kind == "direct" and told.speaker_name.endswith("Salhi")
    assert told.speaker_span.of(text) == "Salhi"
    assert "Voice of Palestine" in told.addressee
    accused = _find(quotes, "continuing its crimes of settlements")
    assert accused.kind == "partial" and accused.cue_text == "accused"
    assert accused.speaker_span.of(text) == "He" and accused.speaker_name.endswith("Salhi")
    salhi = [q for q in quotes if q.speaker_name and q.speaker_name.endswith("Salhi")]
    assert len(salhi) >= 5


def test_rafat_two_quotes(seeds):
    quotes = seeds["000"][1]
    rafat = [q for q in quotes if q.speaker_name and "Ra’fat" in q.speaker_name]
    assert len(rafat) >= 2
    assert any("hold more meetings" in q.content_text for q in rafat)
    assert any("the clear Palestinian stance" in q.content_text for q in rafat)


def test_abu_rudaineh_in_000_and_he_added(seeds):
    quotes = seeds["000"][1]
    q = _find(
        quotes, "security coordination with the Israeli occupation government no longer exists"
    )
    assert q.kind == "direct" and q.speaker_name == "Nabil Abu Rudaineh"
    added = _find(quotes, "to add the file of the massacre")
    assert added.cue_text == "added" and added.kind == "mixed"
    assert added.speaker_name == "Nabil Abu Rudaineh"


def test_unnamed_palestinian_officials(seeds):
    _text, quotes = seeds["000"]
    q = _find(quotes, "The Palestinian leadership has rejected pressure")
    assert q.unnamed and q.speaker_name is None
    assert q.speaker_description == "Palestinian officials"
    assert q.kind == "indirect"


def test_abu_rudaineh_not_abbas_in_004(seeds):
    text, quotes = seeds["004"]
    q = _find(quotes, "is no longer existent as of now")
    assert q.kind == "direct" and q.cue_text == "said"
    assert q.speaker_name == "Nabil Abu Rudaineh"
    assert "Abu Rudaineh" in q.speaker_span.of(text)
    massacre = _find(quotes, "“massacre”")
    assert massacre.kind == "partial" and massacre.cue_text == "accusing"
    assert massacre.speaker_name == "Nabil Abu Rudaineh"
    whoever = _find(quotes, "Whoever gave the order")
    assert whoever.speaker_span.of(text) == "he"
    assert whoever.speaker_name.endswith("Abu Rudaineh")


def test_barbara_leaf_two_quotes_one_attribution(seeds):
    text, quotes = seeds["004"]
    q = _find(quotes, "We don’t think this is the right step")
    assert q.speaker_name == "Barbara Leaf"
    assert q.kind == "direct" and q.cue_text == "told" and q.addressee == "reporters"
    assert len(q.content) == 2
    assert q.content[1].of(text).startswith("“Far from stepping back")


def test_unnamed_commentators(seeds):
    q = _find(seeds["004"][1], "The move is likely to cause")
    assert q.unnamed and q.speaker_description == "commentators"


def test_scare_quotes_are_not_attributions(seeds):
    quotes = seeds["004"][1]
    assert not any(q.content_text.strip("“”") == "Deal of the Century." for q in quotes)


def test_mixed_quote_keeps_its_closing_mark(seeds):
    _text, quotes = seeds["004"]
    q = _find(quotes, "not the right decision")
    assert q.kind == "mixed" and q.speaker_name == "U.S." and q.cue_text == "responded"
    assert q.content_text.startswith("that the move") and q.content_text.endswith("decision.”")
