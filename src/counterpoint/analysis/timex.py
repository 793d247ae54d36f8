"""Temporal expressions, normalised to the calendar when an anchor allows it.

The anchor is the publication date when it is known, else an explicit full date in the text
("January 26, 2023"). Without either, relative expressions stay relative: nothing is ever
anchored to *today* (the day the analysis runs says nothing about the article).

Representation (:class:`~counterpoint.models.TimeExpr`):

``value``
    the resolved calendar value, ISO 8601 at the precision the words give:
    ``2023-01-26`` (day), ``2023-W03`` (ISO week: "last week"), ``2023-01`` (month:
    "late last month"), ``2023`` (year); ``None`` when unresolved.
``relative``
    what the words say relative to their anchor, kept whether or not it was resolved:
    ``weekday:FRI`` ("on Friday", "Friday’s meeting"), ``date:--01-26`` ("January 26" with
    no year: ISO 8601's year-less ``--MM-DD``), ``month:--01`` ("in January"),
    ``day:-1`` ("yesterday"), ``same-day`` ("earlier in the day", "today"), ``week:-1``
    ("last week"), ``month:-1`` ("last month"), ``year:-1``, ``vague`` ("recent years",
    "a few months"), ``set:daily`` (frequencies), ``text-month:+1`` ("the next month",
    "later that month": relative to the last time the *text* named, resolved from it with
    ``anchor="text"``, never from the publication date). A part-of-period modifier follows a slash:
    ``month:-1/late`` ("late last month"), ``week:0/early``. Absolute expressions with a year
    have ``relative=None``.
``anchor``
    ``publication`` or ``text`` when ``value`` was computed from that anchor, ``none`` when
    the words needed no anchor (a full date) or none was available.
``confidence``
    0.95 for full dates; lower for weekday and week/month arithmetic, and lower again when the
    anchor is a date found in the text rather than the publication date.

>>> from datetime import date
>>> normalise("Friday", date(2023, 1, 28)).value
'2023-01-27'
>>> normalise("January 26", None).relative
'date:--01-26'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from counterpoint.models import TimeExpr

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
_WEEKDAY_NAMES = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_SAME_DAY_RE = (
    r"(?:earlier|later)\s+(?:in\s+the|that)\s+day|(?:earlier|later)\s+today|the\s+same\s+day"
    r"|that\s+day|today|tonight|this\s+(?:morning|afternoon|evening)"
)
# Expressions spaCy's small model often misses; found by pattern beside its DATE/TIME entities.
_EXTRA_RE = re.compile(
    rf"\b(?:{_SAME_DAY_RE}|yesterday|tomorrow"
    rf"|the\s+(?:next|following|previous)\s+(?:day|week|month|year)"
    rf"|the\s+day\s+(?:before|after)"
    rf"|(?:(?:early|late|earlier|later)\s+)?(?:last|this|next|earlier\s+this)\s+(?:week|month|year)"
    rf"|(?:last\s+|next\s+|this\s+)?{_WEEKDAY_RE}(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH_RE}(?:\s+\d{{4}})?)\b",
    re.IGNORECASE,
)
# Reports are about the past; a month-day more than this far after the anchor is last year's.
_FUTURE_SLACK = timedelta(days=31)


@dataclass(frozen=True)
class Anchor:
    day: date
    kind: str  # "publication" or "text"

    @property
    def trust(self) -> float:
        return 1.0 if self.kind == "publication" else 0.8


def parse_published(published: str | None) -> date | None:
    """The date part of an ISO date or datetime; None when absent or unparsable."""
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def find_times(doc, published: str | None = None) -> list[TimeExpr]:
    """Every temporal expression in ``doc``, in text order, normalised where possible."""
    text = doc.text
    candidates: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in {"DATE", "TIME"}:
            s, e = ent.start_char, ent.end_char
            # spaCy keeps a possessive inside: "Friday’s" -> "Friday".
            m = re.search(r"['’]s?$", text[s:e])
            if m:
                e = s + m.start()
            candidates.append((s, e))
    for m in _EXTRA_RE.finditer(text):
        # A longer pattern match replaces the entity it contains ("The day" -> "The day before").
        inside = [(s, e) for s, e in candidates if m.start() <= s and e <= m.end()]
        others = [(s, e) for s, e in candidates if m.start() < e and s < m.end() and (s, e) not in inside]
        if not others:
            candidates = [c for c in candidates if c not in inside]
            candidates.append((m.start(), m.end()))
    candidates.sort()

    pub = parse_published(published)
    anchor = Anchor(pub, "publication") if pub else _text_anchor(text, candidates)
    out: list[TimeExpr] = []
    last_day: tuple[date, str] | None = None
    last_value: str | None = None
    for s, e in candidates:
        words = text[s:e]
        if len(words) > 2 and words.isupper():
            continue  # "USA TODAY" is a newspaper, not a day
        if _AGE_RE.search(words):
            continue  # "61-year-old", "a 33-year CIA veteran": ages and tenures, not times
        if _ANAPHORIC_RE.fullmatch(" ".join(words.lower().split())):
            expr = normalise_anaphoric(words, last_value)
        else:
            future = _future_context(doc, s)
            expr = normalise(words, anchor, future=future, last_day=last_day)
        if expr is None:
            continue
        expr = expr.model_copy(update={"start": s, "end": e, "text": words})
        out.append(expr)
        if expr.value:
            last_value = expr.value
            if len(expr.value) == 10:
                last_day = (date.fromisoformat(expr.value), expr.anchor)
    return out


# "the next month", "the day before", "that week", "later that month": relative to the time
# the narrative last named, not to the publication date.
_ANAPHORIC_RE = re.compile(
    r"(?:the\s+)?(?:next|following|previous|preceding|same)\s+(?:day|week|month|year)"
    r"|the\s+(?:day|week|month|year)\s+(?:before|after|earlier|later)"
    r"|(?:(?:earlier|later)\s+)?that\s+(?:week|month|year)"
    r"|(?:a|one|two|three|\d+)\s+(?:days?|weeks?|months?|years?)\s+(?:later|earlier|before|after)"
)


_AGE_RE = re.compile(r"\d\+?[- ](?:year|month|week|day)s?[- ]old|^\d+\+?-(?:year|month|week|day)$|\bold$")


def normalise_anaphoric(words: str, last_value: str | None) -> TimeExpr:
    """Expressions relative to the narrative's last time ("the next month" after "October
    1941" -> 1941-11). Without a resolved time before them they stay relative."""
    w = " ".join(words.lower().split())
    unit = re.search(r"(day|week|month|year)", w).group(1)
    if re.search(r"next|following|after|later", w):
        offset = 1
    elif re.search(r"previous|preceding|before|earlier", w):
        offset = -1
    else:
        offset = 0
    m = re.match(r"(a|one|two|three|\d+)\s+", w)
    if m and offset:
        offset *= {"a": 1, "one": 1, "two": 2, "three": 3}.get(m[1]) or int(m[1])
    relative = f"text-{unit}:{offset:+d}".replace("+0", "0")
    base = {"start": 0, "end": 0, "text": words, "relative": relative}
    value = _shift_value(last_value, unit, offset) if last_value else None
    if value is None:
        return TimeExpr(**base, value=None, anchor="none", confidence=0.5)
    return TimeExpr(**base, value=value, anchor="text", confidence=0.5)


