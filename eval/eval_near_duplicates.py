"""Near-duplicate linking: are wire copies linked, and independent reports left apart?

Data: ``../shared/data/stories-allsides.jsonl`` - the same stories told by 2-3 different outlets
(independent reports of one event: they must *not* be linked, except for true wire copies) -
and ``stories-ecbplus.jsonl`` (several documents about one event).

* **false links**: pairs of distinct articles the index links at the threshold, split into
  same-story pairs (possibly real wire copies: the examples are printed to check) and
  different-story pairs (always wrong);
* **copy recall**: for a sample of articles we make the copies a re-publisher makes - another
  headline, byline and furniture; the last paragraphs cut; a few words edited; all of these at
  once - and count how often the copy is linked to its original.

Run: ``.venv/bin/python eval/eval_near_duplicates.py [--sample N]``. Writes
``eval/out/near_duplicates.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "eval" / "out" / "near_duplicates.json"
sys.path.insert(0, str(ROOT / "src"))

FURNITURE = ["Share this article", "Advertisement", "Subscribe to our newsletter", "Read more: other news"]


def republish(text: str, rng: random.Random, how: str) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    if how in ("boilerplate", "all"):
        paras = ["A different headline for the same wire story", "By Staff Writer"] + paras + FURNITURE
    if how in ("trimmed", "all"):
        keep = max(1, int(len(paras) * 0.8))
        paras = paras[:keep]
    if how in ("edited", "all"):
        words = "\n".join(paras).split(" ")
        for _ in range(max(1, len(words) // 50)):  # 2% of the words changed
            words[rng.randrange(len(words))] = rng.choice(["said", "the", "reported", "on", "Monday"])
        return " ".join(words)
    return "\n".join(paras)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=400, help="articles to make copies of")
    ap.add_argument("--thresholds", default="0.5,0.7,0.8,0.9")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if, at the default 0.8, a different-story pair is linked or copy recall < 0.9")
    args = ap.parse_args()
    path = DATA / "stories-allsides.jsonl"
    if not path.exists():
        print(f"eval_near_duplicates: {path} is absent (needs ../shared/data); nothing to evaluate.")
        return 0
    from counterpoint.ingest.clean import clean_text
    from counterpoint.ingest.dedup import NearDuplicateIndex, minhash_signature

    report: dict = {"thresholds": {}}
    for name in ("stories-allsides.jsonl", "stories-ecbplus.jsonl"):
        rows = [json.loads(line) for line in (DATA / name).open(encoding="utf-8")]
        rows = [r for r in rows if len(r["text"].split()) >= 50]
        t0 = time.perf_counter()
        bodies = [clean_text(r["text"]).text for r in rows]
        sigs = [minhash_signature(b) for b in bodies]
        sig_seconds = time.perf_counter() - t0
        stories = [r["story"] for r in rows]
        rng = random.Random(7)
        sample = rng.sample(range(len(rows)), min(args.sample, len(rows)))
        copies = {
            # the pipeline signs the *cleaned* text, so the copy is cleaned as well
            how: [minhash_signature(clean_text(republish(bodies[i], rng, how)).text) for i in sample]
            for how in ("boilerplate", "trimmed", "edited", "all")
        }
        print(f"\n== {name}: {len(rows)} articles of 50+ words, {len(set(stories))} stories "
              f"(clean + signature: {len(rows) / sig_seconds:.0f} articles/s)")
        for th in [float(x) for x in args.thresholds.split(",")]:
            index = NearDuplicateIndex(threshold=th)
            for i, sig in enumerate(sigs):
                index.add(str(i), sig)
            pairs: set[tuple[int, int]] = set()
            for i, sig in enumerate(sigs):
                for j in index.query(sig, exclude=str(i)):
                    pairs.add((min(i, int(j)), max(i, int(j))))
            kinds = Counter("same-story" if stories[a] == stories[b] else "different-story" for a, b in pairs)
            recall = {
                how: round(sum(str(i) in index.query(s) for i, s in zip(sample, sigs_)) / len(sample), 4)
                for how, sigs_ in copies.items()
            }
            examples = [
                {"a": rows[a].get("outlet") or rows[a]["id"], "b": rows[b].get("outlet") or rows[b]["id"],
                 "same_story": stories[a] == stories[b], "a_text": bodies[a][:100], "b_text": bodies[b][:100]}
                for a, b in sorted(pairs)[:5]
            ]
            entry = {"linked_pairs": len(pairs), **kinds, "copy_recall": recall, "examples": examples}
            report["thresholds"].setdefault(name, {})[str(th)] = entry
            print(f"  threshold {th}: linked pairs {len(pairs)} ({dict(kinds)}); copy recall {recall}")
            if th == 0.8:
                for ex in examples:
                    print(f"    linked: {ex['a']} / {ex['b']} same_story={ex['same_story']}: {ex['a_text'][:70]!r}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten {OUT.relative_to(ROOT)}")
    failures = []
    for name, by_threshold in report["thresholds"].items():
        entry = by_threshold.get("0.8")
        if entry is None:
            continue
        if entry.get("different-story", 0):
            failures.append(f"{name}: {entry['different-story']} different-story pairs linked at 0.8")
        failures += [f"{name}: copy recall {how} {r} < 0.9" for how, r in entry["copy_recall"].items() if r < 0.9]
    for failure in failures:
        print(f"BELOW FLOOR: {failure}")
    return 1 if (args.check and failures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
