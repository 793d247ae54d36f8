"""Cleaning scraped article text: cut the debris, keep every sentence of the article.

:func:`clean_text` works line by line (a scraped page's furniture sits on lines of its own) and
records every cut as a :class:`~counterpoint.models.Removal` whose offsets index the *raw* text,
so ``raw[r.start:r.end] == r.text`` always holds and a user can audit each cut:

==============  =====================================================================
reason          what is cut
==============  =====================================================================
``code``        leftover JavaScript/CSS/HTML, told apart from prose by its symbol and
                keyword statistics (a whole line, or the tail of a line after prose)
``furniture``   site furniture: share/subscribe/newsletter/cookie/"read more" lines, ad
                labels, copyright lines, and the outlet registry's signature phrases
``caption``     photo captions and credits ("(Photo: ...)", "Credit: Reuters",
                "(Dado Ruvic/Reuters)", BBC/NPR player captions), kept in ``captions``
``byline``      "By Jane Doe", "Reporting by ...; Editing by ...", a name over an outlet
                credit ("Hannah Gardner" / "USA TODAY"); kept in ``byline``/``credits``
``date``        a line that only states when the page was published or updated
``dateline``    the "JERUSALEM (Reuters) -" prefix of the first paragraphs
``repeated``    a line of 8+ words that already appeared above (pull quotes, doubled
                titles) - unless many lines repeat, as tables and recipes do
``headline``    the opening headline, moved to ``Cleaned.headline``
``standfirst``  the summary line under a headline, moved to ``Cleaned.standfirst`` (only
                for plain text: with a metadata title no standfirst is guessed)
``links``       a related-stories link list at the edge of an HTML body (the HTML reader's
                cut, passed in ``cuts``; the reader's furniture lines come as ``furniture``
                and a repeated page title as ``headline``), and a person's hover card of
                related headlines flattened into a sentence ("President Trump Donald John
                TrumpTrump says ... MORE's address": the card goes, the mention stays)
==============  =====================================================================

Being wrong in one direction is much worse than in the other: a sentence of the article must
never be cut. Furniture patterns therefore apply only to short lines, and lines that read like
sentences are cut only by patterns anchored at their start (calls to action such as "Subscribe
to our newsletter").

Whitespace normalisation (the only change besides the removals): line endings become ``\\n``,
each kept line is stripped of surrounding whitespace, lines emptied by removals disappear, runs
of blank lines collapse to one blank line, and leading/trailing blank lines go. So
``Cleaned.text == apply_removals(raw, removals)`` (see :func:`apply_removals`), and
:meth:`Cleaned.raw_offset` maps any offset of the clean text back into the raw text.

The rules live beside this module: :mod:`~counterpoint.ingest.clean_patterns` (the pattern
lists, as data), :mod:`~counterpoint.ingest.clean_lines` (lines and the per-line tests) and
:mod:`~counterpoint.ingest.clean_code` (code told from prose); this module holds the cleaner
itself, the order in which those tests apply, and the bookkeeping of removals.

Example::

    >>> c = clean_text("Headline of the day\\nBy Jane Doe\\nThe minister said on Monday that talks resumed.\\nShare this article")
    >>> c.headline, c.byline, c.text
    ('Headline of the day', 'Jane Doe', 'The minister said on Monday that talks resumed.')
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from counterpoint.ingest.clean_code import (
    _TAG,
    _code_tail_start,
    _prose_in_tags,
    looks_like_code,
)
from counterpoint.ingest.clean_lines import (
    _STRIP,
    _TERMINAL,
    LONG_LINE,
    MAX_DEBRIS_REPEATS,
    REPEAT_MIN_WORDS,
    _byline_name,
    _credit_lines,
    _is_caption,
    _is_date_line,
    _is_furniture,
    _Line,
    _lines,
    _looks_like_headline,
    _looks_like_standfirst,
    _norm,
    _same_title,
    _split_byline_date,
    _split_date_byline,
    _words,
    link_cards,
)
from counterpoint.ingest.clean_patterns import (
    _CREDITS,
    _DATE,  # noqa: F401 - re-exported: describe.py imports it from here
    _DATELINE,
    _DATELINE_AGENCY,
    _DATELINE_TITLE,
    _STAFF_BYLINE,
)
from counterpoint.ingest.outlets import OutletRegistry, SignatureHit, default_registry
from counterpoint.models import Removal

# --------------------------------------------------------------------------- results


@dataclass
class Cleaned:
    """What :func:`clean_text` returns. ``removals`` index ``raw_text``; the rest is metadata."""

    text: str
    raw_text: str
    removals: list[Removal] = field(default_factory=list)
    headline: str | None = None
    standfirst: str | None = None
    byline: str | None = None
    credits: list[str] = field(default_factory=list)
    dateline: str | None = None
    dateline_agency: str | None = None
    date_lines: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    signatures: list[SignatureHit] = field(default_factory=list)
    # (clean_start, raw_start, length) of each kept piece, in order
    segments: list[tuple[int, int, int]] = field(default_factory=list, repr=False)

    def raw_offset(self, clean_offset: int) -> int:
        """The raw-text offset of a clean-text offset (for showing a span in the raw input)."""
        starts = [s[0] for s in self.segments]
        i = bisect_right(starts, clean_offset) - 1
        if i < 0:
            return 0
        clean_start, raw_start, length = self.segments[i]
        return raw_start + min(clean_offset - clean_start, length)

    def removed(self, reason: str) -> list[Removal]:
        return [r for r in self.removals if r.reason == reason]


# --------------------------------------------------------------------------- the cleaner


def clean_text(
    raw_text: str,
    *,
    title: str | None = None,
    registry: OutletRegistry | None = None,
    cuts: Sequence[Removal] = (),
) -> Cleaned:
    """Remove debris from scraped article text and say what was removed and why.

    ``title`` is a headline known from metadata (HTML ``<title>``/``og:title``): a line of the
    text that repeats it is removed as ``headline`` instead of guessing one, and no standfirst
    is guessed either. Without a title, a short unpunctuated first line is the headline and a
    short summary line under it the standfirst (plain-text scrapes such as seed 000).
    ``registry`` supplies outlet signature phrases (default: the shipped registry).
    ``cuts`` are removals a reader already decided (the HTML reader's furniture lines, as
    :attr:`RawInput.cuts`): they are recorded like any other, and the line tests run on what
    they leave, exactly as if the reader had deleted them.
    """
    registry = registry or default_registry()
    reader_cuts = _checked_cuts(raw_text, cuts)
    lines = _lines(raw_text)
    if reader_cuts:
        lines = _without(lines, reader_cuts)
    cuts: list[Removal] = list(reader_cuts)
    result = Cleaned(text="", raw_text=raw_text)

    def cut(start: int, end: int, reason: str) -> None:
        cuts.append(Removal(start=start, end=end, reason=reason, text=raw_text[start:end]))

    kept: list[_Line] = []  # lines that survive the line tests, in order
    seen: set[str] = set()
    cut_repeats = _repeats_are_debris(lines)
    credit_lines = _credit_lines(lines, registry)
    tagged: set[int] = set()  # lines whose markup tags were cut, their words kept

    def cut_tags(line: _Line) -> None:
        """Leftover HTML tags inside a kept line: the tags go, the words stay."""
        if "<" in line.text:
            spans = [m.span() for m in _TAG.finditer(line.text)]
            for a, b in spans:
                cut(line.start + a, line.start + b, "code")
            if spans:
                tagged.add(line.start)
    prev: _Line | None = None
    for index, line in enumerate(lines):
        if line.blank:
            prev = line
            continue
        text = line.text
        continuation = (
            prev is not None
            and not prev.blank
            and _words(prev.text) >= 8
            and not prev.text.endswith(_TERMINAL)
            and text[:1].islower()
        )
        prev = line
        if looks_like_code(text):
            tags = _prose_in_tags(text)
            if tags:
                # '<tweet author="...">Praying for those impacted</tweet>': the markup goes,
                # the words inside it (often a quote) stay
                for a, b in tags:
                    cut(line.start + a, line.start + b, "code")
                tagged.add(line.start)
                kept.append(line)
                prev = line
                continue
            start = _code_tail_start(text)
            if start is None or _words(text[:start]) < 3:
                cut(line.start, line.end, "code")
                continue
            # prose followed by code on one line: the code tail is cut after the line tests
        if continuation:
            # a hard-wrapped sentence going on: never furniture
            kept.append(line)
            continue
        if len(text) > LONG_LINE:
            # a paragraph this long is no furniture, caption, byline or date line
            if cut_repeats and text in seen:
                cut(line.start, line.end, "repeated")
                continue
            seen.add(text)
            kept.append(line)
            cut_tags(line)
            continue
        # signatures count only on short lines (furniture), so longer lines need no search
        hits = registry.find_signatures(text) if _words(text) <= 14 else []
        if hits and _words(text) <= max(_words(h.phrase) for h in hits) + 4 and not text.endswith(_TERMINAL):
            result.signatures.extend(
                SignatureHit(h.outlet, h.phrase, line.start + h.start, line.start + h.end) for h in hits
            )
            cut(line.start, line.end, "furniture")
            continue
        if _is_furniture(text):
            result.signatures.extend(
                SignatureHit(h.outlet, h.phrase, line.start + h.start, line.start + h.end) for h in hits
            )
            cut(line.start, line.end, "furniture")
            continue
        if _is_caption(text):
            result.captions.append(text)
            cut(line.start, line.end, "caption")
            continue
        if index in credit_lines:
            kind, value = credit_lines[index]
            if kind == "name":
                result.byline = result.byline or value
            else:
                result.credits.append(value)
            cut(line.start, line.end, "byline")
            continue
        split = _split_byline_date(text)
        if split:
            result.byline = result.byline or split[0]
            result.date_lines.append(split[1])
            cut(line.start, line.end, "byline")
            continue
        name = _byline_name(text)
        if name:
            result.byline = result.byline or name
            cut(line.start, line.end, "byline")
            continue
        if _words(text) <= 40 and (_CREDITS.fullmatch(text) or _STAFF_BYLINE.fullmatch(_norm(text))):
            result.credits.append(text.strip("() "))
            cut(line.start, line.end, "byline")
            continue
        date_part, by = _split_date_byline(text)
        if _is_date_line(date_part):
            result.date_lines.append(date_part)
            if by:
                result.byline = result.byline or by
            cut(line.start, line.end, "date")
            continue
        key = _norm(text)
        if cut_repeats and key in seen and _words(key) >= REPEAT_MIN_WORDS:
            # short repeats are table cells and list labels as often as debris: kept
            cut(line.start, line.end, "repeated")
            continue
        seen.add(key)
        kept.append(line)
        cut_tags(line)

    # lines whose tags were cut are never headline/standfirst (their cuts would overlap)
    head = list(itertools.takewhile(lambda ln: ln.start not in tagged, kept))
    body = _take_headline(head, title, result, cut) + kept[len(head) :]
    _cut_datelines(body[:3], result, cut)
    for line in body:
        if line.start in tagged:
            continue  # its markup is already cut
        card_end = 0
        for a, b in link_cards(line.text):
            # the hover card goes, the mention it hangs on stays: "President Trump's address"
            cut(line.start + a, line.start + b, "links")
            card_end = b
        start = _code_tail_start(line.text)
        if start is not None and start >= card_end:
            tail = line.text[start:]
            lead = len(tail) - len(tail.lstrip(_STRIP))
            cut(line.start + start + lead, line.end, "code")

    cuts.sort(key=lambda r: (r.start, r.end))
    result.removals = cuts
    result.text, result.segments = _apply(raw_text, lines, cuts)
    return result


def _checked_cuts(raw_text: str, cuts: Sequence[Removal]) -> list[Removal]:
    """A reader's cuts, each checked to be the span of ``raw_text`` it claims to be."""
    checked = []
    for r in cuts:
        if not (0 <= r.start <= r.end <= len(raw_text)) or raw_text[r.start : r.end] != r.text:
            raise ValueError(f"a reader's cut does not match the raw text: {r!r}")
        if r.end > r.start:
            checked.append(r)
    return sorted(checked, key=lambda r: (r.start, r.end))


