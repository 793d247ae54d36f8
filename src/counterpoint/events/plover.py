"""Classify an event trigger (a verb or an event noun) into a PLOVER event type and mode.

The lexicon lives in ``counterpoint/data/plover.json`` (written from the PLOVER manual's
category definitions and "potential ambiguities"). Users extend it with their own file named
by ``COUNTERPOINT_EVENT_TYPES`` (several paths separated by ``os.pathsep``) or by passing
``extra=`` to :func:`load_lexicon`: new types are added, triggers of an existing type appended.

A trigger entry may carry conditions (``when``): words that must (or must not) occur in its
arguments, actor types, part of speech, particles, modifiers. Among the candidate types of one
word, a type whose conditions hold beats a type without conditions, so "end the security
coordination" is SANCTION while a bare "end" is nothing.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

ENV_VAR = "COUNTERPOINT_EVENT_TYPES"


@dataclass
class Trigger:
    type: str
    words: tuple[str, ...]  # lemmas; multi-word triggers have several
    pos: str  # "VERB" or "NOUN"
    when: dict = field(default_factory=dict)


@dataclass
class EventType:
    name: str
    quad: str | None = None
    about: str = ""
    plover: bool = True
    requires_recipient: bool = False
    only_with_time: bool = False
    modes: dict = field(default_factory=dict)


@dataclass
class Lexicon:
    types: dict[str, EventType]
    index: dict[str, list[Trigger]]  # any word of a trigger -> triggers
    future_to_agree: set[str]
    future_to_concede: set[str]
    future_to_threaten: dict[str, str | None]
    future_markers: set[str]
    content_heads: set[str]
    light_verbs: set[str]
    disapproval: list[re.Pattern]
    sources: list[str]


@dataclass
class Classification:
    type: str
    mode: str | None
    trigger_words: tuple[str, ...]
    conditioned: bool  # a 'when' condition confirmed it
    confidence: float


def _default_path() -> Path:
    return Path(str(resources.files("counterpoint") / "data" / "plover.json"))


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        from counterpoint.errors import UsageError

        raise UsageError(f"event types file {path}: {exc}; fix it or unset {ENV_VAR}") from exc


def load_lexicon(extra: str | Path | None = None) -> Lexicon:
    """The event lexicon: the bundled PLOVER file plus ``extra`` and ``$COUNTERPOINT_EVENT_TYPES``."""
    paths = [str(_default_path())]
    env = os.environ.get(ENV_VAR)
    if env:
        paths += [p for p in env.split(os.pathsep) if p]
    if extra:
        paths.append(str(extra))
    return _load(tuple(paths))


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> Lexicon:
    types: dict[str, EventType] = {}
    index: dict[str, list[Trigger]] = {}
    lex = Lexicon(types, index, set(), set(), {}, set(), set(), set(), [], list(paths))
    for p in paths:
        data = _read(Path(p))
        lex.future_to_agree |= set(data.get("future_to_agree", []))
        lex.future_to_concede |= set(data.get("future_to_concede", []))
        lex.future_to_threaten.update(data.get("future_to_threaten", {}))
        lex.future_markers |= set(data.get("future_markers", []))
        lex.content_heads |= set(data.get("content_heads", []))
        lex.light_verbs |= set(data.get("light_verbs", []))
        lex.disapproval += [re.compile(c, re.IGNORECASE) for c in data.get("disapproval_cues", [])]
        for t in data.get("types", []):
            name = t["name"].upper()
            et = types.get(name)
            if et is None:
                et = types[name] = EventType(
                    name=name,
                    quad=t.get("quad"),
                    about=t.get("about", ""),
                    plover=t.get("plover", True),
                    requires_recipient=t.get("requires_recipient", False),
                    only_with_time=t.get("only_with_time", False),
                )
            et.modes.update(t.get("modes", {}))
            when = t.get("when", {})
            for pos, key in (("VERB", "verbs"), ("NOUN", "nouns")):
                for phrase in t.get(key, []):
                    words = tuple(phrase.lower().split())
                    head = words[0] if pos == "VERB" else words[-1]
                    cond = when.get(phrase) or when.get(head) or {}
                    if pos == "NOUN" and f"{head}_noun" in when:
                        cond = when[f"{head}_noun"]
                    if "pos" in cond and pos not in cond["pos"]:
                        continue
                    trig = Trigger(name, words, pos, cond)
                    for w in set(words):
                        index.setdefault(w, []).append(trig)
    return lex


# --------------------------------------------------------------------------- matching


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _matches_words(tok, words: tuple[str, ...]) -> bool:
    """Does the multi-word trigger occur around ``tok`` (contiguous lemmas or lower forms)?"""
    if len(words) == 1:
        return True
    doc = tok.doc
    for k, w in enumerate(words):
        if w not in (_lemma(tok), tok.lower_):
            continue
        start = tok.i - k
        if start < 0 or start + len(words) > len(doc):
            continue
        if all(words[j] in (_lemma(doc[start + j]), doc[start + j].lower_) for j in range(len(words))):
            return True
    # verb + particle/preposition child ("call for", "pull out")
    if tok.pos_ in ("VERB", "AUX") and words[0] == _lemma(tok) and len(words) == 2:
        return any(c.lower_ == words[1] and c.dep_ in ("prep", "prt", "dative") for c in tok.children)
    return False


def _has_word(bag: set[str], text: str, words) -> bool:
    for w in words:
        w = w.lower()
        if " " in w:
            if re.search(r"\b" + re.escape(w) + r"\b", text):
                return True
            continue
        if w in bag:
            return True
        # plural / prefix forms: "relations" vs "relation", "retaliat" prefix
        if any(b.startswith(w) and len(b) - len(w) <= 3 for b in bag if len(w) >= 4):
            return True
    return False


@dataclass
class Context:
    """What the classifier may look at besides the trigger word itself."""

    arg_words: set[str]  # lemmas and lower forms in the trigger's arguments
    arg_text: str  # lower-cased text of the arguments
    modifiers: set[str]  # amod/compound lemmas of a noun trigger
    particles: set[str]
    actor_type: str | None
    object_types: set[str]
    future: bool
    governor_lemma: str | None  # lemma of the word this noun is the object of


def _condition_holds(cond: dict, ctx: Context) -> bool:
    if "any_of" in cond and not any(_condition_holds(c, ctx) for c in cond["any_of"]):
        return False
    if "nouns_in_args" in cond and not _has_word(ctx.arg_words, ctx.arg_text, cond["nouns_in_args"]):
        return False
    if "not_nouns_in_args" in cond and _has_word(
        ctx.arg_words, ctx.arg_text, cond["not_nouns_in_args"]
    ):
        return False
    if "actor_types" in cond and (ctx.actor_type or "unknown") not in cond["actor_types"]:
        return False
    if "not_actor_types" in cond and ctx.actor_type in cond["not_actor_types"]:
        return False
    if "object_types" in cond and not (ctx.object_types & set(cond["object_types"])):
        return False
    if "particle" in cond and not (ctx.particles & set(cond["particle"])):
        return False
    if "modifiers" in cond and not (ctx.modifiers & set(cond["modifiers"])):
        return False
    if "not_modifiers" in cond and ctx.modifiers & set(cond["not_modifiers"]):
        return False
    return not ("not_when_object_of" in cond and ctx.governor_lemma in cond["not_when_object_of"])


def candidates(tok, lex: Lexicon) -> list[Trigger]:
    """Triggers whose words include this token and whose part of speech fits it."""
    pos = "VERB" if tok.pos_ in ("VERB",) else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return []
    out = []
    for key in {_lemma(tok), tok.lower_}:
        for trig in lex.index.get(key, []):
            head = trig.words[0] if trig.pos == "VERB" else trig.words[-1]
            if trig.pos != pos or head not in (_lemma(tok), tok.lower_):
                continue
            if trig not in out and _matches_words(tok, trig.words):
                out.append(trig)
    return out


def pick_mode(lex: Lexicon, type_name: str, trigger_words: tuple[str, ...], ctx: Context) -> str | None:
    """The PLOVER mode: a mode named for the trigger wins, then one named by argument words."""
    et = lex.types.get(type_name)
    if not et or not et.modes:
        return None
    phrase = " ".join(trigger_words)
    # a mode named by argument words ("hunger strike", "tear gas") is more precise
    # than the trigger's default mode, except for modes that are defined by their trigger only
    by_words = [
        name
        for name, spec in et.modes.items()
        if spec.get("words") and _has_word(ctx.arg_words, ctx.arg_text, spec["words"])
    ]
    by_trigger = [
        name
        for name, spec in et.modes.items()
        if phrase in spec.get("triggers", []) or trigger_words[-1] in spec.get("triggers", [])
        or trigger_words[0] in spec.get("triggers", [])
    ]
    if by_trigger:
        # words name the weapon or manner more precisely than a generic trigger does
        # ("killed by a drone"), but only for modes not tied to their own trigger words
        refined = [m for m in by_words if not et.modes[m].get("triggers")]
        return refined[0] if refined and type_name in ("ASSAULT", "PROTEST", "FIGHT") else by_trigger[0]
    return by_words[0] if by_words else None


def classify(tok, ctx: Context, lex: Lexicon) -> Classification | None:
    """The event type of trigger ``tok`` in context, or None when it carries no event."""
    cands = candidates(tok, lex)
    if not cands:
        return None
    held = []
    for trig in cands:
        if _condition_holds(trig.when, ctx):
            # a trigger with conditions that hold is more specific than a bare one
            specific = bool(set(trig.when) - {"pos"})
            held.append((specific, len(trig.words), trig))
    if not held:
        return None
    # a multi-word trigger ("on strike", "call for") is the most specific evidence there is
    held.sort(key=lambda x: (x[1] == 1, not x[0], -x[1]))
    specific, _, trig = held[0]
    type_name = trig.type
    mode = pick_mode(lex, type_name, trig.words, ctx)
    if ctx.future:
        # The manual codes announced actions as the single verbal category they amount to:
        # future cooperation is AGREE (3.1), a future retreat CONCEDE (3.4), and a future
        # use of force or cut in relations a THREAT (2.3: "THREATEN could be ASSAULT +
        # hypothetical"), whose mode is what is threatened (3.11).
        if type_name in lex.future_to_agree:
            type_name, mode = "AGREE", None
        elif type_name in lex.future_to_concede:
            type_name, mode = "CONCEDE", None
        elif type_name in lex.future_to_threaten:
            mode = lex.future_to_threaten[type_name] or _threat_mode(mode)
            type_name = "THREATEN"
    conf = 0.8 if specific else 0.6
    if len(trig.words) > 1:
        conf += 0.1
    return Classification(type_name, mode, trig.words, specific, round(min(conf, 0.95), 2))


def _threat_mode(coerce_mode: str | None) -> str | None:
    return {"arrest": "arrest", "deport": "expel", "restrict": "restrict", "curfew": "restrict",
            "seize": "territory"}.get(coerce_mode or "")


def disapproves(text: str, lex: Lexicon) -> bool:
    """Does a statement's content express disapproval ("not the right decision")?"""
    return any(p.search(text) for p in lex.disapproval)


def legacy_label(event_type: str, mode: str | None) -> str:
    """The older PLOVER label some gold data uses (DEMAND, DISAPPROVE, INVESTIGATE).

    The manual's CAMEO table maps DEMAND to REQUEST and DISAPPROVE/INVESTIGATE to ACCUSE;
    this reverses it through the mode so the evaluation can also score the finer labels.
    """
    if event_type == "REQUEST":
        return "DEMAND"
    if event_type == "ACCUSE" and mode == "disapprove":
        return "DISAPPROVE"
    if event_type == "ACCUSE" and mode == "investigate":
        return "INVESTIGATE"
    return event_type
