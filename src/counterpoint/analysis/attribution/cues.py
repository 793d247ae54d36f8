"""The cue lexicon: which words introduce reported speech or attributed thought.

Lemmas are grouped by how they take their content, because the grammar of the cue decides
where the content is:

* ``SPEECH`` verbs take a clause ("said that ...", "said the ...") or a direct quotation.
* ``COGNITION`` verbs ("believe", "think") take a clause only; they count as attribution
  when their subject is a third party, never for a first-person "I think" inside a quote.
* ``ARGUMENT`` verbs carry the speaker's words in their objects ("accused X of ...",
  "called it a ...", "urged X to ..."); they yield partial quotes when a fragment is quoted.
"""

from __future__ import annotations

SPEECH = frozenset(
    [
        "say",
        "tell",
        "add",
        "state",
        "stress",
        "emphasize",
        "emphasise",
        "announce",
        "declare",
        "note",
        "explain",
        "insist",
        "argue",
        "claim",
        "assert",
        "confirm",
        "deny",
        "admit",
        "acknowledge",
        "warn",
        "caution",
        "reply",
        "respond",
        "answer",
        "write",
        "tweet",
        "post",
        "report",
        "reveal",
        "disclose",
        "mention",
        "remark",
        "observe",
        "comment",
        "suggest",
        "predict",
        "promise",
        "pledge",
        "vow",
        "vow",
        "threaten",
        "boast",
        "complain",
        "protest",
        "concede",
        "contend",
        "maintain",
        "reiterate",
        "repeat",
        "recall",
        "continue",
        "conclude",
        "charge",
        "allege",
        "testify",
        "inform",
        "assure",
        "tell",
        "agree",
        "counter",
        "retort",
        "quip",
        "joke",
        "recount",
        "describe",
        "point",
        "indicate",
        "signal",
        "estimate",
        "forecast",
        "ask",
        "wonder",
        "question",
        "propose",
        "recommend",
        "demand",
        "urge",
        "announce",
        "proclaim",
        "affirm",
        "underline",
        "underscore",
        "highlight",
        "caution",
        "inform",
        "reaffirm",
        "lament",
        "decry",
        "complain",
        "concede",
        "speculate",
        "hint",
        "whisper",
        "shout",
        "yell",
        "order",
        "instruct",
        "advise",
    ]
)

COGNITION = frozenset(
    [
        "believe",
        "think",
        "feel",
        "fear",
        "hope",
        "expect",
        "know",
        "worry",
        "doubt",
        "suspect",
        "consider",
        "reckon",
        "assume",
        "guess",
        "realize",
        "realise",
        "understand",
        "find",
        "show",
        "indicate",
        "suggest",
    ]
)

# Verbs whose content sits in their objects rather than in a complement clause.
ARGUMENT = frozenset(
    [
        "accuse",
        "call",
        "describe",
        "urge",
        "blame",
        "praise",
        "criticize",
        "criticise",
        "condemn",
        "denounce",
        "slam",
        "label",
        "dub",
        "brand",
        "characterize",
        "characterise",
        "welcome",
        "reject",
        "dismiss",
        "defend",
        "attack",
        "decry",
        "thank",
        "warn",
        "ask",
        "demand",
        "vow",
        "pledge",
        "promise",
        "refuse",
        "deny",
    ]
)

# Verbs whose direct object states the position they attribute ("announced a series of
# steps", "praised the president's actions", "endorsed Ted Cruz").
OBJECT = frozenset(
    [
        "announce",
        "mention",
        "discuss",
        "support",
        "back",
        "endorse",
        "criticize",
        "criticise",
        "praise",
        "attack",
        "release",
        "unveil",
        "tout",
        "offer",
        "propose",
        "cite",
        "name",
        "list",
        "denounce",
        "defend",
        "reject",
        "congratulate",
        "applaud",
        "ridicule",
        "mock",
        "question",
        "challenge",
        "highlight",
        "promote",
        "express",
        "share",
        "echo",
        "repeat",
        "tweet",
        "report",
        "confirm",
        "debate",
        "predict",
        "blast",
        "slam",
        "condemn",
        "welcome",
        "dismiss",
        "blame",
        "accuse",
        "recommend",
        "demand",
        "request",
        "deny",
        "admit",
        "acknowledge",
        "reveal",
        "disclose",
        "signal",
        "float",
        "suggest",
        "favor",
        "favour",
        "prefer",
        "dispute",
        "contest",
        "decry",
        "lament",
        "hail",
        "laud",
        "commend",
    ]
)

