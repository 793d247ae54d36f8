"""Framing findings against BASIL's lexical-bias spans (../shared/data/framing-basil.jsonl).

BASIL (Fan et al., EMNLP 2019) annotates, for 50 events each reported by Fox, the NYT and
HuffPost, the words that carry *lexical* bias (loaded wording) and the sentences that carry
*informational* bias (slanted inclusion). For each event we compare its three articles with
``compare_articles`` and collect the evidence spans of every framing finding. Scoring follows the
data README: a hit is an overlap with a gold span.

* recall    = gold lexical spans overlapped by at least one of our framing spans / gold lexical spans
* precision = our framing spans overlapping a gold lexical span / our framing spans
  (also given against any gold span, lexical or informational, since a loaded word inside an
  informationally biased sentence is not a clear false positive)

Per framing subtype (term-choice / loaded-term, scare-quote, wording, hedge) as well.

    .venv/bin/python eval/eval_framing.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
OUT = Path(__file__).resolve().parent / "out"


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N events")
    args = parser.parse_args()
    path = DATA / "framing-basil.jsonl"
    if not path.exists():
        print(f"{path} is absent: nothing to evaluate (this evaluation needs ../shared/data).")
        return 0

    from counterpoint.compare import compare_articles
    from counterpoint.models import Article, article_id

    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    stories: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        stories[row["story"]].append(row)
    story_ids = list(stories)[: args.limit] if args.limit else list(stories)

    gold_total = gold_hit = 0
    pred_total = pred_hit_lex = pred_hit_any = 0
    by_sub = defaultdict(lambda: {"spans": 0, "hit_lexical": 0, "hit_any": 0, "gold_recalled": 0})
    started = time.perf_counter()
    for n, sid in enumerate(story_ids, 1):
        group = stories[sid]
        articles = [
            # The BASIL text is used as it is so that gold offsets index Article.text.
            Article(id=article_id(r["text"]) + str(i), text=r["text"], raw_text=r["text"],
                    source=f"basil:{r['id']}", kind="text", outlet=r["outlet"], headline=r["title"],
                    published=r["date"], language="en", word_count=len(r["text"].split()))
            for i, r in enumerate(group)
        ]
        comparison = compare_articles(articles)
        preds: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for f in comparison.of_kind("framing"):
            for e in f.evidence:
                if e.end - e.start <= 200:  # a word or phrase, not a whole sentence of context
                    preds[e.article_id].append((e.start, e.end, f.subtype or "?"))
        for art, row in zip(articles, group):
            gold_lex = [(s["start"], s["end"]) for s in row["spans"]
                        if s["bias"] == "lexical" and s["start"] is not None]
            gold_any = [(s["start"], s["end"]) for s in row["spans"] if s["start"] is not None]
            mine = list(dict.fromkeys(preds.get(art.id, [])))
            gold_total += len(gold_lex)
            recalled = [g for g in gold_lex if any(overlaps(g, p) for p in mine)]
            gold_hit += len(recalled)
            for p in mine:
                pred_total += 1
                hl = any(overlaps(p, g) for g in gold_lex)
                ha = any(overlaps(p, g) for g in gold_any)
                pred_hit_lex += hl
                pred_hit_any += ha
                by_sub[p[2]]["spans"] += 1
                by_sub[p[2]]["hit_lexical"] += hl
                by_sub[p[2]]["hit_any"] += ha
            for g in gold_lex:
                for sub in {p[2] for p in mine if overlaps(g, p)}:
                    by_sub[sub]["gold_recalled"] += 1
        result = _summary(n, story_ids, stories, gold_total, gold_hit, pred_total, pred_hit_lex,
                          pred_hit_any, by_sub, started)
        # Written after every event, so a long run can be read (and reported) while it goes.
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "framing_basil.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        print(f"  {n}/{len(story_ids)} events, {time.perf_counter() - started:.0f}s", file=sys.stderr)

    print(json.dumps(result, indent=2))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "framing_basil.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


def _summary(done, story_ids, stories, gold_total, gold_hit, pred_total, pred_hit_lex, pred_hit_any,
             by_sub, started) -> dict:
    recall = gold_hit / gold_total if gold_total else 0.0
    precision = pred_hit_lex / pred_total if pred_total else 0.0
    precision_any = pred_hit_any / pred_total if pred_total else 0.0
    return {
        "events": done,
        "events_planned": len(story_ids),
        "articles": sum(len(stories[s]) for s in story_ids[:done]),
        "gold_lexical_spans": gold_total,
        "predicted_spans": pred_total,
        "recall_lexical": round(recall, 3),
        "precision_lexical": round(precision, 3),
        "precision_any_gold": round(precision_any, 3),
        "f1_lexical": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "by_subtype": {
            k: {**v, "precision_lexical": round(v["hit_lexical"] / v["spans"], 3) if v["spans"] else 0.0,
                "recall_lexical": round(v["gold_recalled"] / gold_total, 3) if gold_total else 0.0}
            for k, v in sorted(by_sub.items())
        },
        "seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    sys.exit(main())
