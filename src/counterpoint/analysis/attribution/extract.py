"""Find attributions in a parsed Doc: direct quotes by their marks (:mod:`.direct`),
indirect speech, mixed and partial quotes by the dependency parse (:mod:`.indirect`).

Each finder yields :class:`~.common.Candidate` objects that still point at tokens; the
speakers are named afterwards, in text order (:mod:`.build`), so that "he added" can point
back to the last speaker."""

from __future__ import annotations

from spacy.tokens import Doc

from counterpoint.analysis.attribution.common import Candidate, _Index, _overlap_share
from counterpoint.analysis.attribution.direct import (
    attach_continuations,
    echo_fragments,
    find_direct,
    find_headline_attribution,
    find_headline_quotes,
    find_title_quote,
    governed_fragments,
    speaker_of_previous_sentence,
)
from counterpoint.analysis.attribution.indirect import _drop_nested, find_indirect
from counterpoint.analysis.attribution.marks import Quotation, find_quotations


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
        covered_title = find_headline_attribution(doc, ix) or find_title_quote(doc, ix)
    else:
        covered_title = []
    for head in find_headline_quotes(doc, ix) + covered_title:
        if not any(_overlap_share(r, covered) > 0.5 for r in head.content):
            cands.append(head)
    cands = _drop_nested(cands)
    introduced = speaker_of_previous_sentence(doc, ix, orphans, cands)
    taken = {c.content[0] for c in introduced}
    cands += attach_continuations(doc.text, [q for q in orphans if q.pieces[0] not in taken], cands)
    cands += introduced
    cands += governed_fragments(doc, ix, cands)
    cands += echo_fragments(doc, ix, cands)
    for c in cands:
        c.content = _balance_marks(c.content, quotations)
        if c.kind != "direct":
            c.content = _end_at_closing_comma(text, c.content, quotations)
    return sorted(cands, key=lambda c: c.position)


def _end_at_closing_comma(
    text: str, ranges: list[tuple[int, int]], quotations: list[Quotation]
) -> list[tuple[int, int]]:
    """Reported words end where the last quotation in them closes on a comma or full stop
    ('called Cruz the "ultimate hypocrite," linking to a story ...', 'said it was
    “incognito,” sparking ...'): what follows is the writer's, or another attribution."""
    out = []
    for s, e in ranges:
        inside = [q for q in quotations if s <= q.start and q.end < e]
        if inside:
            last = inside[-1]
            closing = text[last.start : last.end].rstrip("\"”’'»")
            rest = text[last.end : e]
            if closing[-1:] in (",", ".", "!", "?") and len(rest.split()) >= 2:
                e = last.end
        out.append((s, e))
    return out


def _balance_marks(
    ranges: list[tuple[int, int]], quotations: list[Quotation]
) -> list[tuple[int, int]]:
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
