"""Lines of raw text and the tests the cleaner puts to each one (furniture, caption, byline,
date, headline, standfirst). Offsets are always offsets of the raw text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from counterpoint.ingest.clean_patterns import (
    _ANY_FURNITURE,
    _ANY_SENTENCE_SAFE,
    _BYLINE,
    _CAPTION_PATTERNS,
    _DATE_LINE,
    _DATELINE,
    _DATELINE_AGENCY,
    _DATELINE_TITLE,
    _FURNITURE,
    _MONTH,
    _NAME_LINE,
    _NOT_A_NAME,
    _ROLE_BYLINE,
    _SENTENCE_SAFE_UNTIL,
    _TIME,
    _WEEKDAY,
    FURNITURE_PATTERNS,
    LINK_CARD,
)
from counterpoint.ingest.outlets import OutletRegistry


@dataclass
class _Line:
    start: int  # raw offset of the first non-space character
    end: int  # raw offset after the last non-space character
    text: str
    blank: bool


# what str.strip() strips, plus zero-width characters scrapes are full of
_STRIP = "".join(chr(i) for i in range(0x3001) if chr(i).isspace()) + "\u200b\u200c\u200d\u2060\ufeff"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    for m in _LINE.finditer(raw):
        if m.start() == len(raw) and lines:
            break
        content = m.group(0).rstrip("\r\n")
        lead = len(content) - len(content.lstrip(_STRIP))
        body = content.strip(_STRIP)
        start = m.start() + lead
        lines.append(_Line(start, start + len(body), body, not body))
        if m.end() == len(raw):
            break
    return lines


@lru_cache(maxsize=8192)  # every line meets several tests, each wanting its key
def _norm(text: str) -> str:
    """Line key for pattern matching: NFKC, straight quotes, lower case, no edge punctuation."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = " ".join(text.lower().split())
    return text.strip(" \t|•·»«>›‹<-–—:*#")


@lru_cache(maxsize=8192)
def _words(text: str) -> int:
    return len(text.split())


LONG_LINE = 1500  # characters; longer lines skip the furniture/caption/byline/date tests
REPEAT_MIN_WORDS = 8  # a repeated line is cut only if it is this long (pull quotes, doubled titles)
MAX_DEBRIS_REPEATS = 3  # more distinct repeated lines than this: structured content, keep them

_TERMINAL = (".", "!", "?", ".”", ".\"", "!”", "?”", ".’", ".'", "…")


# --------------------------------------------------------------------------- line tests


def _reads_as_sentence(line: str) -> bool:
    return _words(line) >= 5 and line.rstrip().endswith(_TERMINAL)


def _is_furniture(line: str) -> bool:
    key = _norm(line)
    if not key:
        return False
    n = _words(key)
    sentence = _reads_as_sentence(line)
    m = (_ANY_SENTENCE_SAFE if sentence else _ANY_FURNITURE).fullmatch(key)
    if m is None:
        return False
    if n <= FURNITURE_PATTERNS[int(m.lastgroup[1:])][1]:
        return True
    # the first alternative that matched is over its word limit: try the others one by one
    patterns = _FURNITURE[:_SENTENCE_SAFE_UNTIL] if sentence else _FURNITURE
    return any(n <= limit and rx.fullmatch(key) for rx, limit in patterns)


def _is_caption(line: str) -> bool:
    if _words(line) > 60:
        return False
    if any(rx.fullmatch(line) for rx in _CAPTION_PATTERNS[:-1]):
        return True
    return _words(line) <= 8 and bool(_CAPTION_PATTERNS[-1].fullmatch(line))


def _byline_name(line: str) -> str | None:
    if _words(line) > 16 or line.rstrip().endswith((".", "!", "?", "”", '"')) and not re.search(
        r"\b[A-Z]\.$", line.rstrip()
    ):
        return None
    m = _BYLINE.fullmatch(line.strip())
    if not m:
        m = _ROLE_BYLINE.fullmatch(line.strip())
        return m.group("name") if m and _words(line) <= 10 and line.strip()[0].isupper() else None
    first = m.group("name").split()[0]
    if _NOT_A_NAME.match(first):
        return None
    return m.group("name").strip(" ,")


