"""Latency of comparing one story of N articles (default 10), warm (models loaded).

The story is built from the two seed reports: each article keeps a different ~75% of one seed's
sentences (fixed random seed), so the articles are related, not copies, and alignment, quotes and
framing all have work to do. Two figures, median of --repeat runs after one warm-up:

* end to end: ``compare_articles(articles)`` including the analysis stage;
* comparison only: ``compare_articles(articles, analyses, vectors=...)`` with the analyses and
  sentence vectors precomputed (what ``counterpoint story show`` pays when the workspace holds
  them).

    .venv/bin/python bench/bench_compare.py [--articles 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "out"


def story(n: int):
    from counterpoint.models import Article, article_id

    seeds = []
    for name in ("000_95383a19cb279dd7.txt", "004_0b82b473876b18de.txt"):
        text = (ROOT / "examples" / "seeds" / name).read_text(encoding="utf-8")
        if "Jerusalem Post Store" in text:
            text = text[: text.index("Jerusalem Post Store")]
        seeds.append([line for line in text.splitlines() if line.strip()])
    rng = random.Random(4)
    articles = []
    for i in range(n):
        lines = seeds[i % 2]
        keep = [line for line in lines if rng.random() < 0.75] or lines
        text = "\n".join(keep)
        articles.append(Article(id=article_id(text), text=text, raw_text=text, source=f"bench:{i}",
                                kind="text", outlet=f"Outlet {i}", language="en",
                                word_count=len(text.split())))
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from counterpoint.analysis.pipeline import analyze_articles
    from counterpoint.compare import compare_articles

    articles = story(args.articles)
    t = time.perf_counter()
    compare_articles(articles[:2])  # warm-up: loads spaCy, the encoder, the analysis stages
    load = time.perf_counter() - t

    end_to_end, compare_only, analysis = [], [], []
    findings = 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        comparison = compare_articles(articles)
        end_to_end.append(time.perf_counter() - t)
        t = time.perf_counter()
        results = analyze_articles(articles)
        analyses, vectors = [r.analysis for r in results], [r.vectors for r in results]
        analysis.append(time.perf_counter() - t)
        t = time.perf_counter()
        comparison = compare_articles(articles, analyses, vectors=vectors)
        compare_only.append(time.perf_counter() - t)
        findings = len(comparison.findings)
    result = {
        "articles": args.articles,
        "characters": sum(len(a.text) for a in articles),
        "findings": findings,
        "warmup_seconds": round(load, 2),
        "end_to_end_seconds_median": round(statistics.median(end_to_end), 2),
        "analysis_only_seconds_median": round(statistics.median(analysis), 2),
        "comparison_only_seconds_median": round(statistics.median(compare_only), 2),
        "runs": {"end_to_end": [round(x, 2) for x in end_to_end],
                 "analysis_only": [round(x, 2) for x in analysis],
                 "comparison_only": [round(x, 2) for x in compare_only]},
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=2))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"compare_{args.articles}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
