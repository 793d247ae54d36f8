"""Claim alignment: which sentences of different articles report the same fact.

Two sentences align when their embeddings are close *and* the specifics agree: a shared
distinctive entity (one that is not in every other sentence of the story, as "Israel" is) or a
shared number. Each sentence aligns with at most one sentence per other article (mutual best
match), so "the PA made threats before" does not get folded into "the PA ended coordination" just
because both talk about coordination. Pairs are then joined into groups across all articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from counterpoint.compare.context import ArticleView, Unit

STRONG_SIMILARITY = 0.78  # aligned on wording alone
MIN_SIMILARITY = 0.55  # aligned only with agreeing specifics
# Below this, one shared entity is not enough when it is one of the story's main subjects:
# "He said Obama doesn't have a doctrine" and "It's not about Mr. Obama" (0.58) share only the
# man the whole story is about. Two shared specifics, a shared number, or a shared entity that
# is not a main subject still align ("the UN Security Council ... Jenin", 0.64).
WEAK_SIMILARITY = 0.65
MAIN_SUBJECTS = 3  # the most mentioned entity keys of a story
MIN_WORDS = 5  # headers and furniture ("Discussing security coordination") never align
MAX_PAIRS_PER_GROUP = 300  # a fact carried by 50 outlets has 1,225 pairs; the closest suffice


@dataclass
class ClaimGroup:
    """Sentences from different articles that report one fact."""

    units: list[Unit]
    similarity: float  # the weakest pairwise similarity that joined the group
    shared_keys: set[str] = field(default_factory=set)

    @property
    def articles(self) -> set[int]:
        return {u.article for u in self.units}

    def unit_of(self, article: int) -> Unit | None:
        return next((u for u in self.units if u.article == article), None)


def distinctive_keys(views: list[ArticleView]) -> set[str]:
    """Entity keys that mark out a fact: mentioned in few of the story's sentences."""
    units = [u for v in views for u in v.units]
    if not units:
        return set()
    counts: dict[str, int] = {}
    for unit in units:
        for key in unit.keys:
            counts[key] = counts.get(key, 0) + 1
    limit = max(2, 0.25 * len(units))
    return {k for k, n in counts.items() if n <= limit and not k.startswith("group:")}


def main_subjects(views: list[ArticleView], n: int = MAIN_SUBJECTS) -> set[str]:
    """The ``n`` entity keys the story's sentences mention most (what the story is about)."""
    counts: dict[str, int] = {}
    for v in views:
        for unit in v.units:
            for key in unit.keys:
                counts[key] = counts.get(key, 0) + 1
    return set(sorted(counts, key=lambda k: (-counts[k], k))[:n])


def _specific_enough(a: Unit, b: Unit, cosine: float, shared: set[str], subjects: set[str]) -> bool:
    """Whether a pair below ``STRONG_SIMILARITY`` has the specifics to align (see above)."""
    if not shared or cosine < MIN_SIMILARITY:
        return False
    if cosine >= WEAK_SIMILARITY or len(shared) >= 2 or shared - subjects:
        return True
    return bool(_numbers(a) & _numbers(b))


def _numbers(unit: Unit) -> set[float]:
    return {q.value for q in unit.slots.quantities if not q.subset}


def pair_score(a: Unit, b: Unit, cosine: float, distinct: set[str]) -> tuple[float, set[str]]:
    """Similarity of two sentences, raised by distinctive shared entities and equal numbers."""
    shared = (a.keys & b.keys) & distinct
    bonus = 0.04 * min(3, len(shared))
    if _numbers(a) & _numbers(b):
        bonus += 0.04
    return cosine + bonus, shared


def _eligible(unit: Unit) -> bool:
    return len(unit.text.split()) >= MIN_WORDS