def _without(lines: list[_Line], cuts: list[Removal]) -> list[_Line]:
    """``lines`` less what ``cuts`` take: a line they cover goes; one they cut the end (or
    start) of keeps the rest. A cut inside a line leaves the line whole (readers make none)."""
    out: list[_Line] = []
    ci = 0
    for line in lines:
        if line.blank:
            out.append(line)
            continue
        while ci < len(cuts) and cuts[ci].end <= line.start:
            ci += 1
        start, end = line.start, line.end
        j = ci
        while j < len(cuts) and cuts[j].start < end:
            c = cuts[j]
            if c.start <= start and c.end >= end:
                start = end  # all of it
            elif c.start <= start:
                start = c.end
            elif c.end >= end:
                end = c.start
            j += 1
        if start >= end:
            continue
        text = line.text[start - line.start : end - line.start]
        lead = len(text) - len(text.lstrip(_STRIP))
        text = text.strip(_STRIP)
        if not text:
            continue
        out.append(_Line(start + lead, start + lead + len(text), text, False))
    return out


def _repeats_are_debris(lines: list[_Line]) -> bool:
    """Whether repeated lines here are debris: a few of them (a doubled title, a pull quote).

    Many distinct repeated lines mean structured content (tables, recipes, schedules), where
    a repeat is part of the article.
    """
    counts: dict[str, int] = {}
    for line in lines:
        if line.blank:
            continue
        if len(line.text) > LONG_LINE:
            key = line.text
        elif _words(line.text) >= REPEAT_MIN_WORDS:
            key = _norm(line.text)
        else:
            continue
        counts[key] = counts.get(key, 0) + 1
    return sum(1 for n in counts.values() if n > 1) <= MAX_DEBRIS_REPEATS


