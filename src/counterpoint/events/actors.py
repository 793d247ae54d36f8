"""Type the actors and recipients of events, and find their country.

Types: government, military, police, armed group, international organisation, civilians,
media. The lists live in ``counterpoint/data/actors.json``; users add their own with
``COUNTERPOINT_ACTORS=/path/to/actors.json`` (several separated by ``os.pathsep``) or
``extra=`` in :func:`load_actor_lists`.

Country comes from the words of the actor itself ("Israeli forces", "the Egyptian and
Jordanian intelligence chiefs"), from a known actor ("IDF"), from the roles the text gives a
person ("US Assistant Secretary of State"), and, only for bare domestic institutions ("the
army", "police", "the government"), from the outlet registry's country for the outlet that
wrote it. Nothing else: an actor with no evidence of a country has none.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

ENV_VAR = "COUNTERPOINT_ACTORS"
TYPES = (
    "government",
    "military",
    "police",
    "armed group",
    "international organisation",
    "civilians",
    "media",
)


@dataclass
class ActorLists:
    known: dict[str, tuple[str, str | None]]  # lower-cased name -> (type, country)
    type_words: dict[str, list[str]]
    type_priority: list[str]
    countries: dict[str, str]  # lower-cased name/adjective -> alpha-3
    alpha2: dict[str, str]
    known_re: re.Pattern | None
    country_re: re.Pattern | None
    not_actors: set[str] = None  # head nouns that cannot act: disasters, accidents
    instruments: set[str] = None  # weapons as grammatical subjects: the actor stays unknown


@lru_cache(maxsize=1)
def _bundled() -> str:
    return str(Path(str(resources.files("counterpoint") / "data" / "actors.json")))


def load_actor_lists(extra: str | Path | None = None) -> ActorLists:
    """The actor lists: the bundled file plus ``extra`` and ``$COUNTERPOINT_ACTORS``."""
    paths = [_bundled()]
    env = os.environ.get(ENV_VAR)
    if env:
        paths += [p for p in env.split(os.pathsep) if p]
    if extra:
        paths.append(str(extra))
    return _load(tuple(paths))


def _alternation(names) -> re.Pattern | None:
    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return None
    body = "|".join(re.escape(n) for n in names)
    # word boundaries that also work for names ending in a dot ("U.S.")
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> ActorLists:
    known: dict[str, tuple[str, str | None]] = {}
    type_words: dict[str, list[str]] = {}
    priority: list[str] = []
    countries: dict[str, str] = {}
    alpha2: dict[str, str] = {}
    not_actors: set[str] = set()
    instruments: set[str] = set()
    for p in paths:
        try:
            data = json.loads(Path(p).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            from counterpoint.errors import UsageError

            raise UsageError(f"actors file {p}: {exc}; fix it or unset {ENV_VAR}") from exc
        for entry in data.get("known", []):
            for name in entry.get("names", []):
                known[name.lower()] = (entry["type"], entry.get("country"))
        for t, words in data.get("type_words", {}).items():
            type_words.setdefault(t, []).extend(w.lower() for w in words)
        for t in data.get("type_priority", []):
            if t not in priority:
                priority.append(t)
        for code, names in data.get("countries", {}).items():
            for n in names:
                countries[n.lower()] = code
        alpha2.update(data.get("alpha2_to_alpha3", {}))
        not_actors.update(w.lower() for w in data.get("not_actors", []))
        instruments.update(w.lower() for w in data.get("instruments", []))
    for t in type_words:
        if t not in priority:
            priority.append(t)
    # Case matters for short acronyms ("PA", "US", "AP"): match them case-sensitively.
    return ActorLists(
        known,
        type_words,
        priority,
        countries,
        alpha2,
        _alternation(known),
        _alternation(countries),
        not_actors,
        instruments,
    )


@dataclass
class ActorInfo:
    type: str | None
    country: str | None
    evidence: str | None = None  # "known", "words", "role", "outlet"


def _find_known(text: str, lists: ActorLists):
    """The first known actor named in ``text``: ((type, country), matched words)."""
    if not lists.known_re:
        return None
    for m in lists.known_re.finditer(text):
        name = m.group(0)
        # short acronyms must keep their case: "who" is not the WHO, "pa" is not the PA
        if len(name.replace(".", "")) <= 4 and not name.isupper():
            continue
        val = lists.known.get(name.lower())
        if val:
            return val, name
    return None


def countries_in(text: str, lists: ActorLists) -> list[str]:
    """Alpha-3 codes of the countries named or implied by words in ``text``, in order."""
    out: list[str] = []
    if not lists.country_re:
        return out
    for m in lists.country_re.finditer(text):
        word = m.group(0)
        if len(word) <= 4 and not word.isupper() and word.lower() in ("us", "pa", "uk", "uae", "usa"):
            continue  # "us" the pronoun, not the US
        code = lists.countries.get(word.lower())
        if code and code not in out:
            out.append(code)
    return out


def _type_from_words(text: str, lists: ActorLists, head: str | None) -> str | None:
    low = " " + re.sub(r"[^\w\s.'-]", " ", text.lower()) + " "
    hits = []
    for t in lists.type_priority:
        for w in lists.type_words.get(t, []):
            if f" {w} " in low:
                hits.append((t, w))
    if not hits:
        return None
    if head:
        # the head noun decides ("heads of the ... intelligence agencies" are officials)
        h = head.lower()
        for t, w in hits:
            if w == h or w.split()[-1] == h:
                return t
    return hits[0][0]


def type_actor(
    text: str | None,
    *,
    head: str | None = None,
    label: str | None = None,
    roles: list[str] | None = None,
    outlet_country: str | None = None,
    lists: ActorLists | None = None,
) -> ActorInfo:
    """Type one actor phrase.

    ``head`` is the phrase's head noun, ``label`` the spaCy entity label of the phrase when it
    is a named entity, ``roles`` the titles the text gives that person, ``outlet_country`` the
    alpha-2 or alpha-3 country of the outlet (used only for bare domestic institutions).
    """
    lists = lists or load_actor_lists()
    if not text:
        return ActorInfo(None, None)
    roles = roles or []
    role_text = " ".join(roles)
    found = _find_known(text, lists)
    a_type = country = evidence = None
    if found:
        (a_type, country), _ = found
        evidence = "known"
    word_type = _type_from_words(text, lists, head)
    # "heads of the PA" are government; "Islamic Jihad gunmen" are an armed group
    if (
        a_type is None
        or (word_type and head and found and head.lower() not in found[1].lower())
    ) and (
        word_type
        and not (found and found[0][0] in ("armed group", "media") and word_type == "civilians")
    ):
        a_type = word_type if a_type is None or head else a_type
        evidence = evidence or "words"
    if a_type is None and roles:
        a_type = _type_from_words(role_text, lists, None)
        evidence = "role" if a_type else None
    if a_type is None and label == "GPE":
        a_type, evidence = "government", "words"
    if a_type is None and (head or text).rstrip().endswith("s") and (
        label == "NORP" or ((head or "")[:1].isupper() and (head or "").lower() in lists.countries)
    ):
        a_type, evidence = "civilians", "words"  # "nine Palestinians": people, not a state
    found_countries = countries_in(text, lists)
    if not found_countries and roles:
        found_countries = countries_in(role_text, lists)
    if found_countries:
        country = ",".join(found_countries) if not country else country
    if (
        country is None
        and outlet_country
        and a_type in ("government", "military", "police")
        and re.fullmatch(r"(?i)\s*(the\s+)?(army|military|police|government|cabinet|security forces|authorities|prime minister|president)\s*", text)
    ):
        country = lists.alpha2.get(outlet_country.upper(), outlet_country.upper())
        evidence = "outlet"
    return ActorInfo(a_type, country, evidence)


def is_actor_word(word: str, lists: ActorLists | None = None) -> bool:
    """Is this head noun an actor by itself ("forces", "officials", "Palestinians", "IDF")?"""
    lists = lists or load_actor_lists()
    w = word.lower()
    if any(w == tw or tw.endswith(" " + w) for words in lists.type_words.values() for tw in words):
        return True
    if w in lists.known and (len(w) > 4 or word.isupper()):
        return True
    return word[:1].isupper() and w in lists.countries and w.endswith("s")


@lru_cache(maxsize=64)
def outlet_country(outlet: str | None) -> str | None:
    """The outlet registry's country for an outlet name (alpha-2), or None."""
    if not outlet:
        return None
    try:
        path = Path(str(resources.files("counterpoint") / "data" / "outlets.json"))
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    o = outlet.lower()
    for entry in data.get("outlets", []):
        names = [entry.get("name", "")] + entry.get("aliases", [])
        if any(o == n.lower() for n in names if n):
            return entry.get("country")
    return None
