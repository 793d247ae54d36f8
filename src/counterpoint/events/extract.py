"""Event extraction: who did what to whom, when, where, in whose voice.

For every trigger the lexicon knows (a verb such as "killed", or an event noun such as "the
raid in Jenin" or "a meeting between Abbas and ..."), the dependency parse gives the
arguments: the subject or the ``by`` agent of a passive is the actor, the object or the
recipient of a ``to``/``against``/``with`` phrase the target, an ``in``/``at`` place the place.
Non-finite verbs take their actor from the clause that controls them ("decided to approach",
"its decision to end"), relative clauses from the noun they modify ("officials who visited").
Pronouns are resolved to the named actor the analysis already found, or left as they are.

Time comes from the analysis' temporal expressions attached to the trigger in the parse;
an action announced as decided ("announced its decision to immediately end") takes the
announcement's time, marked with lower confidence. Nothing else is filled in: an event
without a time has ``time=None``.

Voice is the outlet's own unless the trigger sits inside an attributed quote (the quote's
speaker) or under a reporting verb ("..., Palestinian officials said").
"""

from __future__ import annotations

import logging
import re

from counterpoint.events.actors import is_actor_word, load_actor_lists, outlet_country, type_actor
from counterpoint.events.plover import Context, classify, disapproves, load_lexicon
from counterpoint.models import ArticleAnalysis, Event, Span, TimeExpr

log = logging.getLogger(__name__)

MAX_EVENTS = 2000
"""Safety cap per article (a pathological text yields at most this many events, in order)."""

SPEECH = {
    "say", "tell", "state", "announce", "stress", "add", "emphasize", "emphasise", "declare",
    "confirm", "respond", "reply", "note", "insist", "explain", "speak", "claim", "report",
    "warn", "write", "argue", "believe", "think", "accuse",
}
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "who",
            "which", "that", "we", "i", "you", "us", "our"}
