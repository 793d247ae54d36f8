import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
SEED_000 = SEEDS / "000_95383a19cb279dd7.txt"
SEED_004 = SEEDS / "004_0b82b473876b18de.txt"


@pytest.fixture
def seed_paths():
    return [SEED_000, SEED_004]


@pytest.fixture
def seed_texts():
    return [SEED_000.read_text(encoding="utf-8"), SEED_004.read_text(encoding="utf-8")]