def _shift_value(value: str, unit: str, offset: int) -> str | None:
    """Shift an ISO value by ``offset`` units, when its precision allows."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            if unit == "day":
                return (day + timedelta(days=offset)).isoformat()
            return _shift_period(day, unit, offset)
        if len(value) == 7 and unit in {"month", "year"}:
            day = date(int(value[:4]), int(value[5:7]), 1)
            return _shift_period(day, unit, offset) if unit == "month" else str(day.year + offset)
        if len(value) == 4 and unit == "year":
            return str(int(value) + offset)
    except ValueError:
        return None
    return None


def _text_anchor(text: str, candidates) -> Anchor | None:
    """The latest full date (with a year) the text states, used when publication is unknown."""
    best = None
    for s, e in candidates:
        d = _full_date(text[s:e])
        if d and (best is None or d > best):
            best = d
    return Anchor(best, "text") if best else None


def _full_date(words: str) -> date | None:
    w = words.lower().replace(",", " ")
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", w)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    m = re.search(rf"({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+(\d{{4}})", w)
    if m:
        return _safe_date(int(m[3]), MONTHS[m[1].rstrip(".")], int(m[2]))
    m = re.search(rf"(\d{{1,2}})\s+({_MONTH_RE})\s+(\d{{4}})", w)
    if m:
        return _safe_date(int(m[3]), MONTHS[m[2].rstrip(".")], int(m[1]))
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _future_context(doc, char: int) -> bool:
    """Whether the clause holding the expression speaks of the future ("will meet on Friday")."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    head = span.root.head
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX"}:
            break
        head = head.head
    return any(c.lower_ in {"will", "shall", "'ll", "’ll"} for c in head.children) or any(
        c.lower_ in {"going", "due", "expected", "scheduled"} for c in head.children
    )