DECISION = {"announce", "decide", "decision", "declare", "say", "vow", "order", "approve", "agree"}
FUTURE_AUX = {"will", "would", "shall", "'ll", "going"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
TARGET_PREPS = {"to", "against", "with", "on", "upon", "at", "into", "toward", "towards", "from",
                "of", "for"}
ARG_DEPS = {"dobj", "pobj", "attr", "dative", "oprd", "xcomp", "acomp", "nsubjpass", "prep",
            "compound", "amod", "prt", "npadvmod", "nummod", "poss", "appos", "conj", "cc",
            "det", "nmod", "quantmod", "agent"}
COURT_WORDS = re.compile(r"\b(court|tribunal|icc|icj)\b", re.IGNORECASE)


# --------------------------------------------------------------------------- helpers


def _phrase_tokens(head):
    """The tokens of the noun phrase headed by ``head``, without clauses hanging off it."""
    drop = set()
    for t in head.subtree:
        # clauses hanging anywhere inside the phrase ("the heads of the agencies, who visited")
        if t.i != head.i and t.dep_ in ("relcl", "acl", "advcl", "parataxis", "ccomp") and t.i > head.i:
            drop |= {x.i for x in t.subtree}
    for c in head.children:
        if c.dep_ in ("relcl", "acl", "advcl", "parataxis", "ccomp", "punct") and c.i > head.i:
            drop |= {t.i for t in c.subtree}
        if c.dep_ == "prep" and c.lower_ not in ("of",) and c.i > head.i:
            drop |= {t.i for t in c.subtree}
        if c.dep_ == "appos" and c.i > head.i and c.ent_type_ not in ("PERSON", "ORG"):
            drop |= {t.i for t in c.subtree}
        if c.dep_ in ("conj", "cc", "case") and c.i > head.i:
            drop |= {t.i for t in c.subtree}
    toks = [t for t in head.subtree if t.i not in drop]
    # keep one contiguous run through the head
    start = head.i
    doc = head.doc
    # a phrase never runs across a line break (headlines are not parsed apart from the body)
    while start - 1 >= head.left_edge.i and (start - 1) not in drop and "\n" not in doc[start - 1].whitespace_ and "\n" not in doc[start - 1].text:
        start -= 1
    end = head.i
    while end + 1 <= head.right_edge.i and (end + 1) not in drop and "\n" not in doc[end].whitespace_ and "\n" not in doc[end + 1].text:
        end += 1
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and (doc[end].is_punct and doc[end].text not in (")",) or doc[end].dep_ == "case"):
        end -= 1
    return doc[start : end + 1] if toks else doc[head.i : head.i + 1]


def _conjuncts(tok):
    return [tok] + [c for c in tok.conjuncts if c.i > tok.i]


class _Article:
    """What extraction looks up per article: entities by character, quotes, times."""

    def __init__(self, doc, analysis: ArticleAnalysis):
        self.doc = doc
        self.analysis = analysis
        self.entity_at: dict[int, object] = {}
        for ent in analysis.entities:
            for m in ent.mentions:
                for ch in range(m.start, m.end):
                    self.entity_at.setdefault(ch, ent)
        self.times = list(analysis.times)
        if not self.times:
            self.times = _fallback_times(doc)
        self.quotes = analysis.quotes
        self.outlet_country = outlet_country((analysis.models or {}).get("outlet"))

    def entity(self, span):
        """The canonical entity mentioned by ``span`` (its head first), or None."""
        root = span.root
        ent = self.entity_at.get(root.idx)
        if ent is not None or root.pos_ != "PROPN":
            return ent  # "the Biden administration" is not Biden
        for t in span:
            ent = self.entity_at.get(t.idx)
            if ent is not None and t.pos_ == "PROPN":
                return ent
        return None

    def voice_of_char(self, ch: int) -> str | None:
        for q in self.quotes:
            for c in q.content:
                if c.start <= ch < c.end:
                    return q.speaker_key or q.speaker_name or q.speaker_description or "unattributed"
        return None


def _fallback_times(doc) -> list[TimeExpr]:
    """Temporal expressions when the analysis has none (stand-alone use, tests)."""
    try:
        from counterpoint.analysis.timex import find_times
    except ImportError:  # pragma: no cover - analysis package always ships
        return []
    try:
        return find_times(doc, None)
    except Exception:  # pragma: no cover - a broken time finder must not sink events
        log.exception("find_times failed; events will have no time")
        return []


def _subject(tok, depth=0):
    """The actor token(s) of verb ``tok``: subject, passive agent, or the controlling clause's."""
    if depth > 6:
        return [], False
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
    agent = [c for c in tok.children if c.dep_ == "agent"]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    if agent:
        objs = [g for a in agent for g in a.children if g.dep_ == "pobj"]
        if objs:
            return objs, False
    if subj:
        s = subj[0]
        if s.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
            return [_outer_noun(tok.head)], False
        return [s], False
    if passive:
        return [], True
    if tok.dep_ == "relcl":
        return [_outer_noun(tok.head)], False
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
        return _subject(tok.head, depth + 1)
    if tok.dep_ in ("xcomp", "advcl", "ccomp") and tok.head.pos_ in ("VERB", "AUX"):
        return _subject(tok.head, depth + 1)
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        noun = tok.head
        poss = [c for c in noun.children if c.dep_ == "poss"]
        if poss:
            return poss, False
        if noun.head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "pobj", "attr"):
            return _subject(noun.head, depth + 1)
        if noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX"):
            return _subject(noun.head.head, depth + 1)
    return [], False


def _outer_noun(noun):
    """"the heads of the ... agencies, who visited": the relative clause is about the heads."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        return noun.head.head
    return noun


def _resolve_pronoun(tok, art: _Article):
    """A pronoun's antecedent: the analysis' entity, the reporting clause, or a recent subject."""
    if tok.lower_ not in PRONOUNS:
        return tok
    ent = art.entity_at.get(tok.idx)
    if ent is not None:
        return tok  # the analysis resolved it; _describe uses the entity name
    want_person = tok.lower_ in ("he", "she", "him", "her", "his")
    sent = tok.sent

    def agrees(c):
        if c.lower_ in PRONOUNS or c.pos_ not in ("PROPN", "NOUN") or c.ent_type_ in ("DATE", "TIME"):
            return False
        is_person = c.ent_type_ == "PERSON" or (
            art.entity_at.get(c.idx) is not None and art.entity_at[c.idx].label == "PERSON"
        )
        return is_person if want_person else not is_person

    # nearest preceding subject in this sentence ("The leadership has rejected ... its decision")
    for i in range(tok.i - 1, sent.start - 1, -1):
        c = tok.doc[i]
        if c.dep_ in ("nsubj", "nsubjpass") and agrees(c):
            return c
    # "X said it was terminating": the reporting subject
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX") and anc.lemma_.lower() in SPEECH | DECISION:
            subj = [c for c in anc.children if c.dep_ == "nsubj" and c.i != tok.i]
            if subj and agrees(subj[0]):
                return subj[0]
    # the previous sentence's subjects, last first
    if sent.start > 0:
        prev = tok.doc[sent.start - 1].sent
        for i in range(prev.end - 1, prev.start - 1, -1):
            c = tok.doc[i]
            if c.dep_ in ("nsubj", "nsubjpass") and agrees(c):
                return c
    return tok


def _describe(tok, art: _Article):
    """(text, entity key, entity label, roles, head text) of an argument token."""
    if tok is None:
        return None
    tok = _resolve_pronoun(tok, art)
    span = _phrase_tokens(tok)
    ent = art.entity(span) or art.entity_at.get(tok.idx)
    text = span.text
    if tok.lower_ in PRONOUNS and ent is not None:
        text = ent.name
    key = ent.key if ent is not None else None
    label = ent.label if ent is not None else (tok.ent_type_ or None)
    roles = list(ent.roles) if ent is not None else []
    return text, key, label, roles, tok.text


def _preps(tok):
    """(preposition, object token) pairs under ``tok``, including conjoined objects."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.dep_ != "agent":
            for o in c.children:
                if o.dep_ == "pobj":
                    for oc in _conjuncts(o):
                        out.append((c.lower_, oc))
            # "as well as to the ICJ": a coordinated preposition under the first one
            for cc in c.children:
                if cc.dep_ == "conj" and cc.pos_ == "ADP":
                    for o in cc.children:
                        if o.dep_ == "pobj":
                            out.append((cc.lower_, o))
    return out