_STAMP_LINE = re.compile(
    rf"(?:(?:first\s+)?(?:published|updated|posted|last updated|modified))(?:\s+(?:on|at))?\s*:?\s*"
    rf"(?:{_WEEKDAY},?\s+(?:at\s+)?)?"
    rf"(?:{_TIME}|\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago|(?:yesterday|today)(?:\s+at\s+{_TIME})?)"
    rf"(?:\s+(?:on\s+)?{_WEEKDAY})?\.?",
    re.IGNORECASE,
)


_TRAILING_BY = re.compile(r"\s+(?:by|\|)\s+(?P<name>[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3})\s*$")


def _split_date_byline(line: str) -> tuple[str, str | None]:
    """"5:45 AM PST 11/19/2019 by Patrick Shanley" -> (date part, "Patrick Shanley")."""
    if " by " not in line and " By " not in line and " BY " not in line and "|" not in line:
        return line, None
    m = _TRAILING_BY.search(line)
    if m and _is_date_line(line[: m.start()]):
        return line[: m.start()], m.group("name")
    return line, None


_BYLINE_DATE_SEP = re.compile(
    r"\s*[|•·]\s*|\s+[–—-]\s+|,\s+|\s+(?=(?:published|updated|posted|last updated)\b)", re.IGNORECASE
)


_AFFILIATION_LINE = re.compile(
    r"(?:[A-Z][\w.&'’-]*\s){0,3}(?i:bureau|opinion contributor|contributor|correspondent"
    r"|staff writer)|(?i:special to) .+"
    r"|(?:The\s)?(?:[A-Z][\w.&'’-]*\s){0,3}(?:Times|Post|News|Herald|Tribune|Journal|Gazette"
    r"|Register|Press|Star|Chronicle|Telegraph|Observer|Republic|Examiner|Dispatch|Sentinel)"
)


def _credit_lines(lines: list[_Line], registry: OutletRegistry) -> dict[int, tuple[str, str]]:
    """Author and outlet credit lines that carry no "By": {line index: ("name"|"credit", text)}.

    "Hannah Gardner" above "USA TODAY" (or "Special to USA TODAY", "Albany Bureau"), and a line
    that is just an outlet's name ("USA TODAY", "Associated Press").
    """
    found: dict[int, tuple[str, str]] = {}
    filled = [i for i, line in enumerate(lines) if not line.blank]
    for pos, i in enumerate(filled):
        text = lines[i].text
        if _words(text) > 6 or text.endswith(_TERMINAL) or text.endswith((",", ":")):
            continue
        outlet = registry.by_name(text)
        if outlet and (_words(text) >= 2 or (text.isupper() and len(text) > 3)):
            found[i] = ("credit", text)
            continue
        nxt = filled[pos + 1] if pos + 1 < len(filled) else None
        if nxt is None or not _NAME_LINE.fullmatch(text) or _NOT_A_NAME.match(text.split()[0]):
            continue
        below = lines[nxt].text
        if _words(below) <= 6 and not below.endswith(_TERMINAL) and (
            registry.by_name(below) or _AFFILIATION_LINE.fullmatch(below)
        ):
            found[i] = ("name", text)
            found[nxt] = ("credit", below)
    return found


def _split_byline_date(line: str) -> tuple[str, str] | None:
    """"By Jane Doe | January 27, 2023" -> ("Jane Doe", "January 27, 2023"), else None."""
    if _words(line) > 24 or not re.match(r"(?:by|written by)\s", line, re.IGNORECASE):
        return None
    for m in _BYLINE_DATE_SEP.finditer(line):
        left, right = line[: m.start()], line[m.end() :]
        if _is_date_line(right):
            name = _byline_name(left)
            if name:
                return name, right
    return None


def _is_date_line(line: str) -> bool:
    key = _norm(line)
    if not key or _words(key) > 14:
        return False
    return bool(_DATE_LINE.fullmatch(key) or _STAMP_LINE.fullmatch(key))


def _title_case(line: str) -> bool:
    """Most longer words capitalised, as in "Wealthy Voters Abandon Republican Party"."""
    long_words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) >= 4]
    if len(long_words) < 4:
        return False
    return sum(w[0].isupper() for w in long_words) >= 0.85 * len(long_words)


