"""Run every evaluation in this folder, one after another (``make eval``).

Each script reads ``../shared/data`` and says so clearly when it is absent; each prints its
numbers and writes them as JSON under ``eval/out/``. This runner only sequences them and
lists which ones failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_folder(folder: Path, argv: list[str]) -> int:
    """Run each evaluation or benchmark of ``folder`` (``eval_*.py`` / ``bench_*.py``, or
    only those named in ``argv``); 1 if any failed. Tuning and review tools beside them
    (``fit_story_pairs.py``, ``review_allsides.py``) run only when named."""
    only = set(argv)
    scripts = sorted(
        p
        for p in folder.glob("*.py")
        if p.name != "run_all.py"
        and (p.stem.startswith(("eval_", "bench_")) or p.stem in only)
    )
    failed = []
    for script in scripts:
        if only and script.stem not in only:
            continue
        print(f"\n=== {script.stem} ===", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script)], cwd=folder.parent)
        print(f"--- {script.stem}: exit {rc} in {time.perf_counter() - t0:.0f} s", flush=True)
        if rc != 0:
            failed.append(script.stem)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run_folder(HERE, sys.argv[1:]))