def _arg_words(tok) -> tuple[set[str], str]:
    words = set()
    toks = []
    for c in tok.children:
        if c.dep_ in ("nsubj", "csubj", "punct", "mark", "aux", "neg", "advmod", "cc"):
            continue
        if c.dep_ in ("relcl", "ccomp", "parataxis") or (c.dep_ == "advcl" and c.i > tok.i and any(
            m.dep_ == "mark" for m in c.children)):
            continue
        toks.extend(c.subtree)
    for t in toks:
        words.add(t.lemma_.lower())
        words.add(t.lower_)
    text = " ".join(t.lower_ for t in sorted(toks, key=lambda t: t.i))
    return words, text


def _is_future(tok) -> bool:
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in FUTURE_AUX:
            return True
    head = tok.head
    return bool(tok.dep_ == "xcomp" and head.lemma_.lower() in ("plan", "intend", "expect", "promise", "pledge", "vow"))


def _is_negated(tok) -> bool:
    for c in tok.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in c.children):
            return True
        if c.dep_ == "advmod" and c.lower_ in ("never",):
            return True
    # "aimed at preventing a bombing attack": a prevented event did not happen
    gov = tok.head if tok.dep_ in ("dobj", "pobj", "xcomp", "nsubjpass") else None
    if gov is not None and tok.dep_ == "pobj":
        gov = gov.head
    if gov is not None and gov.lemma_.lower() in PREVENTED:
        return True
    # "no longer", "not to give in"
    left = tok.doc[max(tok.sent.start, tok.i - 3) : tok.i]
    text = " ".join(t.lower_ for t in left)
    return bool(re.search(r"\bno longer\b|\bnot to\b", text))


# --------------------------------------------------------------------------- time


def _token_span(doc, start, end):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span


def _attached_times(art: _Article, sent, triggers: set[int]) -> dict[int, list[TimeExpr]]:
    """Map token index -> time expressions attached to it: the first verb (or trigger) above
    the expression in the parse. Vague expressions ("recent years") are left out."""
    out: dict[int, list[TimeExpr]] = {}
    for tx in art.times:
        if not (sent.start_char <= tx.start < sent.end_char):
            continue
        if (tx.relative or "").startswith(("vague", "set:", "time-of-day")):
            continue
        span = art.doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        inside = {t.i for t in span}
        node = span.root
        for _ in range(12):
            if node.i not in inside and (node.i in triggers or node.pos_ in ("VERB", "AUX")):
                out.setdefault(node.i, []).append(tx)
                break
            if node.head.i == node.i:
                break
            node = node.head
    return out


PREVENTED = {"prevent", "avert", "foil", "thwart", "avoid", "preempt", "pre-empt"}
CONTENT_NOUNS = {"pressure", "call", "demand", "request", "appeal", "effort", "bid", "attempt",
                 "need", "threat", "measure", "plan", "push", "campaign", "order"}


class _Slots:
    """The arguments of one trigger before it becomes an :class:`Event`."""

    def __init__(self):
        self.actor = None  # (text, key, label, roles, head)
        self.targets: list = []
        self.themes: list = []
        self.place: str | None = None
        self.co_actors: list = []
        self.members: list[str] = []
        self.cls = None
        self.actor_info = None
        self.light = None


ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}


def _actor_like(t, art) -> bool:
    """Could this argument be a recipient (a person, group, state, organisation)?"""
    t = _resolve_pronoun(t, art) if t.lower_ in PRONOUNS else t
    ent = art.entity_at.get(t.idx)
    if t.ent_type_ in ACTOR_LABELS or (ent is not None and ent.label in ACTOR_LABELS):
        return True
    if t.lower_ in PRONOUNS:
        return t.lower_ not in ("it", "its", "which", "that")
    return is_actor_word(t.text) or is_actor_word(t.lemma_)


