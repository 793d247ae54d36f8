"""Ingest throughput (articles/s) and peak memory for text files, HTML files and a JSONL corpus.

    .venv/bin/python bench/bench_ingest.py              # 10,000 articles in all (a third each)
    .venv/bin/python bench/bench_ingest.py --n 1500     # a quick run
    .venv/bin/python bench/bench_ingest.py --tracemalloc  # also Python-heap peaks (slower)

Articles are generated in a temp dir from the two seed articles with perturbations (sentences
sampled and reordered, words swapped, outlets, dates and furniture varied), so that every
article is distinct and cleaning has real debris to remove. Each format is ingested by a fresh
child process into a fresh workspace through :func:`counterpoint.ingest.pipeline.ingest` (the
code path of ``counterpoint ingest``), so that peak RSS (``ru_maxrss`` of that process) is
per format. A second, immediate
re-run of each measures the resume path (every source already done).

Results are printed and written to ``bench/out/bench_ingest.json``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
OUT = ROOT / "bench" / "out"

OUTLETS = [
    ("The Jerusalem Post", "jpost.com", "Jerusalem Post Store"),
    ("Al Jazeera", "aljazeera.com", "Follow Al Jazeera English"),
    ("Reuters", "reuters.com", "Reporting by Reuters staff"),
    ("The Times of Israel", "timesofisrael.com", "Times of Israel Community"),
    ("Middle East Eye", "middleeasteye.net", "Sign up for the Middle East Eye newsletter"),
]
SWAPS = {
    "Saturday": ["Sunday", "Friday"],
    "officials": ["sources", "leaders"],
    "pressure": ["pressures", "calls"],
    "decision": ["move", "resolution"],
    "nine": ["ten", "eight"],
    "stressed": ["said", "insisted"],
}
FURNITURE = ["Share this article", "Subscribe to our newsletter", "Read more:", "Advertisement"]
CODE_TAIL = '`; document.getElementById("linkPremium").innerHTML = cont; (function (v, i) { });'


# --------------------------------------------------------------------------- generation


def _seed_sentences() -> list[str]:
    sents: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines()[:-2]:
            sents += [s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) > 6]
    return sents


class Generator:
    """Distinct, realistic-looking articles derived from the seeds."""

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)
        self.sents = _seed_sentences()

    def article(self, i: int) -> dict:
        rng = self.rng
        paras = []
        for _ in range(rng.randint(6, 12)):
            s = rng.choice(self.sents)
            for word, alts in SWAPS.items():
                if word in s and rng.random() < 0.3:
                    s = s.replace(word, rng.choice(alts), 1)
            paras.append(s)
        paras.append(f"The talks, number {i} in the series, will resume next week, officials said.")
        outlet, domain, signature = rng.choice(OUTLETS)
        date = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = f"{rng.choice(self.sents)[:70].rstrip()} ({i})"
        return {
            "i": i,
            "title": title,
            "paras": paras,
            "outlet": outlet,
            "domain": domain,
            "signature": signature,
            "date": date,
            "url": f"https://www.{domain}/news/{i}",
        }

    def as_text(self, a: dict) -> str:
        lines = [a["title"], *a["paras"]]
        if self.rng.random() < 0.5:
            lines.insert(self.rng.randint(2, len(lines)), self.rng.choice(FURNITURE))
        lines.append(a["signature"])
        if self.rng.random() < 0.3:
            lines.append(CODE_TAIL)
        return "\n".join(lines) + "\n"

    def as_html(self, a: dict) -> str:
        e = html.escape
        body = "\n".join(f"<p>{e(p)}</p>" for p in a["paras"])
        return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{e(a["title"])} | {e(a["outlet"])}</title>
<meta property="og:site_name" content="{e(a["outlet"])}">
<meta property="og:title" content="{e(a["title"])}">
<meta property="article:published_time" content="{a["date"]}T09:00:00Z">
<link rel="canonical" href="{a["url"]}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/world">World</a></nav>
<article><h1>{e(a["title"])}</h1><p class="byline">By Staff Writer</p>
{body}
</article><aside><h3>Most read</h3><ul><li><a href="/a">Another story</a></li></ul></aside>
<footer><p>{e(a["signature"])}</p><p>Subscribe to our newsletter</p></footer></body></html>"""

    def as_record(self, a: dict) -> dict:
        return {
            "id": a["i"],
            "title": a["title"],
            "text": "\n".join(a["paras"]),
            "date": a["date"],
            "url": a["url"],
            "outlet": a["outlet"],
        }


