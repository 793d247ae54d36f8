"""Near-duplicates: a wire copy re-published elsewhere is linked; another story is not."""

from pathlib import Path

import pytest

from counterpoint.ingest.clean import clean_text
from counterpoint.ingest.dedup import (
    NearDuplicateIndex,
    minhash_signature,
    signature_from_bytes,
    similarity,
)

# not imported from conftest: another tests/ folder has a conftest module of its own
SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
SEED_000 = SEEDS / "000_95383a19cb279dd7.txt"
SEED_004 = SEEDS / "004_0b82b473876b18de.txt"


@pytest.fixture(scope="module")
def bodies(seed_texts_module):
    return [clean_text(t).text for t in seed_texts_module]


@pytest.fixture(scope="module")
def seed_texts_module():
    return [SEED_000.read_text(encoding="utf-8"), SEED_004.read_text(encoding="utf-8")]


def _republished(body: str) -> str:
    """The same wire body on another site: new headline, byline, furniture, light edits."""
    body = body.replace("Palestinian officials said on Saturday", "Palestinian officials said Saturday")
    body = body.replace("radio station", "radio")
    return (
        "PA refuses to restore security ties despite US pressure\nBy Staff Writer\n"
        + body
        + "\nShare this article\nSubscribe to our newsletter\n© 2023 Another Site"
    )


def test_perturbed_copy_is_linked(bodies):
    index = NearDuplicateIndex(threshold=0.8)
    index.add("jpost", minhash_signature(bodies[0]))
    index.add("other", minhash_signature(bodies[1]))
    copy = _republished(bodies[0])
    assert index.query(minhash_signature(copy)) == ["jpost"]
    # also after our own cleaning of the copy
    assert index.query(minhash_signature(clean_text(copy).text)) == ["jpost"]


def test_trimmed_copy_is_linked(bodies):
    index = NearDuplicateIndex()
    index.add("jpost", minhash_signature(bodies[0]))
    paragraphs = bodies[0].split("\n")
    trimmed = "\n".join(paragraphs[:12])  # a site cut the last 7 of 19 paragraphs
    assert similarity(minhash_signature(trimmed), minhash_signature(bodies[0])) < 0.8
    assert index.query(minhash_signature(trimmed)) == ["jpost"]
    # without containment, plain Jaccard misses it
    plain = NearDuplicateIndex(trimmed_copies=False)
    plain.add("jpost", minhash_signature(bodies[0]))
    assert plain.query(minhash_signature(trimmed)) == []
    # a couple of paragraphs lifted from it are not a copy
    assert index.query(minhash_signature("\n".join(paragraphs[:2]))) == []


def test_different_story_on_the_same_topic_is_not_linked(bodies):
    # the two seeds: the same event, two independent reports
    assert similarity(minhash_signature(bodies[0]), minhash_signature(bodies[1])) < 0.2
    index = NearDuplicateIndex()
    index.add("jpost", minhash_signature(bodies[0]))
    assert index.query(minhash_signature(bodies[1])) == []


def test_signature_round_trip_and_format(bodies):
    sig = minhash_signature(bodies[0])
    assert isinstance(sig, bytes) and len(sig) == 8 + 8 * 128
    assert minhash_signature(bodies[0]) == sig  # deterministic across calls (stored, compared later)
    assert signature_from_bytes(sig).jaccard(signature_from_bytes(sig)) == 1.0
    with pytest.raises(ValueError):
        signature_from_bytes(b"xx")
    with pytest.raises(ValueError):
        signature_from_bytes(b"\x09" + sig[1:])
    # version-1 signatures (no shingle count) still load
    v1 = bytes([1, 3]) + (128).to_bytes(2, "little") + sig[8:]
    assert signature_from_bytes(v1).jaccard(signature_from_bytes(sig)) == 1.0


def test_index_add_is_idempotent_and_excludes_self(bodies):
    sig = minhash_signature(bodies[0])
    index = NearDuplicateIndex.from_signatures([("a", sig), ("a", sig), ("b", sig)])
    assert len(index) == 2 and "a" in index
    assert index.query(sig) == ["a", "b"]
    assert index.query(sig, exclude="a") == ["b"]
    index.remove("b")
    assert index.query(sig) == ["a"]


def test_threshold_validated():
    with pytest.raises(ValueError):
        NearDuplicateIndex(threshold=0)


def test_short_and_empty_texts():
    assert len(minhash_signature("")) == 8 + 8 * 128
    index = NearDuplicateIndex()
    index.add("short", minhash_signature("Two words"))
    assert index.query(minhash_signature("Two words")) == ["short"]
    assert index.query(minhash_signature("Other words")) == []


def test_cached_permutations_give_the_signatures_datasketch_gives():
    """Signatures made with the cached permutation arrays equal a fresh MinHash's, bit for bit,
    so signatures stored before the cache stay comparable."""
    import numpy as np
    from datasketch import MinHash

    from counterpoint.ingest.dedup import SCHEME, SEED, shingles

    for text in (SEED_000.read_text(encoding="utf-8"), "one two three four", ""):
        fresh = MinHash(num_perm=128, seed=SEED, scheme=SCHEME)
        grams = shingles(text)
        if grams:
            fresh.update_batch(list(grams))
        ours = np.frombuffer(minhash_signature(text), dtype="<u8", offset=8)
        assert np.array_equal(ours, fresh.hashvalues.astype("<u8"))
        decoded = signature_from_bytes(minhash_signature(text))
        assert np.array_equal(decoded.permutations[0], fresh.permutations[0])
