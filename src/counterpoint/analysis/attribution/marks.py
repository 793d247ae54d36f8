"""Find quoted passages in text by their quotation marks.

Works on characters, not tokens, because quotation marks decide where a direct quote starts
and ends even when the sentence splitter cuts a multi-sentence quote in pieces.

Conventions handled:

* curly “...”, guillemets «...», low-high „...“ and straight "..." (direction of a straight
  mark is read from the characters around it);
* nested quotes inside a quote (the outer passage is what counts);
* a quote that runs over several paragraphs, where every paragraph re-opens the quote and
  only the last one closes it;
* unbalanced marks: an opener that never closes runs to the end of its paragraph and is
  flagged ``balanced=False``; a stray closer is ignored. Nothing raises.

Single quotes ‘...’ are read only at the top level and only when they close inside the same
paragraph, since ’ is also the apostrophe; straight '...' only in the title block (headline and
deck), where headlines use them as quotation marks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_OPEN_DOUBLE = {"“": "curly", "«": "guillemet", "„": "low"}
_CLOSE_DOUBLE = {"”": ("curly", "low"), "»": ("guillemet",), "“": ("low",)}
QUOTE_CHARS = frozenset("“”«»„\"‘’'")


@dataclass
class Quotation:
    """One quoted passage: its pieces (one per paragraph) with the marks included."""

    pieces: list[tuple[int, int]] = field(default_factory=list)
    balanced: bool = True

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def _straight_opens(text: str, i: int) -> bool:
    """Whether a straight double quote at ``i`` opens (rather than closes) a quotation."""
    before = text[i - 1] if i > 0 else "\n"
    j = i + 1
    while j < len(text) and text[j] == _FILL:
        j += 1
    after = text[j] if j < len(text) else "\n"
    if before.isspace() or before in "([{—–-:;/":
        return not after.isspace()
    return False


def _paragraph_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _next_paragraph_opens(text: str, i: int, family: str) -> bool:
    """Whether the paragraph after position ``i`` starts by re-opening a quote."""
    j = i
    n = len(text)
    while j < n and text[j].isspace():
        j += 1
    if j >= n:
        return False
    ch = text[j]
    if family == "straight":
        return ch == '"'
    return ch in _OPEN_DOUBLE


_FILL = "\u0001"  # stands for the second apostrophe of a '' mark, keeping offsets


def find_quotations(text: str) -> list[Quotation]:
    """All top-level quoted passages of ``text``, in order.

    Two apostrophes ``''`` (the New York Times archive's quotation mark) count as a straight
    double quote.
    """
    if "''" in text:
        text = text.replace("''", '"' + _FILL)
    out: list[Quotation] = []
    n = len(text)
    # Straight single quotes are read in the title block only (headline and deck, before
    # the first blank line): headlines quote with them ("Lynch: 'Be the voice ...'"), while
    # in body text they are mostly apostrophes and scare quotes.
    title_end = text.find("\n\n")
    title_end = title_end if 0 <= title_end <= 300 else 0
    i = 0
    cur: Quotation | None = None
    piece_start = 0
    family = ""
    depth = 0  # nesting of same-family double quotes inside the current one
    inner = 0  # quotes of the other family (curly inside straight, or straight inside curly)
    while i < n:
        ch = text[i]
        if cur is None:
            if (
                ch == "”"
                and (i == 0 or text[i - 1] == "\n" or _line_start(text, i))
                and i + 1 < n
                and not text[i + 1].isspace()
            ):
                ch = "“"  # a paragraph opened with the wrong curly mark
            if ch == '"' and text[i + 1 : i + 2] == "“":
                i += 1  # a doubled opening mark ('"“You don’t win ...,”'): the curly one counts
                continue
            if ch == "“" and _closing_shape(text, i):
                i += 1  # a stray closer typed with the opening mark
                continue
            if ch in _OPEN_DOUBLE or (ch == '"' and _straight_opens(text, i)):
                cur = Quotation()
                piece_start = i
                family = _OPEN_DOUBLE.get(ch, "straight")
                depth = inner = 0
            elif ch == "‘" and (i == 0 or not text[i - 1].isalnum()):
                close = _find_single_close(text, i)
                if close is not None:
                    out.append(Quotation(pieces=[(i, close + 1)]))
                    i = close + 1
                    continue
            elif ch == "'" and i < title_end and _straight_single_opens(text, i):
                close = _find_straight_single_close(text, i)
                if close is not None:
                    out.append(Quotation(pieces=[(i, close + 1)]))
                    i = close + 1
                    continue
            i += 1
            continue
        # inside a quotation
        if ch == "\n":
            para_end = i
            if _next_paragraph_opens(text, i, family):
                # Multi-paragraph quote: close this piece, continue at the next opener.
                cur.pieces.append((piece_start, _rstrip(text, piece_start, para_end)))
                j = i
                while j < n and text[j].isspace():
                    j += 1
                piece_start = j
                i = j + 1
                depth = inner = 0
                continue
            # Unbalanced: the quote never closed in its paragraph.
            wrong = _single_close(text, piece_start, para_end) if family == "curly" else None
            if wrong is not None:
                # “... StopGunViolence.’ closed with the single mark: stop there and read
                # the rest of the paragraph again
                cur.pieces.append((piece_start, wrong))
                cur.balanced = False
                out.append(cur)
                cur = None
                i = wrong
                continue
            cut = _attribution_in(text, piece_start, para_end)
            cur.pieces.append((piece_start, cut or _rstrip(text, piece_start, para_end)))
            cur.balanced = False
            out.append(cur)
            cur = None
            i += 1
            continue
        if family == "straight":
            if ch == '"':
                if _straight_opens(text, i) and depth == 0 and i > piece_start + 1:
                    # An inner straight quote is rare; treat a second opener as nesting.
                    depth += 1
                elif depth > 0:
                    depth -= 1
                else:
                    cur.pieces.append(
                        (piece_start, i + 2 if text[i + 1 : i + 2] == _FILL else i + 1)
                    )
                    out.append(cur)
                    cur = None
            elif ch == "“":
                inner += 1
            elif ch == "”":
                if inner > 0:
                    inner -= 1
                elif depth == 0:
                    # opened straight, closed curly: mixed marks from careless editing
                    cur.pieces.append((piece_start, i + 1))
                    out.append(cur)
                    cur = None
        else:
            if ch == "“" and family == "curly" and _closing_shape(text, i):
                # “It's unusual,“ said Larry Noble: a closer typed with the opening mark
                if depth > 0:
                    depth -= 1
                else:
                    cur.pieces.append((piece_start, i + 1))
                    out.append(cur)
                    cur = None
            elif (
                ch in _OPEN_DOUBLE
                and family in ("curly", "guillemet")
                and _OPEN_DOUBLE[ch] == family
            ):
                depth += 1
            elif (
                ch in _CLOSE_DOUBLE
                and family in _CLOSE_DOUBLE[ch]
                and not (ch == "“" and family != "low")
            ):
                if depth > 0:
                    depth -= 1
                else:
                    cur.pieces.append((piece_start, i + 1))
                    out.append(cur)
                    cur = None
            elif ch == '"' and family == "curly":
                if _straight_opens(text, i):
                    inner += 1
                elif inner > 0:
                    inner -= 1
                elif depth == 0:
                    # opened curly, closed straight
                    cur.pieces.append(
                        (piece_start, i + 2 if text[i + 1 : i + 2] == _FILL else i + 1)
                    )
                    out.append(cur)
                    cur = None
        i += 1
    if cur is not None:
        cur.pieces.append((piece_start, _rstrip(text, piece_start, n)))
        cur.balanced = False
        out.append(cur)
    out = [part for q in out for part in _split_attributed_last_piece(text, q)]
    return [q for q in out if all(e - s > 2 for s, e in q.pieces)]


_ATTRIBUTION = re.compile(
    r",\s+(?:(?:said|says|added|adds|wrote|writes)\s+[A-Z]"
    r"|(?:[A-Z][\w.'’-]*\s+){1,4}(?:said|says|added|adds|wrote|writes)\b)"
)


def _attribution_in(text: str, start: int, end: int) -> int | None:
    """Where a quotation that never closes should have closed: before ", said Kessel" /
    ", Kessel said" inside its paragraph (the writer forgot the closing mark)."""
    m = _ATTRIBUTION.search(text, start + 2, end)
    return m.start() + 1 if m else None


def _closing_shape(text: str, i: int) -> bool:
    """Whether the mark at ``i`` sits where only a closing mark can: after a word or
    punctuation and before a space or the end of the line ("unusual,“ said")."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return not before.isspace() and before not in "([{—–-:;/\"“‘" and after.isspace()


def _line_start(text: str, i: int) -> bool:
    """Whether only invisible format characters (U+202A, U+200E, ...) precede ``i`` on its
    line: scraped text keeps bidi marks before a paragraph's first character."""
    j = i - 1
    while j >= 0 and unicodedata.category(text[j]) == "Cf":
        j -= 1
    return j < 0 or text[j] == "\n"


def _split_attributed_last_piece(text: str, q: Quotation) -> list[Quotation]:
    """A quote over several paragraphs whose last paragraph closes on a comma (“...,” Obama
    said) carries its own attribution there: that paragraph is a quotation of its own."""
    if len(q.pieces) < 2 or not q.balanced:
        return [q]
    s, e = q.pieces[-1]
    closing = text[s:e].rstrip("\"”’'»")
    if not closing.endswith(","):
        return [q]
    return [Quotation(pieces=q.pieces[:-1], balanced=True), Quotation(pieces=[(s, e)])]


_WRONG_CLOSE = re.compile(r"[.!?,]’(?=[ \t\u00a0]|$)")


def _single_close(text: str, start: int, end: int) -> int | None:
    """End of a curly double quote closed with a single mark (“....’) between ``start`` and
    ``end``, when no ‘ inside the quote opens a nested quotation for it."""
    m = _WRONG_CLOSE.search(text, start, end)
    if m is None or "‘" in text[start : m.start()]:
        return None
    return m.end()


def _find_single_close(text: str, i: int) -> int | None:
    """The closing ’ of a ‘ at ``i`` within its paragraph, skipping apostrophes."""
    end = _paragraph_end(text, i)
    j = i + 1
    while j < end:
        if text[j] == "’":
            nxt = text[j + 1] if j + 1 < len(text) else " "
            if not nxt.isalpha():
                return j
        j += 1
    return None


def _straight_single_opens(text: str, i: int) -> bool:
    """A straight ' opening a quotation (headline style "Lynch: 'Be the voice'"): after a
    space, a line start or an opening bracket/colon, before a letter or digit."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else " "
    if re.match(r"'\d\ds?\b", text[i : i + 5]):
        return False  # "the '90s"
    return (before.isspace() or before in "(:—–-") and after.isalnum()


def _find_straight_single_close(text: str, i: int) -> int | None:
    """The closing ' of a straight single quote at ``i`` in its paragraph: after a letter,
    digit or sentence punctuation, before a space or punctuation; apostrophes inside words
    ("You're") and possessives with a letter after are skipped. Shorter than 200 characters
    and with at least two letters inside (not "rock 'n' roll")."""
    end = min(_paragraph_end(text, i), i + 200)
    j = i + 1
    while j < end:
        if text[j] == "'" and (text[j - 1].isalnum() or text[j - 1] in ".?!,"):
            nxt = text[j + 1] if j + 1 < len(text) else " "
            if text[j - 1] == "s" and nxt == " " and text[j + 2 : j + 3].islower():
                j += 1  # a plural possessive: "the players' union"
                continue
            if not nxt.isalnum():
                inside = text[i + 1 : j]
                if sum(c.isalpha() for c in inside) >= 2 and inside.strip() == inside:
                    return j
                return None
        j += 1
    return None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