def _in_name(t) -> bool:
    """Words inside a name or a date are not events ("Agency for Development and Cooperation",
    "last March")."""
    return t.ent_type_ in ("ORG", "DATE", "TIME", "WORK_OF_ART", "LAW", "FAC", "PERSON", "GPE")


def _across_lines(a, b) -> bool:
    lo, hi = sorted((a.i, b.i))
    # token by token: Doc.text rebuilds the whole text on every access
    return any("\n" in t.text or "\n" in t.whitespace_ for t in a.doc[lo:hi])


def _is_time_tok(t) -> bool:
    return t.ent_type_ in ("DATE", "TIME")


def _place_in(o, art):
    """The most specific named place in a prepositional object's subtree (or None)."""
    reach, stack = [], [o]
    while stack:  # follow "in"/"of" chains only: "a camp in the West Bank city of Jenin"
        n = stack.pop()
        reach.append(n)
        for c in n.children:
            if c.dep_ in ("compound", "appos", "pobj") or (c.dep_ == "prep" and c.lower_ in ("in", "of", "at", "near")):
                stack.append(c)
    def is_place(t):
        ent = art.entity_at.get(t.idx)
        return t.ent_type_ in PLACE_LABELS or (ent is not None and ent.label in PLACE_LABELS) or (
            t.pos_ == "PROPN" and t.lower_ in ("camp", "city", "square", "village", "province")
        ) or (
            # "in Huwara": a name right after "in"/"at" is a place even when NER says person
            t.pos_ == "PROPN" and t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "near")
            and t.ent_type_ not in ("ORG", "NORP", "DATE", "TIME", "EVENT", "WORK_OF_ART")
            and (ent is None or ent.label not in ("ORG", "NORP"))
        )

    places = sorted((t for t in reach if is_place(t)), key=lambda t: t.i)
    if not places:
        return None
    last = places[-1]
    doc = art.doc
    if last.ent_iob_ in ("B", "I"):
        start = last.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = last.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if last.lower_ in ("camp", "city") or end - 1 <= last.i:
            end = max(end, last.i + 1)
        return re.sub(r"^the\s+", "", doc[start:end].text, flags=re.IGNORECASE)
    if last.lower_ in ("camp", "city") and last.i > 0 and doc[last.i - 1].ent_iob_ in ("B", "I"):
        start = last.i - 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        return re.sub(r"^the\s+", "", doc[start : last.i + 1].text, flags=re.IGNORECASE)
    return last.text


