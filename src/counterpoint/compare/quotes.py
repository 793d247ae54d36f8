"""Quotes across outlets: the same statement by the same speaker, who each outlet quotes, and whose
voices are heard (by affiliation, named or not).

Two quotes are the same statement when their contents are close in meaning (sentence embeddings,
so a rewording or a translation still matches) and their speakers agree (same key, or one side
unresolved). The same statement given to two different named speakers is a *person*
contradiction; the same statement quoted with opposite polarity or different figures is a
*quote* contradiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counterpoint.compare.context import ArticleView, quote_speaker_key
from counterpoint.compare.contradictions import same_event
from counterpoint.compare.names import fold, person_key
from counterpoint.compare.voices import head_noun, voice_kind
from counterpoint.models import Finding, Quote

SAME_STATEMENT = 0.72
QUOTE_CONFLICT_SIMILARITY = 0.8
PARAPHRASE_SIMILARITY = 0.8  # neither side a direct quote
_NEGATORS = re.compile(r"\b(?:not|no|never|none|nor|neither|cannot)\b|n[’']t\b", re.IGNORECASE)
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


@dataclass
class QuoteMatch:
    a: tuple[int, int]  # (article index, quote index)
    b: tuple[int, int]
    similarity: float


_PRONOUNS = {"he", "she", "they", "his", "her", "their", "it", "its", "i", "we", "you", "him", "them"}


def _speaker_label(q: Quote) -> str:
    if q.speaker_name and q.speaker_name.lower() in _PRONOUNS:
        return "unattributed"  # an unresolved pronoun is no speaker to show
    if q.speaker_name:
        return q.speaker_name
    if q.speaker_description:
        return f"unnamed: {q.speaker_description}"
    return "unattributed"


def _quote_evidence(view: ArticleView, q: Quote):
    return [view.evidence(s.start, s.end) for s in q.content]


def _is_person(view: ArticleView, q: Quote) -> bool:
    """The speaker is a named person of the article ("the Arizona Republican" is not a name)."""
    key = person_key(q.speaker_name or "")
    return bool(key) and any(
        m.label == "PERSON" and person_key(m.text) == key for m in view.mentions
    ) and len((q.speaker_name or "").split()) >= 2


def _names_person(view: ArticleView, name: str) -> bool:
    """Whether ``view`` names this person anywhere (then its own attribution may be the slip)."""
    key = person_key(name)
    return bool(key) and key in view.folded


def _word_overlap(a: str, b: str) -> float:
    wa, wb = set(re.findall(r"\w+", fold(a))), set(re.findall(r"\w+", fold(b)))
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _polarity(text: str) -> int:
    return len(_NEGATORS.findall(text)) % 2


def match_quotes(views: list[ArticleView], related: list[int]) -> tuple[list[QuoteMatch], list[Finding]]:
    """Match quotes across the related articles; findings for matches and quote conflicts."""
    from counterpoint.analysis.nlp import encode

    entries = [(a, i, q) for a in related for i, q in enumerate(views[a].quotes())
               if len(q.content_text.split()) >= 4]
    if len({a for a, _, _ in entries}) < 2:
        return [], []
    texts = [" ".join(q.content_text.split()) for _, _, q in entries]
    distinct = list(dict.fromkeys(texts))  # wire copies repeat quotes: encode each text once
    enc = encode(distinct)
    row = {t: i for i, t in enumerate(distinct)}
    vecs = enc[[row[t] for t in texts]]
    sims = vecs @ vecs.T
    matches: list[QuoteMatch] = []
    findings: list[Finding] = []
    used: set[tuple[int, int]] = set()
    pairs = sorted(
        ((float(sims[x, y]), x, y) for x in range(len(entries)) for y in range(x + 1, len(entries))
         if entries[x][0] != entries[y][0]),
        reverse=True,
    )
    for sim, x, y in pairs:
        if sim < SAME_STATEMENT:
            break
        (aa, ia, qa), (ab, ib, qb) = entries[x], entries[y]
        if (aa, ia) in used or (ab, ib) in used:
            continue
        va, vb = views[aa], views[ab]
        ka, kb = quote_speaker_key(qa), quote_speaker_key(qb)
        both_named = bool(qa.speaker_name and qb.speaker_name)
        if both_named and ka != kb:
            # Our own attribution may have picked the wrong name out of "X's spokesman, Y":
            # only a speaker the other outlet does not name beside the quote counts.
            if (same_event(va, vb) and _is_person(va, qa) and _is_person(vb, qb)
                    and not _names_person(va, qb.speaker_name) and not _names_person(vb, qa.speaker_name)
                    and min(qa.confidence, qb.confidence) >= 0.5 and sim >= 0.8
                    and _word_overlap(qa.content_text, qb.content_text) >= 0.4):
                findings.append(
                    Finding(
                        kind="contradiction",
                        subtype="person",
                        summary=f"The same statement is attributed to {qa.speaker_name} by "
                        f"{va.label} and to {qb.speaker_name} by {vb.label}",
                        explanation="Matching quotes, different named speakers.",
                        confidence=round(0.45 + 0.4 * (sim - 0.8) / 0.2, 3),
                        evidence=_quote_evidence(va, qa) + _quote_evidence(vb, qb),
                        outlets=[va.label, vb.label],
                        data={"values": {va.label: qa.speaker_name, vb.label: qb.speaker_name}},
                    )
                )
            continue
        label_a, label_b = _speaker_label(qa), _speaker_label(qb)
        if ka != kb and "unattributed" not in (label_a, label_b) and fold(label_a) != fold(label_b):
            continue  # two different voices (a named one and "officials", or two descriptions)
        if not {qa.kind, qb.kind} & {"direct", "mixed"} and sim < PARAPHRASE_SIMILARITY:
            continue  # two paraphrases alike in topic are not yet one statement
        used.update({(aa, ia), (ab, ib)})
        matches.append(QuoteMatch((aa, ia), (ab, ib), sim))
        speaker = next((x for x in (_speaker_label(qa), _speaker_label(qb)) if x != "unattributed"),
                       "unattributed").removeprefix("unnamed: ")
        findings.append(
            Finding(
                kind="quote_match",
                summary=f"{speaker}: the same statement in {va.label} and {vb.label}",
                explanation=(
                    "Identical wording." if fold(qa.content_text) == fold(qb.content_text)
                    else f"Different wordings of one statement (similarity {sim:.2f})."
                ),
                confidence=round(min(0.95, 0.3 + 0.7 * sim), 3),
                evidence=_quote_evidence(va, qa) + _quote_evidence(vb, qb),
                outlets=[va.label, vb.label],
                data={
                    "speaker": speaker,
                    "speakers": {va.label: _speaker_label(qa), vb.label: _speaker_label(qb)},
                    "wordings": {va.label: qa.content_text, vb.label: qb.content_text},
                    "similarity": round(sim, 3),
                },
            )
        )
        pol_a, pol_b = _polarity(qa.content_text), _polarity(qb.content_text)
        nums_a, nums_b = set(_NUMBER.findall(qa.content_text)), set(_NUMBER.findall(qb.content_text))
        # A changed meaning is judged only on near-identical wordings: two different sentences
        # of one spokesman differ in polarity all the time.
        if (same_event(va, vb) and sim >= QUOTE_CONFLICT_SIMILARITY
                and _word_overlap(qa.content_text, qb.content_text) >= 0.5
                and (pol_a != pol_b or (nums_a and nums_b and nums_a != nums_b))):
            what = "polarity" if pol_a != pol_b else "figures"
            findings.append(
                Finding(
                    kind="contradiction",
                    subtype="quote",
                    summary=f"{speaker}'s statement is quoted with different {what}",
                    explanation=f"The two outlets' wordings of one quote differ in {what}, which "
                    "changes its meaning.",
                    confidence=round(0.35 + 0.4 * sim, 3),
                    evidence=_quote_evidence(va, qa) + _quote_evidence(vb, qb),
                    outlets=[va.label, vb.label],
                    data={"wordings": {va.label: qa.content_text, vb.label: qb.content_text}},
                )
            )
    return matches, findings


_AFFILIATION_LABELS = {"ORG", "GPE", "NORP"}
_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")
_TITLE_WORDS = {"president", "secretary", "director", "minister", "assistant", "spokesperson",
                "spokesman", "spokeswoman", "senior", "member", "chief", "head", "former",
                "deputy", "general", "official", "state", "the"}


def _role_affiliation(view: ArticleView, role: str) -> str | None:
    """The body a role names: "PA presidential spokesperson" -> "PA"."""
    acr = _ACRONYM.findall(role)
    if acr:
        return acr[0]
    names = sorted(
        (m.text for m in view.mentions if m.label in _AFFILIATION_LABELS and m.text in role
         and m.text.lower() not in _TITLE_WORDS),
        key=lambda t: (-len(t.split()), role.find(t)),
    )
    return names[0] if names else None


def affiliation(view: ArticleView, q: Quote) -> str:
    """Who a speaker speaks for, from the roles the article gives them (or the words around)."""
    if q.unnamed or not q.speaker_name:
        return "unnamed" if q.unnamed else "unknown"
    key = q.speaker_key or ""
    if key.startswith(("org:", "place:", "gpe:", "norp:")):
        return q.speaker_name  # an institution or a country speaking for itself
    for entity in view.analysis.entities:
        if entity.key == q.speaker_key or entity.name == q.speaker_name:
            for role in entity.roles:
                found = _role_affiliation(view, role)
                if found:
                    return found
    # No roles (the fallback analysis): the words just before the first mention of the name.
    idx = view.text.find(q.speaker_name)
    if idx < 0:
        return "unknown"
    lo = max(0, idx - 60)
    if (unit := view.unit_at(idx)) is not None:
        lo = max(lo, unit.start)
    before = view.text[lo:idx]
    if view.in_quote(lo, idx) is None and (found := _role_affiliation(view, before.split("”")[-1])):
        return found
    return "unknown"


def _voice_kind(q: Quote) -> str:
    """``named`` (a person), ``body`` (an institution or country speaking, named or described),
    ``people`` (unnamed people: "officials said") or ``other`` (a poll, a report, a bill)."""
    if not q.unnamed:
        key = q.speaker_key or ""
        return "body" if key.startswith(("org:", "place:", "gpe:", "norp:")) else "named"
    return voice_kind(q.speaker_description)


def _bare_definite(label: str) -> bool:
    """"the officials", "The sources": a definite description with nothing but its head noun,
    which points back to people the article described before."""
    words = label.split()
    return len(words) == 2 and words[0].lower() in ("the", "these", "those")


def _voices_summary(voices) -> str:
    """"Nabil Abu Rudaineh (PA), Barbara Leaf (US); bodies: the Palestinian Authority;
    unnamed: commentators; also cites: a poll"."""
    named = [v["speaker"] + (f" ({v['affiliation']})" if v["affiliation"] not in
                             ("unknown", "unnamed", v["speaker"]) else "")
             for v in voices if v["kind"] == "named"]
    parts = [", ".join(named)] if named else []
    for kind, title in (("body", "bodies"), ("people", "unnamed"), ("other", "also cites")):
        names = [v["speaker"] for v in voices if v["kind"] == kind]
        if names:
            parts.append(f"{title}: {', '.join(names)}")
    return "; ".join(parts)


