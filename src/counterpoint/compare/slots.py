"""What a sentence asserts, in the slots a comparison needs: quantities, times, negation, hedges.

These are read from the spaCy parse of the cleaned text so that every slot keeps its character
span. They are deliberately conservative: a quantity whose counted noun cannot be found is kept
without one and never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
    "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
}
APPROXIMATORS = {
    "about", "around", "approximately", "nearly", "almost", "roughly", "some", "over",
    "more", "less", "fewer", "least", "most", "up", "estimated", "upwards", "dozens",
    "hundreds", "thousands", "several", "many", "under", "than",
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
HEDGE_PATTERNS = [
    r"\b(?:is|are|was|were) (?:likely|unlikely|expected|believed|thought|said|reported)\b",
    r"\bit (?:is|was|remains) (?:unclear|not clear|not known|unknown) (?:whether|if|who|how|why)\b",
    r"\b(?:reportedly|allegedly|apparently|purportedly|possibly|probably|perhaps)\b",
    r"\b(?:may|might|could) (?:have )?(?:be|been)?\b",
    r"\baccording to\b",
    r"\b(?:likely|unlikely)\b",
]
_HEDGE_RE = re.compile("|".join(HEDGE_PATTERNS), re.IGNORECASE)
NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "without"}


@dataclass
class QuantitySlot:
    start: int
    end: int
    text: str
    value: float
    counts: str | None  # lemma of the counted noun ("palestinian", "people")
    predicate: str | None  # lemma of the governing verb ("kill", "injure")
    approximate: bool = False
    subset: bool = False  # "eight of whom", "most of them": part of a count given elsewhere


@dataclass
class TimeSlot:
    start: int
    end: int
    text: str
    weekday: str | None = None
    month_day: tuple[int, int] | None = None
    year: int | None = None
    same_day: bool = False  # "earlier in the day", "later that day"
    verb: str | None = None  # lemma of the verb the expression attaches to
    verb_is_speech: bool = False


@dataclass
class SentenceSlots:
    quantities: list[QuantitySlot] = field(default_factory=list)
    times: list[TimeSlot] = field(default_factory=list)
    negated: bool = False
    negation_spans: list[tuple[int, int]] = field(default_factory=list)
    hedges: list[tuple[int, int, str]] = field(default_factory=list)
    main_verb: str | None = None


SPEECH_VERBS = {
    "say", "tell", "add", "stress", "emphasize", "emphasise", "announce", "state", "declare",
    "accuse", "confirm", "claim", "insist", "warn", "note", "explain", "respond", "reply",
    "argue", "deny", "report", "write", "urge", "call", "describe", "acknowledge", "admit",
    "suggest", "affirm", "vow", "pledge", "threaten", "comment", "tweet", "ask", "allege",
}


def number_value(token) -> float | None:
    text = token.text.lower().replace(",", "")
    if text in WORD_NUMBERS:
        return float(WORD_NUMBERS[text])
    try:
        return float(text)
    except ValueError:
        return None


def _governing_verb(token):
    for anc in [token, *token.ancestors]:
        if anc.pos_ in {"VERB", "AUX"} and anc.dep_ != "amod":
            return anc
        # "the killing of nine Palestinians": a nominalised event carries the predicate.
        if anc.pos_ == "NOUN" and anc.lemma_.lower() in {"killing", "death", "injury", "arrest"}:
            return anc
    return None


_NOMINAL_PREDICATES = {"killing": "kill", "death": "die", "injury": "injure", "arrest": "arrest"}


def _quantities(sent) -> list[QuantitySlot]:
    out = []
    for tok in sent:
        if tok.like_num is False and tok.lower_ not in WORD_NUMBERS:
            continue
        if tok.ent_type_ in {"DATE", "TIME", "ORDINAL", "PERCENT", "MONEY"}:
            continue
        # Only the last token of a number phrase ("two hundred"): its head is what is counted.
        if tok.dep_ == "compound" and tok.head.like_num:
            continue
        value = number_value(tok)
        if value is None:
            continue
        counted = None
        if tok.dep_ in {"nummod", "quantmod"} and tok.head.pos_ in {"NOUN", "PROPN"}:
            counted = tok.head
        elif tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj"}:
            # "nine were killed", "eight of whom": the number stands for the noun.
            counted = None
        subset = False
        approx = False
        children = list(tok.children)
        for child in children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = [c for c in child.children if c.dep_ == "pobj"]
                if obj and obj[0].lower_ in {"whom", "which", "them", "those", "these"}:
                    subset = True
                elif obj and counted is None:
                    counted = obj[0]
                    subset = True  # "eight of the nine"
        window = sent.doc[max(sent.start, tok.i - 3) : tok.i]
        if any(w.lower_ in APPROXIMATORS for w in window):
            approx = True
        if tok.lower_ in {"dozens", "hundreds", "thousands", "several"}:
            approx = True
        head_tok = counted or tok
        verb = _governing_verb(head_tok)
        predicate = None
        if verb is not None:
            lemma = verb.lemma_.lower()
            predicate = _NOMINAL_PREDICATES.get(lemma, lemma)
        start = tok.idx
        end = (counted.idx + len(counted.text)) if counted is not None and counted.i > tok.i else (
            tok.idx + len(tok.text)
        )
        if end - start > 60:
            end = tok.idx + len(tok.text)
        out.append(
            QuantitySlot(
                start=start,
                end=end,
                text=sent.doc.text[start:end],
                value=value,
                counts=counted.lemma_.lower() if counted is not None else None,
                predicate=predicate,
                approximate=approx,
                subset=subset,
            )
        )
    return out


_MONTH_DAY = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?"
)
_SAME_DAY = re.compile(
    r"\b(earlier|later) (?:in the day|that day|today|on the same day)\b|\bthe same day\b|"
    r"\bearlier today\b|\bthis (?:morning|afternoon|evening)\b",
    re.IGNORECASE,
)


def _times(sent) -> list[TimeSlot]:
    out = []
    text = sent.text
    base = sent.start_char
    for tok in sent:
        if tok.lower_ in WEEKDAYS:
            verb = _governing_verb(tok)
            out.append(
                TimeSlot(
                    start=tok.idx,
                    end=tok.idx + len(tok.text),
                    text=tok.text,
                    weekday=tok.lower_[:3].upper(),
                    verb=verb.lemma_.lower() if verb is not None else None,
                    verb_is_speech=verb is not None and verb.lemma_.lower() in SPEECH_VERBS,
                )
            )
    for m in _MONTH_DAY.finditer(text):
        month = MONTHS.index(m.group(1).lower()) + 1
        day = int(m.group(2))
        if not 1 <= day <= 31:
            continue
        span = sent.doc.char_span(base + m.start(), base + m.end(), alignment_mode="expand")
        verb = _governing_verb(span.root) if span is not None else None
        out.append(
            TimeSlot(
                start=base + m.start(),
                end=base + m.end(),
                text=m.group(0),
                month_day=(month, day),
                year=int(m.group(3)) if m.group(3) else None,
                verb=verb.lemma_.lower() if verb is not None else None,
                verb_is_speech=verb is not None and verb.lemma_.lower() in SPEECH_VERBS,
            )
        )
    for m in _SAME_DAY.finditer(text):
        out.append(
            TimeSlot(start=base + m.start(), end=base + m.end(), text=m.group(0), same_day=True)
        )
    return out


def read_slots(sent) -> SentenceSlots:
    """The comparison slots of one spaCy sentence span."""
    slots = SentenceSlots(quantities=_quantities(sent), times=_times(sent))
    root = sent.root
    slots.main_verb = root.lemma_.lower() if root is not None else None
    for tok in sent:
        if tok.dep_ == "neg" or (tok.lower_ in {"never", "no"} and tok.dep_ in {"neg", "det", "advmod"}):
            slots.negation_spans.append((tok.idx, tok.idx + len(tok.text)))
    slots.negated = bool(slots.negation_spans)
    for m in _HEDGE_RE.finditer(sent.text):
        slots.hedges.append((sent.start_char + m.start(), sent.start_char + m.end(), m.group(0)))
    return slots
