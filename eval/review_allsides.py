"""Compare 30 random AllSides stories and write every finding with its evidence for human review.

AllSides groups reports of one story from outlets of the left, centre and right
(../shared/data/stories-allsides.jsonl). There is no gold for findings, so this script measures
nothing by itself: it writes every finding of 30 randomly drawn stories (fixed seed) to one
Markdown file, each with a checkbox, so that a person can mark which contradictions and framing
findings are right and compute precision. It prints the command, the file and the counts per
kind and subtype.

    .venv/bin/python eval/review_allsides.py [--stories 30] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
OUT = Path(__file__).resolve().parent / "out"


def _flat(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    path = DATA / "stories-allsides.jsonl"
    if not path.exists():
        print(f"{path} is absent: nothing to review (this evaluation needs ../shared/data).")
        return 0

    from counterpoint.compare import compare_articles
    from counterpoint.models import Article, article_id

    stories: dict[str, list[dict]] = defaultdict(list)
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        stories[row["story"]].append(row)
    eligible = sorted(s for s, rows in stories.items() if len(rows) >= 2)
    chosen = random.Random(args.seed).sample(eligible, min(args.stories, len(eligible)))

    OUT.mkdir(parents=True, exist_ok=True)
    md_path = OUT / "review_allsides.md"
    jsonl_path = OUT / "review_allsides.jsonl"
    counts: Counter = Counter()
    notes: Counter = Counter()
    started = time.perf_counter()
    with md_path.open("w", encoding="utf-8") as md, jsonl_path.open("w", encoding="utf-8") as jl:
        md.write(f"# Review: counterpoint findings on {len(chosen)} AllSides stories (seed {args.seed})\n\n"
                 "Tick a box when the finding is right (for contradictions: the two passages really "
                 "disagree about the same thing). Precision = ticked / shown, per kind.\n\n")
        for n, sid in enumerate(chosen, 1):
            rows = stories[sid]
            articles = [
                Article(id=article_id(r["text"]) + str(i), text=r["text"], raw_text=r["text"],
                        source=f"allsides:{r['id']}", kind="text", outlet=r.get("outlet"),
                        headline=r.get("title"), published=r.get("date"), language="en",
                        word_count=len(r["text"].split()))
                for i, r in enumerate(rows)
            ]
            comparison = compare_articles(articles, story_id=sid)
            md.write(f"## {n}. {rows[0].get('title') or sid}\n\n")
            md.write("Outlets: " + ", ".join(f"{r.get('outlet')} ({r.get('lean')})" for r in rows) + "\n\n")
            for note in comparison.notes:
                md.write(f"> {note}\n\n")
                notes["unrelated" if "unrelated" in note else "copy" if "copy" in note else "other"] += 1
            for f in comparison.findings:
                counts[(f.kind, f.subtype)] += 1
                if f.kind == "omission" and f.subtype == "only-in":
                    continue  # listed in the JSONL; too many to read one by one
                md.write(f"- [ ] **{f.kind}/{f.subtype}** ({f.confidence:.2f}) {_flat(f.summary, 200)}\n")
                if f.explanation:
                    md.write(f"  - _{_flat(f.explanation, 300)}_\n")
                for e in f.evidence[:6]:
                    md.write(f"  - {e.outlet} [{e.start}:{e.end}]: “{_flat(e.text)}”\n")
            md.write("\n")
            for f in comparison.findings:
                jl.write(json.dumps({"story": sid, **f.model_dump(mode="json")}, ensure_ascii=False) + "\n")
            print(f"  {n}/{len(chosen)} stories, {time.perf_counter() - started:.0f}s", file=sys.stderr)

    summary = {
        "command": f".venv/bin/python eval/review_allsides.py --stories {args.stories} --seed {args.seed}",
        "stories": len(chosen),
        "articles": sum(len(stories[s]) for s in chosen),
        "review_file": str(md_path),
        "all_findings_jsonl": str(jsonl_path),
        "findings": {f"{k}/{s}": v for (k, s), v in sorted(counts.items(), key=lambda kv: str(kv[0]))},
        "notes": dict(notes),
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(summary, indent=2))
    (OUT / "review_allsides_summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
