"""Refit the pair weights of story grouping, and measure what the pair evidence allows.

    .venv/bin/python eval/fit_story_pairs.py [--cap]

The weights of :class:`counterpoint.stories.grouping.GroupingConfig` (dense 0.24, lexical 0.60,
names 0.16, the day cost) are a logistic regression of "same story?" over candidate pairs.
This script rebuilds that data set — for every article of both development files (texts
cleaned as in ``eval/eval_stories.py``), its
candidates as the grouper finds them (HNSW neighbours and name blocks, inside the time window)
after the whole file is grouped with the current settings — fits the regression on the TUNING
halves (AllSides' earlier half of stories, ECB+ topics 1-17; the halves of
``eval/eval_stories.py``), and prints, on each half of each file, the average precision of:

* ``current``: the grouper's pair score as it stands;
* ``current+hub``: the same less 0.75 x the mean neighbourhood level of the two articles
  (what consolidation cuts on, ``ConsolidationConfig.hub_weight``);
* the refitted models (the three similarities + the gap as categories; + cheap extra features:
  IDF-weighted headline word overlap, rarest shared name, number of shared names, levels).

Coefficients are printed scaled so the three similarities' weights sum to one (the scale of
``GroupingConfig``). ``--cap`` also clusters each file globally by average link over the same
candidate pairs (pairs never compared count as -0.5) at a range of thresholds: what an
offline, all-at-once clustering of this evidence reaches, i.e. the ceiling of the evidence
rather than of the incremental procedure. Results go to ``eval/out/fit_story_pairs.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "eval" / "out"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}|\d[\d,.]*")
MODELS = {
    "days": ["vec", "lex", "names", "d0", "d1", "gap", "unknown"],
    "days+extra": ["vec", "lex", "names", "d0", "d1", "gap", "unknown", "head", "rarest",
                   "n_shared", "level"],
}


def pair_rows(name: str) -> list[dict]:
    """Candidate pairs of one file with their evidence and gold label."""
    import eval_stories as E

    from counterpoint.stories.features import EMBED_CHARS, QUANTIZED, _stopwords
    from counterpoint.stories.grouping import GroupingConfig

    articles, gold = E.load(name, None, None, clean=True)
    feats, _ = E.features_for(
        name, articles, f"all_dated_embed_chars{EMBED_CHARS}_quantized{QUANTIZED}_cleaned")
    E.group(feats, GroupingConfig())
    g = E.group.grouper
    parts = E.halves(name, articles, gold)
    by_id = {f.article_id: f for f in feats}
    stop = _stopwords()
    words = {f.article_id: {w.lower() for w in _WORD.findall(f.headline or "")} - stop for f in feats}
    df = Counter(w for ws in words.values() for w in ws)
    idf = lambda w: math.log((len(feats) + 1) / (df[w] + 1)) + 1
    rows, seen = [], set()
    for f in feats:
        keys = {k for k, _ in g.index.search(f.vector, 25)} | g.blocks.candidates(f.names)
        for key in keys:
            o = by_id[g.by_seq[key]]
            pair = tuple(sorted((f.article_id, o.article_id)))
            if o is f or pair in seen or not g._in_window(f, o):
                continue
            seen.add(pair)
            ev = g.pair(f, o)
            nidf = g._article_weights(f)[3]
            shared = [n for n in f.names if n in o.names]
            wa, wb = words[f.article_id], words[o.article_id]
            den = math.sqrt(sum(map(idf, wa)) * sum(map(idf, wb))) or 1.0
            half = {h for h, ids in parts.items() if f.article_id in ids or o.article_id in ids}
            rows.append({
                "file": name, "half": half.pop() if len(half) == 1 else "across",
                "y": int(gold[f.article_id] == gold[o.article_id]), "a": f.article_id,
                "b": o.article_id, "vec": ev.vec, "lex": ev.lex, "names": ev.names,
                "days": ev.days_apart, "score": ev.score,
                "head": sum(map(idf, wa & wb)) / den,
                "rarest": max((nidf[n] for n in shared), default=0.0) / 10,
                "n_shared": math.log1p(len(shared)),
                "level": (g.hub_level(f.article_id) + g.hub_level(o.article_id)) / 2,
            })
    return rows


def design(r: dict, cols: list[str]) -> list[float]:
    d = r["days"]
    extra = {"d0": float(d == 0), "d1": float(d == 1), "unknown": float(d is None),
             "gap": float(max(0, d - 1)) if d is not None else 0.0}
    return [extra[c] if c in extra else r[c] for c in cols]


def fit(rows: list[dict]) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score

    tune = [r for r in rows if r["half"] == "tune"]
    groups = {(f, h): [r for r in rows if r["file"] == f and r["half"] == h]
              for f in ("allsides", "ecbplus") for h in ("tune", "check")}
    out = {"pairs": len(rows), "positives": sum(r["y"] for r in rows), "average_precision": {}}
    ap = lambda rs, s: round(float(average_precision_score([r["y"] for r in rs], s)), 4)
    out["average_precision"]["current"] = {f"{f}/{h}": ap(rs, [r["score"] for r in rs])
                                           for (f, h), rs in groups.items()}
    out["average_precision"]["current+hub"] = {
        f"{f}/{h}": ap(rs, [r["score"] - 0.75 * r["level"] for r in rs]) for (f, h), rs in groups.items()}
    out["models"] = {}
    for name, cols in MODELS.items():
        m = LogisticRegression(C=10, max_iter=5000).fit(
            np.array([design(r, cols) for r in tune]), np.array([r["y"] for r in tune]))
        coef = dict(zip(cols, m.coef_[0].tolist()))
        scale = coef["vec"] + coef["lex"] + coef["names"]
        out["models"][name] = {
            "coefficients": {k: round(v, 3) for k, v in coef.items()},
            "intercept": round(float(m.intercept_[0]), 3),
            "on_score_scale": {k: round(v / scale, 3) for k, v in coef.items()},
        }
        out["average_precision"][name] = {
            f"{f}/{h}": ap(rs, m.decision_function(np.array([design(r, cols) for r in rs])))
            for (f, h), rs in groups.items()}
    return out


def cap(rows: list[dict]) -> dict:
    """Average-link clustering of each whole file over the candidate pairs' hub-corrected
    scores, B-cubed F1 (all / tune / check) at each threshold."""
    import eval_stories as E
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    res = {}
    for name in ("allsides", "ecbplus"):
        articles, gold = E.load(name, None, None, clean=True)
        parts = E.halves(name, articles, gold)
        ids = [a.id for a in articles]
        ix = {a: i for i, a in enumerate(ids)}
        s = np.full((len(ids), len(ids)), -0.5)
        for r in rows:
            if r["file"] == name:
                s[ix[r["a"]], ix[r["b"]]] = s[ix[r["b"]], ix[r["a"]]] = r["score"] - 0.75 * r["level"]
        d = np.clip(1.0 - s, 0.0, None)
        np.fill_diagonal(d, 0.0)
        z = linkage(squareform(d, checks=False), method="average")
        res[name] = {}
        for thr in np.arange(-0.06, 0.11, 0.02):
            lab = fcluster(z, 1.0 - thr, criterion="distance")
            pred = {a: int(lab[ix[a]]) for a in ids}
            h = E.scores_by_half(pred, gold, parts)
            res[name][f"{thr:+.2f}"] = [E.scores(pred, gold)["bcubed"]["f1"], h["tune"]["f1"],
                                        h["check"]["f1"]]
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", action="store_true", help="also cluster globally (the ceiling)")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"fit_story_pairs: {DATA} is absent; nothing to fit (this is not an error).")
        return 0
    rows = pair_rows("allsides") + pair_rows("ecbplus")
    out = fit(rows)
    print(f"{out['pairs']} candidate pairs, {out['positives']} same-story")
    for name, m in out["models"].items():
        print(f"  {name}: on the score scale {m['on_score_scale']} (intercept {m['intercept']})")
    print("  average precision (allsides tune / check, ecbplus tune / check):")
    for name, v in out["average_precision"].items():
        print(f"    {name:12s} " + "  ".join(f"{x:.3f}" for x in v.values()))
    if args.cap:
        out["cap"] = cap(rows)
        for name, v in out["cap"].items():
            best = max(v.items(), key=lambda kv: kv[1][0])
            print(f"  global average link, {name}: best threshold {best[0]} "
                  f"B-cubed F1 {best[1][0]:.3f} (tune {best[1][1]:.3f}, check {best[1][2]:.3f}); "
                  + ", ".join(f"{k}: {x[0]:.3f}" for k, x in v.items()))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "fit_story_pairs.json").write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
