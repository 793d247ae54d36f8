"""Bad input and the precision guards: one article, copies, unrelated articles, another language,
numbers that count different things, roundings, subsets, and two different events."""

from pathlib import Path

import pytest

from counterpoint.compare import compare_articles
from counterpoint.models import Article, article_id

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def art(text, source, outlet=None, language=None):
    return Article(id=article_id(text), text=text, raw_text=text, source=source, kind="text",
                   outlet=outlet, language=language, word_count=len(text.split()))


@pytest.fixture(scope="module")
def seed_004():
    return art((SEEDS / "004_0b82b473876b18de.txt").read_text(encoding="utf-8").strip(), "004")


@pytest.fixture(scope="module")
def seed_000():
    text = (SEEDS / "000_95383a19cb279dd7.txt").read_text(encoding="utf-8")
    text = text[: text.index("Jerusalem Post Store")].strip()  # the JS tail, as cleaning cuts it
    return art(text, "000", outlet="The Jerusalem Post")


EARTHQUAKE = (
    "A magnitude 6.1 earthquake struck off the coast of northern Chile on Tuesday, the US "
    "Geological Survey said. There were no immediate reports of damage or casualties in Iquique, "
    "the nearest city. Chile's national emergency office said it was assessing the situation "
    "and had not ordered an evacuation. The quake was felt as far away as La Paz in Bolivia."
)
SPANISH = (
    "La Autoridad Palestina anunció el jueves que pone fin a la coordinación de seguridad con "
    "Israel después de que nueve palestinos murieran en una redada en Yenín. El portavoz Nabil "
    "Abu Rudeineh dijo que la coordinación de seguridad ya no existe y que acudirán al Consejo "
    "de Seguridad de la ONU."
)

FIRE_A = (
    "Seven people were killed in a fire at the Main Street warehouse in Springfield on Monday, "
    "Fire Chief Dana Ortiz said. The blaze started shortly after midnight and burned for six "
    "hours before firefighters brought it under control. The cause of the fire is under "
    "investigation, Ortiz told reporters."
)
FIRE_B_NINE = (
    "Nine people were killed in a fire at the Main Street warehouse in Springfield on Monday, "
    "Fire Chief Dana Ortiz said. Crews from three neighbouring towns were called in. Ortiz said "
    "the cause of the blaze is under investigation."
)
FIRE_B_SUBSET = (
    "Seven people were killed in a fire at the Main Street warehouse in Springfield on Monday, "
    "five of whom were workers on the night shift, Fire Chief Dana Ortiz said. The cause of the "
    "blaze is under investigation, Ortiz said."
)
FIRE_B_ROUGHLY = (
    "About ten people were killed in a fire at the Main Street warehouse in Springfield on Monday, "
    "Fire Chief Dana Ortiz said. The cause of the blaze is under investigation, Ortiz said."
)
FIRE_OTHER_TOWN = (
    "Four people were killed in a fire at a warehouse in Shelbyville on Monday, the county "
    "sheriff said. The blaze started shortly after midnight and burned for several hours. The "
    "cause of the fire is under investigation, the sheriff told reporters."
)


def test_one_article_says_so_and_still_shows_quotes_and_framing(seed_004):
    c = compare_articles([seed_004])
    assert any("Only one article" in n for n in c.notes)
    kinds = {f.kind for f in c.findings}
    assert {"framing", "sourcing", "note"} <= kinds
    assert not kinds & {"shared", "omission", "contradiction", "quote_match"}
    assert any(f.subtype == "loaded-term" for f in c.of_kind("framing"))


def test_identical_articles_are_wire_copies(seed_004):
    copy = seed_004.model_copy(update={"source": "004-copy", "outlet": "Wire"})
    c = compare_articles([seed_004, copy])
    assert any("copy" in n for n in c.notes)
    assert not c.of_kind("contradiction") and not c.of_kind("omission")


def test_unrelated_articles_are_reported_not_aligned(seed_004):
    c = compare_articles([seed_004, art(EARTHQUAKE, "quake")])
    assert any("unrelated" in n for n in c.notes)
    for kind in ("shared", "contradiction", "quote_match", "omission"):
        assert not c.of_kind(kind), kind


def test_another_language_is_set_aside(seed_000, seed_004):
    c = compare_articles([seed_000, seed_004, art(SPANISH, "es", outlet="El País", language="es")])
    assert any("another language" in n for n in c.notes)
    assert all("El País" not in f.outlets for f in c.of_kind("shared"))
    assert [f.subtype for f in c.of_kind("contradiction")] == ["institution"]