def _looks_like_headline(line: str, next_line: str | None) -> bool:
    """A short first line that is a title rather than the first sentence of the story."""
    if next_line is None:
        return False
    words = _words(line)
    if not 2 <= words <= 25 or len(line) > 200:
        return False
    stripped = line.rstrip()
    if _title_case(stripped) and words <= 20:
        # "Poll: Wealthy Voters Abandon Republican Party for Hillary Clinton." - sentences are
        # never in title case, so a trailing full stop or question mark does not matter here
        stripped = stripped.rstrip(".?!'’\"”")
    if stripped.endswith((".", ",", ";", ":", "…", "-", "–", "—", *_TERMINAL[3:])):
        return False
    if stripped.endswith(("?", "!")):
        # questions and exclamations open articles too often ("Remember the slogan quest?")
        return False
    first = stripped.lstrip("\"“‘'")[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False  # "(This story corrects ...)" and lower-case starts are no titles
    if re.search(r"(?<![A-Z])[.!?]\s+[A-Z]", stripped) or stripped.count(":") > 1 or re.search(
        r"https?:|www\.|@|#\w|\$\d", stripped
    ):
        # sentences inside, several labels, links, prices: not a title
        return False
    return not _DATELINE.match(line) and not _DATELINE_AGENCY.match(line)


_WHEN = re.compile(
    rf"\b(?:{_WEEKDAY}|yesterday|today|tonight|this (?:morning|afternoon|evening|week)"
    rf"|last (?:week|night|month)|{_MONTH}\s+\d{{1,2}})(?!\w)",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according to|announced|reported)\b", re.IGNORECASE)


def _looks_like_standfirst(line: str, next_line: str | None) -> bool:
    """The summary under a headline: short, at most two sentences, not the story's lede.

    A lede is the costliest line to lose, so the tests lean towards "not a standfirst": news
    ledes say when ("on Tuesday") and who said so; a standfirst summarises, and is clearly
    shorter than the paragraph that follows it.
    """
    if next_line is None:
        return False
    words = _words(line)
    if not 5 <= words <= 35:
        return False
    if (
        _DATELINE.match(line)
        or _DATELINE_AGENCY.match(line)
        or _DATELINE_TITLE.match(line)
        or _ATTRIBUTION.search(line)
        or _WHEN.search(line)
    ):
        return False
    if len(re.findall(r"[.!?](?:\s|$)", line)) > 2:
        return False
    first = line.lstrip("\"“‘'(")[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    # a standfirst summarises: it is clearly shorter than the paragraph that follows it
    return words * 1.5 <= _words(next_line)


TITLE_SIMILARITY = 85  # rapidfuzz token-set ratio above which a first line repeats the title


def _same_title(line: str, title: str) -> bool:
    a, b = _norm(line), _norm(title)
    if not a or not b:
        return False
    head = _norm(re.split(r"\s+[|–—-]\s+", title)[0])
    if a in (b, head):
        return True
    # "Headline | Site name" in metadata, or the line is the title with a site suffix
    if (b.startswith(a) and len(a) >= 0.6 * len(b)) or (a.startswith(b) and len(b) >= 0.6 * len(a)):
        return True
    # the page's own headline worded a little differently from its <title> ("og:title")
    from rapidfuzz import fuzz

    # (a plain ratio, not a token-set one: a lede contains every word of its headline)
    if _words(a) < 3 or line.rstrip().endswith(_TERMINAL) or not (
        0.7 <= _words(a) / max(1, _words(head)) <= 1.4
    ):
        return False
    return fuzz.ratio(a, head) >= TITLE_SIMILARITY



_NEXT_WORD = re.compile(r"[\w'’\-]*\s*")


def link_cards(text: str) -> list[tuple[int, int]]:
    """Spans of the hover cards (see ``clean_patterns.LINK_CARD``) in one line of text.

    The leftmost match can start one word early: in "Joe Biden Joe BidenTrump takes ... MORE"
    the pattern also reads "Joe" as the mention and "Biden Joe" as the card. When the match
    starting at the next word ends at the same "MORE", that one is the card, so the whole
    mention ("Joe Biden") stays.
    """
    spans = []
    pos = 0
    while (m := LINK_CARD.search(text, pos)) is not None:
        for _ in range(3):
            nxt = m.start("sur") + _NEXT_WORD.match(text, m.start("sur")).end() - m.start("sur")
            later = LINK_CARD.match(text, nxt)
            if later is None or later.end() != m.end():
                break
            m = later
        spans.append((m.start("card"), m.end("card")))
        pos = m.end()
    return spans