def find_sourcing(views: list[ArticleView], related: list[int], matches: list[QuoteMatch]) -> list[Finding]:
    """Who each outlet quotes (with affiliation), unnamed sources, and voices only one outlet has."""
    findings: list[Finding] = []
    quoted_by: dict[str, set[int]] = {}
    for a, view in enumerate(views):
        for q in view.quotes():
            key = quote_speaker_key(q) or (f"unnamed:{fold(q.speaker_description)}" if q.speaker_description else None)
            if key:
                quoted_by.setdefault(key, set()).add(a)
    for a in range(len(views)):
        view = views[a]
        voices: dict[str, dict] = {}
        for q in view.quotes():
            label = _speaker_label(q).removeprefix("unnamed: ")
            if label == "unattributed" or head_noun(label) in _PRONOUNS:
                continue  # "His ...": an unresolved pronoun is no voice to show
            vkey = fold(label)
            if q.unnamed and _bare_definite(label):
                # "The officials" after "Palestinian officials said": the same people again
                vkey = next((k for k, v in voices.items() if v["unnamed"]
                             and head_noun(v["speaker"]) == head_noun(label)), vkey)
            entry = voices.setdefault(vkey, {"speaker": label, "affiliation": affiliation(view, q),
                                                    "kind": _voice_kind(q), "quotes": 0,
                                                    "unnamed": q.unnamed, "evidence": []})
            entry["quotes"] += 1
            entry["evidence"].extend(_quote_evidence(view, q)[:1])
        if not voices:
            continue
        findings.append(
            Finding(
                kind="sourcing",
                subtype="voices",
                summary=f"{view.label} quotes {_voices_summary(voices.values())}",
                confidence=0.6,
                evidence=[e for v in voices.values() for e in v["evidence"]][:12],
                outlets=[view.label],
                data={"voices": [{k: v[k] for k in ("speaker", "affiliation", "kind", "quotes", "unnamed")}
                                 for v in voices.values()]},
            )
        )
        # only people are unnamed *sources*: "the administration said" is a body speaking, "a
        # poll showed" a document
        unnamed = [v for v in voices.values() if v["unnamed"] and v["kind"] == "people"]
        if unnamed:
            findings.append(
                Finding(
                    kind="sourcing",
                    subtype="unnamed",
                    summary=f"{view.label} cites unnamed sources: "
                    + ", ".join(v["speaker"] for v in unnamed),
                    confidence=0.6,
                    evidence=[e for v in unnamed for e in v["evidence"]],
                    outlets=[view.label],
                )
            )
        if a not in related or len(related) < 2:
            continue
        only: dict[str, list[Quote]] = {}
        for q in view.quotes():
            key = quote_speaker_key(q)
            if not key or not q.speaker_name or quoted_by.get(key, set()) & (set(related) - {a}):
                continue
            if not key.startswith("person:"):
                continue  # institutions speaking ("the U.S. responded") are not voices one omits
            only.setdefault(key, []).append(q)
        others = [views[b] for b in related if b != a]
        for key, qs in only.items():
            name = max((q.speaker_name for q in qs), key=len)
            findings.append(
                Finding(
                    kind="omission",
                    subtype="voice",
                    summary=f"Only {view.label} quotes {name} ({len(qs)} "
                    f"statement{'s' if len(qs) > 1 else ''})",
                    explanation="No other outlet quotes this speaker.",
                    confidence=round(0.5 + 0.3 * min(1.0, max(q.confidence for q in qs)), 3),
                    evidence=[e for q in qs for e in _quote_evidence(view, q)],
                    outlets=[view.label],
                    missing_from=[o.label for o in others],
                    data={"speaker": name, "affiliation": affiliation(view, qs[0]),
                          "statements": len(qs)},
                )
            )
    return findings
