"""The cue lexicon: which words introduce reported speech or attributed thought.

The lemmas live in ``counterpoint/data/quote_cues.json``, grouped by where the cue's content
sits in the parse, because the grammar of the cue decides where the content is:

* ``SPEECH`` verbs take a clause ("said that ...", "said the ...") or a direct quotation.
* ``COGNITION`` verbs ("believe", "think") take a clause only; they count as attribution
  when their subject is a third party, never for a first-person "I think".
* ``ARGUMENT`` verbs carry the speaker's words in their objects ("accused X of ...",
  "called it a ...", "urged X to ..."); they yield partial quotes when a fragment is quoted.
* ``OBJECT`` verbs state a position in their direct object ("announced a series of steps",
  "endorsed Ted Cruz"); ``PREPOSITION`` verbs in one preposition's object ("talked about");
  ``INFINITIVE`` verbs of commitment and request in their infinitive ("vowed to ...").
  Plain intention ("want", "try", "plan") is left out: it reports what someone does.
* ``NOUN`` cues report words when a possessor names the speaker ("her remark that ...").
* ``DIRECT`` is every verb that may introduce a direct quotation ("“...,” she exclaimed").
* ``PARTIAL_ONLY`` verbs attribute words only when those words are quoted ("chanted
  “What curfew?”", "admires Putin as a “strong leader”").
"""

from __future__ import annotations

import json
from importlib import resources


def _load() -> dict:
    with (
        resources.files("counterpoint.data")
        .joinpath("quote_cues.json")
        .open(encoding="utf-8") as fh
    ):
        return json.load(fh)


_DATA = _load()

SPEECH = frozenset(_DATA["speech"])
COGNITION = frozenset(_DATA["cognition"])
ARGUMENT = frozenset(_DATA["argument"])
OBJECT = frozenset(_DATA["object"])
PREPOSITION: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["preposition"].items()}
INFINITIVE = frozenset(_DATA["infinitive"])
CLAUSE_EXTRA = frozenset(_DATA["clause_extra"])
NOUN = frozenset(_DATA["noun"])
DIRECT = SPEECH | ARGUMENT | frozenset(_DATA["direct_only"])
PARTIAL_ONLY = (DIRECT | frozenset(_DATA["partial_only"])) - {"go", "begin", "put"}

# Verbs that take the addressee as their direct object ("told reporters").
ADDRESSEE_OBJECT = frozenset(_DATA["addressee_object"])

# Titles that precede a name and are no part of it ("Mayor Ana Ruiz", "Mr. Obama").
TITLES = frozenset(_DATA["titles"])

# Words that head an unnamed source ("officials said", "a source close to ...").
SOURCE_NOUNS = frozenset(_DATA["source_nouns"])

ALL_VERB_CUES = (
    SPEECH | COGNITION | ARGUMENT | OBJECT | INFINITIVE | CLAUSE_EXTRA | frozenset(PREPOSITION)
)

PERSONAL_PRONOUNS = {
    "he": "male",
    "him": "male",
    "she": "female",
    "her": "female",
    "they": "plural",
    "it": "neuter",
}

# Pronouns that never name a reported speaker outside a quotation.
FIRST_SECOND_PERSON = frozenset({"i", "we", "you", "me", "us"})


def is_verb_cue(lemma: str) -> bool:
    """Whether a verb lemma can introduce an attribution."""
    return lemma.lower() in ALL_VERB_CUES