def align_claims(
    views: list[ArticleView], matrix: np.ndarray, among: list[int] | None = None
) -> list[ClaimGroup]:
    """Group the sentences of the story's articles that report the same fact.

    ``matrix`` holds one unit-normalised vector per sentence (``Unit.row``). Returns groups of
    two or more sentences from different articles, strongest first. ``among`` restricts the
    alignment to those articles (indices into ``views``).
    """
    among = list(range(len(views))) if among is None else sorted(among)
    distinct = distinctive_keys([views[i] for i in among])
    subjects = main_subjects([views[i] for i in among])
    parent: dict[tuple[int, int], tuple[int, int]] = {}
    link_sim: dict[tuple[int, int], float] = {}
    link_keys: dict[tuple[int, int], set[str]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, i in enumerate(among):
        vi = views[i]
        for j in among[x + 1 :]:
            vj = views[j]
            ui = [u for u in vi.units if _eligible(u)]
            uj = [u for u in vj.units if _eligible(u)]
            if not ui or not uj:
                continue
            cos = matrix[[u.row for u in ui]] @ matrix[[u.row for u in uj]].T
            score = cos.copy()
            shared: dict[tuple[int, int], set[str]] = {}
            # Specifics can lift a pair by at most 0.16: only pairs that close need them.
            for a, b in np.argwhere(cos >= MIN_SIMILARITY - 0.16):
                score[a, b], shared[a, b] = pair_score(ui[a], uj[b], float(cos[a, b]), distinct)
            best_b = score.argmax(axis=1)
            best_a = score.argmax(axis=0)
            for a, b in enumerate(best_b):
                if best_a[b] != a:
                    continue
                c = float(cos[a, b])
                if c >= STRONG_SIMILARITY or _specific_enough(
                    ui[a], uj[b], c, shared.get((a, b), set()), subjects
                ):
                    ka, kb = (i, ui[a].index), (j, uj[b].index)
                    parent[find(ka)] = find(kb)
                    link_sim[ka] = min(link_sim.get(ka, 1.0), c)
                    link_sim[kb] = min(link_sim.get(kb, 1.0), c)
                    link_keys.setdefault(ka, set()).update(shared.get((a, b), set()))
                    link_keys.setdefault(kb, set()).update(shared.get((a, b), set()))

    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in list(parent):
        members.setdefault(find(node), []).append(node)
    groups = []
    for nodes in members.values():
        if len(nodes) < 2:
            continue
        units = sorted(
            (views[a].units[u] for a, u in nodes), key=lambda u: (u.article, u.index)
        )
        groups.append(
            ClaimGroup(
                units=units,
                similarity=min(link_sim[n] for n in nodes),
                shared_keys=set().union(*(link_keys.get(n, set()) for n in nodes)),
            )
        )
    groups.sort(key=lambda g: -g.similarity)
    return groups


def group_pairs(group: ClaimGroup, matrix: np.ndarray, limit: int = MAX_PAIRS_PER_GROUP):
    """(unit, unit, similarity) for sentences of different articles in ``group``, closest first.

    Identical sentences (wire copies) cannot disagree or differ in wording, and a pair of
    wordings already seen is not examined again, which keeps very large stories fast.
    """
    seen: set[tuple[str, str]] = set()
    pairs = []
    for i, a in enumerate(group.units):
        for b in group.units[i + 1 :]:
            if a.article == b.article:
                continue
            ta, tb = " ".join(a.text.split()), " ".join(b.text.split())
            if ta == tb or (ta, tb) in seen:
                continue
            seen.add((ta, tb))
            pairs.append((a, b, float(matrix[a.row] @ matrix[b.row])))
    pairs.sort(key=lambda p: -p[2])
    return pairs[:limit]


def article_similarity(views: list[ArticleView], matrix: np.ndarray) -> np.ndarray:
    """How alike two articles are as wholes: cosine of their mean sentence vectors."""
    means = []
    for view in views:
        rows = [u.row for u in view.units]
        if rows:
            vec = matrix[rows].mean(axis=0)
            vec = vec / (np.linalg.norm(vec) or 1.0)
        else:
            vec = np.zeros(matrix.shape[1] if matrix.ndim == 2 else 384, dtype=np.float32)
        means.append(vec)
    m = np.vstack(means) if means else np.zeros((0, 384))
    return m @ m.T
