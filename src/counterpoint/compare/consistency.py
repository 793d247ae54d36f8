"""Inconsistency within one article: days that cannot all be right.

Two checks, both on what the article itself says:

* a weekday next to a calendar date with a known year, where the date falls on another weekday
  ("on Wednesday, January 26, 2023");
* a statement dated on one weekday ("on Wednesday said") whose own words place an event "earlier
  in the day", while the article dates that event on another weekday ("On Thursday, Israeli
  forces entered ..."). The event sentence is recognised by sharing a place or a content word
  with the "earlier in the day" passage.
"""

from __future__ import annotations

import datetime as dt
import re

from counterpoint.compare.context import ArticleView
from counterpoint.compare.slots import WEEKDAYS
from counterpoint.models import Finding

_WEEKDAY_DATE = re.compile(
    r"\b(" + "|".join(w.capitalize() for w in WEEKDAYS) + r"),?\s+(January|February|March|April|"
    r"May|June|July|August|September|October|November|December)\s+(\d{1,2}),?\s+(\d{4})"
)
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_EVENT_NOUNS = {"raid", "operation", "attack", "strike", "incursion", "clash", "shooting",
                "bombing", "explosion", "meeting", "vote", "election", "protest", "arrest"}


def _weekday_date(view: ArticleView) -> list[Finding]:
    findings = []
    for m in _WEEKDAY_DATE.finditer(view.text):
        try:
            day = dt.date(int(m.group(4)), _MONTHS.index(m.group(2).lower()) + 1, int(m.group(3)))
        except ValueError:
            continue
        if day.strftime("%A") == m.group(1):
            continue
        findings.append(
            Finding(
                kind="inconsistency",
                subtype="weekday-date",
                summary=f"{view.label}: {m.group(0)} was a {day.strftime('%A')}",
                explanation=f"The article pairs {m.group(1)} with a date that fell on a "
                f"{day.strftime('%A')}.",
                confidence=0.85,
                evidence=[view.evidence(m.start(), m.end())],
                outlets=[view.label],
            )
        )
    return findings


def _content_lemmas(unit) -> set[str]:
    return {t.lemma_.lower() for t in unit.span if t.pos_ in {"NOUN", "PROPN"} and not t.is_stop}


def _same_day(view: ArticleView) -> list[Finding]:
    speech_days = [(u, t) for u in view.units for t in u.slots.times if t.weekday and t.verb_is_speech]
    event_days = [(u, t) for u in view.units for t in u.slots.times if t.weekday and not t.verb_is_speech]
    relative = [(u, t) for u in view.units for t in u.slots.times if t.same_day]
    findings = []
    for ru, rt in relative:
        # The event the relative phrase dates: an event noun just before it ("the raid in Jenin").
        before = view.text[ru.start : rt.start].lower()
        nouns = [n for n in _EVENT_NOUNS if re.search(rf"\b{n}s?\b", before)]
        if not nouns:
            continue
        places = {m.key for m in ru.mentions if m.label in {"GPE", "LOC", "FAC"}}
        for eu, et in event_days:
            if eu is ru:
                continue
            eplaces = {m.key for m in eu.mentions if m.label in {"GPE", "LOC", "FAC"}}
            if not (places & eplaces or set(nouns) & _content_lemmas(eu)):
                continue
            for su, st in speech_days:
                if st.weekday == et.weekday or su is eu:
                    continue
                # "earlier in the day" places the event on the day of the statement.
                findings.append(
                    Finding(
                        kind="inconsistency",
                        subtype="weekday",
                        summary=f"{view.label} dates the statement “{st.text}” but the {nouns[0]} "
                        f"“{et.text}”, and calls the {nouns[0]} “{rt.text}”",
                        explanation=(
                            f"“{rt.text}” puts the {nouns[0]} on the day of the statement, yet the "
                            f"article gives {et.text} for the {nouns[0]} and {st.text} for the "
                            "statement."
                        ),
                        confidence=0.6,
                        evidence=[view.evidence(st.start, st.end), view.evidence(et.start, et.end),
                                  view.evidence(rt.start, rt.end)],
                        outlets=[view.label],
                        data={"statement_day": st.weekday, "event_day": et.weekday,
                              "relative": rt.text},
                    )
                )
                return findings
    return findings


def find_inconsistencies(view: ArticleView) -> list[Finding]:
    """Day inconsistencies inside one article."""
    return _weekday_date(view) + _same_day(view)
