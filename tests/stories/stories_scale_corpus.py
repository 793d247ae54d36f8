"""A synthetic dated news stream for the scale tests (no model): pairs of events of different
kinds a few days apart, pairs 20 days apart, three reports per event; and a cheap
deterministic stand-in for the sentence encoder."""

from __future__ import annotations

import re
import zlib
from datetime import date, timedelta

import numpy as np

from counterpoint.models import Article, article_id

KINDS = [
    ("earthquake", ("A strong earthquake struck {place} on {day}, toppling houses, {person}, the "
     "regional emergency chief, said. Rescue teams searched the rubble in {place} through the night.")),
    ("flood", ("Floods swept through {place} after days of heavy rain, and {person}, who leads the "
     "{place} river authority, said thousands of homes were under water.")),
    ("strike", ("Dock workers in {place} walked out over pay, halting cargo at the port, union leader "
     "{person} said, adding that the strike in {place} would last a week.")),
    ("election", ("Voters in {place} chose a new mayor, and {person} claimed victory after the count "
     "in {place} ended late at night, election officials said.")),
]
PLACES = ["Valdora", "Kestrel Bay", "Morrowind", "Tarsk", "Olvenna", "Brackwater", "Quillon",
          "Zenthia", "Harrowgate", "Ilmarsh", "Pellucid", "Yarrow Point", "Dunmere", "Falkreath",
          "Corvanna", "Lisk"]
PEOPLE = ["Marta Okonkwo", "Dariusz Feld", "Ines Calloway", "Tobias Wren", "Amara Quist",
          "Lev Sorokin", "Noor Halvard", "Pietro Anselm", "Keiko Brandt", "Ruth Ellery",
          "Sami Oduya", "Greta Vilks", "Omar Castellan", "Yuki Thornbury", "Bram Declerck",
          "Ada Merriweather"]
OUTLETS = ["Reuters", "BBC News", "The Guardian"]
START = date(2021, 3, 1)


def event_day(i: int) -> date:
    """Events 2j and 2j+1 are 3 days apart; pairs are 20 days apart."""
    return START + timedelta(days=20 * (i // 2) + 3 * (i % 2))


def event_articles(i: int) -> list[Article]:
    kind, template = KINDS[i % len(KINDS)]
    place, person = PLACES[i], PEOPLE[i]
    out = []
    for j, outlet in enumerate(OUTLETS):
        body = template.format(place=place, person=person, day="Sunday")
        extra = [f"{person} spoke to reporters in {place}.",
                 f"The {kind} in {place} was the main news of the day, {outlet} reported.",
                 f"Officials in {place} promised help."][j]
        text = f"{body} {extra}"
        out.append(Article(id=article_id(text), text=text, raw_text=text, source=f"t:{i}:{j}",
                           kind="text", headline=f"{kind.title()} in {place}: {person} speaks",
                           outlet=outlet, published=(event_day(i) + timedelta(days=j % 2)).isoformat()))
    return out


def stream(n_events: int = 16) -> list[list[Article]]:
    return [event_articles(i) for i in range(n_events)]


_TOKEN = re.compile(r"[a-z]+")
_CACHE: dict[str, np.ndarray] = {}


def hash_encoder(texts: list[str]) -> np.ndarray:
    """Unit vectors from a sum of per-word random directions: similar words, similar vectors."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in _TOKEN.findall(t.lower()):
            v = _CACHE.get(w)
            if v is None:
                v = _CACHE[w] = np.random.default_rng(zlib.crc32(w.encode())).standard_normal(384).astype(np.float32)
            out[i] += v
        norm = np.linalg.norm(out[i])
        out[i] = out[i] / norm if norm else out[i]
    return out


def partition(memberships: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for a, s in memberships.items():
        groups.setdefault(s, set()).add(a)
    return {frozenset(g) for g in groups.values()}