# Verbs whose content sits in one preposition's object ("talked about the economy").
PREPOSITION = {
    "talk": ("about", "of"),
    "speak": ("about", "of", "on"),
    "focus": ("on",),
    "refer": ("to",),
    "point": ("to",),
    "comment": ("on",),
    "respond": ("to",),
    "complain": ("about", "of"),
    "warn": ("about", "of", "against"),
    "call": ("for",),
    "argue": ("for", "against"),
    "push": ("for",),
    "advocate": ("for",),
    "campaign": ("for", "against", "on"),
    "testify": ("about", "on"),
    "boast": ("about", "of"),
    "write": ("about", "of"),
    "joke": ("about",),
    "insist": ("on",),
}

# Verbs of commitment and request whose infinitive states the position ("vowed to ...").
# Plain intention ("want", "try", "plan", "seek") is left out: it reports what someone does,
# rarely what they said.
INFINITIVE = frozenset(
    [
        "hope",
        "decide",
        "intend",
        "promise",
        "pledge",
        "vow",
        "threaten",
        "refuse",
        "agree",
        "urge",
        "ask",
        "call",
        "demand",
        "decline",
        "offer",
        "prefer",
        "choose",
        "wish",
        "encourage",
    ]
)

# Further verbs that take a reported clause ("learned that", "recalled that").
CLAUSE_EXTRA = frozenset(
    [
        "see",
        "learn",
        "recognize",
        "recognise",
        "remember",
        "decide",
        "hear",
        "read",
        "determine",
        "discover",
        "notice",
        "figure",
        "conclude",
        "agree",
        "realize",
    ]
)

# Verbs that introduce a direct quotation ("“...,” she exclaimed").
DIRECT = (
    SPEECH
    | ARGUMENT
    | frozenset(
        [
            "exclaim",
            "interrupt",
            "chant",
            "sing",
            "read",
            "quote",
            "cite",
            "begin",
            "go",
            "laugh",
            "sigh",
            "scoff",
            "snap",
            "shoot",
            "cry",
            "plead",
            "concur",
            "interject",
            "muse",
            "marvel",
            "gush",
            "fume",
            "rage",
            "thunder",
            "bark",
            "tweet",
            "text",
            "email",
            "put",
            "scold",
        ]
    )
)

# Nouns that report what someone said when a possessor names the speaker: "her remark that
# ...", "Trump’s proposal to ban ...", "his criticism of ...".
NOUN = frozenset(
    [
        "statement",
        "remark",
        "comment",
        "claim",
        "assertion",
        "suggestion",
        "warning",
        "promise",
        "pledge",
        "call",
        "proposal",
        "announcement",
        "criticism",
        "accusation",
        "allegation",
        "message",
        "argument",
        "insistence",
        "denial",
        "admission",
        "assessment",
        "description",
        "endorsement",
        "demand",
        "plea",
        "vow",
        "threat",
        "praise",
        "attack",
        "charge",
        "complaint",
        "contention",
        "prediction",
        "declaration",
        "observation",
        "insinuation",
        "refrain",
        "assurance",
        "apology",
        "explanation",
        "answer",
        "reply",
        "response",
        "testimony",
    ]
)

# Cues that can stand as a participial or adverbial clause attached to another verb:
# "..., accusing Israel of ...", "..., saying ...", "..., adding that ...".
PARTICIPIAL = SPEECH | ARGUMENT

ALL_VERB_CUES = (
    SPEECH | COGNITION | ARGUMENT | OBJECT | INFINITIVE | CLAUSE_EXTRA | frozenset(PREPOSITION)
)

# Verbs that take the addressee as their direct object ("told reporters").
ADDRESSEE_OBJECT = frozenset({"tell", "inform", "assure", "brief", "ask", "urge", "warn"})

# Words that head an unnamed source ("officials said", "a source close to ...").
SOURCE_NOUNS = frozenset(
    [
        "official",
        "officials",
        "source",
        "sources",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "commentator",
        "analyst",
        "expert",
        "observer",
        "diplomat",
        "aide",
        "adviser",
        "advisor",
        "witness",
        "resident",
        "insider",
        "people",
        "person",
        "critic",
        "supporter",
        "member",
        "members",
        "leader",
        "leaders",
        "officer",
        "police",
    ]
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
