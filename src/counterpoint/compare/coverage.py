"""Shared facts and omissions: what every outlet carries, and what only some do.

A fact is an aligned group of sentences (:mod:`counterpoint.compare.align`). A group carried by
every article is *shared*; a sentence no other article aligns with is *only in* its outlet, and so
is a detail inside an aligned sentence (a named body, a law, a number) that the other outlets name
nowhere. Omissions are ranked by centrality: how close the sentence is to the story's shared core,
how early it comes, and how much it concerns the entities the outlets have in common.
"""

from __future__ import annotations

import re

import numpy as np

from counterpoint.compare.align import ClaimGroup
from counterpoint.compare.context import ArticleView, MentionRef, Unit
from counterpoint.models import Finding

DETAIL_LABELS = {"PERSON", "LAW", "EVENT", "ORG", "FAC"}
_GENERIC_WORDS = {
    "international", "national", "united", "state", "states", "the", "of", "and", "for", "new",
    "palestinian", "israeli", "american", "president", "minister", "general",
}


def shorten(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def story_core(views: list[ArticleView], groups: list[ClaimGroup], matrix: np.ndarray) -> np.ndarray:
    """The direction of what the outlets agree on (all sentences when they agree on nothing)."""
    rows = [u.row for g in groups for u in g.units] or [u.row for v in views for u in v.units]
    if not rows:
        return np.zeros(matrix.shape[1], dtype=np.float32)
    core = matrix[rows].mean(axis=0)
    return core / (np.linalg.norm(core) or 1.0)


def centrality(unit: Unit, view: ArticleView, core: np.ndarray, matrix: np.ndarray,
               shared_keys: set[str]) -> float:
    """How central a sentence is to the story, in [0, 1]."""
    topical = float(matrix[unit.row] @ core) if matrix.size else 0.0
    position = 1.0 - unit.index / max(1, len(view.units))
    keys = unit.keys
    entity = len(keys & shared_keys) / len(keys) if keys else 0.0
    score = 0.55 * max(0.0, topical) + 0.25 * position + 0.2 * entity
    return round(min(1.0, max(0.0, score)), 3)


def _absent_from(mention: MentionRef, other: ArticleView) -> bool:
    """True when ``other`` names ``mention`` nowhere, not even by most of its words."""
    if other.names_anywhere(mention):
        return False
    words = [w for w in re.findall(r"[a-z0-9]+", mention.text.lower()) if w not in _GENERIC_WORDS]
    if not words:
        return False
    present = sum(1 for w in words if re.search(rf"\b{re.escape(w)}\b", other.folded))
    return present < len(words) / 2 or present == 0


def _detail_text(view: ArticleView, mention: MentionRef) -> tuple[int, int]:
    """Widen a mention to the phrase it heads ("Chapter 7" -> "Chapter 7 of the UN charter")."""
    span = view.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return mention.start, mention.end
    root = span.root
    end = mention.end
    for child in root.children:
        if child.dep_ == "prep" and child.i >= span.end and child.lower_ == "of":
            last = max(t.i for t in child.subtree)
            end = max(end, view.doc[last].idx + len(view.doc[last].text))
    return mention.start, end if end - mention.start <= 80 else mention.end


def find_coverage(
    views: list[ArticleView],
    groups: list[ClaimGroup],
    matrix: np.ndarray,
    related: list[int],
    excluded_mentions: set[tuple[int, int, int]] | None = None,
) -> list[Finding]:
    """Shared facts and "only in X" findings for the related articles (indices into ``views``).

    ``excluded_mentions`` holds ``(article, start, end)`` of mentions already reported as
    conflicting, so a contradicted name is not also called an omission.
    """
    excluded_mentions = excluded_mentions or set()
    if len(related) < 2:
        return []
    rel = set(related)
    core = story_core(views, groups, matrix)
    shared_keys: set[str] = set()
    for a in related:
        for b in related:
            if a < b:
                shared_keys |= views[a].keys & views[b].keys
    findings: list[Finding] = []
    aligned: set[tuple[int, int]] = set()
    for group in groups:
        units = [u for u in group.units if u.article in rel]
        carriers = sorted({u.article for u in units})
        if len(carriers) < 2:
            continue
        aligned.update((u.article, u.index) for u in units)
        missing = [views[a].label for a in related if a not in carriers]
        cent = max(centrality(u, views[u.article], core, matrix, shared_keys) for u in units)
        lead = units[0]
        findings.append(
            Finding(
                kind="shared" if not missing else "omission",
                subtype="fact" if not missing else "partial",
                summary=shorten(lead.text),
                explanation=(
                    f"Reported by {len(carriers)} of {len(related)} outlets in aligned sentences "
                    f"(similarity {group.similarity:.2f})."
                ),
                confidence=round(min(0.95, 0.35 + 0.65 * group.similarity), 3),
                evidence=[views[u.article].evidence(u.start, u.end) for u in units],
                outlets=[views[a].label for a in carriers],
                missing_from=missing,
                centrality=cent,
                data={"similarity": round(group.similarity, 3),
                      "shared_entities": sorted(group.shared_keys)},
            )
        )
        # Details inside an aligned sentence that the other outlets never mention.
        seen_details: set[tuple[int, str]] = set()
        for unit in units:
            others = [views[a] for a in carriers if a != unit.article]
            for mention in unit.mentions:
                if mention.label not in DETAIL_LABELS:
                    continue
                if mention.label == "ORG" and mention.itype is None:
                    continue
                if (unit.article, mention.start, mention.end) in excluded_mentions:
                    continue
                if (unit.article, mention.key) in seen_details:
                    continue
                if not all(_absent_from(mention, o) for o in others):
                    continue
                seen_details.add((unit.article, mention.key))
                start, end = _detail_text(views[unit.article], mention)
                findings.append(
                    Finding(
                        kind="omission",
                        subtype="detail",
                        summary=f"Only in {views[unit.article].label}: "
                        f"{views[unit.article].text[start:end]}",
                        explanation=(
                            "A detail of a shared fact that the other outlets do not mention "
                            "anywhere."
                        ),
                        confidence=0.6,
                        evidence=[views[unit.article].evidence(start, end),
                                  views[unit.article].evidence(unit.start, unit.end)],
                        outlets=[views[unit.article].label],
                        missing_from=[o.label for o in others],
                        centrality=round(0.8 * cent, 3),
                        data={"entity": mention.key, "label": mention.label},
                    )
                )
    values = {a: {q.value for u in views[a].units for q in u.slots.quantities} for a in related}
    sims = matrix @ matrix.T if matrix.size else matrix  # one product for every sentence pair
    for a in related:
        view = views[a]
        others = [views[b] for b in related if b != a]
        other_rows = [u.row for o in others for u in o.units]
        other_values = set().union(*(values[b] for b in related if b != a))
        for unit in view.units:
            if (a, unit.index) in aligned or len(unit.text.split()) < 5:
                continue
            nearest = float(sims[unit.row, other_rows].max()) if other_rows else 0.0
            novel = [
                m.text for m in unit.mentions
                if m.label in DETAIL_LABELS | {"GPE", "LOC", "NORP"}
                and all(_absent_from(m, o) for o in others)
            ]
            novel_numbers = [q.text for q in unit.slots.quantities if q.value not in other_values]
            # A sentence much like one elsewhere is at most a partial omission.
            confidence = 0.45 + 0.35 * (1.0 - max(0.0, nearest)) + (0.15 if novel or novel_numbers else 0.0)
            findings.append(
                Finding(
                    kind="omission",
                    subtype="only-in",
                    summary=f"Only in {view.label}: {shorten(unit.text, 120)}",
                    explanation=(
                        "No sentence of the other outlets reports this"
                        + (f"; they never name {', '.join(dict.fromkeys(novel + novel_numbers))}"
                           if novel or novel_numbers else "")
                        + "."
                    ),
                    confidence=round(min(0.9, confidence), 3),
                    evidence=[view.evidence(unit.start, unit.end)],
                    outlets=[view.label],
                    missing_from=[o.label for o in others],
                    centrality=centrality(unit, view, core, matrix, shared_keys),
                    data={"nearest_similarity": round(nearest, 3),
                          "new_names": list(dict.fromkeys(novel)),
                          "new_numbers": novel_numbers},
                )
            )
    return findings