def _take_headline(kept: list[_Line], title: str | None, result: Cleaned, cut) -> list[_Line]:
    """Move the headline (and a standfirst under it) out of the body; return the body lines."""
    if not kept:
        return kept
    if title and title.strip():
        result.headline = " ".join(title.split())
        for i, line in enumerate(kept[:3]):
            if _same_title(line.text, title):
                cut(line.start, line.end, "headline")
                kept = kept[:i] + kept[i + 1 :]
                break
        # No standfirst guess here: the extractor chose the body, and on real pages the line
        # under the title is the lede about as often as a standfirst (eval_cleaning.py).
        return kept
    nxt = kept[1].text if len(kept) > 1 else None
    if not _looks_like_headline(kept[0].text, nxt):
        return kept
    result.headline = kept[0].text
    cut(kept[0].start, kept[0].end, "headline")
    kept = kept[1:]
    if len(kept) > 1 and _looks_like_standfirst(kept[0].text, kept[1].text):
        result.standfirst = kept[0].text
        cut(kept[0].start, kept[0].end, "standfirst")
        kept = kept[1:]
    return kept


def _cut_datelines(first_lines: list[_Line], result: Cleaned, cut) -> None:
    for line in first_lines:
        m = (
            _DATELINE_AGENCY.match(line.text)
            or _DATELINE.match(line.text)
            or _DATELINE_TITLE.match(line.text)
        )
        if not m or m.end() >= len(line.text):
            continue
        result.dateline = line.text[: m.end()].strip()
        result.dateline_agency = m.groupdict().get("agency")
        cut(line.start, line.start + m.end(), "dateline")
        return


