"""What kind of voice an unnamed attribution is: people, a body, or a thing.

Attribution keeps the words of every speaker it cannot name ("officials said", "the Biden
administration said", "a poll showed", "the bill requires"). For *whose voices are heard* only
the first kind are unnamed sources; a collective body speaks as an institution, and a poll, a
report or a bill is a document, not a voice. The kind is read from the head noun of the
description — the last word before a modifier or a second conjunct ("state officials –
including ..." -> officials, "party leaders and a number of opponents" -> leaders, "the remarks
from the candidate" -> remarks).

>>> voice_kind("state officials – including the Republican governor")
'people'
>>> voice_kind("The Biden administration")
'body'
>>> voice_kind("A national NBC/WSJ poll")
'other'
"""

from __future__ import annotations

import re

from counterpoint.analysis.attribution.cues import SOURCE_NOUNS

# People who speak without being named. SOURCE_NOUNS is what attribution itself treats as a
# source; these are more of the same, as reporters write them.
PEOPLE = SOURCE_NOUNS | frozenset(
    """activist adviser advisor aide analyst attorney author bystander caller
    colleague commentator conservative constituent critic democrat diplomat doctor economist
    employee executive expert eyewitness family friend individual insider investigator
    journalist lawmaker lawyer legislator liberal negotiator neighbour neighbor nurse observer
    officer official opponent organiser organizer participant physician pollster prosecutor
    protester protestor relative republican reporter representative researcher resident rival
    scientist senator source spokesman spokesperson spokeswoman staffer student supporter
    survivor teacher voter witness worker someone somebody anyone""".split()
)

# Bodies that speak as institutions ("the Palestinian leadership", "the administration said").
BODIES = frozenset(
    """leadership administration government ministry department authority authorities army
    military forces force office council committee agency campaign party court company firm
    group organization organisation union commission cabinet parliament congress senate house
    kremlin pentagon police regime embassy mission bureau board service team coalition
    alliance movement network station newspaper outlet channel""".split()
)

_CUT = re.compile(
    r",|\s[–—-]\s|\s\((?:.*)|\s(?:who|which|that|from|of|in|at|with|including|close|among|"
    r"familiar|on|for|to|by|under|over|during|after|before|and|or)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z][a-z'’-]*")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def head_noun(description: str) -> str | None:
    """The head word of a speaker description, lower-cased ("state officials – ..." ->
    "officials")."""
    phrase = _CUT.split(description, maxsplit=1)[0]
    words = _WORD.findall(phrase.lower())
    return words[-1] if words else None


def voice_kind(description: str | None) -> str:
    """``"people"``, ``"body"`` or ``"other"`` (documents, polls, pronouns, unknown words)."""
    head = head_noun(description or "")
    if head is None:
        return "other"
    for word in (head, _singular(head)):
        if word in PEOPLE:
            return "people"
        if word in BODIES:
            return "body"
    return "other"


__all__ = ["BODIES", "PEOPLE", "head_noun", "voice_kind"]
