"""HTML extraction speed (pages/s) and peak memory: our extract_html beside single extractors.

    .venv/bin/python bench/bench_extraction.py                 # every extractor, best of 3 rounds
    .venv/bin/python bench/bench_extraction.py --only ours --rounds 5

Pages: the 91 real pages of ``../shared/data/extraction-scrapinghub.jsonl`` when present,
otherwise the repository's own sample page (``tests/readers/samples/news_article.html``).
Each extractor runs in a fresh child process, so its peak RSS (``ru_maxrss``) is its own; the
rate is the best of ``--rounds`` passes over all pages (the machine is shared, and the best
round is the one least disturbed by other work), by wall clock and by the process's CPU time.
Results go to ``bench/out/bench_extraction.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

# The extractors and the data location are the evaluation's own, so both measure the same code.
import eval_extraction

OUT = ROOT / "bench" / "out" / "bench_extraction.json"
SAMPLE = ROOT / "tests" / "readers" / "samples" / "news_article.html"


def _pages() -> tuple[list[tuple[str, str]], str]:
    if eval_extraction.DATA.exists():
        rows = [json.loads(line) for line in eval_extraction.DATA.open(encoding="utf-8")]
        return [(r["html"], r["url"]) for r in rows], f"{len(rows)} scrapinghub pages"
    html = SAMPLE.read_text(encoding="utf-8")
    return [(html, "https://www.riverside-gazette.example/x")] * 50, "the sample page x50 (../shared/data absent)"


def child(name: str, rounds: int) -> dict:
    pages, _ = _pages()
    fn = eval_extraction.EXTRACTORS[name]
    fn(*pages[0])  # imports and lazy tables are start-up cost, not per-page cost
    best_wall = best_cpu = float("inf")
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        for html, url in pages:
            fn(html, url)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return {
        "pages": len(pages),
        "rounds": rounds,
        "pages_per_s": round(len(pages) / best_wall, 1),
        "pages_per_cpu_s": round(len(pages) / best_cpu, 1),
        "ms_per_page": round(1000 * best_cpu / len(pages), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(eval_extraction.EXTRACTORS))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.rounds)))
        return 0
    _, what = _pages()
    print(f"extraction benchmark on {what}, best of {args.rounds} rounds, one process per extractor")
    print(f"{'extractor':<24}{'pages/s':>9}{'/cpu-s':>9}{'ms/page':>9}{'peak RSS MB':>13}")
    results = {}
    for name in args.only.split(","):
        proc = subprocess.run(
            [sys.executable, __file__, "--child", name, "--rounds", str(args.rounds)],
            capture_output=True, text=True, check=True,
        )
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        results[name] = res
        print(f"{name:<24}{res['pages_per_s']:9.1f}{res['pages_per_cpu_s']:9.1f}{res['ms_per_page']:9.2f}{res['peak_rss_mb']:13.1f}", flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"pages": what, "results": results}, indent=1))
    print(f"written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