def normalise(
    words: str,
    anchor: Anchor | date | None,
    *,
    future: bool = False,
    last_day: tuple[date, str] | None = None,
) -> TimeExpr | None:
    """Normalise one expression. ``anchor``: the reference date (an :class:`Anchor`, a plain
    date meaning the publication date, or None). Returns None for words that are not a time."""
    if isinstance(anchor, date):
        anchor = Anchor(anchor, "publication")
    w = " ".join(words.lower().replace("’", "'").split())
    w = re.sub(r"^(?:on|in|at|by|since|until|from|the)\s+", "", w)
    w = re.sub(r"'s?$", "", w).strip()
    base = {"start": 0, "end": 0, "text": words}

    def resolved(value, relative, conf, weekday=None):
        return TimeExpr(
            **base, value=value, relative=relative, weekday=weekday,
            anchor=anchor.kind if anchor and value else "none",
            confidence=round(conf * (anchor.trust if anchor and value else 1.0), 2),
        )

    def unresolved(relative, conf, weekday=None):
        return TimeExpr(**base, value=None, relative=relative, weekday=weekday, anchor="none",
                        confidence=conf)

    # Full dates and year/month forms need no anchor.
    full = _full_date(w)
    if full is not None:
        return TimeExpr(**base, value=full.isoformat(), anchor="none", confidence=0.95)
    m = re.fullmatch(rf"({_MONTH_RE})\s+(\d{{4}})", w)
    if m:
        return TimeExpr(**base, value=f"{m[2]}-{MONTHS[m[1].rstrip('.')]:02d}", anchor="none",
                        confidence=0.9)
    m = re.fullmatch(r"(?:the\s+year\s+)?((?:19|20)\d{2})", w)
    if m:
        return TimeExpr(**base, value=m[1], anchor="none", confidence=0.9)

    # Month and day without a year: "January 26", "26 January".
    m = re.fullmatch(rf"({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?", w) or re.fullmatch(
        rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})", w
    )
    if m:
        mon_s, day_s = (m[1], m[2]) if not m[1].isdigit() else (m[2], m[1])
        mon, day = MONTHS[mon_s.rstrip(".")], int(day_s)
        relative = f"date:--{mon:02d}-{day:02d}"
        if anchor is None:
            return unresolved(relative, 0.9)
        d = _safe_date(anchor.day.year, mon, day)
        if d is None:
            return unresolved(relative, 0.5)
        if d - anchor.day > _FUTURE_SLACK:
            d = _safe_date(anchor.day.year - 1, mon, day) or d
        return resolved(d.isoformat(), relative, 0.85)

    # A month alone: "in January".
    m = re.fullmatch(rf"(?:early|mid|late)?-?\s*({_MONTH_RE})", w)
    if m and len(w) > 3:
        mon = MONTHS[m[1].rstrip(".")]
        relative = f"month:--{mon:02d}"
        if anchor is None:
            return unresolved(relative, 0.7)
        year = anchor.day.year if mon <= anchor.day.month + 1 else anchor.day.year - 1
        return resolved(f"{year}-{mon:02d}", relative, 0.7)

    # Weekdays: "Friday", "last Friday", "Thursday night".
    m = re.fullmatch(rf"(?:(last|next|this|previous)\s+)?({_WEEKDAY_RE})(?:\s+\w+)?", w)
    if m:
        wd = _WEEKDAY_NAMES[m[2]]
        code = WEEKDAYS[wd]
        relative = f"weekday:{code}"
        if anchor is None:
            return unresolved(relative, 0.8, code)
        forward = m[1] == "next" or (future and m[1] not in {"last", "previous"})
        if anchor.kind == "text" and m[1] is None and not future:
            # A date in the text is no "now": the nearest such weekday, on either side.
            ahead = (wd - anchor.day.weekday()) % 7
            forward = 0 < ahead <= 3
        d = _weekday_from(anchor.day, wd, forward)
        return resolved(d.isoformat(), relative, 0.75, code)

    # Same day: "earlier in the day", "today", "that day".
    if re.fullmatch(_SAME_DAY_RE, w):
        if last_day is not None and w in {"earlier in the day", "later in the day",
                                           "later that day", "earlier that day", "that day",
                                           "the same day"}:
            day, kind = last_day
            return TimeExpr(**base, value=day.isoformat(), relative="same-day",
                            anchor="text" if kind != "publication" else "publication",
                            confidence=0.6)
        if anchor is None:
            return unresolved("same-day", 0.7)
        return resolved(anchor.day.isoformat(), "same-day", 0.7)

    shifts = {"yesterday": -1, "tomorrow": 1, "the day before": -1, "the previous day": -1,
              "the next day": 1, "the following day": 1}
    if w in shifts:
        relative = f"day:{shifts[w]:+d}"
        if anchor is None:
            return unresolved(relative, 0.8)
        return resolved((anchor.day + timedelta(days=shifts[w])).isoformat(), relative, 0.8)
    m = re.fullmatch(r"(\w+)\s+days?\s+ago", w)
    if m and _small_number(m[1]) is not None:
        n = _small_number(m[1])
        relative = f"day:-{n}"
        if anchor is None:
            return unresolved(relative, 0.7)
        return resolved((anchor.day - timedelta(days=n)).isoformat(), relative, 0.7)

    # Weeks, months, years relative to the anchor: "last week", "late last month".
    m = re.fullmatch(
        r"(?:(early|mid|late|earlier|later)\s+)?(last|this|next|previous|earlier\s+this|the\s+past)"
        r"\s+(week|month|year)", w
    )
    if m:
        part = {"earlier": "early", "later": "late"}.get(m[1], m[1])
        which = m[2]
        if which.startswith("earlier"):
            which, part = "this", part or "early"
        offset = {"last": -1, "previous": -1, "the past": -1, "this": 0, "next": 1}[which]
        relative = f"{m[3]}:{offset:+d}".replace("+0", "0") + (f"/{part}" if part else "")
        if anchor is None:
            return unresolved(relative, 0.8)
        return resolved(_shift_period(anchor.day, m[3], offset), relative, 0.7)

    if re.fullmatch(r"(?:daily|weekly|monthly|yearly|annually|every\s+\w+)", w):
        return unresolved(f"set:{w.replace(' ', '-')}", 0.6)
    if re.search(r"\b(?:years?|months?|weeks?|days?|decades?|hours?|recent|ensuing|coming|past)\b", w):
        return unresolved("vague", 0.3)
    if re.fullmatch(r"(?:morning|afternoon|evening|night|overnight|dawn|noon|midnight)", w):
        return unresolved("time-of-day", 0.3)
    if re.search(r"\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)", w):
        return unresolved("time-of-day", 0.5)
    return None


def _weekday_from(day: date, weekday: int, forward: bool) -> date:
    """The nearest ``weekday`` on or before ``day`` (or on/after it when ``forward``)."""
    if forward:
        return day + timedelta(days=(weekday - day.weekday()) % 7)
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _shift_period(day: date, unit: str, offset: int) -> str:
    if unit == "week":
        iso = (day + timedelta(weeks=offset)).isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if unit == "month":
        y, m = day.year, day.month + offset
        while m < 1:
            y, m = y - 1, m + 12
        while m > 12:
            y, m = y + 1, m - 12
        return f"{y}-{m:02d}"
    return str(day.year + offset)


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1, "a few": 3,
}


def _small_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)
