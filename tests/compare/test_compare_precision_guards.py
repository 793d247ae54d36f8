"""Precision guards found reading real comparisons (BASIL, Fox / NYT / HuffPost on one event):
a story's main subject alone does not align two sentences; titles are not scare quotes; one
word is not a wording difference with itself; documents and bodies are not unnamed sources."""

import pytest

from counterpoint.compare import compare_articles
from counterpoint.compare.framing import _is_title
from counterpoint.compare.voices import head_noun, voice_kind
from counterpoint.models import Article, article_id

pytestmark = pytest.mark.slow

FOX = (
    "Real estate tycoon Donald Trump said Thursday he has doubts about whether President Obama "
    "was born in the United States and has sent investigators to Hawaii looking for answers. "
    "Trump made the remarks in an interview on the \"Today\" show. "
    "He said Obama \"doesn't have a doctrine\" on foreign affairs. "
    "A national NBC poll showed Trump tied for second with Mike Huckabee. "
    "Obama was born in Honolulu in 1961, according to Hawaii officials."
)
NYT = (
    "In an interview shown Thursday on the “Today” show, Mr. Trump told Meredith Vieira that he "
    "had real doubts about whether Mr. Obama was born in this country, and that he has sent his "
    "own investigators to Hawaii to research the issue. "
    "“It’s not about Mr. Obama,” said Carl Seel, an Arizona lawmaker. "
    "State officials in Hawaii have confirmed that Mr. Obama was born in Honolulu. "
    "Mr. Obama has said the issue is a distraction."
)


def art(text, source, outlet):
    return Article(id=article_id(text), text=text, raw_text=text, source=source, kind="text",
                   outlet=outlet, word_count=len(text.split()))


@pytest.fixture(scope="module")
def comparison():
    return compare_articles([art(FOX, "fox", "Fox News"), art(NYT, "nyt", "The New York Times")])


def _aligned(comparison):
    out = []
    for f in comparison.findings:
        if f.kind in ("shared", "omission") and len({e.article_id for e in f.evidence}) > 1:
            out.append([e.text for e in f.evidence])
    return out


def test_the_main_subject_alone_does_not_align_sentences(comparison):
    for texts in _aligned(comparison):
        joined = " | ".join(texts)
        assert not ("doctrine" in joined and "It’s not about" in joined), joined


def test_the_same_fact_still_aligns(comparison):
    assert any(any("investigators" in t for t in texts) and len(texts) >= 2
               for texts in _aligned(comparison))


def test_a_show_title_is_not_a_scare_quote(comparison):
    scare = [f.data["phrase"] for f in comparison.findings if f.subtype == "scare-quote"]
    assert "Today" not in scare


def test_no_wording_difference_between_a_word_and_itself(comparison):
    for f in comparison.findings:
        if f.subtype == "wording":
            a, b = list(f.data["terms"].values())
            assert a.lower() != b.lower(), f.summary


def test_documents_are_not_unnamed_sources(comparison):
    for f in comparison.findings:
        if f.subtype == "unnamed":
            assert "poll" not in f.summary.lower(), f.summary


@pytest.mark.parametrize(
    "description, kind",
    [
        ("commentators", "people"),
        ("Palestinian officials", "people"),
        ("state officials – including the Republican who was governor", "people"),
        ("a source close to the negotiations", "people"),
        ("the Palestinian leadership", "body"),
        ("The Biden administration", "body"),
        ("Israeli authorities", "body"),
        ("A national NBC/WSJ poll", "other"),
        ("The remarks from the potential presidential candidate", "other"),
        ("The bill", "other"),
        ("", "other"),
    ],
)
def test_voice_kind(description, kind):
    assert voice_kind(description) == kind


def test_head_noun():
    assert head_noun("Several conservatives, including Glenn Beck") == "conservatives"
    assert head_noun("His") == "his"


@pytest.mark.parametrize(
    "words, title",
    [
        (["Today"], True),
        (["Celebrity", "Apprentice"], True),
        (["Deal", "of", "the", "Century."], True),
        (["massacre"], False),
        (["real", "doubts"], False),
        (["not", "the", "right", "decision."], False),
        (["the", "Squad"], False),
    ],
)
def test_is_title(words, title):
    assert _is_title(words) is title


class _Slots:
    def __init__(self, numbers=()):
        self.quantities = [type("Q", (), {"value": n, "subset": False})() for n in numbers]


class _Unit:
    def __init__(self, numbers=()):
        self.slots = _Slots(numbers)


@pytest.mark.parametrize(
    "cosine, shared, numbers, aligned",
    [
        (0.58, {"person:obama"}, ((), ()), False),  # only the story's main subject
        (0.58, {"person:obama"}, ((1961,), (1961,)), True),  # ... and the same number
        (0.58, {"person:obama", "place:hawaii"}, ((), ()), True),  # two specifics
        (0.58, {"org:tea party"}, ((), ()), True),  # a specific that is not a main subject
        (0.66, {"person:obama"}, ((), ()), True),  # close enough for one shared entity
        (0.50, {"person:obama", "place:hawaii"}, ((), ()), False),  # too far apart
        (0.70, set(), ((), ()), False),  # no specifics at all
    ],
)
def test_specifics_needed_to_align(cosine, shared, numbers, aligned):
    from counterpoint.compare.align import _specific_enough

    subjects = {"person:obama", "person:trump", "place:hawaii"}
    a, b = _Unit(numbers[0]), _Unit(numbers[1])
    assert _specific_enough(a, b, cosine, shared, subjects) is aligned


def test_head_noun_of_a_coordination_is_its_first_conjunct():
    assert voice_kind("state Republican Party leaders and a number of Braley's opponents") == "people"
