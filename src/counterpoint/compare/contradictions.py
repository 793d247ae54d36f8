"""Where a contradiction is decided.

Only sentences that the alignment already says report the same fact are compared, and each type
has guards against the usual false alarms:

* **number** — the same counted noun with the same predicate ("nine Palestinians killed" vs
  "seven Palestinians killed"). Never when the nouns differ ("nine Palestinians" vs "eight
  terrorists": different things counted), when either figure is a subset ("eight of whom",
  "most of them"), approximate ("about", "more than", "dozens") or a rounding of the other, or
  when the other article also gives the first figure somewhere.
* **institution** — two different organisations of the same kind ("court", "council") in the same
  slot of the same statement, each named nowhere in the other article.
* **place** — two different places in the same slot, each absent from the other article and
  neither a part of the other's name.
* **date** — two calendar dates, or two weekdays, for the same action of an aligned statement.
* **negation** — near-identical statements with the same main verb where exactly one is negated.
* **person** / **quote** — decided on matched quotes (:mod:`counterpoint.compare.quotes`): the same
  statement attributed to different named speakers, or a quoted wording whose polarity or figures
  differ.

Precision comes before recall: a wrong contradiction costs more than a missed one.
"""

from __future__ import annotations

import datetime as dt

from counterpoint.compare.align import ClaimGroup, group_pairs
from counterpoint.compare.context import ArticleView, MentionRef, Unit
from counterpoint.compare.slots import QuantitySlot
from counterpoint.models import Finding

NEGATION_SIMILARITY = 0.82


def _slot(view: ArticleView, mention: MentionRef) -> tuple[str, str]:
    """(relation, governor) of a mention: ("to", "go") for "go to the International Criminal Court"."""
    span = view.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return ("?", "?")
    root = span.root
    if root.dep_ == "pobj":
        prep = root.head
        return (prep.lower_, prep.head.lemma_.lower())
    if root.dep_ in {"conj", "appos"}:
        head = root.head
        while head.dep_ in {"conj", "appos"}:
            head = head.head
        if head.dep_ == "pobj":
            return (head.head.lower_, head.head.head.lemma_.lower())
        return (head.dep_, head.head.lemma_.lower())
    return (root.dep_, root.head.lemma_.lower())


def _mention_evidence(view: ArticleView, unit: Unit, mention: MentionRef, limit: int = 2):
    """The mention in the aligned sentence, then its other mentions nearby (an acronym later)."""
    out = [view.evidence(mention.start, mention.end)]
    for other in view.mentions:
        if len(out) >= limit:
            break
        if other.key == mention.key and other.start != mention.start:
            near = view.unit_at(other.start)
            if near is not None and abs(near.index - unit.index) <= 2:
                out.append(view.evidence(other.start, other.end))
    return out


_GENERIC_NAME_WORDS = {"international", "national", "united", "us", "u", "s", "federal", "state",
                       "the", "of", "for", "and", "on", "in", "de"}


def _same_name_family(a: str, b: str) -> bool:
    """Whether two organisation names share most of their distinctive words."""
    from counterpoint.compare.names import INSTITUTION_TYPES, normalise_name

    def words(name):
        return {w for w in normalise_name(name).replace("-", " ").split()
                if w not in _GENERIC_NAME_WORDS and w not in INSTITUTION_TYPES}

    wa, wb = words(a), words(b)
    if not wa or not wb:
        return True  # nothing distinctive to tell them apart: not a safe contradiction
    return len(wa & wb) / len(wa | wb) >= 0.5


def _institutions(a: Unit, b: Unit, va: ArticleView, vb: ArticleView, sim: float) -> list[Finding]:
    findings = []
    orgs_a = [m for m in a.mentions if m.label == "ORG" and m.itype]
    orgs_b = [m for m in b.mentions if m.label == "ORG" and m.itype]
    seen = set()
    for ma in orgs_a:
        for mb in orgs_b:
            if ma.itype != mb.itype or ma.key == mb.key or (ma.key, mb.key) in seen:
                continue
            # Both outlets may simply name two bodies; it is a conflict only when each outlet's
            # body is unknown to the other outlet and neither sentence shares a body of that kind.
            if va.names_anywhere(mb) or vb.names_anywhere(ma):
                continue
            if _same_name_family(ma.text, mb.text):
                continue  # "9th U.S. Circuit Court of Appeals" / "Ninth Circuit Court of Appeals"
            same_kind_shared = any(
                x.key == y.key for x in orgs_a for y in orgs_b if x.itype == ma.itype
            )
            if same_kind_shared:
                continue
            rel_a, gov_a = _slot(va, ma)
            rel_b, gov_b = _slot(vb, mb)
            if rel_a != rel_b and gov_a != gov_b:
                continue
            seen.add((ma.key, mb.key))
            confidence = 0.55 + 0.3 * min(1.0, sim) + (0.05 if rel_a == rel_b else 0.0)
            findings.append(
                _contradiction(
                    "institution", va, a, vb, b,
                    summary=f"{va.label} says {ma.text}; {vb.label} says {mb.text}",
                    explanation=(
                        f"The same statement names a different {ma.itype}: {va.label} has "
                        f"“{ma.text}”, {vb.label} has “{mb.text}”, and neither outlet mentions "
                        "the other's."
                    ),
                    confidence=min(0.9, confidence),
                    differing=_mention_evidence(va, a, ma) + _mention_evidence(vb, b, mb),
                    data={"type": ma.itype, "values": {va.label: ma.text, vb.label: mb.text},
                          "slot": [rel_a, gov_a, rel_b, gov_b]},
                )
            )
    return findings


