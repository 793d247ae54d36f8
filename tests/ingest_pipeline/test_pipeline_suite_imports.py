"""The ingest test folders never import helpers from a conftest module.

pytest imports every folder's conftest.py as a module named ``conftest``; when several test
folders run together, ``from conftest import X`` gets whichever was imported first. Helpers
are fixtures (or module-level code in the test file) instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
FOLDERS = ("readers", "clean", "ingest_pipeline", "cli")
_CONFTEST_IMPORT = re.compile(r"^\s*(from\s+conftest\s+import|import\s+conftest\b)", re.MULTILINE)


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_test_imports_from_conftest(folder):
    offenders = [
        str(path.relative_to(TESTS))
        for path in sorted((TESTS / folder).rglob("*.py"))
        if _CONFTEST_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_test_module_names_are_unique_across_the_ingest_folders():
    names = [p.name for f in FOLDERS for p in (TESTS / f).rglob("test_*.py")]
    assert len(names) == len(set(names))
