"""Paths of the bundled seed articles, importable from any test folder.

(A module named ``conftest`` is ambiguous when several test folders have one, so helpers that
tests import live in uniquely named modules like this one.)
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
SEED_000 = SEEDS / "000_95383a19cb279dd7.txt"
SEED_004 = SEEDS / "004_0b82b473876b18de.txt"