def _slots(tok, art: _Article, lex, lists) -> _Slots:
    sl = _Slots()
    is_verb = tok.pos_ == "VERB"
    sl.light = _light_verb_head(tok, lex)
    actor_toks: list = []
    target_toks: list = []
    place = None
    lemma = tok.lemma_.lower()
    if is_verb:
        actor_toks, _ = _subject(tok)
        objs = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
        # passive: the grammatical subject is the one acted on ("were arrested by police")
        objs += [c for c in tok.children if c.dep_ == "nsubjpass"]
        for o in objs:
            target_toks += [c for c in _conjuncts(o) if not _is_time_tok(c)]
        preps = _preps(tok)
        # where the thing acted on was is where it happened ("a house in Huwara")
        place_preps = [(p, x) for o in objs for p, x in _preps(o) if p in ("in", "at", "near")]
        if lemma in ("appeal", "approach", "go", "turn", "request", "demand", "call", "petition"):
            preps += _content_preps(tok)
        for prep, o in preps:
            if _is_time_tok(o):
                continue
            p = _place_in(o, art) if prep in ("in", "at", "near", "inside", "outside", "into") and o.lemma_.lower() not in (
                "response", "light", "addition", "part", "protest", "retaliation", "support") else None
            if p and place is None:
                place = p
            elif prep == "to" and lemma in ("appeal", "go", "turn", "approach", "send", "request", "petition") or prep in TARGET_PREPS and o.ent_type_ not in PLACE_LABELS and not any(
                _actor_like(t, art) for t in target_toks
            ):
                target_toks.append(o)
        if place is None:
            for _, o in place_preps:
                place = _place_in(o, art)
                if place:
                    break
        if lemma == "visit":
            for t in list(target_toks):
                if t.ent_type_ in PLACE_LABELS:
                    target_toks.remove(t)
                    place = place or t.text
    else:
        for c in tok.children:
            if _is_time_tok(c):
                continue
            if c.dep_ == "poss" or c.dep_ in ("amod", "compound") and (c.ent_type_ in ("NORP", "ORG", "GPE") or c.pos_ == "PROPN"):
                actor_toks.append(c)
        for prep, o in _preps(tok):
            if _is_time_tok(o):
                continue
            if prep == "between":
                sl.co_actors += _conjuncts(o)
            elif prep == "by":
                actor_toks = [o]
            elif prep in ("in", "at", "near", "on", "during") and _place_in(o, art) and place is None:
                place = _place_in(o, art)
            elif prep in ("against", "on", "of", "to", "with") and not any(
                _actor_like(t, art) for t in target_toks
            ):
                target_toks.append(o)
        if sl.light is not None:
            subj, _ = _subject(sl.light)
            subj = [x for x in subj if x.i != tok.i]  # "the raid took place": not its own actor
            if subj:
                actor_toks = subj
            for prep, o in _preps(sl.light):
                if _is_time_tok(o):
                    continue
                if prep in ("in", "at") and _place_in(o, art) and place is None:
                    place = _place_in(o, art)
                elif prep in ("to", "against", "with") and not any(
                    _actor_like(t, art) for t in target_toks
                ):
                    target_toks.append(o)
        if sl.co_actors and not actor_toks:
            actor_toks = sl.co_actors[:1]
    # never across a line break: a headline's words are not the body's actors
    actor_toks = [t for t in actor_toks if not _is_time_tok(t) and not _across_lines(t, tok)]
    target_toks = [t for t in target_toks if not _across_lines(t, tok)]
    sl.actor = _describe(actor_toks[0], art) if actor_toks else None
    if sl.co_actors:
        names = []
        for c in sl.co_actors:
            d = _describe(c, art)
            if d and d[0] not in names:
                names.append(d[0])
        if names:
            sl.actor = (" and ".join(names),) + tuple((sl.actor or (None, None, None, [], None))[1:])
    sl.members = _including(tok, art)
    # the recipient is an actor ("with Israel", "nine Palestinians"); a thing acted on
    # ("security coordination", "the raid") is the theme. "opposition to the PA's decision":
    # the recipient is whoever decided.
    sl.targets, sl.themes = [], []
    for t in target_toks:
        if t is None:
            continue
        if _actor_like(t, art):
            sl.targets.append(t)
            continue
        sl.themes.append(t)
        # "Palestinian homes", "the PA's decision", "Serbia's nationalists": whose thing it is
        owners = [
            c for c in t.children
            if (c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ != "GPE"))
            and c.lower_ not in PRONOUNS and _actor_like(c, art) and not _is_time_tok(c)
        ]
        if owners and not sl.targets:
            sl.targets.append(owners[0])
    sl.place = place
    if sl.actor:
        sl.actor_info = type_actor(
            sl.actor[0], head=sl.actor[4], label=sl.actor[2], roles=sl.actor[3],
            outlet_country=art.outlet_country, lists=lists,
        )
    return sl


def _content_preps(tok):
    """'to'-objects inside a request's purpose clauses ("appeal to the UNSC to provide ...
    as well as to the ICJ"): the parser often hangs the second body on the purpose verb."""
    out = []
    stack = [c for c in tok.children if c.dep_ in ("advcl", "xcomp")]
    while stack:
        n = stack.pop()
        for prep, o in _preps(n):
            if prep == "to" and o.ent_type_ == "ORG":
                out.append((prep, o))
        stack += [c for c in n.children if c.dep_ in ("advcl", "xcomp")]
    return out


def _context(tok, sl: _Slots, art, lists) -> Context:
    obj_types = set()
    for t in sl.targets + sl.themes:
        d = _describe(t, art)
        if d:
            info = type_actor(d[0], head=d[4], label=d[2], roles=d[3], lists=lists)
            if info.type:
                obj_types.add(info.type)
            if COURT_WORDS.search(d[0]):
                obj_types.add("court")
    base = tok if sl.light is None else sl.light
    words, text = _arg_words(base)
    if sl.light is not None:
        w2, t2 = _arg_words(tok)
        words |= w2
        text = text + " " + t2
    mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound")}
    gov = None
    if tok.dep_ in ("dobj", "nsubjpass"):
        gov = tok.head.lemma_.lower()
    elif tok.dep_ == "pobj":
        gov = tok.head.head.lemma_.lower()
    return Context(
        arg_words=words,
        arg_text=text,
        modifiers=mods,
        particles={c.lower_ for c in tok.children if c.dep_ == "prt"},
        actor_type=sl.actor_info.type if sl.actor_info else None,
        object_types=obj_types,
        future=_is_future(base),
        governor_lemma=gov,
    )


