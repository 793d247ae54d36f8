"""Find attributions in a parsed Doc: direct quotes by their marks, indirect speech,
mixed and partial quotes by the dependency parse.

Each finder yields :class:`Candidate` objects that still point at tokens; the speakers are
named afterwards, in text order, so that "he added" can point back to the last speaker.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from counterpoint.analysis.attribution.cues import (
    ADDRESSEE_OBJECT,
    ARGUMENT,
    CLAUSE_EXTRA,
    COGNITION,
    DIRECT,
    FIRST_SECOND_PERSON,
    INFINITIVE,
    NOUN,
    OBJECT,
    PREPOSITION,
    SPEECH,
    is_verb_cue,
)
from counterpoint.analysis.attribution.marks import QUOTE_CHARS, Quotation, find_quotations
from counterpoint.analysis.attribution.speakers import find_subject, inverted_subject

_REGION_LIMIT = 40  # tokens searched for an attribution around a quotation
_CLAUSE_END = ",?!—–-…:;"
_SENT_END = ".?!…"
_TAKES_XCOMP = frozenset(
    {"promise", "pledge", "vow", "threaten", "refuse", "agree", "urge", "ask", "call", "demand", "decline", "offer", "warn", "plan", "want", "hope"}
)


@dataclass
class Candidate:
    """An attribution before its speaker is named."""

    content: list[tuple[int, int]]  # char ranges
    kind: str
    cue: list[Token] = field(default_factory=list)
    subject: Token | None = None  # head of the speaker phrase
    confidence: float = 0.8
    inherit_from: "Candidate | None" = None  # a continuation quote takes this one's speaker

    @property
    def position(self) -> int:
        if self.cue:
            return self.cue[0].idx
        return self.content[0][0]


class _Index:
    """Token/quotation lookups for one Doc."""

    def __init__(self, doc: Doc, quotations: list[Quotation]):
        self.doc = doc
        self.text = doc.text  # Doc.text rebuilds the string on every access
        self.quotations = quotations
        self.starts = [t.idx for t in doc]
        self.qstarts = [q.start for q in quotations]
        # which quotation (if any) each token falls in
        self.token_quote: list[int] = [-1] * len(doc)
        for qi, q in enumerate(quotations):
            for s, e in q.pieces:
                lo = bisect.bisect_left(self.starts, s)
                hi = bisect.bisect_left(self.starts, e)
                for i in range(lo, hi):
                    self.token_quote[i] = qi

    def token_at(self, char: int) -> int:
        """Index of the token starting at or after ``char``."""
        return bisect.bisect_left(self.starts, char)

    def in_quote(self, tok: Token) -> bool:
        return self.token_quote[tok.i] >= 0


def _is_cue(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and is_verb_cue(tok.lemma_) and tok.lemma_.lower() != "be"


def _breaks_paragraph(tok: Token) -> bool:
    return "\n" in tok.text or "\n" in tok.whitespace_


def _tail_region(ix: _Index, end_char: int) -> list[Token]:
    """Tokens after a closing mark up to the end of the sentence or paragraph."""
    doc = ix.doc
    out: list[Token] = []
    i = ix.token_at(end_char)
    if i > 0 and _breaks_paragraph(doc[i - 1]):
        return out
    while i < len(doc) and len(out) < _REGION_LIMIT:
        tok = doc[i]
        if ix.token_quote[i] >= 0 and _short_quote(ix, i):
            out.append(tok)  # a nickname inside the attribution: Marcia "Cia" Price
            i += 1
            continue
        if ix.token_quote[i] >= 0 or tok.is_space:
            break
        out.append(tok)
        if tok.text in _SENT_END or _breaks_paragraph(tok):
            break
        i += 1
    return out


def _short_quote(ix: _Index, i: int) -> bool:
    q = ix.quotations[ix.token_quote[i]]
    return len(q.pieces) == 1 and q.end - q.start <= 20 and " " not in ix.text[q.start : q.end].strip()


def _head_region(ix: _Index, start_char: int) -> list[Token]:
    """Tokens before an opening mark back to the start of the sentence or paragraph."""
    doc = ix.doc
    out: list[Token] = []
    i = ix.token_at(start_char) - 1
    while i >= 0 and len(out) < _REGION_LIMIT:
        tok = doc[i]
        if ix.token_quote[i] >= 0 or tok.is_space or _breaks_paragraph(tok):
            break
        if tok.text in _SENT_END and out:
            break
        if tok.text in _SENT_END:
            break
        out.append(tok)
        i -= 1
    out.reverse()
    return out


def _cue_in(tokens: list[Token], last: bool = False) -> Token | None:
    cues = [t for t in tokens if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in DIRECT]
    if not cues:
        return None
    return cues[-1] if last else cues[0]


def _prev_nonspace(text: str, i: int) -> str:
    j = i - 1
    while j >= 0 and text[j] in " \t\u00a0":
        j -= 1
    return text[j] if j >= 0 else "\n"


def _next_nonspace(text: str, i: int) -> str:
    j = i
    while j < len(text) and text[j] in " \t\u00a0":
        j += 1
    return text[j] if j < len(text) else "\n"


def _inner_last(text: str, q: Quotation) -> str:
    s, e = q.pieces[-1]
    j = e - 1
    while j > s and (text[j] in QUOTE_CHARS or text[j].isspace()):
        j -= 1
    return text[j]


def _opens_clause(text: str, q: Quotation) -> bool:
    prev = _prev_nonspace(text, q.start)
    if prev in QUOTE_CHARS:
        # right after another quotation that ended a sentence: “Fox and Friends.” “I mean ...”
        j = text.rfind(prev, 0, q.start)
        return j > 0 and text[j - 1] in ".?!"
    return prev in "\n.?!:,;—–-(…" or q.start == 0


def _closes_sentence(text: str, q: Quotation) -> bool:
    after = _next_nonspace(text, q.end)
    return _inner_last(text, q) in _SENT_END or after in "\n.?!" or q.end >= len(text.rstrip())


_DASHES = "―—–-"


_INVERTED_CUES = frozenset({"said", "stated", "continued", "added", "wrote", "explained", "asked", "replied", "concluded", "noted"})


def _short_attribution(ix: _Index, q: Quotation) -> bool:
    """“... missing.” Trump said. -- a full stop inside the marks, then a bare attribution."""
    tail = _tail_region(ix, q.end)
    return 2 <= len(tail) <= 6 and tail[-1].text == "." and _cue_in(tail[:-1]) is not None


def _leading_noun(tokens: list[Token]) -> Token | None:
    """Head of the noun phrase opening ``tokens`` ("Flynn, a top Trump surrogate, said")."""
    head = None
    for t in tokens:
        if t.text in (",", "—", "–") and head is None:
            continue
        if t.pos_ in ("PROPN", "NOUN", "PRON") or (t.text == "." and head is not None):
            if t.pos_ != "PUNCT":
                head = t
            continue
        if (t.pos_ in ("DET", "ADJ", "NUM") or t.text == "-") and head is None:
            continue  # "the 46-year-old"
        break
    return head


def _dash_signature(ix: _Index, q: Quotation) -> tuple[Token, Token] | None:
    """A quote signed with a dash: "“...” ― Sonya Herridge" -> (dash token, name head)."""
    text = ix.text
    j = q.end
    while j < len(text) and text[j] in " \t\u00a0":
        j += 1
    if j >= len(text) or text[j] not in _DASHES:
        return None
    k = j
    while k < len(text) and text[k] in _DASHES:
        k += 1
    if text[j : k] == "-" and k < len(text) and text[k] != " ":
        return None  # a hyphen, not a dash
    dash_i = ix.token_at(j)
    if dash_i >= len(ix.doc) or ix.doc[dash_i].idx > j:
        dash_i -= 1  # the dash is glued to the closing mark ("”―")
    first = ix.token_at(k)
    names = list(ix.doc[first : first + 12])
    head = _signature(names)
    if head is None:
        return None
    return ix.doc[dash_i], head


def _signature(tokens: list[Token]) -> Token | None:
    """The name signing a quote ("“...” ― Sonya Herridge"): its head token, or None."""
    name = []
    for t in tokens:
        if "\n" in t.text or t.text == ".":
            break
        if t.is_space:
            continue
        name.append(t)
        if "\n" in t.whitespace_:
            break
    if 0 < len(name) <= 6 and all(t.pos_ == "PROPN" or t.text in (".", ",") for t in name):
        heads = [t for t in name if t.pos_ == "PROPN"]
        return heads[-1] if heads else None
    return None


def _verb_before(ix: _Index, q: Quotation) -> Token | None:
    """The verb right before the opening mark when it has a subject and takes the quotation
    as its object: "saying “Too many.”", "Some chanted “USA! USA!”", "writing: “...”"."""
    i = ix.token_at(q.start) - 1
    doc = ix.doc
    if i >= 0 and doc[i].text in (",", ":"):
        i -= 1
    if i < 0 or ix.token_quote[i] >= 0:
        return None
    tok = doc[i]
    if tok.pos_ != "VERB" or tok.lemma_.lower() in ("be", "have"):
        return None
    if _is_cue(tok) and tok.lemma_.lower() in DIRECT:
        return tok
    return tok if find_subject(tok) is not None else None


def _any_verb(tokens: list[Token], last: bool = False) -> Token | None:
    """A verb with a subject, whatever its lemma: the cue of "X released this statement: “...”"."""
    verbs = [t for t in tokens if t.pos_ == "VERB" and (find_subject(t) is not None or inverted_subject(t))]
    if not verbs:
        return None
    return verbs[-1] if last else verbs[0]


def _speaker_first_cue(ix: _Index, head: list[Token]) -> Token | None:
    if not head:
        return None
    if head[-1].text == ":" and 3 <= len(head) <= 6 and head[0].lower_ in _INVERTED_CUES:
        return head[0]  # "Stated Stone:", "Continued Stone:", "Said Ellis:"
    if head[-1].text in (":", ",") or _cue_in(head[-3:]):
        cue = _cue_in(head, last=True)
        if cue is None and head[-1].text == ":":
            cue = _any_verb(head, last=True)
        return cue
    return None


def find_direct(doc: Doc, ix: _Index) -> tuple[list[Candidate], set[int], list[Quotation]]:
    """Direct quotes: quotations that stand as a clause, with the cue before or after them.

    Returns the candidates, the token indices of the cues they used, and the sentence-like
    quotations that have no cue of their own (continuations, decided later).
    """
    text = doc.text
    out: list[Candidate] = []
    used: set[int] = set()
    orphans: list[Quotation] = []
    last: Candidate | None = None
    for q in ix.quotations:
        verb_before = _verb_before(ix, q)
        if not (_opens_clause(text, q) or verb_before is not None):
            continue
        pieces = list(q.pieces)
        cue: Token | None = None
        conf = 0.95 if q.balanced else 0.6
        # quote first: “...,” said X / “...,” X said / “...?” asked X
        tail_subject: Token | None = None
        if (
            _inner_last(text, q) in _CLAUSE_END
            or _next_nonspace(text, q.end) in _DASHES + ","
            or _short_attribution(ix, q)
        ):
            signed = _dash_signature(ix, q)
            if signed is not None:
                cand = Candidate(pieces, "direct", [signed[0]], signed[1], conf)
                out.append(cand)
                last = cand
                continue
            tail = _tail_region(ix, q.end)
            cue = _cue_in(tail) or _any_verb(tail[:5])
            if cue is not None:
                # “...,” X said: the speaker sits between the closing mark and the cue (or
                # right after it); the parser sometimes hangs X on the quote instead.
                subj = find_subject(cue) or inverted_subject(cue)
                ids = {t.i for t in tail}
                if subj is None or subj.i not in ids:
                    tail_subject = _leading_noun(tail) or _leading_noun(
                        [t for t in tail if t.i > cue.i]
                    )
        # speaker first: X said: “...” / X told reporters, “...” / saying “...”
        if cue is None and _closes_sentence(text, q):
            head = _head_region(ix, q.start)
            cue = _speaker_first_cue(ix, head) or verb_before
            if cue is None and not head and _prev_nonspace(text, q.start) == "\n":
                # "Caddell continued:" closing the previous paragraph
                j = ix.token_at(q.start) - 1
                while j >= 0 and doc[j].is_space:
                    j -= 1
                if j >= 0 and doc[j].text == ":":
                    cue = _speaker_first_cue(ix, _head_region(ix, doc[j].idx + 1))
        if cue is not None:
            subj = tail_subject or find_subject(cue) or inverted_subject(cue)
            if subj is not None and (ix.token_quote[subj.i] >= 0 or subj.ent_type_ in ("DATE", "TIME")):
                # the parser took a word of the quotation ("That makes me smart") or a
                # date ("said Monday") for the speaker
                subj = _leading_noun([t for t in _tail_region(ix, q.end) if t.i != cue.i]) if cue.i > ix.token_at(q.start) else None
            if subj is None and cue.lower_ in _INVERTED_CUES and cue.i + 1 < len(doc):
                subj = _leading_noun(list(doc[cue.i + 1 : cue.i + 6]))
            if subj is None and cue.i < ix.token_at(q.start):
                # "Protesters marching through the streets chanted “...”" with the cue
                # misparsed as a modifier: the sentence opens with its speaker.
                subj = _leading_noun(_head_region(ix, q.start))
            if subj is None or subj.lower_ == "you":
                # a quotation with a cue but no speaker we can trust: let the context decide
                orphans.append(q)
                continue
            # A second quotation straight after the attribution ("“A,” he said, “B.”")
            if last is not None and last.cue and last.cue[0].i == cue.i:
                last.content.extend(pieces)
                continue
            cand = Candidate(content=pieces, kind="direct", cue=_cue_tokens(cue), subject=subj, confidence=conf)
            out.append(cand)
            used.add(cue.i)
            last = cand
            continue
        if _closes_sentence(text, q) and _prev_nonspace(text, q.start) in ".?!\n":
            orphans.append(q)
    return out, used, orphans


def attach_continuations(text: str, orphans: list[Quotation], cands: list[Candidate]) -> list[Candidate]:
    """Quotations with no cue of their own continue the nearest attribution before them:
    in the same paragraph they join a direct quote ("“A,” he said. “B.”"); in the next
    paragraph they become a quote of the same speaker."""
    out: list[Candidate] = []
    ordered = sorted(cands, key=lambda c: c.position)
    for q in orphans:
        prev = None
        for c in ordered + out:
            if c.position < q.start and (prev is None or c.position > prev.position):
                prev = c
        if prev is None:
            continue
        prev_end = max(max(e for _, e in prev.content), prev.cue[-1].idx + len(prev.cue[-1].text) if prev.cue else 0)
        if prev_end > q.start:
            continue
        between = text[prev_end : q.start]
        if "\n" not in between and len(between) < 400:
            if prev.kind == "direct" and prev.inherit_from is None:
                prev.content.extend(q.pieces)
            else:
                out.append(Candidate(list(q.pieces), "direct", [], None, 0.6, inherit_from=prev))
        elif between.strip() == "" or (between.count("\n") and "\n" not in between.strip() and len(between) < 400):
            # next paragraph (or the rest of the attribution's paragraph, then the next one)
            out.append(Candidate(list(q.pieces), "direct", [], None, 0.6, inherit_from=prev))
    return out


def _cue_tokens(cue: Token) -> list[Token]:
    toks = [cue] + [c for c in cue.children if c.dep_ == "prt"]
    return sorted(toks, key=lambda t: t.i)


_para_cache: tuple[int, list[tuple[int, int]]] | None = None


def _paragraph_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(first, last)`` token index of the paragraph of every token, computed once per Doc
    (a 100,000-word article must not be rescanned for every cue)."""
    global _para_cache
    if _para_cache is not None and _para_cache[0] == id(doc) and len(_para_cache[1]) == len(doc):
        return _para_cache[1]
    bounds: list[tuple[int, int]] = []
    start = 0
    for i, t in enumerate(doc):
        if _breaks_paragraph(t) or i == len(doc) - 1:
            bounds.extend([(start, i)] * (i - start + 1))
            start = i + 1
    _para_cache = (id(doc), bounds)
    return bounds


