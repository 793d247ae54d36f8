"""A deterministic synthetic news corpus (JSONL) for the engine/concurrency tests and benches.

Each "event" is reported by several outlets in different words and numbers, so grouping into
stories has real work to do; every record is distinct text (a distinct article). Written for
these tests; no real articles.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

PLACES = ["Van", "Talca", "Ramallah", "Kherson", "Lagos", "Quito", "Dhaka", "Mosul", "Sendai",
          "Tabriz", "Cusco", "Mombasa", "Gdansk", "Manaus", "Kandahar", "Hilo"]
KINDS = [
    ("earthquake", ("A magnitude {mag} earthquake struck near {place} on {day}, killing at least "
     "{n} people and damaging {m} buildings, officials said.")),
    ("flood", ("Floods swept through {place} on {day} after days of heavy rain, leaving {n} people "
     "dead and forcing {m} families from their homes, the disaster agency said.")),
    ("strike", ("Workers at the port of {place} walked out on {day}, halting {m} ships, and union "
     "leaders said {n} members had joined the strike over pay.")),
    ("election", ("Voters in {place} went to the polls on {day} in a tight mayoral race, with "
     "turnout at {n} percent by midday, according to the electoral commission, which counted "
     "{m} polling stations.")),
    ("fire", ("A fire tore through a market in {place} on {day}, destroying {m} stalls and "
     "injuring {n} people, the fire brigade said.")),
]
PEOPLE = ["Maria Lopez", "Ahmed Karimi", "Yuki Tanaka", "Olena Shevchenko", "Samuel Okoro",
          "Ines Duarte", "Rashid Khan", "Anna Nowak", "Paulo Mendes", "Tomas Varga"]
OUTLETS = ["Reuters", "BBC News", "The Guardian", "Al Jazeera", "AP", "NPR", "CNN", "DW"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = [
    "Rescue teams and volunteers worked through the night.",
    "Local residents described scenes of confusion in the streets.",
    "The regional governor promised help for those affected.",
    "Schools in the area were closed until further notice.",
    "Aid groups said they were sending food, water and blankets.",
    "Officials warned that the numbers could still change.",
    "Television images showed crowds gathered near the city hall.",
    "Neighbouring countries offered assistance on Saturday.",
]


def article(rng: random.Random, event: int, version: int) -> dict:
    """One outlet's report of ``event`` (the same event keeps its place, kind and person)."""
    erng = random.Random(event)
    kind, lead = KINDS[erng.randrange(len(KINDS))]
    place = PLACES[erng.randrange(len(PLACES))]
    person = PEOPLE[erng.randrange(len(PEOPLE))]
    day = erng.randrange(1, 28)
    n = erng.randrange(5, 400) + rng.randrange(0, 3) * version
    m = erng.randrange(10, 900)
    text = lead.format(mag=f"{erng.randrange(50, 79) / 10:.1f}", place=place,
                       day=DAYS[day % 7], n=n, m=m)
    quote = (f'"We are doing everything we can," said {person}, a spokesperson in {place}.')
    body = [text, quote] + rng.sample(FILLER, 3)
    body.append(f"Report number {event}-{version} of the {kind} in {place}.")
    return {
        "id": f"e{event}v{version}",
        "title": f"{kind.capitalize()} in {place}: {n} affected",
        "outlet": OUTLETS[(event + version) % len(OUTLETS)],
        "date": f"2024-03-{day:02d}",
        "text": "\n\n".join(body),
    }


def records(n: int, seed: int = 0, per_event: int = 3) -> list[dict]:
    return [article(random.Random(seed * 1_000_003 + i), i // per_event, i % per_event)
            for i in range(n)]


def write_jsonl(path: Path, n: int, seed: int = 0, start: int = 0) -> Path:
    """``n`` records (events numbered from ``start // 3``) as JSONL at ``path``."""
    with open(path, "w", encoding="utf-8") as f:
        for i in range(start, start + n):
            # One generator per record: record i is the same text in every file that holds it.
            rng = random.Random(seed * 1_000_003 + i)
            f.write(json.dumps(article(rng, i // 3, i % 3)) + "\n")
    return path
