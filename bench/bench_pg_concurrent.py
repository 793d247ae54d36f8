"""Concurrent ingest into one PostgreSQL workspace: two ``counterpoint ingest`` processes.

    .venv/bin/python bench/bench_pg_concurrent.py               # 2 x 5,000 articles
    .venv/bin/python bench/bench_pg_concurrent.py --n 1000      # a quick run

Starts a throwaway PostgreSQL server on 127.0.0.1 (tests/postgres/pgserver.py; Debian's
``postgresql`` package), then, each into a fresh database:

1. one process ingesting ``a.jsonl`` then ``b.jsonl`` (the baseline);
2. two processes at once, one per file, while this process polls the article count.

The two files overlap: 20% of b's texts are also in a (same article, different source), so the
duplicate path is exercised under contention, and 10% of b are near-copies of a's articles
(a sentence added), which the two processes must link exactly as the one process does.
Reported: wall time, articles/s, and the checks (articles == distinct texts, zero duplicated
ids, every source recorded once, no source pointing at a missing article, the same
near-duplicate pairs as one process). Written to ``bench/out/bench_pg_concurrent.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "tests" / "ray"))
sys.path.insert(0, str(ROOT / "tests" / "postgres"))


def _ingest(url: str, *paths: Path) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    # Output to files, not pipes: the --json report of a big run outgrows a pipe's buffer,
    # and a child blocked writing it would never exit while we poll.
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")  # noqa: SIM115
    p = subprocess.Popen(
        [sys.executable, "-m", "counterpoint.cli.main", "--db", url, "ingest", "--json",
         *map(str, paths)],
        stdout=out, stderr=err, text=True, env=env,
    )
    p.out_file, p.err_file = out, err
    return p


def _finish(p: subprocess.Popen) -> tuple[int, str, str]:
    p.wait()
    p.out_file.seek(0)
    p.err_file.seek(0)
    return p.returncode, p.out_file.read(), p.err_file.read()


def _checks(url: str) -> dict:
    from counterpoint.store import open_workspace

    ws = open_workspace(url)
    with ws.read() as conn:
        q = conn.exec_driver_sql
        out = {
            "articles": q("SELECT count(*) FROM articles").scalar(),
            "duplicated_ids": q("SELECT count(*) FROM (SELECT id FROM articles GROUP BY id "
                                "HAVING count(*) > 1) d").scalar(),
            "duplicated_texts": q("SELECT count(*) FROM (SELECT md5(text) FROM articles "
                                  "GROUP BY md5(text) HAVING count(*) > 1) d").scalar(),
            "sources": q("SELECT count(*) FROM ingest_sources").scalar(),
            "sources_without_article": q(
                "SELECT count(*) FROM ingest_sources s LEFT JOIN articles a "
                "ON a.id = s.article_id WHERE a.id IS NULL").scalar(),
            # near-duplicate pairs named by their texts (ids are the same either way)
            "near_duplicate_pairs": sorted(
                (x, y) for x, y in q(
                    "SELECT md5(a.text), md5(b.text) FROM near_duplicates n "
                    "JOIN articles a ON a.id = n.article_id JOIN articles b ON b.id = n.other_id "
                    "WHERE n.article_id < n.other_id").all()),
        }
    ws.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="articles per file (two files)")
    args = ap.parse_args()

    from pgserver import LocalPostgres, find_bin_dir
    from synth import write_jsonl

    if find_bin_dir() is None:
        print("PostgreSQL server binaries not found (apt-get install postgresql); skipped")
        return
    n = args.n
    overlap = n // 5
    results: dict = {"n_per_file": n, "overlap": overlap, "cpus": os.cpu_count(),
                     "load_average_at_start": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp, LocalPostgres() as pg:
        tmp = Path(tmp)
        a = write_jsonl(tmp / "a.jsonl", n, seed=1, start=0)
        b = write_jsonl(tmp / "b.jsonl", n - n // 10, seed=1, start=n - overlap)
        # and n/10 near-copies (a sentence added) of a's articles, which the two processes
        # must link as one process does
        copies = [dict(json.loads(line), id=f"copy{i}") for i, line in
                  enumerate(a.read_text().splitlines()[: n // 10])]
        with open(b, "a", encoding="utf-8") as f:
            for c in copies:
                c["text"] += "\n\nThis story has been updated."
                f.write(json.dumps(c) + "\n")
        texts = set()
        for p in (a, b):
            texts |= {json.loads(line)["text"] for line in p.read_text().splitlines()}
        results["distinct_texts"] = len(texts)

        url = pg.create_database("serial")
        t0 = time.perf_counter()
        p = _ingest(url, a, b)
        code, out, err = _finish(p)
        serial_s = time.perf_counter() - t0
        assert code == 0, err
        one = _checks(url)
        pairs_one = one.pop("near_duplicate_pairs")
        results["one_process"] = {"seconds": round(serial_s, 2),
                                  "articles_per_s": round(len(texts) / serial_s, 1),
                                  "near_duplicate_pairs": len(pairs_one),
                                  "load_average": os.getloadavg(), **one}
        print("one process:", results["one_process"], flush=True)

        url = pg.create_database("concurrent")
        from counterpoint.store import open_workspace

        open_workspace(url).close()  # migrate first, as a shared workspace would be
        t0 = time.perf_counter()
        procs = [_ingest(url, a), _ingest(url, b)]
        ws = open_workspace(url)
        polls, read_ms = [], []
        while any(p.poll() is None for p in procs):
            r0 = time.perf_counter()
            polls.append(ws.count_articles())
            read_ms.append((time.perf_counter() - r0) * 1000)
            time.sleep(0.2)
        ws.close()
        conc_s = time.perf_counter() - t0
        reports = []
        for p in procs:
            code, out, err = _finish(p)
            assert code == 0, err
            reports.append(json.loads(out))
        checks = _checks(url)
        pairs_two = checks.pop("near_duplicate_pairs")
        checks["near_duplicate_pairs"] = len(pairs_two)
        checks["near_duplicate_pairs_as_one_process"] = pairs_two == pairs_one
        results["two_processes"] = {
            "seconds": round(conc_s, 2),
            "articles_per_s": round(len(texts) / conc_s, 1),
            "added_by_each": [r["added"] for r in reports],
            "already_present_by_each": [r["already_present"] for r in reports],
            # serial parts: batch commits (lock waits included), dedup behind the lock
            "commit_seconds_by_each": [r.get("commit_seconds") for r in reports],
            "dedup_behind_lock_seconds_by_each": [r.get("dedup_seconds") for r in reports],
            "reader_polls": len(polls),
            "reader_count_never_decreased": polls == sorted(polls),
            "reader_max_ms": round(max(read_ms), 1) if read_ms else None,
            "load_average": os.getloadavg(),
            **checks,
        }
        ok = (checks["articles"] == len(texts) and checks["duplicated_ids"] == 0
              and checks["duplicated_texts"] == 0 and checks["sources_without_article"] == 0
              and checks["sources"] == 2 * n
              and checks["near_duplicate_pairs_as_one_process"])
        results["two_processes"]["ok"] = ok
        print("two processes:", results["two_processes"], flush=True)
    results["speedup"] = round(serial_s / conc_s, 2)
    results["load_average_at_end"] = os.getloadavg()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_pg_concurrent.json").write_text(json.dumps(results, indent=2))
    print(f"speed-up of two processes over one: {results['speedup']}x")
    print(f"written to {OUT / 'bench_pg_concurrent.json'}")


if __name__ == "__main__":
    main()
