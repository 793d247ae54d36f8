"""Cross-outlet agreement of canonical entity keys, on AllSides stories (2-3 outlets each).

    .venv/bin/python eval/eval_entity_keys.py            # first 40 stories
    .venv/bin/python eval/eval_entity_keys.py --stories 100

There is no gold standard for keys, so this measures *consistency*: for every pair of articles
of the same story, people whose surnames agree (same consonant skeleton) should get the same
key, and so should organisations whose names a person would call the same (rapidfuzz
token-set ratio >= 90, or one is the other's acronym). Reported: the share of such pairs whose
keys agree, before (spaCy's text, lower-cased) and after canonicalisation, with examples of
the disagreements left. Only the parse and entity stages run (no embeddings). Texts are
cleaned first, as ingest cleans them (``--raw`` skips it: The Hill's flattened hover cards then
glue names together, "Bernie SandersElizabeth Warren").

Reads ``../shared/data/stories-allsides.jsonl``; prints a message and exits 0 when absent.
Writes ``eval/out/eval_entity_keys.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "stories-allsides.jsonl"
OUT = ROOT / "eval" / "out" / "eval_entity_keys.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=40)
    parser.add_argument("--raw", action="store_true", help="do not clean the texts first")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"{DATA} is absent: nothing to evaluate (this evaluation needs ../shared/data).")
        return 0

    from rapidfuzz import fuzz

    from counterpoint.analysis.entities import initials, name_tokens, skeleton
    from counterpoint.analysis.pipeline import ArticleWork, CheckInput, Entities, Parse
    from counterpoint.ingest.clean import clean_text
    from counterpoint.models import Article, article_id

    stories: dict[str, list[dict]] = defaultdict(list)
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["story"] not in stories and len(stories) >= args.stories:
                continue
            stories[row["story"]].append(row)
    stages = [CheckInput(), Parse(), Entities()]
    entities_of: dict[str, list] = {}
    rows = [r for rs in stories.values() for r in rs]
    if not args.raw:
        for r in rows:
            r["text"] = clean_text(r["text"]).text
    works = [
        ArticleWork(article=Article(id=article_id(r["text"]), text=r["text"], raw_text=r["text"],
                                    source=r["id"], kind="text", language="en"))
        for r in rows
    ]
    for i in range(0, len(works), 16):
        batch = works[i : i + 16]
        for stage in stages:
            batch = stage(batch)
        for w in batch:
            entities_of[w.article.source] = w.entities

    def surname(e) -> str | None:
        toks = name_tokens(e.name)
        return skeleton(toks[-1]) if toks else None

    person = {"pairs": 0, "agree": 0, "raw_agree": 0, "examples": []}
    org = {"pairs": 0, "agree": 0, "raw_agree": 0, "examples": []}
    for rs in stories.values():
        for a, b in itertools.combinations(rs, 2):
            ea, eb = entities_of.get(a["id"], []), entities_of.get(b["id"], [])
            for x in ea:
                for y in eb:
                    if x.label == "PERSON" and y.label == "PERSON":
                        if surname(x) is None or surname(x) != surname(y):
                            continue
                        bucket = person
                    elif x.label == "ORG" and y.label == "ORG":
                        nx, ny = x.name.lower(), y.name.lower()
                        acronym = initials(x.name) == y.name or initials(y.name) == x.name
                        if not (acronym or fuzz.token_set_ratio(nx, ny) >= 90 and min(len(nx), len(ny)) >= 4):
                            continue
                        bucket = org
                    else:
                        continue
                    bucket["pairs"] += 1
                    raw_x = {m.text.lower() for m in x.mentions}
                    raw_y = {m.text.lower() for m in y.mentions}
                    bucket["raw_agree"] += bool(raw_x & raw_y)
                    if x.key == y.key:
                        bucket["agree"] += 1
                    elif len(bucket["examples"]) < 15:
                        bucket["examples"].append([x.name, x.key, y.name, y.key])
    result = {"stories": len(stories), "articles": len(rows)}
    for name, b in (("person", person), ("organisation", org)):
        n = b["pairs"] or 1
        result[name] = {
            "pairs": b["pairs"],
            "key_agreement": round(b["agree"] / n, 3),
            "same_surface_form": round(b["raw_agree"] / n, 3),
            "disagreements": b["examples"],
        }
        print(f"{name}: {b['pairs']} cross-outlet pairs of the same {name}; keys agree on "
              f"{b['agree'] / n:.1%} (a shared surface form on {b['raw_agree'] / n:.1%})")
        for ex in b["examples"][:8]:
            print(f"   {ex[0]!r} {ex[1]}  vs  {ex[2]!r} {ex[3]}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"written {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
