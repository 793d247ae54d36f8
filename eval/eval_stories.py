"""Story grouping against gold clusters: AllSides and ECB+ (development halves).

    .venv/bin/python eval/eval_stories.py [--limit N] [--sweep] [--shuffle SEED]
        [--set KEY=VALUE] [--thresholds 0.2,0.22] [--errors [N]] [--no-baseline] [--raw]

Each file is grouped all at once, in date order (dated articles by date, then the undated ones
in file order, i.e. arrival order), by the incremental grouper with its default settings and
one consolidation pass. Texts are first cleaned by ingest's cleaner, as ``counterpoint ingest``
does (``--raw`` groups the file's texts as they are). ``eval/fit_story_pairs.py`` refits the
pair weights and measures the ceiling of the pair evidence. Reported: B-cubed and pairwise precision / recall / F1, beside a
baseline of TF-IDF + average-link agglomerative clustering whose distance threshold is tuned
on the same file (an upper bound for that baseline: it sees the gold labels).

Halves: every file is also scored on two disjoint halves of its stories (ECB+ topics 1-17 /
18-35; AllSides the earlier / later half of its stories by first date), cut from the one
whole-file grouping: settings are chosen on ``tune`` and checked on ``check``. ``--sweep``
prints F1 (all / tune / check) over join thresholds; ``--set`` overrides a
:class:`GroupingConfig` field; ``--errors`` prints the worst wrongly merged and wrongly split
pairs with their titles, leads, pair evidence and neighbourhood levels (all of them, up to 200
each, in ``eval/out/eval_stories_errors_<file>.json``). Results go to
``eval/out/eval_stories.json``.
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


def load(name: str, limit: int | None, shuffle: int | None, clean: bool = False):
    """A file's articles in arrival order (dated by date, then the undated in file order) and
    the gold story of each. ``clean``: texts go through ingest's cleaner first
    (:func:`counterpoint.ingest.clean.clean_text`, with the row's title), as
    ``counterpoint ingest`` does before grouping; without it grouping reads the file's texts as
    they are (The Hill's flattened hover cards of other stories' headlines then sit in the
    lead that the encoder reads)."""
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
        text, headline = r["text"], r.get("title") or None
        if clean:
            from counterpoint.ingest.clean import clean_text

            c = clean_text(text, title=headline)
            text, headline = c.text or text, headline or c.headline
        a = Article(id=r["id"], text=text, raw_text=r["text"], source=f"{name}:{r['id']}",
                    kind="jsonl", headline=headline, outlet=r.get("outlet"),
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


def group(feats, config, consolidation: bool = True, cconfig=None):
    """What ``stories update`` does with a fresh workspace: assign each article in arrival
    order, then one consolidation pass over the stories."""
    from counterpoint.stories.consolidate import consolidate
    from counterpoint.stories.grouping import Grouper

    g = Grouper(config)
    t = time.perf_counter()
    for f in feats:
        g.assign(f)
    group.assign_seconds = time.perf_counter() - t
    if consolidation:
        group.changes = len(consolidate(g, cconfig))
    group.grouper = g
    return dict(g.story_of), time.perf_counter() - t


# ----------------------------------------------------------------------------- halves


def halves(name: str, articles, gold) -> dict[str, set[str]]:
    """Two disjoint halves of a file's stories, to tune on one and check on the other.

    ECB+: topics 1-17 / 18-35 (each topic holds both of its same-kind events, so a half keeps
    its hard negatives). AllSides: stories ordered by their first date, first half / second half
    (undated stories go to the half of their position in the file).
    """
    if name == "ecbplus":
        topic = lambda a: int(a.id.split("-", 1)[1].split("_", 1)[0])  # noqa: E731
        a = {x.id for x in articles if topic(x) <= 17}
    else:
        first: dict[str, tuple] = {}
        for i, x in enumerate(articles):
            key = (x.published or "9999", i)
            s = gold[x.id]
            first[s] = min(first.get(s, key), key)
        order = sorted(first, key=lambda s: first[s])
        keep = set(order[: len(order) // 2])
        a = {x.id for x in articles if gold[x.id] in keep}
    return {"tune": a, "check": {x.id for x in articles} - a}


def scores_by_half(pred, gold, parts) -> dict:
    """Scores of one whole-file grouping restricted to each half's articles (the clusters are
    cut to the half: a cross-half wrong merge still counts against the half's precision only
    through its own members)."""
    return {h: scores({a: pred[a] for a in ids}, {a: gold[a] for a in ids})["bcubed"]
            for h, ids in parts.items()}


# ----------------------------------------------------------------------------- errors


def error_analysis(g, feats, gold, articles, limit: int = 40) -> dict:
    """The wrongly merged and wrongly split pairs, with their pair evidence.

    A wrong merge: two articles in one predicted story but different gold stories. A wrong
    split: one gold story over several predicted stories. For each, the pair's evidence as
    the grouper computes it (dense, lexical, names, days, score, shared names).
    """
    from itertools import combinations

    text = {a.id: a.text for a in articles}
    feat = {f.article_id: f for f in feats}
    pred = g.story_of
    by_pred, by_gold = defaultdict(list), defaultdict(list)
    for a in gold:
        by_pred[pred[a]].append(a)
        by_gold[gold[a]].append(a)

    def row(a, b):
        ev = g.pair(feat[a], feat[b])
        return {"a": a, "b": b, "gold": [gold[a], gold[b]], **ev.as_dict(),
                "a_level": round(g.hub_level(a), 3), "b_level": round(g.hub_level(b), 3),
                "a_title": feat[a].headline, "b_title": feat[b].headline,
                "a_lead": text[a][:160].replace("\n", " | "),
                "b_lead": text[b][:160].replace("\n", " | "),
                "a_names": list(feat[a].names)[:12], "b_names": list(feat[b].names)[:12]}

    merged, split = [], []
    for sid, members in by_pred.items():
        for a, b in combinations(members, 2):
            if gold[a] != gold[b]:
                merged.append(row(a, b))
    for gid, members in by_gold.items():
        for a, b in combinations(members, 2):
            if pred[a] != pred[b]:
                split.append(row(a, b))
    merged.sort(key=lambda r: -r["score"])
    split.sort(key=lambda r: r["score"])
    return {"wrong_merges": len(merged), "wrong_splits": len(split),
            "merged": merged[:limit], "split": split[:limit]}


def print_errors(err: dict, n: int) -> None:
    for kind in ("merged", "split"):
        print(f"  -- wrongly {kind} pairs: {err['wrong_' + ('merges' if kind == 'merged' else 'splits')]}"
              f" (showing {min(n, len(err[kind]))})")
        for r in err[kind][:n]:
            print(f"   score {r['score']:.3f} vec {r['similarity']:.2f} lex {r['lexical']:.2f} "
                  f"names {r['names']:.2f} days {r['days_apart']} levels {r['a_level']:.2f}/{r['b_level']:.2f} "
                  f"gold {r['gold'][0]} / {r['gold'][1]}")
            print(f"     A: {(r['a_title'] or '')[:90]!r} :: {r['a_lead'][:110]!r}")
            print(f"     B: {(r['b_title'] or '')[:90]!r} :: {r['b_lead'][:110]!r}")
            print(f"     shared {r['shared_names'][:6]}  A-only {[x for x in r['a_names'] if x.lower() not in {s.lower() for s in r['shared_names']}][:6]}"
                  f"  B-only {[x for x in r['b_names'] if x.lower() not in {s.lower() for s in r['shared_names']}][:6]}")


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
    ap.add_argument("--raw", action="store_true",
                    help="group the file's texts as they are (default: cleaned by ingest's "
                         "clean_text first, as `counterpoint ingest` does)")
    ap.add_argument("--files", default="allsides,ecbplus")
    ap.add_argument("--embed-chars", type=int, help="characters of headline + lead to encode")
    ap.add_argument("--quantized", action="store_true", help="int8 encoder (faster)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a GroupingConfig field (repeatable), e.g. --set hub_weight=0")
    ap.add_argument("--thresholds", help="comma-separated thresholds for --sweep")
    ap.add_argument("--errors", type=int, nargs="?", const=15, default=0,
                    help="print the N worst wrongly merged / split pairs (default 15); all "
                         "are written to eval/out/eval_stories_errors_<file>.json")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"eval_stories: {DATA} is absent; nothing to evaluate (this is not an error).")
        return 0
    from dataclasses import replace

    from counterpoint.stories.grouping import GroupingConfig

    config = GroupingConfig()
    for kv in args.set:
        key, value = kv.split("=", 1)
        config = replace(config, **{key: type(getattr(config, key))(value)})
    results = {"config": config.__dict__, "files": {}}
    for name in args.files.split(","):
        articles, gold = load(name, args.limit, args.shuffle, clean=not args.raw)
        if args.embed_chars:
            EXTRACTOR["embed_chars"] = args.embed_chars
        if args.quantized:
            EXTRACTOR["quantized"] = True
        tag = f"{args.limit or 'all'}_{args.shuffle if args.shuffle is not None else 'dated'}"
        from counterpoint.stories import features as F

        opts = {"embed_chars": F.EMBED_CHARS, "quantized": F.QUANTIZED, **EXTRACTOR}
        tag += "".join(f"_{k}{v}" for k, v in sorted(opts.items()))
        tag += "" if args.raw else "_cleaned"
        results["features"] = opts
        feats, feat_s = features_for(name, articles, tag)
        pred, group_s = group(feats, config)
        parts = halves(name, articles, gold)
        res = {"articles": len(articles), "gold_stories": len(set(gold.values())),
               "ours": scores(pred, gold), "halves": scores_by_half(pred, gold, parts),
               "grouping_seconds": round(group_s, 2),
               "grouping_ms_per_article": round(1000 * group_s / len(articles), 3),
               "assign_ms_per_article": round(1000 * group.assign_seconds / len(articles), 3),
               "consolidation_changes": getattr(group, "changes", 0)}
        if args.errors:
            err = error_analysis(group.grouper, feats, gold, articles, limit=200)
            (OUT / f"eval_stories_errors_{name}.json").write_text(json.dumps(err, indent=1))
        if feat_s is not None:
            res["feature_ms_per_article"] = round(1000 * feat_s / len(articles), 2)
        if args.sweep:
            res["sweep"] = {}
            thrs = ([float(x) for x in args.thresholds.split(",")] if args.thresholds
                    else [round(config.threshold + d, 3) for d in (-0.06, -0.04, -0.02, 0, 0.02, 0.04, 0.06)])
            for thr in thrs:
                p, _ = group(feats, replace(config, threshold=thr))
                h = scores_by_half(p, gold, parts)
                res["sweep"][thr] = {"all": scores(p, gold)["bcubed"]["f1"],
                                     **{k: v["f1"] for k, v in h.items()}}
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
        hv = res["halves"]
        print("  halves    B3 P/R/F1 " + "   ".join(
            f"{k} {v['p']:.3f} {v['r']:.3f} {v['f1']:.3f}" for k, v in hv.items())
            + f"   grouping {res['grouping_ms_per_article']:.2f} ms/article "
            f"(assignment {res['assign_ms_per_article']:.2f}, the rest consolidation)")
        if args.sweep:
            print("  sweep B3 F1 by threshold (all / tune / check):")
            for thr, v in res["sweep"].items():
                print(f"    {thr:.2f}  {v['all']:.3f} / {v['tune']:.3f} / {v['check']:.3f}")
        if args.errors:
            print_errors(err, args.errors)
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.limit is None and args.shuffle is None else f"_{tag}"
    results["texts"] = "raw" if args.raw else "cleaned by ingest's clean_text"
    (OUT / f"eval_stories{suffix}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