def _is_content(tok, lex, classified, suppressed) -> bool:
    """Is this trigger the content or purpose of another act ("appeal ... to provide
    protection", "pressure to resume", "efforts to ease tensions")? Then it is no event."""
    if tok.dep_ == "amod":
        return True  # "signed agreements": a participle used as an adjective
    if tok.dep_ not in ("xcomp", "advcl", "acl", "relcl"):
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    head = tok.head
    if head.i in suppressed:
        return True
    if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in CONTENT_NOUNS:
        return True
    hc = classified.get(head.i)
    return hc is not None and hc.type in lex.content_heads


def extract_events(doc, analysis: ArticleAnalysis, *, outlet: str | None = None) -> list[Event]:
    """The events one article states, in text order.

    ``doc`` is the spaCy Doc of the article's cleaned text; ``analysis`` its
    :class:`ArticleAnalysis` with sentences, entities, quotes and times filled in (any of them
    may be empty: entities then come from spaCy, times from the analysis' own time finder).
    ``outlet`` (optional) lets actor typing fall back on the outlet registry's country for
    bare domestic institutions such as "the army".
    """
    if doc is None or len(doc) == 0:
        return []
    from counterpoint.events.plover import candidates

    lex = load_lexicon()
    lists = load_actor_lists()
    art = _Article(doc, analysis)
    if outlet:
        art.outlet_country = outlet_country(outlet)
    events: list[Event] = []
    for sent in doc.sents:
        found = [t for t in sent if t.pos_ in ("VERB", "NOUN", "PROPN") and not _in_name(t) and candidates(t, lex)]
        speech = [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in SPEECH]
        if not found and not speech:
            continue
        trig_idx = {t.i for t in found}
        light = {}
        for t in found:
            lv = _light_verb_head(t, lex)
            if lv is not None:
                light[lv.i] = t.i
        times = _attached_times(art, sent, trig_idx)
        for lv_i, noun_i in light.items():
            if lv_i in times:
                times.setdefault(noun_i, []).extend(times.pop(lv_i))
        # pass 1: classify every trigger, decide which are only the content of another
        classified: dict[int, object] = {}
        slots: dict[int, _Slots] = {}
        suppressed: set[int] = set()
        for tok in found:
            sl = _slots(tok, art, lex, lists)
            cls = classify(tok, _context(tok, sl, art, lists), lex)
            if cls is None:
                continue
            sl.cls = cls
            classified[tok.i] = cls
            slots[tok.i] = sl
            if _is_content(tok, lex, classified, suppressed):
                suppressed.add(tok.i)
        # a time on a content verb belongs to the event noun it governs
        # ("to investigate the raid in Jenin earlier in the day")
        for i in suppressed:
            if i in times:
                nouns = [t for t in doc[i].subtree if t.i in slots and t.i not in suppressed and t.pos_ == "NOUN"]
                if nouns:
                    times.setdefault(nouns[0].i, []).extend(times.pop(i))
        # pass 2: build events
        inherited_from: set[int] = set()
        built: list[tuple[int, Event]] = []
        for tok in found:
            if tok.i not in slots or tok.i in suppressed:
                continue
            evs, src = _build(tok, slots[tok.i], art, lex, lists, times, sent)
            if src is not None:
                inherited_from.add(src)
            built += [(tok.i, e) for e in evs]
        # disapproving statements ("responded that the move was 'not the right decision'")
        for tok in speech:
            ev = _disapproval(tok, art, lex, lists, times, sent)
            if ev is not None:
                built = [(i, e) for i, e in built if i != tok.i]
                built.append((tok.i, ev))
        # a statement whose time was handed to the action it announces is that action
        built = [(i, e) for i, e in built if not (e.action == "STATEMENT" and i in inherited_from)]
        built.sort(key=lambda x: x[0])
        for _, e in built:
            events.append(e)
            if len(events) >= MAX_EVENTS:
                log.warning("event cap %d reached; the rest of the article is skipped", MAX_EVENTS)
                return events
    return events