def _apply(raw: str, lines: list[_Line], cuts: list[Removal]) -> tuple[str, list[tuple[int, int, int]]]:
    """Delete ``cuts`` from ``raw`` and normalise whitespace as the module docstring says."""
    out: list[str] = []
    segments: list[tuple[int, int, int]] = []
    pos = 0  # length of the clean text so far
    pending_blank = False
    ci = 0
    for line in lines:
        if line.blank:
            pending_blank = bool(out)
            continue
        # pieces of this line not covered by a cut
        pieces: list[tuple[int, int]] = []
        cursor = line.start
        while ci < len(cuts) and cuts[ci].end <= line.start:
            ci += 1
        j = ci
        while j < len(cuts) and cuts[j].start < line.end:
            if cuts[j].start > cursor:
                pieces.append((cursor, cuts[j].start))
            cursor = max(cursor, cuts[j].end)
            j += 1
        if cursor < line.end:
            pieces.append((cursor, line.end))
        # strip whitespace left at the edges of what remains of the line
        kept: list[tuple[int, int]] = []
        for a, b in pieces:
            seg = raw[a:b]
            if seg.strip(_STRIP):
                kept.append((a, b))
        if not kept:
            continue
        a0 = kept[0][0] + len(raw[kept[0][0] : kept[0][1]]) - len(raw[kept[0][0] : kept[0][1]].lstrip(_STRIP))
        b1 = kept[-1][1] - (len(raw[kept[-1][0] : kept[-1][1]]) - len(raw[kept[-1][0] : kept[-1][1]].rstrip(_STRIP)))
        kept[0] = (a0, kept[0][1])
        kept[-1] = (kept[-1][0], b1)
        if out:
            sep = "\n\n" if pending_blank else "\n"
            out.append(sep)
            pos += len(sep)
        for a, b in kept:
            segments.append((pos, a, b - a))
            out.append(raw[a:b])
            pos += b - a
        pending_blank = False
    return "".join(out), segments


def apply_removals(raw_text: str, removals: list[Removal]) -> str:
    """The clean text that ``removals`` leave of ``raw_text`` (with the documented whitespace
    normalisation). ``clean_text(raw).text == apply_removals(raw, clean_text(raw).removals)``."""
    cuts = sorted(removals, key=lambda r: (r.start, r.end))
    return _apply(raw_text, _lines(raw_text), cuts)[0]
