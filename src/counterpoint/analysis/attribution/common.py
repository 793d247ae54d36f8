"""Shared pieces of attribution finding: the candidate record, token and quotation
lookups for one Doc, and the regions and ranges the finders work with."""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from counterpoint.analysis.attribution.cues import DIRECT, is_verb_cue
from counterpoint.analysis.attribution.marks import QUOTE_CHARS, Quotation

_REGION_LIMIT = 40  # tokens searched for an attribution around a quotation


_CLAUSE_END = ",?!—–-…:;"


_SENT_END = ".?!…"


@dataclass
class Candidate:
    """An attribution before its speaker is named."""

    content: list[tuple[int, int]]  # char ranges
    kind: str
    cue: list[Token] = field(default_factory=list)
    subject: Token | None = None  # head of the speaker phrase
    confidence: float = 0.8
    inherit_from: Candidate | None = None  # a continuation quote takes this one's speaker

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
        if tok.is_space and not _breaks_paragraph(tok):
            i += 1  # a no-break space between the mark and the cue: '”\xa0added Gowdy'
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
    inner = ix.text[q.start : q.end].strip()
    if len(q.pieces) != 1 or q.end - q.start > 24:
        return False
    if " " not in inner:
        return True  # a nickname: Marcia "Cia" Price
    # a name on a pin or a sign, used as a modifier: '“Ted Cruz” campaign pins'
    after = ix.token_at(q.end)
    return (
        len(inner.split()) <= 3
        and after < len(ix.doc)
        and ix.doc[after].pos_ in ("NOUN", "PROPN")
        and ix.token_quote[after] < 0
    )


def _head_region(ix: _Index, start_char: int) -> list[Token]:
    """Tokens before an opening mark back to the start of the sentence or paragraph."""
    doc = ix.doc
    out: list[Token] = []
    i = ix.token_at(start_char) - 1
    while i >= 0 and doc[i].is_space and not _breaks_paragraph(doc[i]):
        i -= 1  # a no-break space between the cue and the mark: 'in December 1992:\xa0“'
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


_INVISIBLE = " \t\u00a0\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
"""Spaces and the format characters scraped text keeps before a paragraph (bidi marks)."""


def _prev_nonspace(text: str, i: int) -> str:
    j = i - 1
    while j >= 0 and text[j] in _INVISIBLE:
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
        if t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG") and head is None and t.dep_ == "amod":
            continue  # "said retired neurosurgeon Ben Carson"
        break
    return head


def _cue_tokens(cue: Token) -> list[Token]:
    toks = [cue] + [c for c in cue.children if c.dep_ == "prt"]
    return sorted(toks, key=lambda t: t.i)


_para_cache = threading.local()  # the last Doc seen by this thread and its paragraph bounds


def _paragraph_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(first, last)`` token index of the paragraph of every token, computed once per Doc
    (a 100,000-word article must not be rescanned for every cue)."""
    cached = getattr(_para_cache, "entry", None)
    if cached is not None and cached[0] is doc:
        return cached[1]
    bounds: list[tuple[int, int]] = []
    start = 0
    for i, t in enumerate(doc):
        if _breaks_paragraph(t) or i == len(doc) - 1:
            bounds.extend([(start, i)] * (i - start + 1))
            start = i + 1
    _para_cache.entry = (doc, bounds)
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


def _overlap_share(r: tuple[int, int], ranges: list[tuple[int, int]]) -> float:
    length = max(1, r[1] - r[0])
    inter = sum(max(0, min(r[1], e) - max(r[0], s)) for s, e in ranges)
    return inter / length


def _has_quote(ix: _Index, ranges: list[tuple[int, int]]) -> bool:
    return any(any(s <= q.start < e for s, e in ranges) for q in ix.quotations)


_MINOR_WORDS = frozenset(
    ["a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "at", "by", "with", "from", "as"]
)


def _is_title(quoted: str) -> bool:
    """A name in quotation marks ("“War On Drugs”", "“Fox and Friends”"), not words spoken."""
    words = [w.strip("“”\"'‘’.,!?") for w in quoted.split()]
    words = [w for w in words if w and w.lower() not in _MINOR_WORDS]
    return len(words) >= 2 and all(w[0].isupper() or not w[0].isalpha() for w in words)


def _headline_line(text: str, i: int) -> bool:
    """Whether position ``i`` sits on a short line in title case (a headline, whose parse
    is unreliable: "Oil Pays Him a Lot of Money"); callers also check that the verb is
    capitalised, as a sentence full of names has lower-case verbs."""
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    line = text[start : end if end >= 0 else len(text)]
    words = [w for w in re.findall(r"[A-Za-z][\w’']*", line) if w.lower() not in _MINOR_WORDS]
    return (
        len(line) < 200
        and len(words) >= 3
        and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
    )
