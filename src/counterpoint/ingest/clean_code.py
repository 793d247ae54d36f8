"""Telling leftover code (JavaScript, CSS, markup, JSON) from prose, for the cleaner.

Symbol and keyword statistics decide whether a line is code; :func:`code_tail_start` finds
code glued to the end of a prose line (the tail of seed 000).
"""

from __future__ import annotations

import re

from counterpoint.ingest.clean_lines import (
    _words,
)

# --------------------------------------------------------------------------- code detection

_CODE_SIGNALS = [
    re.compile(r"[\w$\])]\.[A-Za-z_$][\w$]*\s*\("),  # method call: document.getElementById(
    re.compile(r"\b[a-z]+[A-Z][A-Za-z]*[a-z]\b"),  # camelCase identifier
    re.compile(r";\s*(?:$|[\w$}\]])"),  # statement separators
    re.compile(r"[{}]"),
    re.compile(r"===|!==|=>|&&|\|\||\+\+|\+=|-=|//|/\*|\*/"),
    re.compile(r"\b(?:function|var|const|let|return|typeof|null|undefined|document|window"
               r"|console|jQuery|innerHTML|prototype|async|await)\b(?!\s+[a-z]+\s+[a-z])"),
    re.compile(r"[\w$\]]\s*=\s*[\"'\w$(\[{]"),  # assignment
    re.compile(r"\b\d+(?:px|em|rem|vh|vw)\b|#[0-9a-fA-F]{3,6}\b|!important"),  # CSS
    re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>"),  # HTML tag
    re.compile(r"\"[\w@-]+\"\s*:\s*[\"\[{\d]"),  # JSON key
]
_JSON_PAIRS = re.compile(r"\"[\w@$-]+\"\s*:\s*(?:\"|\[|\{|\d|true|false|null)")


_CODE_SYMBOL_RE = re.compile(r"[{}\[\]();=<>`$\\|&^~]")
_SPACE_RE = re.compile(r"\s")


def code_score(text: str) -> tuple[float, int]:
    """(share of code symbols among non-space characters, number of distinct code signals)."""
    chars = len(text) - len(_SPACE_RE.findall(text))
    if not chars:
        return 0.0, 0
    symbols = len(_CODE_SYMBOL_RE.findall(text)) / chars
    if symbols < 0.02:
        return symbols, 0  # prose: not worth the signal regexes (5 signals never come alone)
    return symbols, sum(1 for sig in _CODE_SIGNALS if sig.search(text))


def looks_like_code(text: str) -> bool:
    """Whether ``text`` reads as program code rather than prose.

    Prose has few of ``{}[]();=<>`$|&`` (under 2% even with parentheses), and at most one of
    the code signals (a camelCase brand, a quoted "null"); code has many of both.
    """
    stripped = text.strip()
    if not stripped:
        return False
    symbols, signals = code_score(stripped)
    if stripped[0] in "{[" and len(_JSON_PAIRS.findall(stripped)) >= 2:
        return True  # a JSON object: JSON-LD metadata, player configs
    if len(stripped) < 12:
        # "`;", "});", "}" - punctuation-only leftovers of a script
        return not any(c.isalnum() for c in stripped) and any(c in "`;{}" for c in stripped)
    return (symbols >= 0.05 and signals >= 2) or signals >= 5 or (symbols >= 0.12 and signals >= 1)


CODE_TAIL_WINDOW = 20_000  # characters at the end of a line searched for a code tail
_SENTENCE_BREAK = re.compile(r"(?<=[.!?\"”’)])\s+")


_PROSE_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*[,;:.!?\"”’)]*")


def _reads_as_prose(text: str) -> bool:
    """Few code symbols, and mostly plain words (not ``"key":"value"`` pairs or CSS rules)."""
    tokens = text.split()
    if not tokens or code_score(text)[0] >= 0.03 or _JSON_PAIRS.search(text):
        return False
    plain = sum(1 for t in tokens if _PROSE_WORD.fullmatch(t.lstrip("\"“‘(")))
    return plain >= 0.7 * len(tokens)


# an HTML/XML tag: lower-case name, attributes as name="value" ("<The Palace: Jang Noksu>"
# is a title in angle quotes, not a tag)
_TAG = re.compile(
    r"</?[a-z][a-z0-9:-]*(?:\s+[a-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
)


def _prose_in_tags(text: str) -> list[tuple[int, int]]:
    """Spans of the HTML/XML tags in a line whose text outside the tags reads as prose."""
    spans = [m.span() for m in _TAG.finditer(text)]
    if not spans:
        return []
    outside, pos = [], 0
    for a, b in spans:
        outside.append(text[pos:a])
        pos = b
    outside.append(text[pos:])
    words = " ".join(outside)
    if _words(words) < 4 or not _reads_as_prose(words[:1000]):
        return []
    # spaces right before/after a tag go with it, so the words do not end up doubly spaced
    return spans


def _code_tail_start(text: str) -> int | None:
    """Offset in ``text`` where trailing code begins after prose, or None."""
    window = text[-CODE_TAIL_WINDOW:]
    if ";" not in window and "{" not in window and "}" not in window and "==" not in window:
        return None  # code tails always have one of these
    # only the end of a long line is searched (and the end of the head judged), so that a
    # megabyte-long line of prose costs milliseconds, not seconds
    offset = max(0, len(text) - CODE_TAIL_WINDOW)
    for i, m in enumerate(_SENTENCE_BREAK.finditer(text, offset)):
        if i >= 40:
            break  # more than 40 sentences before the code: not worth the search
        tail = text[m.end():]
        # the head must read as prose at its start and at its end (the whole of it when short)
        if not _reads_as_prose(text[: min(m.start(), 1000)]) or not _reads_as_prose(
            text[max(0, m.start() - 1000) : m.start()]
        ):
            return None  # the line is code (or data), not prose with a code tail
        if len(tail) >= 20 and looks_like_code(tail):
            return m.start()
    return None

