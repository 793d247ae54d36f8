"""Candidate search: which earlier articles could a new article share a story with?

Two sources, both with a cost that does not grow with the workspace:

* an approximate-nearest-neighbour index (usearch HNSW, cosine) over the articles' dense
  vectors — ``log n`` per query, a fixed ``k`` neighbours;
* blocking by name: the most recent articles that mention each of the new article's rarer
  names (an inverted list capped per name), which finds same-event reports the encoder placed
  further away (short briefs, headlines phrased differently).

Both are filtered by a time window (publication days when both articles have a date, arrival
order otherwise) by the caller.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from pathlib import Path

import numpy as np


class VectorIndex:
    """An HNSW index of unit vectors keyed by integer article numbers (arrival ``seq``)."""

    def __init__(self, ndim: int, *, connectivity: int = 16, expansion_search: int = 64):
        from usearch.index import Index

        self.ndim = ndim
        self._index = Index(
            ndim=ndim,
            metric="cos",
            dtype="f16",  # halves memory; cosine on f16 is accurate to ~1e-3
            connectivity=connectivity,
            expansion_add=64,
            expansion_search=expansion_search,
        )

    def __len__(self) -> int:
        return len(self._index)

    def add(self, key: int, vector: np.ndarray) -> None:
        self._index.add(int(key), np.asarray(vector, dtype=np.float32), threads=1)

    def add_many(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        if len(keys):
            self._index.add(np.asarray(keys, dtype=np.uint64), np.asarray(vectors, dtype=np.float32))

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Up to ``k`` ``(key, cosine similarity)`` pairs, most similar first."""
        if len(self._index) == 0:
            return []
        m = self._index.search(np.asarray(vector, dtype=np.float32), min(k, len(self._index)),
                               threads=1)
        return [(int(key), 1.0 - float(d)) for key, d in zip(m.keys, m.distances)]

    def save(self, path: str | Path) -> None:
        self._index.save(str(path))

    @classmethod
    def load(cls, path: str | Path, ndim: int) -> "VectorIndex":
        self = cls(ndim)
        self._index.load(str(path))
        return self


class NameBlocks:
    """Inverted lists ``name key -> most recent article keys``, each capped at ``per_name``.

    The cap keeps a very common name ("trump") from dragging in thousands of candidates: its
    list only holds the latest articles, which is also where a same-event report would be.
    """

    def __init__(self, per_name: int = 24):
        self.per_name = per_name
        self._lists: dict[str, deque[int]] = defaultdict(lambda: deque(maxlen=self.per_name))
        self.df: dict[str, int] = defaultdict(int)
        self.n_docs = 0

    def add(self, key: int, names) -> None:
        self.n_docs += 1
        for name in names:
            self._lists[name].append(int(key))
            self.df[name] += 1

    def idf(self, name: str) -> float:
        # Smoothed; a name never seen before is as informative as a name seen once.
        return math.log((self.n_docs + 1) / (self.df.get(name, 0) + 1)) + 1.0

    def candidates(self, names, *, max_names: int = 8) -> set[int]:
        """Recent articles sharing one of the ``max_names`` rarest of ``names``."""
        ranked = sorted((n for n in names if self.df.get(n)), key=lambda n: self.df[n])
        found: set[int] = set()
        for name in ranked[:max_names]:
            found.update(self._lists[name])
        return found
