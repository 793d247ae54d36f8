"""Candidate search: which earlier articles could a new article share a story with?

Two sources, both with a cost that does not grow with the workspace:

* an approximate-nearest-neighbour index (usearch HNSW, cosine) over the articles' dense
  vectors — ``log n`` per query, a fixed ``k`` neighbours;
* blocking by name: the most recent articles that mention each of the new article's rarer
  names (an inverted list capped per name), which finds same-event reports the encoder placed
  further away (short briefs, headlines phrased differently).

Both are filtered by a time window (publication days when both articles have a date, arrival
order otherwise) by the caller.

The vector index is either :class:`VectorIndex` (usearch, in memory: SQLite workspaces and
PostgreSQL without pgvector) or :class:`PgVectorIndex` (the workspace's own pgvector HNSW index,
nothing rebuilt in memory). Both answer ``search(vector, k)`` the same way.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Collection
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
    def load(cls, path: str | Path, ndim: int) -> VectorIndex:
        self = cls(ndim)
        self._index.load(str(path))
        return self


class PgVectorIndex:
    """Candidate search in PostgreSQL with pgvector: stored vectors are searched through the
    HNSW index of ``story_features.vec``; vectors added during this run (not stored yet) are
    searched exactly in memory until :meth:`flush` says they are stored.

    ``known`` (the grouper's ``by_seq``) holds the articles loaded for this run — those inside
    the time window of the new articles. The database is asked for ``oversample * k``
    neighbours and the ``k`` nearest known ones are kept, so that the result is what an
    in-memory index over the loaded articles would give.
    """

    def __init__(self, workspace, known: Collection[int] = (), *, oversample: int = 4):
        self.ws = workspace
        self.known = known
        self.oversample = oversample
        self._keys: list[int] = []
        self._vecs: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self._keys) + len(self.known)

    def add(self, key: int, vector: np.ndarray) -> None:
        self._keys.append(int(key))
        self._vecs.append(np.asarray(vector, dtype=np.float32))

    def add_many(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        """Nothing to do: vectors loaded from the workspace are already in its index."""

    def flush(self) -> None:
        """The vectors added so far are now stored (and searchable) in the database."""
        self._keys, self._vecs = [], []

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        from counterpoint.store.postgres import nearest_vectors

        with self.ws.read() as conn:
            hits = nearest_vectors(conn, vector, self.oversample * k)
        hits = [(key, sim) for key, sim in hits if key in self.known]
        if self._keys:
            sims = np.stack(self._vecs) @ np.asarray(vector, dtype=np.float32)
            pending = set(self._keys)
            hits = [h for h in hits if h[0] not in pending]
            hits += [(key, float(s)) for key, s in zip(self._keys, sims)]
        hits.sort(key=lambda h: -h[1])
        return hits[:k]


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