def _paragraph_tokens(tok: Token) -> range:
    """Token indices of the paragraph holding ``tok``: indirect content never leaves it,
    even when the parser ran two paragraphs into one sentence."""
    s, e = _paragraph_bounds(tok.doc)[tok.i]
    return range(s, e + 1)


def _ranges(doc: Doc, indices: set[int], anchor: Token | None = None) -> list[tuple[int, int]]:
    """Char ranges of runs of token indices, with edge punctuation trimmed (marks kept)."""
    out: list[tuple[int, int]] = []
    if anchor is not None:
        para = _paragraph_tokens(anchor)
        indices = {i for i in indices if para.start <= i < para.stop}
    for run in _runs(sorted(indices)):
        s, e = run[0], run[-1]
        while s <= e and (doc[s].is_punct and doc[s].text not in QUOTE_CHARS or doc[s].is_space):
            s += 1
        while e >= s and (doc[e].is_punct and doc[e].text not in QUOTE_CHARS or doc[e].is_space):
            e -= 1
        if e >= s and e - s >= 1:
            out.append((doc[s].idx, doc[e].idx + len(doc[e].text)))
    return out


def _runs(idx: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in idx:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _subtree(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


def find_indirect(doc: Doc, ix: _Index, used: set[int], direct_chars: list[tuple[int, int]]) -> list[Candidate]:
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
        if _is_cue(tok):
            cand = _verb_attribution(tok, ix)
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in _PARTIAL_ONLY:
            cand = _quoted_object(tok, ix)
        elif tok.pos_ == "VERB" and tok.lemma_.lower() not in ("be", "have", "get", "become"):
            cand = _quoted_object(tok, ix, strict=True)
        else:
            continue
        if cand is None:
            continue
        # content already reported as a direct quote
        if any(_overlap_share(r, direct_chars) > 0.5 for r in cand.content):
            continue
        out.append(cand)
    for cand in out:
        cand.kind = _kind_for(ix, cand)
    return out


def _overlap_share(r: tuple[int, int], ranges: list[tuple[int, int]]) -> float:
    length = max(1, r[1] - r[0])
    inter = sum(max(0, min(r[1], e) - max(r[0], s)) for s, e in ranges)
    return inter / length


def _kind_for(ix: _Index, cand: Candidate) -> str:
    if cand.kind in ("direct", "partial"):
        if cand.kind == "partial" and not _has_quote(ix, cand.content):
            return "indirect"
        return cand.kind
    return "mixed" if _has_quote(ix, cand.content) else "indirect"


def _has_quote(ix: _Index, ranges: list[tuple[int, int]]) -> bool:
    return any(any(s <= q.start < e for s, e in ranges) for q in ix.quotations)


_ABSTRACT_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism", "ing", "ure")
_COLLECTIVE = frozenset(
    """
    administration organization organisation coalition association commission foundation
    federation corporation institution delegation congregation opposition government
    parliament department movement committee union
    """.split()
)
_THINGS = frozenset(
    """
    deal attack word ban right program programme law bill plan rule fact thing idea move
    decision effort news story issue problem question event timing surge time day week
    year result number money way part attack speech video ad image photo picture
    """.split()
)


def _inanimate(subj: Token) -> bool:
    """Whether a subject is plainly not a speaker ("the deal", "his attacks on Trump"), so
    that stance verbs with it ("the ban targets ...") are not attributions."""
    if subj.pos_ != "NOUN" or subj.ent_type_:
        return False
    lemma = subj.lemma_.lower()
    if lemma in _COLLECTIVE:
        return False
    return lemma in _THINGS or lemma.endswith(_ABSTRACT_SUFFIXES)


# Speech verbs whose plain object is what was said ("said so", "said the same thing");
# "wrote a song", "added a category", "maintained a lead" are not.
_SAY_OBJECT = frozenset({"say", "state", "declare", "reiterate", "answer", "reply", "concede", "claim"})

_NESTABLE = SPEECH - {"continue", "add", "maintain", "point", "indicate", "signal", "order"}

_EXPLETIVE = frozenset({"it", "there", "this", "that", "which", "what", "these", "those"})


# Verbs that attribute words only when those words are quoted: "chanted “What curfew?”",
# "exhorted Republicans to “vote your conscience”", "admires Putin as a “strong leader”".
_PARTIAL_ONLY = (DIRECT | frozenset(
    """
    exhort admire pound label brand dub term nickname deride hail tout slam rip blast
    portray paint cast frame characterize characterise liken compare dismiss mock
    """.split()
)) - frozenset({"go", "begin", "put"})


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
        # "tweeted ... that Machado was ..." misparsed as an adverbial clause
        ccomps = [
            c
            for c in tok.rights
            if c.dep_ == "advcl" and doc[c.left_edge.i].lower_ == "that"
        ]
    if ccomps and lemma in SPEECH | COGNITION | CLAUSE_EXTRA | ARGUMENT:
        if subj.lower_ in FIRST_SECOND_PERSON and lemma not in SPEECH:
            return None  # "I think": the writer's own voice
        idx: set[int] = set()
        for c in ccomps:
            idx |= _subtree(c)
        idx -= subj_span
        ranges = _ranges(doc, idx, tok)
        if ranges:
            conf = 0.8 if lemma in SPEECH else 0.55
            return Candidate(ranges, "indirect", cue, subj, conf)
    # "The leadership has rejected ..., officials said" parsed with "said" under the clause
    if (
        (tok.dep_ == "parataxis" or (tok.dep_ == "ccomp" and tok.i > tok.head.i))
        and lemma in SPEECH | COGNITION
        and not any(c.dep_ == "mark" for c in tok.children)
        and _after_comma(tok, subj)
    ):
        head = tok.head
        idx = _subtree(head) - _subtree(tok)
        ranges = _ranges(doc, idx, tok)
        if ranges:
            return Candidate(ranges, "indirect", cue, subj, 0.7)
    if subj.lower_ in FIRST_SECOND_PERSON or _inanimate(subj):
        return None
    idx = set()
    kind = "indirect"
    if lemma in INFINITIVE:
        for c in tok.rights:
            if c.dep_ == "xcomp" or (c.dep_ == "dobj" and any(g.dep_ == "xcomp" for g in tok.rights)):
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
        if quoted or (lemma in ARGUMENT or lemma in OBJECT or lemma in _SAY_OBJECT) and (
            any(c.dep_ == "dobj" for c in args) or lemma in ARGUMENT
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


def _noun_attribution(tok: Token) -> Candidate | None:
    """ "her remark that ...", "Trump’s proposal to ban ...", "his criticism of X"."""
    speaker = next((c for c in tok.children if c.dep_ == "poss"), None)
    if speaker is None or speaker.lower_ in ("its", "my", "our", "your"):
        return None
    idx: set[int] = set()
    for c in tok.rights:
        if c.dep_ in ("acl", "ccomp", "relcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            idx |= _subtree(c)
        elif c.dep_ in ("acl", "xcomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
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


def find_headline_quotes(doc: Doc, ix: _Index) -> list[Candidate]:
    """Headline style "Speaker Name: words with a ‘quoted’ part" on a line of its own."""
    out: list[Candidate] = []
    text = doc.text
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        colon = line.find(":")
        if 0 < colon < 60 and any(ch in line[colon:] for ch in "‘“\"«"):
            i, j = ix.token_at(start), ix.token_at(start + colon)
            name = [t for t in doc[i:j] if not t.is_space]
            # "CNN President On Trump: ‘...’" -> the speaker is the part before "on"
            on = next((k for k, t in enumerate(name) if t.lower_ == "on" and k > 0), len(name))
            speaker = name[:on]
            if (
                0 < len(speaker) <= 6
                and len(name) <= 12
                and j < len(doc)
                and doc[j].text == ":"
                and all(t.pos_ == "PROPN" or t.text == "." for t in speaker)
            ):
                rest = _ranges(doc, set(range(j + 1, ix.token_at(end))))
                if rest:
                    cand = Candidate(rest, "mixed", [doc[j]], speaker[-1], 0.6)
                    out.append(cand)
        start = end + 1
    return out


_TITLE_QUOTE = re.compile(r"(?<![\w’'])['‘“\"][^'‘’“”\"]{2,}['’”\"](?![\w])")


def find_title_quote(doc: Doc, ix: _Index) -> list[Candidate]:
    """A headline left at the top of the text: "Obama Sees 'Personal Insult' if ...",
    "Black Lawmakers Rip Donald Trump As A ‘Disgusting Fraud.’" -> the headline's subject
    said what follows its verb."""
    text = doc.text
    end = text.find("\n")
    end = len(text) if end < 0 else end
    line = text[:end]
    if not line.strip() or len(line) > 200 or not _TITLE_QUOTE.search(line):
        return []
    last = ix.token_at(end)
    for tok in doc[:last]:
        if tok.pos_ != "VERB" or tok.lemma_.lower() in ("be", "have"):
            continue
        subj = find_subject(tok)
        if subj is None or subj.i >= last or subj.pos_ not in ("PROPN", "NOUN"):
            continue
        ranges = _ranges(doc, set(range(tok.i + 1, last)))
        if ranges:
            return [Candidate(ranges, "partial", _cue_tokens(tok), subj, 0.5)]
    return []


def find_candidates(doc: Doc) -> list[Candidate]:
    """All attributions in ``doc``, ordered by position."""
    text = doc.text
    quotations = find_quotations(text)
    ix = _Index(doc, quotations)
    direct, used, orphans = find_direct(doc, ix)
    direct_chars = [r for c in direct for r in c.content] + [p for q in orphans for p in q.pieces]
    indirect = find_indirect(doc, ix, used, direct_chars)
    cands = direct + indirect
    covered = [r for c in cands for r in c.content]
    first_line = doc.text.find("\n") % (len(doc.text) + 1)
    if not any(s < first_line for s, _ in covered):
        # a headline only when nothing else was found in the first line
        covered_title = find_title_quote(doc, ix)
    else:
        covered_title = []
    for head in find_headline_quotes(doc, ix) + covered_title:
        if not any(_overlap_share(r, covered) > 0.5 for r in head.content):
            cands.append(head)
    cands = _drop_nested(cands)
    cands += attach_continuations(doc.text, orphans, cands)
    cands += echo_fragments(doc, ix, cands)
    for c in cands:
        c.content = _balance_marks(c.content, quotations)
    return sorted(cands, key=lambda c: c.position)


def _balance_marks(ranges: list[tuple[int, int]], quotations: list[Quotation]) -> list[tuple[int, int]]:
    """Stretch content to the quotation marks it cuts through: the parse leaves the closing
    mark (and the full stop inside it) to the main clause, 'was “not the right decision.”'."""
    out = []
    for s, e in ranges:
        for q in quotations:
            for qs, qe in q.pieces:
                if s <= qs < e < qe and qe - e <= 3:
                    e = qe
                if qs < s < qe <= e and s - qs <= 2:
                    s = qs
        out.append((s, e))
    return out


_MINOR_WORDS = frozenset("a an the of on in to for and or at by with from as".split())


def _is_title(quoted: str) -> bool:
    """A name in quotation marks ("“War On Drugs”", "“Fox and Friends”"), not words spoken."""
    words = [w.strip("“”\"'‘’.,!?") for w in quoted.split()]
    words = [w for w in words if w and w.lower() not in _MINOR_WORDS]
    return len(words) >= 2 and all(w[0].isupper() or not w[0].isalpha() for w in words)


def echo_fragments(doc: Doc, ix: _Index, cands: list[Candidate]) -> list[Candidate]:
    """Quoted fragments that no attribution covers, in a paragraph where someone was
    reported speaking just before: partial quotes of that speaker, at low confidence
    ("Reid has gone after Trump as a “human leech”" after "Reid said ...")."""
    text = doc.text
    spans = [r for c in cands for r in c.content]
    with_cue = sorted((c for c in cands if c.cue and c.subject is not None), key=lambda c: c.position)
    out: list[Candidate] = []
    for q in ix.quotations:
        if any(s <= q.start < e for s, e in spans) or _is_title(text[q.start : q.end]):
            continue
        para = text.rfind("\n", 0, q.start)
        prev = None
        for c in with_cue:
            if para < c.position < q.start:
                prev = c
        if prev is None:
            continue
        out.append(Candidate(list(q.pieces), "partial", [], None, 0.3, inherit_from=prev))
    return out


def _drop_nested(cands: list[Candidate]) -> list[Candidate]:
    """Drop attributions inside another one's content ("X said that Y refused to ..."): the
    outer attribution carries it. A nested speech verb that brings its own quoted words is
    kept."""
    spans = [(s, e, id(c)) for c in cands for s, e in c.content]
    out = []
    for c in cands:
        if c.kind != "direct" and c.cue:
            pos = c.cue[0].idx
            lemma = c.cue[0].lemma_.lower()
            nested = any(s <= pos < e and owner != id(c) for s, e, owner in spans)
            # a speech verb with its own quoted words stays ("..., who told Fox “...”")
            if nested and not (lemma in _NESTABLE and c.kind in ("mixed", "partial")):
                continue
        out.append(c)
    return out