def _places(a: Unit, b: Unit, va: ArticleView, vb: ArticleView, sim: float) -> list[Finding]:
    pa = [m for m in a.mentions if m.label in {"GPE", "LOC", "FAC"}]
    pb = [m for m in b.mentions if m.label in {"GPE", "LOC", "FAC"}]
    if not pa or not pb or ({m.key for m in pa} & {m.key for m in pb}):
        return []
    findings = []
    for ma in pa:
        for mb in pb:
            if va.names_anywhere(mb) or vb.names_anywhere(ma):
                continue
            la, lb = ma.text.lower(), mb.text.lower()
            if la in lb or lb in la:
                continue
            rel_a, gov_a = _slot(va, ma)
            rel_b, gov_b = _slot(vb, mb)
            if rel_a != "in" or rel_b != "in" or gov_a != gov_b:
                continue
            findings.append(
                _contradiction(
                    "place", va, a, vb, b,
                    summary=f"{va.label} places it in {ma.text}; {vb.label} in {mb.text}",
                    explanation=f"The same event is set in “{ma.text}” by {va.label} and in "
                    f"“{mb.text}” by {vb.label}; neither outlet mentions the other place.",
                    confidence=0.45 + 0.3 * sim,
                    differing=[va.evidence(ma.start, ma.end), vb.evidence(mb.start, mb.end)],
                    data={"values": {va.label: ma.text, vb.label: mb.text}},
                )
            )
    return findings


def _rounding(x: float, y: float) -> bool:
    big, small = max(x, y), min(x, y)
    if big < 10:
        return False
    return (big - small) / big <= 0.1 and (big % 10 == 0 or small % 10 == 0)


def _comparable(qa: QuantitySlot, qb: QuantitySlot) -> bool:
    return (
        qa.counts is not None
        and qa.counts == qb.counts
        and qa.predicate is not None
        and qa.predicate == qb.predicate
        and not (qa.subset or qb.subset or qa.approximate or qb.approximate)
    )


def _gives_value(view: ArticleView, q: QuantitySlot) -> bool:
    return any(
        x.value == q.value and (x.counts == q.counts or x.counts is None or x.predicate == q.predicate)
        for u in view.units
        for x in u.slots.quantities
    )


def _numbers(a: Unit, b: Unit, va: ArticleView, vb: ArticleView, sim: float) -> list[Finding]:
    findings = []
    for qa in a.slots.quantities:
        for qb in b.slots.quantities:
            if not _comparable(qa, qb) or qa.value == qb.value or _rounding(qa.value, qb.value):
                continue
            if _gives_value(va, qb) or _gives_value(vb, qa):
                continue  # each article also states the other's figure: different subsets
            findings.append(
                _contradiction(
                    "number", va, a, vb, b,
                    summary=f"{va.label}: {qa.text}; {vb.label}: {qb.text}",
                    explanation=f"Both count {qa.counts} ({qa.predicate}) in the same statement "
                    f"but give {qa.value:g} and {qb.value:g}.",
                    confidence=0.5 + 0.35 * sim,
                    differing=[va.evidence(qa.start, qa.end), vb.evidence(qb.start, qb.end)],
                    data={"values": {va.label: qa.value, vb.label: qb.value},
                          "counts": qa.counts, "predicate": qa.predicate},
                )
            )
    return findings


def _year(view: ArticleView) -> int | None:
    published = view.article.published
    if published and published[:4].isdigit():
        return int(published[:4])
    return None


