"""Story grouping against gold clusters: AllSides and ECB+ (development halves).

    .venv/bin/python eval/eval_stories.py [--limit N] [--sweep] [--shuffle SEED]

Each file is grouped all at once, in date order (dated articles by date, then the undated ones
in file order, i.e. arrival order), by the incremental grouper with its default settings.
Reported: B-cubed and pairwise precision / recall / F1, beside a baseline of TF-IDF + average-
link agglomerative clustering whose distance threshold is tuned on the same file (an upper
bound for that baseline: it sees the gold labels). ``--sweep`` also prints our F1 over a range
of thresholds so the sensitivity is visible. Results go to ``eval/out/eval_stories.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "eval" / "out"
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

EXTRACTOR: dict = {}  # FeatureExtractor options (--fast sets the bench's fast encoder)
FILES = {"allsides": "stories-allsides.jsonl", "ecbplus": "stories-ecbplus.jsonl"}


# ----------------------------------------------------------------------------- scoring


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 (Bagga & Baldwin) over the items of ``gold``."""
    pc, gc = defaultdict(set), defaultdict(set)
    for item in gold:
        pc[pred[item]].add(item)
        gc[gold[item]].add(item)
    p = r = 0.0
    for item in gold:
        same = len(pc[pred[item]] & gc[gold[item]])
        p += same / len(pc[pred[item]])
        r += same / len(gc[gold[item]])
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Precision, recall, F1 over all unordered pairs put together."""
    from math import comb

    pc, gc, both = defaultdict(int), defaultdict(int), defaultdict(int)
    for item in gold:
        pc[pred[item]] += 1
        gc[gold[item]] += 1
        both[(pred[item], gold[item])] += 1
    tp = sum(comb(n, 2) for n in both.values())
    pp = sum(comb(n, 2) for n in pc.values())
    gp = sum(comb(n, 2) for n in gc.values())
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def scores(pred, gold) -> dict:
    bp, br, bf = bcubed(pred, gold)
    pp, pr, pf = pairwise(pred, gold)
    r = lambda x: round(x, 4)  # noqa: E731
    return {"bcubed": {"p": r(bp), "r": r(br), "f1": r(bf)},
            "pairwise": {"p": r(pp), "r": r(pr), "f1": r(pf)},
            "clusters": len(set(pred.values()))}


# ----------------------------------------------------------------------------- data


def load(name: str, limit: int | None, shuffle: int | None):
    from dateutil import parser as dateparser

    from counterpoint.models import Article

    rows = [json.loads(line) for line in open(DATA / FILES[name], encoding="utf-8")]
    if limit:
        # keep whole stories so the sample is a fair (smaller) problem
        keep, seen = set(), []
        for r in rows:
            if r["story"] not in keep:
                if len(keep) >= limit:
                    continue
                keep.add(r["story"])
            seen.append(r)
        rows = seen
    if shuffle is not None:
        random.Random(shuffle).shuffle(rows)
    articles, gold = [], {}
    for r in rows:
        published = None
        if r.get("date"):
            try:
                published = dateparser.parse(r["date"]).date().isoformat()
            except (ValueError, OverflowError):
                published = None
        a = Article(id=r["id"], text=r["text"], raw_text=r["text"], source=f"{name}:{r['id']}",
                    kind="jsonl", headline=r.get("title") or None, outlet=r.get("outlet"),
                    published=published)
        articles.append(a)
        gold[a.id] = r["story"]
    dated = sorted((a for a in articles if a.published), key=lambda a: a.published)
    undated = [a for a in articles if not a.published]
    return dated + undated, gold


def features_for(name: str, articles, tag: str):
    from counterpoint.stories.features import FeatureExtractor

    OUT.mkdir(parents=True, exist_ok=True)
    cache = OUT / f"stories_features_{name}_{tag}.pkl"
    if cache.exists():
        feats = pickle.loads(cache.read_bytes())
        if [f.article_id for f in feats] == [a.id for a in articles]:
            return feats, None
    # Features do not depend on arrival order: reuse another order's cache, renumbered.
    for other in OUT.glob(f"stories_features_{name}_*{tag.split('_', 2)[-1]}.pkl"):
        by_id = {f.article_id: f for f in pickle.loads(other.read_bytes())}
        if set(by_id) == {a.id for a in articles}:
            feats = [by_id[a.id] for a in articles]
            for i, f in enumerate(feats):
                f.seq = i
            return feats, None
    t = time.perf_counter()
    feats = FeatureExtractor(**EXTRACTOR).extract(articles)
    dt = time.perf_counter() - t
    cache.write_bytes(pickle.dumps(feats))
    return feats, dt


def group(feats, config, consolidation: bool = True):
    """What ``stories update`` does with a fresh workspace: assign each article in arrival
    order, then one consolidation pass over the stories."""
    from counterpoint.stories.consolidate import consolidate
    from counterpoint.stories.grouping import Grouper

    g = Grouper(config)
    t = time.perf_counter()
    for f in feats:
        g.assign(f)
    if consolidation:
        group.changes = len(consolidate(g))
    return dict(g.story_of), time.perf_counter() - t


# ----------------------------------------------------------------------------- baseline


def baseline(articles, gold) -> dict:
    """TF-IDF + average-link agglomerative clustering, threshold tuned on this file."""
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{a.headline or ''}\n{a.text}" for a in articles]
    X = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(texts)
    D = 1.0 - (X @ X.T).toarray()
    np.clip(D, 0, None, out=D)
    best = None
    for thr in np.arange(0.30, 0.96, 0.025):
        labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                         distance_threshold=float(thr)).fit_predict(D)
        pred = {a.id: str(l) for a, l in zip(articles, labels)}
        s = scores(pred, gold)
        if best is None or s["bcubed"]["f1"] > best["bcubed"]["f1"]:
            best = dict(s, threshold=round(float(thr), 3))
    return best


# ----------------------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="only the first N stories of each file (a sample)")
    ap.add_argument("--sweep", action="store_true", help="also print F1 over thresholds")
    ap.add_argument("--shuffle", type=int, help="shuffle arrival order with this seed first")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--files", default="allsides,ecbplus")
    ap.add_argument("--embed-chars", type=int, help="characters of headline + lead to encode")
    ap.add_argument("--quantized", action="store_true", help="int8 encoder (faster)")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"eval_stories: {DATA} is absent; nothing to evaluate (this is not an error).")
        return 0
    from dataclasses import replace

    from counterpoint.stories.grouping import GroupingConfig

    config = GroupingConfig()
    results = {"config": config.__dict__, "files": {}}
    for name in args.files.split(","):
        articles, gold = load(name, args.limit, args.shuffle)
        if args.embed_chars:
            EXTRACTOR["embed_chars"] = args.embed_chars
        if args.quantized:
            EXTRACTOR["quantized"] = True
        tag = f"{args.limit or 'all'}_{args.shuffle if args.shuffle is not None else 'dated'}"
        from counterpoint.stories import features as F

        opts = {"embed_chars": F.EMBED_CHARS, "quantized": F.QUANTIZED, **EXTRACTOR}
        tag += "".join(f"_{k}{v}" for k, v in sorted(opts.items()))
        results["features"] = opts
        feats, feat_s = features_for(name, articles, tag)
        pred, group_s = group(feats, config)
        res = {"articles": len(articles), "gold_stories": len(set(gold.values())),
               "ours": scores(pred, gold), "grouping_seconds": round(group_s, 2),
               "consolidation_changes": getattr(group, "changes", 0)}
        if feat_s is not None:
            res["feature_ms_per_article"] = round(1000 * feat_s / len(articles), 2)
        if args.sweep:
            res["sweep"] = {}
            for thr in [0.20, 0.23, 0.26, 0.29, 0.32, 0.35, 0.38]:
                p, _ = group(feats, replace(config, threshold=thr))
                res["sweep"][thr] = scores(p, gold)["bcubed"]["f1"]
        if not args.no_baseline:
            res["baseline_tfidf_agglomerative"] = baseline(articles, gold)
        results["files"][name] = res
        o, b = res["ours"], res.get("baseline_tfidf_agglomerative")
        print(f"\n== {name}: {len(articles)} articles, {res['gold_stories']} gold stories")
        print(f"  ours      B3 P/R/F1 {o['bcubed']['p']:.3f} {o['bcubed']['r']:.3f} "
              f"{o['bcubed']['f1']:.3f}   pairwise P/R/F1 {o['pairwise']['p']:.3f} "
              f"{o['pairwise']['r']:.3f} {o['pairwise']['f1']:.3f}   stories {o['clusters']}")
        if b:
            print(f"  baseline  B3 P/R/F1 {b['bcubed']['p']:.3f} {b['bcubed']['r']:.3f} "
                  f"{b['bcubed']['f1']:.3f}   pairwise P/R/F1 {b['pairwise']['p']:.3f} "
                  f"{b['pairwise']['r']:.3f} {b['pairwise']['f1']:.3f}   "
                  f"(threshold {b['threshold']} tuned on this file)")
        if args.sweep:
            print("  sweep B3 F1 by threshold:", res["sweep"])
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.limit is None and args.shuffle is None else f"_{tag}"
    (OUT / f"eval_stories{suffix}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
