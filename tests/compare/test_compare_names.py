"""Name keys the comparison decides with (no models)."""

import pytest

from counterpoint.compare.contradictions import _rounding, _same_name_family
from counterpoint.compare.names import (
    entity_key,
    initials,
    institution_type,
    is_acronym,
    normalise_name,
    person_key,
)


@pytest.mark.parametrize("a,b", [("the U.N. Security Council", "United Nations Security Council"),
                                 ("U.S.", "United States"), ("the PA’s", "PA")])
def test_spellings_share_a_key(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_initials_and_acronyms():
    assert initials("International Court of Justice") == "icj"
    assert initials("Palestinian Islamic Jihad") == "pij"
    assert is_acronym("ICJ") and is_acronym("U.N.") and not is_acronym("Court")


@pytest.mark.parametrize("name,kind", [("International Criminal Court", "court"),
                                       ("International Court of Justice", "court"),
                                       ("UN Security Council", "council"),
                                       ("Palestinian People’s Party", "party"),
                                       ("Jenin Refugee Camp", None), ("Voice of Palestine", None)])
def test_institution_type_is_the_head_noun(name, kind):
    assert institution_type(name) == kind


def test_people_are_keyed_by_surname_with_particles():
    assert person_key("Bassam al-Salhi") == person_key("Salhi") == "salhi"
    assert person_key("Nabil Abu Rudaineh") == person_key("Abu Rudaineh") == "abu rudaineh"
    assert entity_key("Mahmoud Abbas", "PERSON") == entity_key("Abbas", "PERSON")


def test_name_families_and_roundings():
    assert not _same_name_family("International Criminal Court", "International Court of Justice")
    assert _same_name_family("U.S. Circuit Court of Appeals", "Ninth Circuit Court of Appeals")
    assert _rounding(100, 98) and _rounding(1000, 950) and not _rounding(9, 8) and not _rounding(40, 25)