def _dates(a: Unit, b: Unit, va: ArticleView, vb: ArticleView, sim: float) -> list[Finding]:
    ta = [t for t in a.slots.times if not t.same_day and t.verb]
    tb = [t for t in b.slots.times if not t.same_day and t.verb]
    findings = []
    for x in ta:
        for y in tb:
            same_action = x.verb == y.verb or (x.verb_is_speech and y.verb_is_speech)
            if not same_action:
                continue
            detail = None
            if x.month_day and y.month_day and x.month_day != y.month_day or x.weekday and y.weekday and x.weekday != y.weekday:
                detail = f"“{x.text}” vs “{y.text}”"
            elif (x.month_day and y.weekday) or (x.weekday and y.month_day):
                dated, wk = (x, y) if x.month_day else (y, x)
                year = dated.year or _year(va if dated is x else vb)
                if year is None:
                    continue  # without a year a date has no weekday: nothing to compare
                try:
                    day = dt.date(year, *dated.month_day)
                except ValueError:
                    continue
                if day.strftime("%a").upper() == wk.weekday:
                    continue
                detail = f"“{dated.text}” ({day.strftime('%A')} in {year}) vs “{wk.text}”"
            if detail is None:
                continue
            findings.append(
                _contradiction(
                    "date", va, a, vb, b,
                    summary=f"{va.label} and {vb.label} date the same statement differently",
                    explanation=f"The aligned statements give different days: {detail}.",
                    confidence=0.45 + 0.3 * sim,
                    differing=[va.evidence(x.start, x.end), vb.evidence(y.start, y.end)],
                    data={"values": {va.label: x.text, vb.label: y.text}},
                )
            )
    return findings


def _negation(a: Unit, b: Unit, va: ArticleView, vb: ArticleView, sim: float) -> list[Finding]:
    if sim < NEGATION_SIMILARITY or a.slots.negated == b.slots.negated:
        return []
    if a.slots.main_verb != b.slots.main_verb or a.slots.hedges or b.slots.hedges:
        return []
    neg_unit, neg_view = (a, va) if a.slots.negated else (b, vb)
    s, e = neg_unit.slots.negation_spans[0]
    return [
        _contradiction(
            "negation", va, a, vb, b,
            summary=f"{neg_view.label} negates what the other outlet asserts",
            explanation=f"Near-identical statements about “{a.slots.main_verb}”; only "
            f"{neg_view.label} negates it.",
            confidence=0.4 + 0.4 * (sim - NEGATION_SIMILARITY) / (1 - NEGATION_SIMILARITY),
            differing=[neg_view.evidence(s, e)],
        )
    ]


def _contradiction(
    subtype: str, va: ArticleView, a: Unit, vb: ArticleView, b: Unit, *,
    summary: str, explanation: str, confidence: float, differing: list,
    data: dict | None = None,
) -> Finding:
    """A contradiction between aligned statement ``a`` (of ``va``) and ``b`` (of ``vb``).

    Its evidence is the differing words first, then both whole statements."""
    return Finding(
        kind="contradiction",
        subtype=subtype,
        summary=summary,
        explanation=explanation,
        confidence=round(confidence, 3),
        evidence=list(differing) + [va.evidence(a.start, a.end), vb.evidence(b.start, b.end)],
        outlets=[va.label, vb.label],
        data=data or {},
    )


def find_contradictions(
    views: list[ArticleView], groups: list[ClaimGroup], matrix
) -> list[Finding]:
    """Typed contradictions between aligned sentences of different articles."""
    findings: list[Finding] = []
    for group in groups:
        for a, b, sim in group_pairs(group, matrix):
            va, vb = views[a.article], views[b.article]
            if not same_event(va, vb):
                continue
            checks = [_institutions, _numbers, _dates, _negation]
            if same_event(va, vb, need_actor=True):
                checks.append(_places)
            for check in checks:
                findings.extend(check(a, b, va, vb, sim))
    return findings


def same_event(va: ArticleView, vb: ArticleView, need_actor: bool = False) -> bool:
    """Whether two articles name enough of the same things to be about one event.

    Two reports of two different fires align sentence by sentence ("seven people were killed in
    the fire") and would yield contradictions that are really different events. So a
    contradiction needs two shared names (people, organisations, places), and a *place*
    contradiction needs a shared person or organisation, since the place is what differs.
    """
    shared = {k for k in va.keys & vb.keys if not k.startswith("group:")}
    if len(shared) < 2:
        return False
    if need_actor:
        return any(k.startswith(("person:", "org:")) for k in shared)
    return True


def conflicting_mentions(findings: list[Finding], views: list[ArticleView]) -> set[tuple[int, int, int]]:
    """(article, start, end) of every span a contradiction rests on, except whole sentences."""
    by_id = {v.article.id: v.index for v in views}
    out = set()
    for f in findings:
        if f.kind != "contradiction":
            continue
        for e in f.evidence:
            if e.article_id in by_id and e.end - e.start < 100:
                out.add((by_id[e.article_id], e.start, e.end))
    return out
