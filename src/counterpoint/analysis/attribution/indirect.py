"""Indirect speech, mixed and partial quotes, noun cues and "according to", found in the
dependency parse from a cue word to its content and its speaker."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from counterpoint.analysis.attribution.common import (
    Candidate,
    _cue_tokens,
    _has_quote,
    _headline_line,
    _Index,
    _is_cue,
    _is_title,
    _overlap_share,
    _ranges,
    _subtree,
)
from counterpoint.analysis.attribution.cues import (
    ADDRESSEE_OBJECT,
    ARGUMENT,
    CLAUSE_EXTRA,
    COGNITION,
    FIRST_SECOND_PERSON,
    INFINITIVE,
    NOUN,
    OBJECT,
    PARTIAL_ONLY,
    PREPOSITION,
    SPEECH,
)
from counterpoint.analysis.attribution.speakers import find_subject


def find_indirect(
    doc: Doc, ix: _Index, used: set[int], direct_chars: list[tuple[int, int]]
) -> list[Candidate]:
    """Indirect speech, mixed and partial quotes, and "according to", from the parse."""
    out: list[Candidate] = []
    for tok in doc:
        if tok.i in used or ix.in_quote(tok):
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUN:
            cand = _noun_attribution(tok)
            if cand and not any(_overlap_share(r, direct_chars) > 0.5 for r in cand.content):
                out.append(cand)
            continue
        if tok.lower_ == "according":
            cand = _according_to(tok)
            if cand:
                out.append(cand)
            continue
        if tok.pos_ == "VERB" and _as_clause(tok):
            cand = _as_attribution(tok)
        elif _is_cue(tok):
            cand = _verb_attribution(tok, ix)
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in PARTIAL_ONLY:
            cand = _quoted_object(tok, ix)
        elif tok.pos_ == "VERB" and tok.lemma_.lower() not in ("be", "have", "get", "become"):
            cand = _quoted_object(tok, ix, strict=True)
        else:
            continue
        if cand is None or _only_titles(ix, cand):
            continue
        # content already reported as a direct quote
        if any(_overlap_share(r, direct_chars) > 0.5 for r in cand.content):
            continue
        out.append(cand)
    for cand in out:
        cand.kind = _kind_for(ix, cand)
    return out


def _only_titles(ix: _Index, cand: Candidate) -> bool:
    """A partial quote whose only quoted words name something ("appeared on “Meet the
    Press”", "watched “Fox and Friends”"), or content that is a quoted title and little
    else ("wrote “The Art of the Deal” in 1987", "has been reading “Crippled America”"):
    nobody is quoted."""
    opened = [q for q in ix.quotations if any(s <= q.start < e for s, e in cand.content)]
    if cand.kind == "partial" and opened:
        return all(_is_title(ix.text[q.start : q.end]) for q in opened)
    inside = [
        q for q in ix.quotations if any(s < q.end and q.start < e for s, e in cand.content)
    ]
    if not inside or not all(_is_title(ix.text[q.start : q.end]) for q in inside):
        return False
    if any(_headline_line(ix.text, q.start) for q in inside):
        return False  # a headline quotes in title case
    # the words outside the titles: a date or a place at most ("in 1987")
    rest = [
        t
        for s, e in cand.content
        for t in ix.doc.char_span(s, e, alignment_mode="expand") or []
        if ix.token_quote[t.i] < 0 and not t.is_punct
    ]
    return len(rest) <= 3 and not any(t.pos_ in ("VERB", "AUX") for t in rest)


def _kind_for(ix: _Index, cand: Candidate) -> str:
    if cand.kind in ("direct", "partial"):
        if cand.kind == "partial" and not _has_quote(ix, cand.content):
            return "indirect"
        return cand.kind
    return "mixed" if _has_quote(ix, cand.content) else "indirect"


_ABSTRACT_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism", "ing", "ure")


_COLLECTIVE = frozenset(
    [
        "administration",
        "organization",
        "organisation",
        "coalition",
        "association",
        "commission",
        "foundation",
        "federation",
        "corporation",
        "institution",
        "delegation",
        "congregation",
        "opposition",
        "government",
        "parliament",
        "department",
        "movement",
        "committee",
        "union",
    ]
)


_THINGS = frozenset(
    [
        "deal",
        "attack",
        "word",
        "ban",
        "right",
        "program",
        "programme",
        "law",
        "bill",
        "plan",
        "rule",
        "fact",
        "thing",
        "idea",
        "move",
        "decision",
        "effort",
        "news",
        "story",
        "issue",
        "problem",
        "question",
        "event",
        "timing",
        "surge",
        "time",
        "day",
        "week",
        "year",
        "result",
        "number",
        "money",
        "way",
        "part",
        "attack",
        "speech",
        "video",
        "ad",
        "image",
        "photo",
        "picture",
    ]
)


_DOCUMENT_SPEAKERS = frozenset(
    {"petition", "lawsuit", "suit", "complaint", "indictment", "motion", "resolution",
     "statement", "report", "memo", "letter", "filing", "ruling", "editorial", "study",
     "declaration", "proclamation", "opinion", "order", "release", "announcement"}
)
"""Documents that make accusations and claims of their own ("The petition accuses the
campaign of “attempting to bully ...”")."""


def _inanimate(subj: Token, cue: Token | None = None) -> bool:
    """Whether a subject is plainly not a speaker ("the deal", "his attacks on Trump"), so
    that stance verbs with it ("the ban targets ...") are not attributions. A document
    with a reporting or accusing verb (``cue``) speaks."""
    if subj.pos_ != "NOUN" or subj.ent_type_:
        return False
    lemma = subj.lemma_.lower()
    if lemma in _COLLECTIVE:
        return False
    if (
        cue is not None
        and lemma in _DOCUMENT_SPEAKERS
        and cue.lemma_.lower() in SPEECH | ARGUMENT
    ):
        return False
    return lemma in _THINGS or lemma.endswith(_ABSTRACT_SUFFIXES)


# Speech verbs whose plain object is what was said ("said so", "said the same thing");
# "wrote a song", "added a category", "maintained a lead" are not.
_SAY_OBJECT = frozenset(
    {"say", "state", "declare", "reiterate", "answer", "reply", "concede", "claim"}
)


_NESTABLE = SPEECH - {"continue", "add", "maintain", "point", "indicate", "signal", "order"}


_EXPLETIVE = frozenset({"it", "there", "this", "that", "which", "what", "these", "those"})


def _quoted_object(tok: Token, ix: _Index, strict: bool = False) -> Candidate | None:
    """A verb whose objects carry a quoted fragment: a partial quote of its subject.

    ``strict`` (any verb, not a cue): the subject must name someone (a person or
    organisation, a personal pronoun) and the quotation must sit in an object or in an
    "as" phrase ("calls people “losers”", "admires Putin as a “strong leader”"), never in an
    adverbial ("suspended it following Trump’s “Deal of the Century”")."""
    subj = find_subject(tok)
    if subj is None or subj.lower_ in _EXPLETIVE or subj.lower_ in FIRST_SECOND_PERSON:
        return None
    if strict and not (
        subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or subj.lower_ in ("he", "she", "they")
        or subj.pos_ == "PROPN"
    ):
        return None
    allowed_preps = ("as",) if strict else None
    args = [
        c
        for c in tok.rights
        if c.dep_ in ("dobj", "prep", "xcomp", "oprd", "attr", "ccomp")
        and not (c.dep_ == "prep" and c.lower_ in ("to", "with"))
        and not (c.dep_ == "prep" and allowed_preps is not None and c.lower_ not in allowed_preps)
    ]
    if not any(ix.token_quote[t.i] >= 0 for c in args for t in c.subtree):
        return None
    idx: set[int] = set()
    for c in args:
        idx |= _subtree(c)
    ranges = _ranges(tok.doc, idx, tok)
    if not ranges:
        return None
    return Candidate(ranges, "partial", _cue_tokens(tok), subj, 0.6)


def _verb_attribution(tok: Token, ix: _Index) -> Candidate | None:
    """The attribution a cue verb heads, by where its content sits in the parse."""
    lemma = tok.lemma_.lower()
    subj = find_subject(tok)
    if subj is None:
        return None
    if subj.lower_ in _EXPLETIVE and not (subj.lower_ == "it" and lemma in SPEECH):
        return None
    if subj.lower_ == "you":
        return None
    if ix.token_quote[subj.i] >= 0:
        return None  # a word of a quotation is not the speaker of the words around it
    doc = tok.doc
    cue = _cue_tokens(tok)
    subj_span = {t.i for t in subj.subtree}
    ccomps = [c for c in tok.children if c.dep_ == "ccomp"]
    if not ccomps and lemma in SPEECH:
        # "have said cutting that output must be ..." misparsed as an open complement
        ccomps = [c for c in tok.rights if c.dep_ == "xcomp" and c.tag_ in ("VBG", "VBN")]
    if not ccomps and lemma in SPEECH:
        # "tweeted ... that Machado was ..." misparsed as an adverbial clause
        ccomps = [
            c for c in tok.rights if c.dep_ == "advcl" and doc[c.left_edge.i].lower_ == "that"
        ]
    if ccomps and lemma in SPEECH | COGNITION | CLAUSE_EXTRA | ARGUMENT:
        if subj.lower_ in FIRST_SECOND_PERSON and lemma not in SPEECH:
            return None  # "I think": the writer's own voice
        idx: set[int] = set()
        for c in ccomps:
            idx |= _subtree(c)
            for conj in c.children:
                # "said he found Trump “very charming” and called his standing “unheard
                # of”": a reporting verb joined to the clause, with its own quoted words,
                # is an attribution of its own
                if (
                    conj.dep_ == "conj"
                    and conj.pos_ == "VERB"
                    and conj.lemma_.lower() in SPEECH | ARGUMENT
                    and any(ix.token_quote[t.i] >= 0 for t in conj.subtree)
                ):
                    cc = [g.i for g in c.children if g.dep_ == "cc" and g.i < conj.i]
                    idx -= _subtree(conj) | set(cc)
        idx -= subj_span
        ranges = _ranges(doc, idx, tok)
        if ranges:
            conf = 0.8 if lemma in SPEECH else 0.55
            return Candidate(ranges, "indirect", cue, subj, conf)
    # "The leadership has rejected ..., officials said" parsed with "said" under the clause
    if (
        (tok.dep_ == "parataxis" or (tok.dep_ == "ccomp" and tok.i > tok.head.i))
        and lemma in SPEECH | COGNITION
        and not any(c.dep_ in ("mark", "dobj", "ccomp", "xcomp") for c in tok.children)
        and _after_comma(tok, subj)
    ):
        head = tok.head
        idx = _subtree(head) - _subtree(tok)
        ranges = _ranges(doc, idx, tok)
        if ranges:
            return Candidate(ranges, "indirect", cue, subj, 0.7)
    if subj.lower_ in FIRST_SECOND_PERSON or _inanimate(subj, tok):
        return None
    idx = set()
    kind = "indirect"
    if lemma in INFINITIVE:
        for c in tok.rights:
            if c.dep_ == "xcomp" or (
                c.dep_ == "dobj" and any(g.dep_ == "xcomp" for g in tok.rights)
            ):
                idx |= _subtree(c)
    if not idx and lemma in PREPOSITION:
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ in PREPOSITION[lemma]:
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp"):
                        idx |= _subtree(g)
    if not idx:
        addressee_obj = lemma in ADDRESSEE_OBJECT
        args = [
            c
            for c in tok.rights
            if c.dep_ in ("dobj", "prep", "xcomp", "oprd", "attr", "dative")
            # the addressee is not what was said: "told the “bigots”", "spoke to “CBS”"
            and not (addressee_obj and c.dep_ in ("dobj", "dative"))
            and not (c.dep_ == "prep" and c.lower_ in ("to", "with"))
        ]
        # any cue whose objects carry a quoted fragment: "referred to Rubio as “a bright ...”"
        quoted = any(ix.token_quote[t.i] >= 0 for c in args for t in c.subtree)
        if (
            quoted
            or (lemma in ARGUMENT or lemma in OBJECT or lemma in _SAY_OBJECT)
            and (any(c.dep_ == "dobj" for c in args) or lemma in ARGUMENT)
        ):
            for c in args:
                idx |= _subtree(c)
            kind = "partial"
    if not idx:
        return None
    ranges = _ranges(doc, idx, tok)
    if not ranges:
        return None
    return Candidate(ranges, kind, cue, subj, 0.6)


def _as_clause(tok: Token) -> bool:
    """ "as Mr. Bown observed", "as a Homeland Security memo put it": a cue in an "as" clause."""
    if tok.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        return False
    lemma = tok.lemma_.lower()
    if lemma == "put":
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)
    return lemma in SPEECH or lemma in COGNITION


def _as_attribution(tok: Token) -> Candidate | None:
    """The clause an "as X said" attaches to is what X said."""
    subj = find_subject(tok)
    if subj is None or subj.lower_ in _EXPLETIVE:
        return None
    idx = _subtree(tok.head) - _subtree(tok)
    ranges = _ranges(tok.doc, idx, tok)
    if not ranges:
        return None
    return Candidate(ranges, "indirect", _cue_tokens(tok), subj, 0.7)


def _noun_attribution(tok: Token) -> Candidate | None:
    """ "her remark that ...", "Trump’s proposal to ban ...", "his criticism of X"."""
    speaker = next((c for c in tok.children if c.dep_ == "poss"), None)
    if speaker is None or speaker.lower_ in ("its", "my", "our", "your"):
        return None
    idx: set[int] = set()
    for c in tok.rights:
        if (
            c.dep_ in ("acl", "ccomp", "relcl")
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            or c.dep_ in ("acl", "xcomp")
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        ):
            idx |= _subtree(c)
        elif c.dep_ == "prep" and c.lower_ in ("of", "for", "on", "about", "against"):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    idx |= _subtree(g)
    if not idx:
        return None
    ranges = _ranges(tok.doc, idx, tok)
    if not ranges:
        return None
    return Candidate(ranges, "indirect", [tok], speaker, 0.5)


def _after_comma(tok: Token, subj: Token) -> bool:
    """Whether the attribution "…, officials said" follows a comma (or dash) closing the clause."""
    first = min(tok.i, min(t.i for t in subj.subtree))
    return first > 0 and tok.doc[first - 1].text in (",", "—", "–", "-", ":")


def _according_to(tok: Token) -> Candidate | None:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    doc = tok.doc
    head = tok.head
    phrase = _subtree(tok)
    if head.pos_ in ("VERB", "AUX"):
        idx = _subtree(head) - phrase
    else:
        sent = tok.sent
        idx = set(range(sent.start, sent.end)) - phrase
    ranges = _ranges(doc, idx, tok)
    if not ranges:
        return None
    return Candidate(ranges, "indirect", [tok, to], pobj, 0.75)


def _named_other(cand: Candidate, outer: list[Candidate]) -> bool:
    """Whether a nested attribution quotes a named speaker of its own, not the outer one's
    ("they feared a repeat of the speech in which Mr. Buchanan called for a “cultural
    war”")."""
    subj = cand.subject
    if subj is None or subj.pos_ != "PROPN" or subj.ent_type_ not in ("PERSON", "ORG"):
        return False
    return all(o.subject is None or o.subject.lower_ != subj.lower_ for o in outer)


def _drop_nested(cands: list[Candidate]) -> list[Candidate]:
    """Drop attributions inside another one's content ("X said that Y refused to ..."): the
    outer attribution carries it. A nested speech verb that brings its own quoted words is
    kept."""
    spans = sorted((s, e, i) for i, c in enumerate(cands) for s, e in c.content)
    starts = [s for s, _, _ in spans]

    def owners(pos: int) -> set[int]:
        """Candidates whose content holds ``pos`` (contents are a paragraph at most)."""
        found = set()
        j = bisect.bisect_right(starts, pos) - 1
        while j >= 0 and starts[j] >= pos - 20_000:
            if spans[j][1] > pos:
                found.add(spans[j][2])
            j -= 1
        return found

    cue_owners = [owners(c.cue[0].idx) if c.cue else set() for c in cands]
    out = []
    for i, c in enumerate(cands):
        if c.kind != "direct" and c.cue:
            lemma = c.cue[0].lemma_.lower()
            # nested in another attribution that is not itself inside this one (a parse
            # that makes two clauses each other's content keeps both)
            nested = any(d != i and i not in cue_owners[d] for d in cue_owners[i])
            # a speech verb with its own quoted words stays ("..., who told Fox “...”")
            if nested and not (
                c.kind in ("mixed", "partial")
                and (
                    lemma in _NESTABLE
                    or (lemma in ARGUMENT or lemma in PARTIAL_ONLY)
                    and _named_other(c, [cands[d] for d in cue_owners[i]])
                )
            ):
                continue
        out.append(c)
    return out