def test_number_contradiction_same_count_different_value():
    c = compare_articles([art(FIRE_A, "a", outlet="A"), art(FIRE_B_NINE, "b", outlet="B")])
    numbers = [f for f in c.of_kind("contradiction") if f.subtype == "number"]
    assert len(numbers) == 1
    assert numbers[0].data["values"] == {"A": 7.0, "B": 9.0}
    assert {e.text for e in numbers[0].evidence} >= {"Seven people", "Nine people"}


@pytest.mark.parametrize("other", [FIRE_B_SUBSET, FIRE_B_ROUGHLY])
def test_no_contradiction_for_subsets_or_approximations(other):
    c = compare_articles([art(FIRE_A, "a", outlet="A"), art(other, "b", outlet="B")])
    assert not [f for f in c.of_kind("contradiction") if f.subtype == "number"]


def test_two_different_events_do_not_contradict():
    c = compare_articles([art(FIRE_A, "a", outlet="A"), art(FIRE_OTHER_TOWN, "b", outlet="B")])
    assert not c.of_kind("contradiction")


class FakeWorkspace:
    """The four workspace calls compare_story makes, over plain dicts."""

    def __init__(self, story, articles):
        self.story, self.articles = story, {a.id: a for a in articles}

    def get_story(self, story_id):
        return self.story if self.story.id.startswith(story_id) else None

    def get_article(self, article_id):
        return self.articles.get(article_id)

    def get_analysis(self, article_id):
        return None  # not analysed yet: compare_story analyses them

    def get_sentence_vectors(self, article_id):
        return None


def test_compare_story_reads_the_workspace():
    from counterpoint.compare import compare_story
    from counterpoint.errors import UsageError
    from counterpoint.models import Story

    a, b = art(FIRE_A, "a", outlet="A"), art(FIRE_B_NINE, "b", outlet="B")
    ws = FakeWorkspace(Story(id="s123456", article_ids=[a.id, b.id], size=2), [a, b])
    c = compare_story(ws, "s123")
    assert c.story_id == "s123456"
    assert [x.id for x in c.articles] == [a.id, b.id]
    assert c.of_kind("shared")
    with pytest.raises(UsageError):
        compare_story(ws, "nope")


TAX_A = ('Senator John Carter said at the Colorado State Capitol in Denver on Monday: "We will not '
         'raise taxes on working families this year, and we will balance the budget." Carter '
         'spoke after a long budget session.')
TAX_B = ('Governor Maria Lopez said at the Colorado State Capitol in Denver on Monday: "We will not '
         'raise taxes on working families this year, and we will balance the budget." Lopez '
         'spoke after a long budget session.')
TAX_B_BOTH = TAX_B + " Senator John Carter also attended the session."


def test_same_quote_given_to_different_people_is_a_person_contradiction():
    c = compare_articles([art(TAX_A, "a", outlet="A"), art(TAX_B, "b", outlet="B")])
    people = [f for f in c.of_kind("contradiction") if f.subtype == "person"]
    assert len(people) == 1
    assert people[0].data["values"] == {"A": "John Carter", "B": "Maria Lopez"}


def test_no_person_contradiction_when_the_other_speaker_is_named_too():
    c = compare_articles([art(TAX_A, "a", outlet="A"), art(TAX_B_BOTH, "b", outlet="B")])
    assert not [f for f in c.of_kind("contradiction") if f.subtype == "person"]


QUOTE_NEG_A = ('Mayor Anna Reyes said at City Hall in Portland on Monday: "The water supply is safe to '
               'drink and the boil notice is over." Reyes spoke after tests by the Oregon '
               'Health Authority.')
QUOTE_NEG_B = ('Mayor Anna Reyes said at City Hall in Portland on Monday: "The water supply is not safe '
               'to drink and the boil notice is over." Reyes spoke after tests by the Oregon Health '
               'Authority.')


def test_a_quote_whose_polarity_flips_is_a_quote_contradiction():
    c = compare_articles([art(QUOTE_NEG_A, "a", outlet="A"), art(QUOTE_NEG_B, "b", outlet="B")])
    assert [f.subtype for f in c.of_kind("contradiction") if f.subtype == "quote"] == ["quote"]