def _build(tok, sl: _Slots, art, lex, lists, times, sent):
    cls = sl.cls
    if sl.actor and sl.actor[4] and sl.actor[4].lower() in (lists.not_actors or ()):
        return [], None  # "the quake struck", "a stray bullet killed": not a political event
    etype = lex.types.get(cls.type)
    tx_list = times.get(tok.i, [])
    src = None
    inherited = False
    if not tx_list:
        tx_list, src = _inherited_time(tok, times)
        inherited = src is not None
    if etype and etype.only_with_time and (not tx_list or inherited):
        return [], None
    base = tok if sl.light is None else sl.light
    voice = art.voice_of_char(tok.idx) or _reporting_voice(tok, art) or "outlet"
    negated = _is_negated(base)
    time = _pick_time(tx_list, inherited)
    targets = [_describe(t, art) for t in sl.targets] or [None]
    theme = _describe(sl.themes[0], art)[0] if sl.themes else None
    if cls.type == "STATEMENT":
        targets = [None]
    elif not (tok.pos_ == "VERB" and cls.type in ("REQUEST", "ACCUSE") and len(targets) > 1):
        targets = targets[:1]
    actor = sl.actor
    actor_info = sl.actor_info
    if actor and actor[4] and actor[4].lower() in (lists.instruments or ()):
        actor, actor_info = None, None  # "a rocket killed two": who fired it is not said
    # "the teenager fired at the teenager": a recipient that is the actor again is a parse slip
    targets = [t for t in targets if not (t and actor and t[0].lower() == actor[0].lower())] or [None]
    actor_text = actor[0] if actor else None
    if sl.members and actor_text:
        members = [m for m in dict.fromkeys(sl.members) if m not in actor_text]
        if members:
            actor_text = f"{actor_text} (including {', '.join(members)})"
    first_arg = sl.themes[0] if theme and cls.type != "STATEMENT" else (sl.targets[0] if sl.targets else None)
    wording = _wording(tok, sl.light, first_arg)
    out = []
    for tgt in targets:
        a_type, m = cls.type, cls.mode
        if tgt and COURT_WORDS.search(tgt[0]) and a_type in ("REQUEST", "CONSULT"):
            # going or appealing to a court is bringing a case: ACCUSE, mode allege (manual 3.9)
            a_type, m = "ACCUSE", "allege"
        t_info = type_actor(tgt[0], head=tgt[4], label=tgt[2], roles=tgt[3], lists=lists) if tgt else None
        out.append(
            Event(
                action=a_type,
                mode=m,
                trigger=Span(start=tok.idx, end=tok.idx + len(tok.text)),
                trigger_text=tok.text,
                wording=wording,
                actor=actor_text,
                actor_key=actor[1] if actor else None,
                actor_type=actor_info.type if actor_info else None,
                actor_country=actor_info.country if actor_info else None,
                target=tgt[0] if tgt else None,
                target_key=tgt[1] if tgt else None,
                target_type=t_info.type if t_info else None,
                theme=theme if cls.type != "STATEMENT" else None,
                place=sl.place,
                time=time,
                evidence=Span(start=sent.start_char, end=sent.end_char),
                voice=voice,
                negated=negated,
                confidence=round(cls.confidence * (0.8 if actor is None else 1.0), 2),
            )
        )
    return out, src


def _disapproval(tok, art, lex, lists, times, sent) -> Event | None:
    content = ""
    for q in art.quotes:
        if q.cue and q.cue.start <= tok.idx < q.cue.end:
            content = q.content_text
            break
    if not content:
        comp = [c for c in tok.children if c.dep_ in ("ccomp",)]
        content = " ".join(c.subtree.__class__ and art.doc[c.left_edge.i : c.right_edge.i + 1].text for c in comp)
    if not content or not disapproves(content, lex):
        return None
    subj, _ = _subject(tok)
    actor = _describe(subj[0], art) if subj else None
    if actor is None:
        return None
    info = type_actor(actor[0], head=actor[4], label=actor[2], roles=actor[3],
                      outlet_country=art.outlet_country, lists=lists)
    tx = times.get(tok.i, [])
    return Event(
        action="ACCUSE",
        mode="disapprove",
        trigger=Span(start=tok.idx, end=tok.idx + len(tok.text)),
        trigger_text=tok.text,
        actor=actor[0],
        actor_key=actor[1],
        actor_type=info.type,
        actor_country=info.country,
        evidence=Span(start=sent.start_char, end=sent.end_char),
        time=_pick_time(tx, False),
        voice="outlet",
        confidence=0.6,
    )


def _including(tok, art):
    """Names in an "including X and Y" phrase next to the actor ("US officials ..., including")."""
    names = []
    for c in list(tok.children) + (list(tok.head.children) if tok.dep_ == "relcl" else []):
        if c.dep_ == "prep" and c.lower_ == "including":
            for o in c.children:
                if o.dep_ == "pobj":
                    conj = _conjuncts(o)
                    skip = False
                    for oc, nxt in zip(conj, [*conj[1:], None], strict=True):
                        if skip:
                            skip = False
                            continue
                        if nxt is not None and _modifies_next(oc, nxt):
                            # "Central Intelligence Agency (CIA) Director William Burns", parsed
                            # as two conjuncts: one person with a title
                            names.append(art.doc[oc.left_edge.i : nxt.i + 1].text)
                            skip = True
                            continue
                        d = _describe(oc, art)
                        if d:
                            names.append(d[0])
    return names


