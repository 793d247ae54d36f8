"""Merge the events of a story's articles into one timeline that keeps every source.

Events from different articles (or repeated within one) that describe the same happening —
same kind of action, compatible actors, and at least one more shared clue (place, recipient,
count, trigger word, the same quoted voice) — become one :class:`TimelineEntry` with every
source's evidence. Where the sources give different times, numbers, actors or recipients, the
entry keeps each version (``versions``) and says so in ``disagreements``.

Time is never invented. ``time`` is a normalised value only when the sources' words give one
("2023-01-26", or ISO's year-less "--01-26" when no year is known); a weekday or "last week"
with no known publication date stays relative (``relative``). An "earlier in the day" is read
as the day of the article's lead event, and the entry is placed on that day, marked
``time_basis="same-day"``. Ordering: dated entries by date, then entries relative to an
unknown publication date by their offset ("late last month" < "last week" < weekdays, in week
order), then entries with no time at all, in the order the articles first mention them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from counterpoint.models import Article, ArticleAnalysis, Event, Evidence, TimelineEntry

MATERIAL_CONFLICT = {"ASSAULT", "COERCE", "FIGHT", "MOBILIZE"}
WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
STOP = {"the", "a", "an", "of", "and", "its", "his", "her", "their", "more", "’s", "'s", "other",
        "he", "she", "it", "they", "him", "them", "we", "us", "i", "you", "this", "that", "these",
        "those", "who", "which", "both", "some", "all", "one"}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}
MERGE_THRESHOLD = 1.0
_GENERIC: set[str] = set()


@dataclass
class _Item:
    article: Article
    event: Event
    order: int  # position of the event in its article
    lead_time: object = None  # the article's lead time (for "earlier in the day")


@dataclass
class _Entry:
    items: list[_Item] = field(default_factory=list)


def _words(text: str | None) -> set[str]:
    if not text:
        return set()
    return {w for w in re.findall(r"[\w’']+", text.lower()) if w not in STOP and len(w) > 1}


def _number(text: str | None) -> float | None:
    if not text:
        return None
    m = re.search(r"\b(\d[\d,]*)\b", text)
    if m:
        return float(m.group(1).replace(",", ""))
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in NUMBER_WORDS:
            return float(NUMBER_WORDS[w])
    return None


def _countries(e: Event) -> set[str]:
    return set(filter(None, (e.actor_country or "").split(",")))


def _generic_words() -> set[str]:
    from counterpoint.events.actors import load_actor_lists

    lists = load_actor_lists()
    words = {w for ws in lists.type_words.values() for t in ws for w in t.split()}
    return words | {"man", "woman", "driver", "motorist", "gunman", "suspect", "victim", "name",
                    "person", "group", "body", "officer", "officers", "agent", "boy", "girl",
                    "teenager", "police", "weapon", "weapons", "shot", "shots", "street", "home",
                    "house", "car", "decision", "move", "statement", "anything", "something"}


def _specific(text: str | None) -> bool:
    """Does a phrase name something in particular ("Jerry Ortiz", "security coordination"),
    rather than a kind ("the officers", "a woman", "police")? Only such phrases, shared by two
    outlets, show that they tell of one event."""
    if not text:
        return False
    toks = re.findall(r"[\w’']+", text)
    if any(t[:1].isupper() and t.lower() not in STOP for t in toks[1:]) or (
        toks and toks[0][:1].isupper() and toks[0].lower() not in STOP and toks[0].lower() not in _GENERIC
    ):
        return True
    content = [t.lower() for t in toks if t.lower() not in STOP and len(t) > 1]
    return len(content) >= 2 and any(t not in _GENERIC for t in content)


def _same_text(a: str | None, b: str | None) -> bool:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.6


def _place_match(a: str | None, b: str | None) -> bool | None:
    if not a or not b:
        return None
    la, lb = a.lower(), b.lower()
    return la in lb or lb in la or bool(_words(a) & _words(b))


def _family(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a in MATERIAL_CONFLICT and b in MATERIAL_CONFLICT:
        return 0.7
    return 0.0


def _score(x: Event, y: Event, same_article: bool = False) -> float | None:
    """How likely two events are the same happening; None when they cannot be."""
    fam = _family(x.action, y.action)
    if fam == 0 or x.negated != y.negated:
        return None
    score = 0.0
    identity = False  # one participant, or the same quoted voice, is the same on both sides
    # actors
    if x.actor and y.actor:
        if (x.actor_key and x.actor_key == y.actor_key) or _same_text(x.actor, y.actor):
            score += 1.0
            identity = identity or bool(x.actor_key and x.actor_key == y.actor_key) or _specific(x.actor)
        else:
            cx, cy = _countries(x), _countries(y)
            if cx and cy and not (cx & cy):
                return None
            def person(e: Event) -> bool:
                institution = re.search(r"(?i)\b(administration|government|ministry|office|cabinet)\b", e.actor or "")
                return (e.actor_key or "").startswith("person:") and not institution

            if person(x) and person(y) and x.action not in MATERIAL_CONFLICT:
                return None  # two named people saying things are two statements
            if cx & cy:
                # a shared country is a weak clue for words (many officials speak), a stronger
                # one for force and for one article retelling its own story
                strong = x.action in MATERIAL_CONFLICT or same_article
                same_type = x.actor_type == y.actor_type
                score += (0.6 if same_type else 0.4) if strong else 0.3
    # recipients
    if x.target and y.target:
        if (x.target_key and x.target_key == y.target_key) or _same_text(x.target, y.target):
            score += 1.0
            identity = identity or bool(x.target_key and x.target_key == y.target_key) or _specific(x.target)
        elif x.target_type and y.target_type and x.target_type != y.target_type:
            return None
        elif x.target_type and x.target_type == y.target_type:
            score += 0.3
    if _same_text(x.theme, y.theme):
        score += 0.8
        identity = identity or _specific(x.theme)
    nx, ny = _number(x.target), _number(y.target)
    if nx is not None and nx == ny:
        score += 0.5
    pm = _place_match(x.place, y.place)
    if pm is True:
        score += 1.0
        identity = True
    elif pm is False:
        return None
    kx, ky = _time_key(x.time), _time_key(y.time)
    same_day = bool(kx and ky and kx[0] in ("date", "month-day") and kx == ky)
    if same_day:
        score += 0.5
        identity = True
    if x.action == "STATEMENT" and not same_article and not (kx and kx == ky):
        return 0.0  # one person says many things: a statement is one event only on one day
    if x.trigger_text.lower()[:4] == y.trigger_text.lower()[:4]:
        score += 0.5
    if x.voice != "outlet" and x.voice == y.voice:
        score += 0.5
        identity = True
    if not (identity or same_article):
        # across outlets, one event needs something particular in common: a named
        # participant, the place, the day, or the same quoted voice - not just "police shot a man"
        return 0.0
    if same_article and x.mode and x.mode == y.mode and x.action == y.action:
        score += 0.4
    return score * fam


def _informative(e: Event) -> bool:
    """May this event open a timeline entry of its own (rather than only join one)?"""
    if e.action == "STATEMENT":
        return e.actor is not None and e.time is not None
    if e.actor:
        return True
    return e.action in MATERIAL_CONFLICT and bool(e.target or e.place)


# --------------------------------------------------------------------------- time


def _time_key(t) -> tuple[str, object, str] | None:
    """(basis, comparable value, normalised label) for one time expression."""
    if t is None:
        return None
    rel = t.relative or ""
    if rel == "same-day" and not t.value:
        return ("same-day", None, "same-day")
    if t.value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value):
        return ("date", date.fromisoformat(t.value).toordinal(), t.value)
    if t.value and re.fullmatch(r"\d{4}-\d{2}", t.value):
        y, m = map(int, t.value.split("-"))
        return ("date", date(y, m, 1).toordinal(), t.value)
    if t.value and re.fullmatch(r"\d{4}-W\d{2}", t.value):
        y, w = t.value.split("-W")
        return ("date", date.fromisocalendar(int(y), int(w), 1).toordinal(), t.value)
    m = re.fullmatch(r"date:--(\d{2})-(\d{2})", rel)
    if m:
        return ("month-day", (int(m[1]), int(m[2])), f"--{m[1]}-{m[2]}")
    m = re.fullmatch(r"weekday:(\w{3})", rel)
    if m:
        wd = WEEKDAYS.index(m[1]) if m[1] in WEEKDAYS else 0
        return ("relative", -7 + wd, rel)
    m = re.fullmatch(r"(day|week|month|year):([+-]?\d+)(?:/(\w+))?", rel)
    if m:
        unit = {"day": 1, "week": 7, "month": 30, "year": 365}[m[1]]
        off = int(m[2]) * unit
        part = {"early": -0.3, "mid": 0.0, "late": 0.3}.get(m[3] or "", 0.0)
        if m[1] == "week" and int(m[2]) == -1:
            off = -10  # last week comes before the days of this week
        return ("relative", off + part * unit, rel)
    return None


def _lead_time(events: list[Event]):
    for e in events:
        k = _time_key(e.time)
        if k and k[0] != "same-day":
            return e
    return None


# --------------------------------------------------------------------------- merging


def _outlet(a: Article) -> str:
    return a.outlet or f"article {a.id[:8]}"


def build_timeline(articles: list[Article], analyses: list[ArticleAnalysis]) -> list[TimelineEntry]:
    """One timeline for the articles of a story, oldest first, every source kept.

    ``analyses`` are matched to ``articles`` by ``article_id``; their ``events`` are used as
    they are (run :func:`counterpoint.events.extract.extract_events` first).
    """
    if not _GENERIC:
        _GENERIC.update(_generic_words())
    by_id = {a.article_id: a for a in analyses if a is not None}  # None: analysis failed
    items: list[_Item] = []
    for art in articles:
        an = by_id.get(art.id)
        if an is None:
            continue
        evs = [e for e in an.events if not e.negated]
        lead = _lead_time(evs)
        for i, e in enumerate(evs):
            items.append(_Item(art, e, i, lead))
    # informative events first so that entries form around them; then text order
    items.sort(key=lambda it: (not _informative(it.event), it.article.id != articles[0].id if articles else 0, it.order))
    entries: list[_Entry] = []
    for it in items:
        best, best_score = None, 0.0
        for en in entries:
            scores = [_score(it.event, o.event, o.article.id == it.article.id) for o in en.items]
            if any(s is None for s in scores):
                continue
            s = max(scores) if scores else 0
            if s > best_score:
                best, best_score = en, s
        if best is not None and best_score >= MERGE_THRESHOLD:
            best.items.append(it)
        elif _informative(it.event):
            entries.append(_Entry([it]))
    entries = _merge_entries(entries)
    return _finish(entries, articles)


def _entry_score(a: _Entry, b: _Entry) -> float | None:
    best = 0.0
    for x in a.items:
        for y in b.items:
            s = _score(x.event, y.event, x.article.id == y.article.id)
            if s is None:
                return None
            best = max(best, s)
    return best


def _merge_entries(entries: list[_Entry]) -> list[_Entry]:
    """Join entries that greedy assignment left apart ("entered the camp" and "killed nine"
    formed around different first mentions before the link between them was seen)."""
    changed = True
    while changed:
        changed = False
        for i in range(len(entries)):
            for j in range(i + 1, len(entries)):
                s = _entry_score(entries[i], entries[j])
                if s is not None and s >= MERGE_THRESHOLD:
                    entries[i].items += entries[j].items
                    del entries[j]
                    changed = True
                    break
            if changed:
                break
    return entries


def _versions(en: _Entry) -> list[dict]:
    out = []
    for it in en.items:
        e = it.event
        out.append(
            {
                "article_id": it.article.id,
                "outlet": _outlet(it.article),
                "action": e.action,
                "mode": e.mode,
                "actor": e.actor,
                "actor_type": e.actor_type,
                "actor_country": e.actor_country,
                "target": e.target,
                "theme": e.theme,
                "place": e.place,
                "time_text": e.time.text if e.time else None,
                "time": (_time_key(e.time) or (None, None, None))[2],
                "number": _number(e.target),
                "voice": e.voice,
                "trigger": e.trigger_text,
            }
        )
    return out


def _mentions(article: Article, text: str | None) -> bool:
    if not text:
        return False
    core = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    return core.lower() in article.text.lower()


def _disagreements(en: _Entry, resolved) -> list[str]:
    out = []
    # times: same basis, different value
    by_basis: dict[str, dict] = {}
    for it, key, words in resolved:
        if key is None or key[0] == "same-day":
            continue
        by_basis.setdefault(key[0], {}).setdefault(key[2], []).append((it, words))
    for vals in by_basis.values():
        if len(vals) > 1:
            parts = [
                f"'{w}'" + (f" = {norm}" if w and norm not in w and not norm.startswith(("weekday:", "same-day")) else "")
                + f" ({_outlet(it.article)})"
                for norm, v in vals.items() for it, w in v[:1]
            ]
            articles = {it.article.id for v in vals.values() for it, _ in v}
            where = " within one article" if len(articles) == 1 else ""
            out.append(f"time{where}: " + " vs ".join(parts))
    # numbers
    nums: dict[float, list] = {}
    for it in en.items:
        n = _number(it.event.target)
        if n is not None and it.event.action in MATERIAL_CONFLICT:
            nums.setdefault(n, []).append(it)
    if len(nums) > 1:
        arts = {it.article.id for v in nums.values() for it in v}
        if len(arts) > 1:
            out.append("number: " + " vs ".join(
                f"'{v[0].event.target}' ({_outlet(v[0].article)})" for v in nums.values()))
    # recipients and actors: named differently by different articles, neither naming the other's
    material = any(it.event.action in MATERIAL_CONFLICT for it in en.items)
    for slot in ("target", "actor") if material else ("target",):
        named: dict[str, _Item] = {}
        for it in en.items:
            val = getattr(it.event, slot)
            key = getattr(it.event, f"{slot}_key")
            if val and key and not key.startswith(("group:", "place:")):
                named.setdefault(key, it)
        if len(named) > 1:
            arts = {it.article.id for it in named.values()}
            if len(arts) > 1:
                conflicting = []
                for it in named.values():
                    others = [o for o in named.values() if o.article.id != it.article.id]
                    if others and all(not _mentions(o.article, getattr(it.event, slot)) for o in others):
                        conflicting.append(it)
                if len(conflicting) > 1 and len({c.article.id for c in conflicting}) > 1:
                    label = "recipient" if slot == "target" else "actor"
                    out.append(f"{label}: " + " vs ".join(
                        f"{getattr(c.event, slot)} ({_outlet(c.article)})" for c in conflicting))
    return out


def _finish(entries: list[_Entry], articles: list[Article]) -> list[TimelineEntry]:
    # which entry holds each article's lead event (for "earlier in the day")
    lead_entry: dict[str, _Entry] = {}
    for en in entries:
        for it in en.items:
            if it.lead_time is not None and it.event is it.lead_time:
                lead_entry[it.article.id] = en
    prepared = []
    for en in entries:
        resolved = []
        same_day_of = None
        for it in en.items:
            key = _time_key(it.event.time)
            words = it.event.time.text if it.event.time else None
            if key and key[0] == "same-day" and it.lead_time is not None:
                lead = lead_entry.get(it.article.id)
                if lead is not None and lead is not en:
                    same_day_of = lead
                    lk = _time_key(it.lead_time.time)
                    resolved.append((it, lk, f"{words} (the day of '{it.lead_time.time.text}')"))
                    continue
            resolved.append((it, key, words))
        prepared.append((en, resolved, same_day_of))
    out = []
    conflict_hint: dict[int, tuple] = {}
    for en, resolved, same_day_of in prepared:
        acts = [it.event.action for it in en.items]
        action = max(set(acts), key=lambda a: (acts.count(a), a in MATERIAL_CONFLICT and a == "ASSAULT"))
        e0 = max(
            (it for it in en.items if it.event.action == action),
            key=lambda it: (bool(it.event.actor) and bool(it.event.target), it.event.time is not None,
                            bool(it.event.actor), it.event.confidence),
        ).event
        disagreements = _disagreements(en, resolved)
        keys = [k for _, k, _ in resolved if k and k[0] != "same-day"]
        basis_rank = {"date": 0, "month-day": 1, "relative": 2}
        keys.sort(key=lambda k: basis_rank[k[0]])
        time = relative = None
        basis = "unknown"
        if keys:
            top = [k for k in keys if k[0] == keys[0][0]]
            if len({k[2] for k in top}) == 1:
                basis = keys[0][0]
                if basis in ("date", "month-day"):
                    time = keys[0][2]
                else:
                    relative = keys[0][2]
            else:
                basis = "conflicting"
                # placed at the earliest version; the entry states no time of its own
                conflict_hint[id(en)] = min(top, key=lambda k: k[1])
        if same_day_of is not None and basis in ("unknown",):
            basis = "same-day"
        evidence = []
        outlets = []
        for it in en.items:
            e = it.event
            ev = Evidence(article_id=it.article.id, start=e.evidence.start, end=e.evidence.end,
                          text=it.article.text[e.evidence.start:e.evidence.end], outlet=it.article.outlet)
            if not any(x.article_id == ev.article_id and x.start == ev.start for x in evidence):
                evidence.append(ev)
            o = _outlet(it.article)
            if o not in outlets:
                outlets.append(o)
        actors = list(dict.fromkeys(it.event.actor for it in en.items if it.event.actor))
        targets = list(dict.fromkeys(it.event.target for it in en.items if it.event.target))
        places = [it.event.place for it in en.items if it.event.place]
        time_text = list(dict.fromkeys(w for _, _, w in resolved if w))
        out.append(
            (
                en,
                same_day_of,
                TimelineEntry(
                    action=action,
                    mode=e0.mode,
                    summary=_summary(e0),
                    time=time,
                    time_text=time_text,
                    actors=actors,
                    targets=targets,
                    place=max(places, key=len) if places else None,
                    evidence=evidence,
                    outlets=outlets,
                    disagreements=disagreements,
                    time_basis=basis,
                    relative=relative,
                    versions=_versions(en),
                ),
            )
        )
    # order
    first_seen = {}
    art_rank = {a.id: i for i, a in enumerate(articles)}
    for en, _, te in out:
        first_seen[id(te)] = min((art_rank.get(it.article.id, 99), it.order) for it in en.items)
    by_entry = {id(en): te for en, _, te in out}

    def sort_key(row):
        en, same_day_of, te = row
        if same_day_of is not None and te.time_basis in ("same-day", "conflicting", "unknown", "relative"):
            lead_te = by_entry[id(same_day_of)]
            k = _entry_key(lead_te, first_seen)
            return k[:-1] + (k[-1] - 0.5,)  # "earlier in the day": just before the lead event
        hint = conflict_hint.get(id(en))
        if hint is not None:
            fs = first_seen[id(te)]
            if hint[0] == "relative":
                return (2, "", float(hint[1]), fs[0], float(fs[1]))
            label = hint[2]
            return (0 if hint[0] == "date" else 1, label, 0.0, fs[0], float(fs[1]))
        return _entry_key(te, first_seen)

    out.sort(key=sort_key)
    result = []
    for i, (_, same_day_of, te) in enumerate(out):
        te.order = i
        if same_day_of is not None and te.time is None:
            lead_te = by_entry[id(same_day_of)]
            if lead_te.time:
                te.time = lead_te.time  # the same day as a dated entry: that date, not a guess
                te.time_basis = "same-day"
        result.append(te)
    return result


def _entry_key(te: TimelineEntry, first_seen) -> tuple:
    if te.time and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", te.time):
        return (0, te.time, 0.0, first_seen[id(te)][0], float(first_seen[id(te)][1]))
    if te.time and te.time.startswith("--"):
        return (1, te.time, 0.0, first_seen[id(te)][0], float(first_seen[id(te)][1]))
    if te.relative:
        k = _time_key(type("T", (), {"relative": te.relative, "value": None})())
        return (2, "", float(k[1]) if k else 0.0, first_seen[id(te)][0], float(first_seen[id(te)][1]))
    return (3, "", 0.0, first_seen[id(te)][0], float(first_seen[id(te)][1]))


_PLACE_AS_OBJECT = ("visit", "tour", "enter", "reach", "leave", "storm", "raid", "invade")
"""Verbs whose place is their object: "visited Ramallah", not "visited in Ramallah"."""


def _summary(e: Event) -> str:
    words = e.wording or e.trigger_text
    if e.actor:
        parts = [e.actor, words]
    elif e.target and not e.theme:
        # "Twenty more people were injured": who is affected leads when nobody acts
        parts = [e.target, words]
    else:
        parts = [words]
    if e.theme:
        parts.append(e.theme)
    if e.actor and e.target and (not e.theme or e.target not in e.theme):
        parts.append(("to " if e.theme else "") + e.target)
    elif not e.actor and e.target and e.theme and e.target not in e.theme:
        parts.append("to " + e.target)
    if e.place and (not e.target or e.place not in e.target) and e.place not in words:
        verb = e.trigger_text.lower()
        parts.append(e.place if verb.startswith(_PLACE_AS_OBJECT) else f"in {e.place}")
    if not e.actor:
        parts.append("(actor not stated)")
    text = " ".join(parts)
    return f"{e.action}: {text}" if e.action else text


def chart_data(entries: list[TimelineEntry]) -> dict:
    """JSON for a timeline chart: one item per entry with its time or relative order."""
    return {
        "schema": "counterpoint.timeline.chart/1",
        "items": [
            {
                "order": te.order,
                "time": te.time,
                "relative": te.relative,
                "time_basis": te.time_basis,
                "time_text": te.time_text,
                "label": te.summary,
                "action": te.action,
                "mode": te.mode,
                "outlets": te.outlets,
                "disagreement": bool(te.disagreements),
                "disagreements": te.disagreements,
            }
            for te in entries
        ],
    }
