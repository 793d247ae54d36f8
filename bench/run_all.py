"""Run every benchmark in this folder, one after another (``make bench``).

Benchmarks report numbers (and write them as JSON under ``bench/out/``); they are never tests.
``python bench/run_all.py bench_ingest bench_web`` runs only those.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

_spec = importlib.util.spec_from_file_location("_run_all", HERE.parent / "eval" / "run_all.py")
_runner = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_runner)

if __name__ == "__main__":
    sys.exit(_runner.run_folder(HERE, sys.argv[1:]))
