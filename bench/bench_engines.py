"""``--engine local`` vs ``--engine ray`` on this machine: articles/s, per worker, serial parts.

    .venv/bin/python bench/bench_engines.py                       # 10,000 ingest, 300 analysed
    .venv/bin/python bench/bench_engines.py --n 2000 --analyse 100  # a quick run

Two measurements, each into a fresh SQLite workspace from the same synthetic JSONL
(tests/ray/synth.py: distinct articles, several outlets per event):

1. **ingest only** (read, clean, describe, MinHash, store) of all ``--n`` articles: local with
   1 and 2 worker processes, Ray with 1 and 2 prepare actors (``analyse=False``).
2. **ingest + analysis + embedding** of the first ``--analyse`` articles: local (ingest, then
   the analysis pipeline in this process, as ``counterpoint reanalyze`` does) and Ray (prepare
   and analysis actors, 1 and 2 of each). Analysis is ~100x slower than cleaning, so 10,000
   analysed articles would take most of an hour on two shared cores; the sample says the rate.

For Ray the report splits the wall time into the driver's serial parts (listing the inputs,
the near-duplicate index and database writes) and the parallel stages (reading - the JSONL
file split in ``--split-bytes`` ranges -, cleaning, analysis); per-worker throughput
and Amdahl's law then give what a cluster would do. Ray's start-up (``ray.init``) is excluded
and reported apart; actor start-up (model loading) is included, as a real run pays it.

Results are printed and written to ``bench/out/bench_engines.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "tests" / "ray"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def _local(corpus: Path, db: Path, workers: int, analyse: bool) -> dict:
    from counterpoint.ingest.pipeline import ingest
    from counterpoint.store import open_workspace

    ws = open_workspace(db)
    t0 = time.perf_counter()
    report = ingest([corpus], ws, workers=workers)
    ingest_s = time.perf_counter() - t0
    analysis_s = 0.0
    if analyse:
        from counterpoint.analysis.pipeline import analyze_articles

        t1 = time.perf_counter()
        arts = list(ws.iter_articles())
        for i in range(0, len(arts), 32):
            chunk = arts[i : i + 32]
            for r in analyze_articles(chunk, batch_size=32):
                ws.save_analysis(r.analysis, r.vectors)
        analysis_s = time.perf_counter() - t1
    ws.close()
    total = ingest_s + analysis_s
    return {"engine": "local", "workers": workers, "analyse": analyse, "added": report.added,
            "seconds": round(total, 2), "ingest_seconds": round(ingest_s, 2),
            "analysis_seconds": round(analysis_s, 2),
            "articles_per_s": round(report.added / total, 2)}


def _ray(corpus: Path, db: Path, workers: int, analyse: bool, split_bytes: int) -> dict:
    from counterpoint.ingest.ray_engine import ingest_ray
    from counterpoint.store import open_workspace

    ws = open_workspace(db)
    t0 = time.perf_counter()
    report = ingest_ray([corpus], ws, workers=workers, analyse=analyse, split_bytes=split_bytes)
    total = time.perf_counter() - t0
    ws.close()
    stages = report.stage_seconds
    serial = stages.get("list (driver)", 0) + stages.get("write (driver)", 0)
    parallel = stages.get("read+prepare+analyse (ray)", 0)
    return {"engine": "ray", "workers": workers, "analyse": analyse, "added": report.added,
            "analysed": report.analysed, "seconds": round(total, 2),
            "articles_per_s": round(report.added / total, 2),
            "stage_seconds": {k: round(v, 2) for k, v in stages.items()},
            "serial_seconds": round(serial, 2), "parallel_seconds": round(parallel, 2),
            "serial_fraction": round(serial / total, 3) if total else None}


def _amdahl(row: dict, workers_now: int) -> dict:
    """What N workers would give if the parallel stage scaled linearly from this run."""
    s, p = row["serial_seconds"], row["parallel_seconds"]
    other = row["seconds"] - s - p  # scheduling, start-up not inside a stage
    out = {}
    for n in (2, 8, 32):
        t = s + other + p * workers_now / n
        out[f"{n}_workers_articles_per_s"] = round(row["added"] / t, 1)
    out["ceiling_articles_per_s"] = round(row["added"] / (s + other), 1) if s + other else None
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000,
                    help="articles for the ingest-only runs (0: analysis runs alone)")
    ap.add_argument("--analyse", type=int, default=300,
                    help="articles for the analysis runs (0: ingest-only runs alone)")
    ap.add_argument("--out", default="bench_engines.json", help="file name in bench/out/")
    ap.add_argument("--split-bytes", type=int, default=1 << 20,
                    help="--engine ray reads the JSONL in byte ranges of this size")
    args = ap.parse_args()

    from synth import write_jsonl

    from counterpoint.ingest.ray_engine import init_ray

    results: dict = {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg(),
                     "n_ingest": args.n, "n_analyse": args.analyse,
                     "split_bytes": args.split_bytes, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big = write_jsonl(tmp / "big.jsonl", args.n, seed=11)
        small = write_jsonl(tmp / "small.jsonl", args.analyse, seed=12)
        results["corpus_bytes"] = big.stat().st_size
        t0 = time.perf_counter()
        init_ray(num_cpus=os.cpu_count())
        results["ray_init_seconds"] = round(time.perf_counter() - t0, 2)
        plan = [
            ("local", big, 1, False), ("local", big, 2, False),
            ("ray", big, 1, False), ("ray", big, 2, False),
            ("local", small, 1, True), ("ray", small, 1, True), ("ray", small, 2, True),
        ]
        if not args.analyse:
            plan = [p for p in plan if not p[3]]
        if not args.n:  # --n 0: the analysis runs alone
            plan = [p for p in plan if p[3]]
        for i, (engine, corpus, workers, analyse) in enumerate(plan):
            if engine == "local":
                run = _local(corpus, tmp / f"w{i}.db", workers, analyse)
            else:
                run = _ray(corpus, tmp / f"w{i}.db", workers, analyse, args.split_bytes)
            run["load_average"] = os.getloadavg()
            if engine == "ray":
                run["if_scaled"] = _amdahl(run, workers)
            results["runs"].append(run)
            print(json.dumps(run), flush=True)
    results["load_average_at_end"] = os.getloadavg()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / args.out).write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {OUT / args.out}")
    print(f"{'engine':6} {'workers':>7} {'analyse':>7} {'articles':>8} {'seconds':>8} {'art/s':>8}")
    for r in results["runs"]:
        print(f"{r['engine']:6} {r['workers']:>7} {r['analyse']!s:>7} {r['added']:>8} "
              f"{r['seconds']:>8} {r['articles_per_s']:>8}")


if __name__ == "__main__":
    main()
