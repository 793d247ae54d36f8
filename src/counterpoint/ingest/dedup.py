"""Near-duplicate articles (wire copies re-published by several outlets) with MinHash/LSH.

A wire story from Reuters or AP appears on many sites with a different headline, byline and
furniture, and sometimes a trimmed or added paragraph. Such copies are one report, not several
independent ones, so the store links them (``Article.near_duplicates``).

Texts are compared as sets of word 3-grams (lower case, punctuation dropped), whose Jaccard
similarity MinHash estimates from a fixed-size signature; LSH finds candidates in sub-linear
time, and each candidate is then checked against the threshold with the signatures themselves
(LSH alone lets some pairs below the threshold through).

Example::

    >>> index = NearDuplicateIndex(threshold=0.8)
    >>> index.add("a1", minhash_signature(body))
    >>> index.query(minhash_signature(body_with_other_headline))
    ['a1']

Signatures are bytes (stored by the workspace): a 4-byte header (version, shingle size, number
of permutations) and ``num_perm`` unsigned 64-bit hash values.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 3
SEED = 1
SCHEME = "affine32"  # pinned: datasketch refuses to compare sketches of different schemes
_VERSION = 1
_HEADER = struct.Struct("<BBH")
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word ``size``-grams of ``text`` (lower case, punctuation and spacing ignored)."""
    words = _TOKEN.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _minhash(text: str, num_perm: int = NUM_PERM) -> MinHash:
    mh = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    grams = shingles(text)
    if grams:
        mh.update_batch(list(grams))
    return mh


def minhash_signature(text: str, *, num_perm: int = NUM_PERM) -> bytes:
    """A compact, serialisable MinHash signature of ``text`` (``4 + 8 * num_perm`` bytes)."""
    mh = _minhash(text, num_perm)
    return _HEADER.pack(_VERSION, SHINGLE, num_perm) + mh.hashvalues.astype("<u8").tobytes()


def signature_from_bytes(signature: bytes) -> MinHash:
    """The :class:`datasketch.MinHash` a signature made by :func:`minhash_signature` holds."""
    if len(signature) < _HEADER.size:
        raise ValueError("not a counterpoint MinHash signature (too short)")
    version, shingle, num_perm = _HEADER.unpack_from(signature)
    if version != _VERSION or shingle != SHINGLE or len(signature) != _HEADER.size + 8 * num_perm:
        raise ValueError(
            f"MinHash signature of another format (version {version}, shingle {shingle}, "
            f"{num_perm} permutations, {len(signature)} bytes): recompute it from the text"
        )
    values = np.frombuffer(signature, dtype="<u8", offset=_HEADER.size).astype(np.uint64)
    return MinHash(num_perm=num_perm, seed=SEED, hashvalues=values, scheme=SCHEME)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the word 3-gram sets behind two signatures."""
    return float(signature_from_bytes(a).jaccard(signature_from_bytes(b)))


class NearDuplicateIndex:
    """An in-memory LSH index of article signatures.

    ``add`` articles, ``query`` a signature for the ids of indexed articles whose estimated
    Jaccard similarity is at least ``threshold``. Rebuild it from stored signatures with
    :meth:`from_signatures`.
    """

    def __init__(self, threshold: float = 0.8, *, num_perm: int = NUM_PERM):
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._hashes: dict[str, MinHash] = {}

    @classmethod
    def from_signatures(
        cls, items: Iterable[tuple[str, bytes]], threshold: float = 0.8
    ) -> "NearDuplicateIndex":
        index = cls(threshold)
        for article_id, signature in items:
            index.add(article_id, signature)
        return index

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._hashes

    def add(self, article_id: str, signature: bytes) -> None:
        """Index one article. Adding an id twice is a no-op (re-ingest is idempotent)."""
        if article_id in self._hashes:
            return
        mh = self._decode(signature)
        self._lsh.insert(article_id, mh)
        self._hashes[article_id] = mh

    def remove(self, article_id: str) -> None:
        if article_id in self._hashes:
            self._lsh.remove(article_id)
            del self._hashes[article_id]

    def query(self, signature: bytes, *, exclude: str | None = None) -> list[str]:
        """Ids of indexed near-duplicates, most similar first (``exclude``: the article itself)."""
        return [aid for aid, _ in self.query_scored(signature, exclude=exclude)]

    def query_scored(self, signature: bytes, *, exclude: str | None = None) -> list[tuple[str, float]]:
        mh = self._decode(signature)
        scored = []
        for aid in self._lsh.query(mh):
            if aid == exclude:
                continue
            score = float(mh.jaccard(self._hashes[aid]))
            if score >= self.threshold:
                scored.append((aid, round(score, 4)))
        return sorted(scored, key=lambda x: (-x[1], x[0]))

    def _decode(self, signature: bytes) -> MinHash:
        mh = signature_from_bytes(signature)
        if len(mh.hashvalues) != self.num_perm:
            raise ValueError(f"signature has {len(mh.hashvalues)} permutations, index {self.num_perm}")
        return mh
