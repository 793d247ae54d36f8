"""Evaluate event extraction on the PLOVER gold records (../shared/data/events-plover.jsonl).

For each gold sentence we run counterpoint's extractor (spaCy parse, spaCy entities, the
analysis' time finder; no embeddings) and take one *main* event: the most confident
non-STATEMENT event highest in the parse tree
(the main clause), then the most confident, with no look at the gold. We report

- event-type accuracy on the manual's 16 categories (gold DEMAND -> REQUEST, DISAPPROVE and
  INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT, as the manual's CAMEO table maps them; our FIGHT
  also counts as ASSAULT), and on the gold file's own labels (our ACCUSE mode disapprove ->
  DISAPPROVE, investigate -> INVESTIGATE, REQUEST -> DEMAND);
- the same with the *trigger-aligned* event (the extracted event whose trigger is one of the
  gold event words) - an upper bound that uses the gold trigger, reported separately;
- source and target actor precision and recall: a predicted actor is a hit when its words
  overlap the gold actor's words in the sentence (character overlap);
- a per-type confusion table.

A second part measures the timeline's merging on ECB+ (``stories-ecbplus.jsonl``), whose
topics each hold two different events of the same kind (two earthquakes, two rehab
check-ins): for pairs of articles about the *same* event, how often at least one timeline
entry joins both (a recall proxy), and for pairs about the two *different* events of one
topic, how often an entry wrongly joins them (false merges; precision matters most).

Run: .venv/bin/python eval/eval_events.py [--limit N] [--pairs N]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "events-plover.jsonl"
ECB = DATA.with_name("stories-ecbplus.jsonl")
OUT = Path(__file__).resolve().parent / "out"

COARSE = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def coarse(label: str | None) -> str:
    return COARSE.get(label or "NONE", label or "NONE")


def _spans(text: str, phrase: str | None):
    if not phrase:
        return []
    out = []
    for m in re.finditer(re.escape(phrase), text, re.IGNORECASE):
        out.append((m.start(), m.end()))
    return out


def _actors(field) -> list[str]:
    if not field or isinstance(field, str):
        return []
    return [a.get("actorText") for a in field if isinstance(a, dict) and a.get("actorText")]


def _overlap(text, pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    ps, gs = _spans(text, pred), _spans(text, gold)
    if not ps:  # resolved names ("the Palestinian leadership" for "its"): compare words
        pw = set(re.findall(r"\w+", pred.lower()))
        return bool(pw & set(re.findall(r"\w+", gold.lower())))
    return any(a < d and c < b for a, b in ps for c, d in gs)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--pairs", type=int, default=40, help="ECB+ article pairs of each kind")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"evaluation data not found at {DATA} (../shared/data is absent); nothing to evaluate")
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from counterpoint.analysis.nlp import load_spacy
    from counterpoint.events.extract import extract_events
    from counterpoint.events.plover import legacy_label
    from counterpoint.models import ArticleAnalysis

    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    nlp = load_spacy()
    t0 = time.time()
    stats = collections.Counter()
    confusion = collections.Counter()
    per_type = collections.defaultdict(collections.Counter)
    for r in rows:
        text = r["text"]
        an = ArticleAnalysis(article_id=r["id"], pipeline_version="eval")
        doc = nlp(text)
        events = [e for e in extract_events(doc, an) if e.action != "STATEMENT"]

        def depth(e, doc=doc):
            span = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
            tok = span.root if span is not None and len(span) else None
            return len(list(tok.ancestors)) if tok is not None else 99

        # the main clause's event: highest in the parse, then the most confident
        main = min(events, key=lambda e: (depth(e), -e.confidence), default=None)
        gold_words = set(re.findall(r"[\w-]+", (r.get("event_text") or "").lower()))
        aligned = [e for e in events if e.trigger_text.lower() in gold_words]
        aligned_ev = max(aligned, key=lambda e: e.confidence, default=None)
        g_c, g_l = coarse(r["event"]), r["event"]
        p_c = coarse(main.action) if main else "NONE"
        p_l = legacy_label(main.action, main.mode) if main else "NONE"
        stats["n"] += 1
        stats["found"] += main is not None
        stats["coarse_ok"] += p_c == g_c
        stats["label_ok"] += p_l == g_l
        stats["aligned_found"] += aligned_ev is not None
        stats["aligned_coarse_ok"] += aligned_ev is not None and coarse(aligned_ev.action) == g_c
        confusion[(g_c, p_c)] += 1
        per_type[g_c]["n"] += 1
        per_type[g_c]["ok"] += p_c == g_c
        # actors, from the main event
        for slot, gold in (("actor", _actors(r.get("source"))), ("target", _actors(r.get("target")))):
            pred = getattr(main, slot) if main else None
            if pred:
                stats[f"{slot}_pred"] += 1
                stats[f"{slot}_pred_hit"] += any(_overlap(text, pred, g) for g in gold)
            for g in gold:
                stats[f"{slot}_gold"] += 1
                stats[f"{slot}_gold_hit"] += _overlap(text, pred, g)
    n = stats["n"]

    def ratio(a, b):
        return round(stats[a] / stats[b], 3) if stats[b] else 0.0

    result = {
        "sentences": n,
        "seconds": round(time.time() - t0, 1),
        "event_found": ratio("found", "n"),
        "type_accuracy_manual_categories": ratio("coarse_ok", "n"),
        "type_accuracy_gold_labels": ratio("label_ok", "n"),
        "trigger_aligned_found": ratio("aligned_found", "n"),
        "trigger_aligned_type_accuracy": ratio("aligned_coarse_ok", "n"),
        "source_actor_precision": ratio("actor_pred_hit", "actor_pred"),
        "source_actor_recall": ratio("actor_gold_hit", "actor_gold"),
        "target_actor_precision": ratio("target_pred_hit", "target_pred"),
        "target_actor_recall": ratio("target_gold_hit", "target_gold"),
        "per_type_accuracy": {t: round(c["ok"] / c["n"], 3) for t, c in sorted(per_type.items())},
        "confusion": {f"{g}->{p}": c for (g, p), c in sorted(confusion.items(), key=lambda x: -x[1])},
    }
    for k, v in result.items():
        if k not in ("per_type_accuracy", "confusion"):
            print(f"{k:36} {v}")
    print("per-type accuracy (gold type: share right, n):")
    for t, c in sorted(per_type.items()):
        print(f"  {t:10} {c['ok'] / c['n']:.2f}  n={c['n']}")
    print("most frequent confusions (gold -> predicted):")
    for (g, p), c in sorted(confusion.items(), key=lambda x: -x[1])[:15]:
        if g != p:
            print(f"  {g:10} -> {p:10} {c}")
    if ECB.exists() and args.pairs:
        result["timeline_merge_ecbplus"] = eval_merge(nlp, args.pairs)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "eval_events.json").write_text(json.dumps(result, indent=2))
    print(f"written {OUT / 'eval_events.json'}")
    return 0


def eval_merge(nlp, n_pairs: int) -> dict:
    """Cross-article merges on ECB+ pairs: same event vs. a different event of the same kind."""
    import random

    from counterpoint.analysis.timex import find_times
    from counterpoint.events.extract import extract_events
    from counterpoint.events.timeline import build_timeline
    from counterpoint.models import Article, ArticleAnalysis, article_id

    rows = [json.loads(line) for line in ECB.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_topic: dict = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in rows:
        by_topic[r["topic"]][r["story"]].append(r)
    rng = random.Random(13)
    same, diff = [], []
    topics = sorted(by_topic)
    while len(same) < n_pairs or len(diff) < n_pairs:
        t = rng.choice(topics)
        stories = [s for s in by_topic[t] if by_topic[t][s]]
        if len(stories) < 2:
            continue
        s1, s2 = rng.sample(stories, 2)
        if len(same) < n_pairs and len(by_topic[t][s1]) >= 2:
            same.append(tuple(rng.sample(by_topic[t][s1], 2)))
        if len(diff) < n_pairs:
            diff.append((rng.choice(by_topic[t][s1]), rng.choice(by_topic[t][s2])))
    cache: dict = {}

    def analysed(r):
        if r["id"] not in cache:
            text = r["text"]
            doc = nlp(text)
            art = Article(id=article_id(text), text=text, raw_text=text, source=r["id"], kind="text",
                          outlet=r["id"])
            an = ArticleAnalysis(article_id=art.id, pipeline_version="eval", times=find_times(doc, None))
            an.events = extract_events(doc, an)
            cache[r["id"]] = (art, an)
        return cache[r["id"]]

    def cross(pair):
        (a1, n1), (a2, n2) = analysed(pair[0]), analysed(pair[1])
        if a1.id == a2.id:
            return None
        tl = build_timeline([a1, a2], [n1, n2])
        return sum(1 for te in tl if len({e.article_id for e in te.evidence}) > 1)

    s_counts = [c for c in map(cross, same) if c is not None]
    d_counts = [c for c in map(cross, diff) if c is not None]
    out = {
        "same_event_pairs": len(s_counts),
        "same_event_pairs_with_a_joint_entry": round(sum(c > 0 for c in s_counts) / max(1, len(s_counts)), 3),
        "joint_entries_per_same_event_pair": round(sum(s_counts) / max(1, len(s_counts)), 2),
        "different_event_pairs": len(d_counts),
        "different_event_pairs_with_a_false_merge": round(sum(c > 0 for c in d_counts) / max(1, len(d_counts)), 3),
        "false_merges_per_different_event_pair": round(sum(d_counts) / max(1, len(d_counts)), 2),
    }
    print("timeline merging on ECB+ pairs:")
    for k, v in out.items():
        print(f"  {k:44} {v}")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
