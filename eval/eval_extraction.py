"""Article-body extraction on the scrapinghub benchmark: our extract_html beside single extractors.

    .venv/bin/python eval/eval_extraction.py [--limit N] [--only ours,trafilatura] [--show-worst 5]

Data: ``../shared/data/extraction-scrapinghub.jsonl`` (id, url, html, gold_text). Scoring follows
the benchmark's own ``evaluate.py``: tokens are ``\\w+`` runs; precision and recall are computed
per page over 4-token shingles (counts normalised by the page's tp+fp+fn so long pages do not
weigh more), averaged over pages, and F1 is the harmonic mean of the two averages. The same
numbers on single tokens (``n=1``) are printed beside them. Speed is pages per second on one
core, parsing included, by wall clock and by CPU time of the process; for ``ours`` it includes the metadata (title, date, author, ...).

Results also go to ``eval/out/extraction.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "extraction-scrapinghub.jsonl"
OUT = REPO / "eval" / "out" / "extraction.json"

_TOKEN = re.compile(r"\w+")


# --------------------------------------------------------------------------- scoring


def shingles(text: str, n: int) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(gold: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page over n-token shingles."""
    g, p = shingles(gold, n), shingles(pred, n)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def aggregate(counts: list[tuple[float, float, float]]) -> dict:
    p = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# --------------------------------------------------------------------------- extractors


def ours(html: str, url: str) -> str:
    from counterpoint.errors import InputError
    from counterpoint.ingest.readers.html import extract_html

    try:
        return extract_html(html, url).text
    except InputError:
        return ""


def trafilatura_alone(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def trafilatura_precision(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=True) or ""


def readability_alone(html: str, url: str) -> str:
    import lxml.html
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
        return lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    except Exception:
        return ""


def bootstrap_difference(ours: list, other: list, n: int = 1000, seed: int = 0) -> tuple[float, float]:
    """Mean and 95% half-width of F1(ours) - F1(other) over page resamples (as the benchmark does)."""
    rng = random.Random(seed)
    diffs = []
    for _ in range(n):
        idx = [rng.randrange(len(ours)) for _ in ours]
        diffs.append(aggregate([ours[i] for i in idx])["f1"] - aggregate([other[i] for i in idx])["f1"])
    return statistics.mean(diffs), 1.96 * statistics.stdev(diffs)


def metadata_coverage(rows: list[dict]) -> dict:
    """Share of pages where extract_html found each metadata field (no gold to check them against)."""
    from counterpoint.errors import InputError
    from counterpoint.ingest.readers.html import extract_html

    keys = ("title", "date", "author", "sitename", "language", "url")
    found = dict.fromkeys(keys, 0)
    for row in rows:
        try:
            meta = extract_html(row["html"], row["url"]).metadata()
        except InputError:
            continue
        for k in keys:
            found[k] += bool(meta.get(k))
    return {k: round(v / len(rows), 3) for k, v in found.items()}


EXTRACTORS = {
    "ours": ours,
    "trafilatura": trafilatura_alone,
    "trafilatura-precision": trafilatura_precision,
    "readability": readability_alone,
}


def run(rows: list[dict], name: str) -> dict:
    fn = EXTRACTORS[name]
    fn(rows[0]["html"], rows[0]["url"])  # warm-up: imports and lazy tables are not per-page cost
    preds = []
    start, cpu_start = time.perf_counter(), time.process_time()
    for row in rows:
        preds.append(fn(row["html"], row["url"]))
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    result = {
        "pages": len(rows),
        "seconds": round(seconds, 3),
        "pages_per_s": round(len(rows) / seconds, 1),
        # CPU time of this process: on a shared machine, wall time also counts other people's work.
        "pages_per_cpu_s": round(len(rows) / cpu, 1),
    }
    per4 = [page_counts(r["gold_text"], p, 4) for r, p in zip(rows, preds)]
    per1 = [page_counts(r["gold_text"], p, 1) for r, p in zip(rows, preds)]
    result["shingle4"] = {k: round(v, 4) for k, v in aggregate(per4).items()}
    result["token"] = {k: round(v, 4) for k, v in aggregate(per1).items()}
    result["_counts"] = per4  # for the paired bootstrap; not written out
    result["per_page_f1"] = [
        round(2 * _precision(*c) * _recall(*c) / ((_precision(*c) + _recall(*c)) or 1), 4) for c in per4
    ]
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--only", default=",".join(EXTRACTORS), help="comma-separated extractors")
    ap.add_argument("--show-worst", type=int, default=0, help="list our N worst pages")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"eval_extraction: {DATA} not found; the evaluation data lives outside the repo. Skipping.")
        return 0
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    if args.limit:
        rows = rows[: args.limit]
    results = {}
    print(f"{'extractor':<24}{'P(4)':>7}{'R(4)':>7}{'F1(4)':>7}   {'P(1)':>6}{'R(1)':>7}{'F1(1)':>7}{'pages/s':>9}{'/cpu-s':>8}")
    for name in args.only.split(","):
        res = run(rows, name)
        results[name] = res
        s, t = res["shingle4"], res["token"]
        print(
            f"{name:<24}{s['precision']:7.3f}{s['recall']:7.3f}{s['f1']:7.3f}   "
            f"{t['precision']:6.3f}{t['recall']:7.3f}{t['f1']:7.3f}{res['pages_per_s']:9.1f}{res['pages_per_cpu_s']:8.1f}",
            flush=True,
        )
    if "ours" in results and len(results) > 1:
        print("paired bootstrap over pages (1000 resamples), F1(4) of ours minus:")
        for name, res in results.items():
            if name != "ours":
                mean, ci = bootstrap_difference(results["ours"]["_counts"], res["_counts"])
                results["ours"].setdefault("f1_minus", {})[name] = {"mean": round(mean, 4), "ci95": round(ci, 4)}
                print(f"  {name:<22} {mean:+.3f} ± {ci:.3f}")
    for res in results.values():
        res.pop("_counts", None)
    if "ours" in results:
        results["ours"]["metadata_coverage"] = metadata_coverage(rows)
        cov = results["ours"]["metadata_coverage"]
        print("ours, share of pages with metadata: " + ", ".join(f"{k} {v:.0%}" for k, v in cov.items()))
    if args.show_worst and "ours" in results:
        f1s = results["ours"]["per_page_f1"]
        for i in sorted(range(len(rows)), key=f1s.__getitem__)[: args.show_worst]:
            print(f"  worst: F1={f1s[i]:.3f} {rows[i]['url']}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"data": str(DATA), "results": results}, indent=1))
    print(f"(4) = 4-token shingles as the benchmark scores; (1) = single tokens. Written to {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
