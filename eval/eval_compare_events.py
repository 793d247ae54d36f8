"""False alarms when two *different* events are compared as one story (ECB+ hard negatives).

ECB+ topics each hold two events of one kind (two rehab check-ins, two earthquakes). For each of
the first N topics (fixed order) we compare one article of the ECB event with one of the ECB+
event: every contradiction found is a false alarm, since the articles report different events;
shared facts and quote matches are counted too (they should be few), as is how often the
comparison says the two look unrelated. As a control, the same is done for two articles of the
*same* event.

    .venv/bin/python eval/eval_compare_events.py [--topics 12]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=12)
    args = parser.parse_args()
    path = DATA / "stories-ecbplus.jsonl"
    if not path.exists():
        print(f"{path} is absent: nothing to evaluate (this evaluation needs ../shared/data).")
        return 0

    from counterpoint.compare import compare_articles
    from counterpoint.models import Article, article_id

    by_topic: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        by_topic[row["topic"]][row["story"]].append(row)

    def art(row, outlet):
        return Article(id=article_id(row["text"]) + outlet, text=row["text"], raw_text=row["text"],
                       source=f"ecb:{row['id']}", kind="text", outlet=outlet, language="en",
                       word_count=len(row["text"].split()))

    tally = {"different": defaultdict(int), "same": defaultdict(int)}
    examples = []
    started = time.perf_counter()
    topics = sorted(by_topic)[: args.topics]
    for n, topic in enumerate(topics, 1):
        stories = sorted(by_topic[topic])
        if len(stories) < 2:
            continue
        a, b = by_topic[topic][stories[0]], by_topic[topic][stories[1]]
        pairs = {"different": (a[0], b[0])}
        if len(a) >= 2:
            pairs["same"] = (a[0], a[1])
        for kind, (x, y) in pairs.items():
            c = compare_articles([art(x, "A"), art(y, "B")])
            t = tally[kind]
            t["pairs"] += 1
            t["unrelated_note"] += any("unrelated" in note for note in c.notes)
            for f in c.findings:
                if f.kind in {"contradiction", "shared", "quote_match"}:
                    t[f.kind] += 1
                    if kind == "different" and f.kind == "contradiction":
                        examples.append({"topic": topic, "summary": f.summary,
                                         "evidence": [e.text for e in f.evidence[:2]]})
        print(f"  {n}/{len(topics)} topics, {time.perf_counter() - started:.0f}s", file=sys.stderr)

    result = {"topics": len(topics), **{k: dict(v) for k, v in tally.items()},
              "false_contradictions": examples, "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(result, indent=2))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "compare_events.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
