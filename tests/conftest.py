import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from seed_paths import ROOT, SEED_000, SEED_004, SEEDS  # noqa: F401  (re-exported)


@pytest.fixture
def seed_paths():
    return [SEED_000, SEED_004]


@pytest.fixture
def seed_texts():
    return [SEED_000.read_text(encoding="utf-8"), SEED_004.read_text(encoding="utf-8")]