def generate(root: Path, counts: dict[str, int]) -> dict[str, list[str]]:
    """Write each format's articles under ``root``; return the ingest specs per format."""
    gen = Generator()
    specs: dict[str, list[str]] = {}
    i = 0
    if counts.get("text"):
        d = root / "text"
        d.mkdir()
        for _ in range(counts["text"]):
            (d / f"{i:06d}.txt").write_text(gen.as_text(gen.article(i)), encoding="utf-8")
            i += 1
        specs["text"] = [str(d)]
    if counts.get("html"):
        d = root / "html"
        d.mkdir()
        for _ in range(counts["html"]):
            (d / f"{i:06d}.html").write_text(gen.as_html(gen.article(i)), encoding="utf-8")
            i += 1
        specs["html"] = [str(d)]
    if counts.get("jsonl"):
        path = root / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for _ in range(counts["jsonl"]):
                fh.write(json.dumps(gen.as_record(gen.article(i)), ensure_ascii=False) + "\n")
                i += 1
        specs["jsonl"] = [str(path)]
    return specs


# --------------------------------------------------------------------------- measuring


def child(specs: list[str], db: str, batch_size: int, trace: bool, workers: int = 1) -> None:
    """Runs in a fresh process: ingest twice (fresh, then resume) and print JSON numbers."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if trace:
        import tracemalloc

        tracemalloc.start()
    t0 = time.perf_counter()
    from counterpoint.ingest.pipeline import ingest
    from counterpoint.store import open_workspace

    ws = open_workspace(db)
    import_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    c1 = time.process_time()
    first = ingest(specs, ws, batch_size=batch_size, workers=workers)
    first_s = time.perf_counter() - t1
    first_cpu = time.process_time() - c1  # this process only (not --workers children)
    t2 = time.perf_counter()
    second = ingest(specs, ws, batch_size=batch_size, workers=workers)
    second_s = time.perf_counter() - t2
    out = {
        "startup_s": round(import_s, 2),
        "seconds": round(first_s, 2),
        "processed": first.processed,
        "added": first.added,
        "already_present": first.already_present,
        "rejected": len(first.rejected),
        "rejection_examples": [r.model_dump() for r in first.rejected[:3]],
        "near_duplicate_links": first.near_duplicates_linked,
        "near_duplicate_detection": first.near_duplicate_detection,
        "articles_per_s": round(first.added / first_s, 1) if first_s else None,
        # Wall-clock rates depend on what else the machine runs; CPU-time rates much less.
        "cpu_seconds": round(first_cpu, 2),
        "articles_per_cpu_s": round(first.added / first_cpu, 1)
        if first_cpu and workers == 1
        else None,
        "inputs_per_s": round(first.processed / first_s, 1) if first_s else None,
        "rerun_seconds": round(second_s, 2),
        "rerun_added": second.added,
        "rerun_inputs_per_s": round(second.processed / second_s, 1) if second_s else None,
        "db_mb": round(
            sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) / 2**20, 1
        ),
        "integrity": ws.integrity_check(),
        "workers": workers,
        # ru_maxrss is in KiB on Linux: the whole process's peak, interpreter and models included
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if trace:
        import tracemalloc

        out["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    ws.close()
    print(json.dumps(out))


def bench_store(n: int, tmp: Path, batch_size: int) -> dict:
    """The workspace alone: commit ``n`` ready-made articles in batches, then search them.

    Separates the storage layer's cost from cleaning's (which dominates ingest).
    """
    from counterpoint.models import Article, Removal, article_id
    from counterpoint.store import SourceRecord, open_workspace

    gen = Generator(seed=1)
    arts = []
    for i in range(n):
        a = gen.article(i)
        raw = gen.as_text(a)
        text = "\n".join(a["paras"])
        arts.append(
            Article(
                id=article_id(text),
                text=text,
                raw_text=raw,
                source=f"s{i}",
                kind="text",
                headline=a["title"],
                outlet=a["outlet"],
                published=a["date"],
                word_count=len(text.split()),
                removals=[
                    Removal(start=0, end=len(a["title"]), reason="headline", text=a["title"])
                ],
            )
        )
    ws = open_workspace(tmp / "store_only.db")
    t = time.perf_counter()
    c = time.process_time()
    for k in range(0, n, batch_size):
        chunk = arts[k : k + batch_size]
        ws.commit_batch(
            chunk,
            sources=[SourceRecord(a.source, a.id) for a in chunk],
            signatures={a.id: b"\0" * 1024 for a in chunk},
        )
    write_s = time.perf_counter() - t
    write_cpu = time.process_time() - c
    queries = [
        "security coordination",
        "Ramallah",
        "Abbas Blinken",
        '"international arena"',
        "Jenin",
    ]
    t = time.perf_counter()
    hits = 0
    for _ in range(20):
        for q in queries:
            hits += len(ws.search(q, limit=20))
    search_ms = (time.perf_counter() - t) / (20 * len(queries)) * 1000
    t = time.perf_counter()
    got = sum(1 for _ in ws.iter_articles(batch_size=500))
    iter_s = time.perf_counter() - t
    ws.close()
    return {
        "articles": n,
        "write_articles_per_s": round(n / write_s, 1),
        "write_articles_per_cpu_s": round(n / write_cpu, 1),
        "search_ms": round(search_ms, 2),
        "iter_articles_per_s": round(got / iter_s, 1),
    }


def run_format(
    name: str, specs: list[str], tmp: Path, batch_size: int, trace: bool, workers: int
) -> dict:
    db = str(tmp / f"{name}.db")
    cmd = [
        sys.executable,
        __file__,
        "--child",
        db,
        "--batch-size",
        str(batch_size),
        "--workers",
        str(workers),
        *specs,
    ]
    if trace:
        cmd.append("--tracemalloc")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{name}: child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--n", type=int, default=10_000, help="articles in all, split evenly over formats"
    )
    ap.add_argument(
        "--formats", default="text,html,jsonl", help="comma-separated; empty: storage only"
    )
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--workers", type=int, default=1, help="cleaning processes (ingest --workers)")
    ap.add_argument("--tracemalloc", action="store_true", help="also measure the Python heap peak")
    ap.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    ap.add_argument("specs", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.specs, args.child, args.batch_size, args.tracemalloc, args.workers)
        return

    formats = [f for f in args.formats.split(",") if f]
    per = {
        f: args.n // len(formats) + (1 if i < args.n % len(formats) else 0)
        for i, f in enumerate(formats)
    }
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmpdir:
        tmp = Path(tmpdir)
        t = time.perf_counter()
        specs = generate(tmp, per)
        gen_s = time.perf_counter() - t
        print(f"generated {sum(per.values())} articles {per} in {gen_s:.1f} s", file=sys.stderr)
        for name in formats:
            print(f"ingesting {per[name]} {name} articles ...", file=sys.stderr)
            results[name] = run_format(
                name, specs[name], tmp, args.batch_size, args.tracemalloc, args.workers
            )
        print("storage layer alone ...", file=sys.stderr)
        store = bench_store(args.n, tmp, args.batch_size)
    total_added = sum(r["added"] for r in results.values())
    total_s = sum(r["seconds"] for r in results.values())
    summary = {
        "n": args.n,
        "per_format": per,
        "batch_size": args.batch_size,
        "workers": args.workers,
        "cpu_count": os.cpu_count(),
        "results": results,
        "overall_articles_per_s": round(total_added / total_s, 1) if total_s else None,
        "max_peak_rss_mb": max((r["peak_rss_mb"] for r in results.values()), default=None),
        "store_only": store,
        "load_average_1min": round(os.getloadavg()[0], 2),  # other work on the machine
    }
    OUT.mkdir(parents=True, exist_ok=True)
    # One file per configuration, so a partial run never overwrites the full one.
    suffix = "" if formats == ["text", "html", "jsonl"] else "_" + "_".join(formats or ["store"])
    suffix += f"_w{args.workers}" if args.workers > 1 else ""
    (OUT / f"bench_ingest{suffix}.json").write_text(json.dumps(summary, indent=2))
    print(
        f"{'format':<7} {'articles':>8} {'added':>6} {'rejected':>8} {'seconds':>8} {'art/s':>7} {'art/cpu-s':>9} "
        f"{'rerun s':>8} {'peak RSS MB':>11} {'DB MB':>6}"
    )
    for name, r in results.items():
        print(
            f"{name:<7} {r['processed']:>8} {r['added']:>6} {r['rejected']:>8} {r['seconds']:>8} "
            f"{r['articles_per_s'] or 0:>7} {r['articles_per_cpu_s'] or '-':>9} {r['rerun_seconds']:>8} {r['peak_rss_mb']:>11} {r['db_mb']:>6}"
        )
    print(
        f"storage alone: {store['write_articles_per_s']} articles/s written "
        f"({store['write_articles_per_cpu_s']} per CPU-second), "
        f"search {store['search_ms']} ms/query, read back {store['iter_articles_per_s']} articles/s"
    )
    print(
        f"overall: {summary['overall_articles_per_s']} articles/s, max peak RSS "
        f"{summary['max_peak_rss_mb']} MB; written to {OUT}"
    )


if __name__ == "__main__":
    main()