def _modifies_next(tok, nxt) -> bool:
    """Whether conjunct ``tok`` runs straight into the next one, with no comma or "and" between
    (only a parenthesis): it is then part of the next one's name."""
    doc = tok.doc
    depth = 0
    for t in doc[tok.i + 1 : nxt.i]:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif depth == 0 and (t.text in (",", ";") or t.dep_ == "cc"):
            return False
    return True


def _inherited_time(tok, times):
    """An action announced or decided at a stated time takes that time, with lower confidence:
    "On January 26, the leadership announced its decision to immediately end ...", "the PA on
    Wednesday said it was terminating ...". A perfect or past complement ("officials said on
    Saturday that the leadership has rejected ...") keeps no time: it may be older."""
    progressive = any(c.tag_ == "VBG" for c in [tok]) and any(
        c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children
    )
    to_inf = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    if not (progressive or to_inf or tok.pos_ == "NOUN"):
        return [], None
    node = tok
    for _ in range(4):
        if node.head.i == node.i or node.dep_ not in ("xcomp", "ccomp", "acl", "dobj", "conj"):
            break
        node = node.head
        if node.lemma_.lower() in DECISION:
            if node.i in times:
                return list(times[node.i]), node.i
            # "its decision" as the object of "announced"
            if node.pos_ == "NOUN" and node.head.i in times and node.head.lemma_.lower() in DECISION:
                return list(times[node.head.i]), node.head.i
    return [], None


def _pick_time(tx_list, inherited) -> TimeExpr | None:
    if not tx_list:
        return None
    best = min(tx_list, key=lambda t: (t.value is None, -(t.confidence or 0)))
    if inherited:
        best = best.model_copy(update={"confidence": round(min(best.confidence, 0.5), 2)})
    return best


def _reporting_voice(tok, art) -> str | None:
    """The speaker of a reporting verb governing the trigger ("..., officials said")."""
    node = tok
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            break
        if head.lemma_.lower() in SPEECH and head.pos_ in ("VERB", "AUX") and node.dep_ in (
            "ccomp", "xcomp", "parataxis", "advcl", "conj", "dobj"
        ):
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                d = _describe(subj[0], art)
                if d:
                    return d[1] or d[0]
        node = head
    root = tok
    while root.head.i != root.i and root.dep_ in ("conj", "xcomp", "acl", "dobj", "advcl"):
        root = root.head
    for c in root.children:
        if c.dep_ == "parataxis" and c.lemma_.lower() in SPEECH:
            subj = [g for g in c.children if g.dep_ == "nsubj"]
            if subj:
                d = _describe(subj[0], art)
                if d:
                    return d[1] or d[0]
    return None


def _wording(tok, light, first_arg) -> str:
    """The verb phrase as the article words it: "will hold more meetings", "expressed its
    opposition to", "go to" - the modal and negation, a light verb with the event noun and its
    determiners, and the preposition that introduces ``first_arg`` (the argument a summary shows
    next). Falls back to the trigger word when the light verb follows the noun ("the raid took
    place")."""
    verb = tok if light is None else light
    if verb.i > tok.i:
        return tok.text
    words = [c for c in verb.children if c.i < verb.i and (c.tag_ == "MD" or c.dep_ == "neg")]
    words.append(verb)
    if light is not None:
        words += [c for c in tok.children if c.i < tok.i and c.dep_ in ("det", "poss", "amod", "nummod")]
        words.append(tok)
    if first_arg is not None and first_arg.dep_ == "pobj" and first_arg.head.head in (tok, verb):
        prep = first_arg.head
        if prep.i > max(w.i for w in words):
            words.append(prep)
    return " ".join(w.text for w in sorted(set(words), key=lambda w: w.i))


def _light_verb_head(tok, lex):
    """For an event noun that is the object of a light verb ("held a meeting"), that verb."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in lex.light_verbs:
        return tok.head
    # "workers went on strike": the goer is the striker
    if tok.dep_ == "pobj" and tok.head.lower_ == "on" and tok.head.head.lemma_.lower() in ("go", "be", "remain", "stay"):
        return tok.head.head
    # "the raid took place on Tuesday", "the meeting happened in Cairo"
    head = tok.head
    if tok.dep_ == "nsubj" and (
        head.lemma_.lower() in ("happen", "occur", "unfold")
        or (head.lemma_.lower() == "take" and any(c.lower_ == "place" for c in head.children))
    ):
        return head
    return None


__all__ = ["MAX_EVENTS", "extract_events"]
