"""Grouping throughput and peak memory at 10,000 / 30,000 / 100,000 articles.

    .venv/bin/python bench/bench_stories.py [--sizes 10000,30000] [--features-only]

Articles are real texts from ``../shared/data`` (AllSides, ECB+, BASIL, PolNeAR) reused with
perturbations: each copy drops and reorders some sentences and is dated weeks after the
previous copy, so the index fills with similar-but-out-of-window articles (the hard case for
candidate search). Each size runs in a fresh process (peak RSS is per process). Reported:
features (encoder + terms + names) and assignment separately, articles/s, the per-article
assignment cost at the start and at the end of the run (it must not grow), peak memory.
Results go to ``bench/out/bench_stories.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SOURCES = ["stories-allsides.jsonl", "stories-ecbplus.jsonl", "framing-basil.jsonl",
           "quotes-polnear-train.jsonl"]


def base_texts() -> list[tuple[str, str | None]]:
    out = []
    for name in SOURCES:
        path = DATA / name
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            r = json.loads(line)
            if len(r.get("text") or "") > 200:
                out.append((r["text"][:6000], r.get("title")))
    return out


def corpus(n: int, seed: int = 0):
    """``n`` articles: copy k of a base text is perturbed and dated ~3 weeks after copy k-1."""
    from datetime import date, timedelta

    from counterpoint.models import Article, article_id

    rng = random.Random(seed)
    bases = base_texts()
    start = date(2015, 1, 1)
    out = []
    for i in range(n):
        copy, b = divmod(i, len(bases))
        text, title = bases[b]
        if copy:
            sents = re.split(r"(?<=[.!?])\s+", text)
            keep = [s for s in sents if rng.random() > 0.2] or sents
            if len(keep) > 3:
                j = rng.randrange(1, len(keep) - 1)
                keep[j], keep[j + 1] = keep[j + 1], keep[j]
            text = " ".join(keep)
        day = start + timedelta(days=(b % 300) + copy * 21)
        out.append(Article(id=article_id(f"{i}:{text}"), text=text, raw_text=text,
                           source=f"bench:{i}", kind="text", headline=title,
                           published=day.isoformat()))
    rng.shuffle(out)
    out.sort(key=lambda a: a.published)
    return out


def run_one(n: int, batch: int = 512) -> dict:
    from counterpoint.stories.features import FeatureExtractor
    from counterpoint.stories.grouping import Grouper

    t0 = time.perf_counter()
    articles = corpus(n)
    t_corpus = time.perf_counter() - t0
    fx = FeatureExtractor()
    fx.extract(articles[:8])  # load the model outside the timing
    g = Grouper()
    t_feat = t_assign = 0.0
    cpu0 = time.process_time()
    per_batch = []
    seq = 0
    for s in range(0, n, batch):
        chunk = articles[s : s + batch]
        t = time.perf_counter()
        feats = fx.extract(chunk, first_seq=seq)
        t_feat += time.perf_counter() - t
        seq += len(feats)
        t = time.perf_counter()
        for f in feats:
            g.assign(f)
        dt = time.perf_counter() - t
        t_assign += dt
        per_batch.append(1000 * dt / len(chunk))
    total = t_feat + t_assign
    cpu = time.process_time() - cpu0
    load = os.getloadavg()[0]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    k = max(1, len(per_batch) // 10)
    return {
        "articles": n,
        "stories": len(g.stories),
        "seconds_total": round(total, 1),
        "articles_per_s": round(n / total, 1),
        "features_ms_per_article": round(1000 * t_feat / n, 2),
        "assign_ms_per_article": round(1000 * t_assign / n, 3),
        "assign_ms_first_10pct": round(sum(per_batch[:k]) / k, 3),
        "assign_ms_last_10pct": round(sum(per_batch[-k:]) / k, 3),
        "peak_rss_mb": round(peak_mb),
        # CPU seconds used (both threads): on a shared machine wall time mostly measures the
        # neighbours; CPU time / 2 is what the run would take on 2 idle cores.
        "cpu_seconds": round(cpu, 1),
        "idle_2core_estimate_s": round(cpu / 2, 1),
        "load_average_at_end": round(load, 1),
        "corpus_build_s": round(t_corpus, 1),
    }


def run_assign_only(n: int, n_base: int = 1500, seed: int = 0) -> dict:
    """Assignment alone at size ``n``: features of ``n_base`` real articles are computed once
    (cached in bench/out), then copied with noise — vector jitter, a random 80% of the terms,
    dates three weeks further per copy — so that the index and the name blocks grow to ``n``
    with realistic near-neighbours. Shows how the per-article assignment cost grows."""
    import pickle

    import numpy as np

    from counterpoint.stories.features import ArticleFeatures, FeatureExtractor
    from counterpoint.stories.grouping import Grouper

    cache = OUT / f"stories_base_features_{n_base}.pkl"
    if cache.exists():
        base = pickle.loads(cache.read_bytes())
    else:
        base = FeatureExtractor().extract(corpus(n_base))
        OUT.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(base))
    rng = np.random.default_rng(seed)
    g = Grouper()
    per_block, t_all, cpu0 = [], 0.0, time.process_time()
    block = max(1, n // 20)
    feats = []
    for i in range(n):
        copy, b = divmod(i, len(base))
        f = base[b]
        if copy:
            v = f.vector + rng.normal(0, 0.02, f.vector.shape).astype(np.float32)
            keep = rng.random(len(f.term_ids)) < 0.8
            f = ArticleFeatures(article_id=f"{f.article_id}:{copy}", seq=i, headline=f.headline,
                                outlet=f.outlet, day=None if f.day is None else f.day + 21 * copy,
                                date_note=f.date_note, vector=v / np.linalg.norm(v),
                                term_ids=f.term_ids[keep], term_tf=f.term_tf[keep],
                                names=f.names)
        else:
            f = ArticleFeatures(**{**f.__dict__, "seq": i})
        feats.append(f)
    for s0 in range(0, n, block):
        t = time.perf_counter()
        for f in feats[s0 : s0 + block]:
            g.assign(f)
        dt = time.perf_counter() - t
        t_all += dt
        per_block.append(round(1000 * dt / len(feats[s0 : s0 + block]), 3))
    cpu = time.process_time() - cpu0
    return {
        "articles": n, "mode": "assign-only", "stories": len(g.stories),
        "assign_seconds": round(t_all, 1), "assign_cpu_seconds": round(cpu, 1),
        "assign_ms_per_article_by_5pct_block": per_block,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average_at_end": round(os.getloadavg()[0], 1),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size
    ap.add_argument("--assign-only", action="store_true",
                    help="time assignment alone on noisy copies of real features")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"bench_stories: {DATA} is absent; nothing to run (this is not an error).")
        return 0
    if args.one:
        print(json.dumps(run_assign_only(args.one) if args.assign_only else run_one(args.one)))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for n in [int(x) for x in args.sizes.split(",")]:
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--assign-only"] if args.assign_only else [])
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-2000:])
            return 1
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(r)
        if args.assign_only:
            print(f"{n:>7} articles, assignment only: {r['assign_seconds']} s wall, "
                  f"{r['assign_cpu_seconds']} s CPU, ms/article by 5% block "
                  f"{r['assign_ms_per_article_by_5pct_block']}, peak {r['peak_rss_mb']} MB, "
                  f"load average {r['load_average_at_end']}", flush=True)
            (OUT / "bench_stories_assign.json").write_text(json.dumps(results, indent=2))
            continue
        print(f"{n:>7} articles: {r['seconds_total']:>7.1f} s  {r['articles_per_s']:>6.1f}/s  "
              f"features {r['features_ms_per_article']} ms/article, assign "
              f"{r['assign_ms_per_article']} ms/article (first 10% {r['assign_ms_first_10pct']}, "
              f"last 10% {r['assign_ms_last_10pct']})  peak {r['peak_rss_mb']} MB  "
              f"{r['stories']} stories; CPU {r.get('cpu_seconds')} s, "
              f"load average {r.get('load_average_at_end')}", flush=True)
        (OUT / "bench_stories.json").write_text(json.dumps(results, indent=2))
    if len(results) >= 2 and results[-1]["articles"] < 100_000:
        a, b = results[-2], results[-1]
        per = b["seconds_total"] / b["articles"]
        print(f"EXTRAPOLATED (not measured): 100,000 articles at the {b['articles']}-article rate "
              f"= {per * 100_000 / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
