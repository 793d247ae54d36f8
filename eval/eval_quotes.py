"""Evaluate quote attribution on PolNeAR (``../shared/data/quotes-polnear-*.jsonl``).

Scoring (the data README's conventions):

* a predicted quote matches a gold attribution when their content ranges overlap by at least
  half of the shorter one (ranges of a role are pooled; matching is one-to-one, largest
  overlap first);
* content precision = matched predictions / predictions, recall = matched golds / golds
  (gold attributions with no content range are left out), F1;
* speaker accuracy, on matched pairs whose gold attribution has a source range: the predicted
  ``speaker_span`` overlaps one of the gold source ranges by at least one character (a quote
  predicted without a speaker span counts as wrong);
* direct-quote recall: recall on gold attributions whose content starts or ends with a
  quotation mark.

The baseline is textacy 0.13's ``direct_quotations``, run paragraph by paragraph (it gives up
on a paragraph with an odd number of quotation marks).

    .venv/bin/python eval/eval_quotes.py                 # dev split, with baseline
    .venv/bin/python eval/eval_quotes.py --split train --limit 200 --no-baseline
    .venv/bin/python eval/eval_quotes.py --errors 20     # show misses and false alarms

Results are also written as JSON to ``eval/out/quotes-<split>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
OUT = REPO / "eval" / "out"
QUOTE_MARKS = "\"“”«»„‘’'"

Ranges = list[tuple[int, int]]


def _length(r: Ranges) -> int:
    return sum(e - s for s, e in r)


def _overlap(a: Ranges, b: Ranges) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match(pred: list[Ranges], gold: list[Ranges]) -> list[tuple[int, int]]:
    """One-to-one matches ``(pred_index, gold_index)``: overlap >= half the shorter content."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = _overlap(p, g)
            if ov > 0 and ov >= 0.5 * min(_length(p), _length(g)):
                pairs.append((ov, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def is_direct(text: str, content: Ranges) -> bool:
    first = text[content[0][0] : content[0][1]].strip()
    last = text[content[-1][0] : content[-1][1]].strip()
    return bool(first) and (first[0] in QUOTE_MARKS or last[-1] in QUOTE_MARKS)


class Score:
    def __init__(self) -> None:
        self.n_pred = self.n_gold = self.matched = 0
        self.spk_total = self.spk_ok = 0
        self.direct_gold = self.direct_found = 0

    def add(self, text: str, preds: list[tuple[Ranges, Ranges | None]], golds: list[dict]) -> list:
        golds = [g for g in golds if g["content"]]
        pred_c = [p[0] for p in preds]
        gold_c = [[tuple(r) for r in g["content"]] for g in golds]
        pairs = match(pred_c, gold_c)
        self.n_pred += len(preds)
        self.n_gold += len(golds)
        self.matched += len(pairs)
        found = {j for _, j in pairs}
        for j, g in enumerate(gold_c):
            if is_direct(text, g):
                self.direct_gold += 1
                self.direct_found += j in found
        wrong_speaker = []
        for i, j in pairs:
            src = [tuple(r) for r in golds[j]["source"]]
            if not src:
                continue
            self.spk_total += 1
            spk = preds[i][1]
            if spk and _overlap(spk, src) > 0:
                self.spk_ok += 1
            else:
                wrong_speaker.append((i, j))
        return pairs, wrong_speaker

    def result(self) -> dict:
        p = self.matched / self.n_pred if self.n_pred else 0.0
        r = self.matched / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "predicted": self.n_pred,
            "gold": self.n_gold,
            "matched": self.matched,
            "content_precision": round(p, 4),
            "content_recall": round(r, 4),
            "content_f1": round(f, 4),
            "speaker_accuracy": round(self.spk_ok / self.spk_total, 4) if self.spk_total else None,
            "speaker_pairs": self.spk_total,
            "direct_gold": self.direct_gold,
            "direct_recall": round(self.direct_found / self.direct_gold, 4)
            if self.direct_gold
            else None,
        }


def ours(doc) -> list[tuple[Ranges, Ranges | None]]:
    from counterpoint.analysis.quotes import attribute_quotes

    out = []
    for q in attribute_quotes(doc):
        spk = [(q.speaker_span.start, q.speaker_span.end)] if q.speaker_span else None
        out.append(([(c.start, c.end) for c in q.content], spk))
    return out


def textacy_baseline(nlp, text: str) -> list[tuple[Ranges, Ranges | None]]:
    """textacy's direct_quotations, one paragraph at a time (as the issue measured it)."""
    from textacy.extract.triples import direct_quotations

    out = []
    offset = 0
    for para in text.split("\n"):
        start = offset
        offset += len(para) + 1
        if not para.strip():
            continue
        doc = nlp(para)
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # odd number of quotation marks: textacy gives up
            continue
        for t in triples:
            content = t.content
            c = [(start + content.start_char, start + content.end_char)]
            spk = None
            if t.speaker:
                toks = sorted(t.speaker, key=lambda x: x.i)
                spk = [(start + toks[0].idx, start + toks[-1].idx + len(toks[-1].text))]
            out.append((c, spk))
    return out


def load_rows(split: str, limit: int | None, start: int = 0) -> list[dict]:
    path = DATA / f"quotes-polnear-{split}.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")][start:]
    return rows[:limit] if limit else rows


def parse_all(nlp, rows: list[dict], cache: Path | None):
    """spaCy docs for every row, cached on disk so that tuning runs do not re-parse."""
    from spacy.tokens import DocBin

    if cache and cache.exists():
        db = DocBin().from_disk(cache)
        docs = list(db.get_docs(nlp.vocab))
        if len(docs) == len(rows) and all(d.text == r["text"] for d, r in zip(docs, rows)):
            return docs, None
    t0 = time.perf_counter()
    docs = list(nlp.pipe((r["text"] for r in rows), batch_size=16))
    parse_s = time.perf_counter() - t0
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        db.to_disk(cache)
    return docs, parse_s


def show_errors(text: str, preds, golds, pairs, wrong, limit: int, direct_only: bool = False) -> int:
    golds = [g for g in golds if g["content"]]
    mp = {i for i, _ in pairs}
    mg = {j for _, j in pairs}
    shown = 0

    def clip(r):
        return " … ".join(text[s:e] for s, e in r)[:200].replace("\n", " ")

    for j, g in enumerate(golds):
        if j not in mg and shown < limit:
            if direct_only and not is_direct(text, [tuple(r) for r in g["content"]]):
                continue
            print(f"  MISS  [{clip(g['cue'])}] {clip(g['source'])} :: {clip(g['content'])}")
            shown += 1
    if direct_only:
        return shown
    for i, p in enumerate(preds):
        if i not in mp and shown < limit:
            print(f"  FALSE {clip(p[1] or [])} :: {clip(p[0])}")
            shown += 1
    for i, j in wrong:
        if shown < limit:
            print(
                f"  SPKR  pred={clip(preds[i][1] or [])!r} gold={clip(golds[j]['source'])!r} :: {clip(golds[j]['content'])[:80]}"
            )
            shown += 1
    return shown


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--start", type=int, default=0, help="skip the first N rows (another sample)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--errors", type=int, default=0, help="show up to N errors per article")
    ap.add_argument("--articles", type=int, default=5, help="articles to show errors for")
    ap.add_argument(
        "--direct-errors", action="store_true", help="show only missed direct quotes"
    )
    args = ap.parse_args(argv)

    if not DATA.exists():
        print(f"evaluation data not found at {DATA}; nothing to evaluate (this is not an error)")
        return 0
    sys.path.insert(0, str(REPO / "src"))
    from counterpoint.analysis.nlp import load_spacy, tokenizer_signature
    from counterpoint.analysis.quotes import attribute_quotes

    rows = load_rows(args.split, args.limit, args.start)
    nlp = load_spacy()
    tag = f"{args.start}-" if args.start else ""
    cache = (
        OUT / "cache" / f"polnear-{args.split}-{tag}{args.limit or 'all'}-{tokenizer_signature()}.spacy"
    )
    docs, parse_s = parse_all(nlp, rows, cache)

    score = Score()
    predictions = [ours(d) for d in docs]
    # time attribute_quotes alone once more, without the conversion above
    t0 = time.perf_counter()
    for d in docs:
        attribute_quotes(d)
    attr_only_s = time.perf_counter() - t0
    shown_articles = 0
    for row, preds in zip(rows, predictions):
        pairs, wrong = score.add(row["text"], preds, row["attributions"])
        if args.errors and shown_articles < args.articles:
            print(f"--- {row['id']}")
            show_errors(
                row["text"], preds, row["attributions"], pairs, wrong, args.errors,
                direct_only=args.direct_errors,
            )
            shown_articles += 1
    result = {
        "split": args.split,
        "articles": len(rows),
        "counterpoint": score.result(),
        "attribute_quotes_articles_per_s": round(len(docs) / attr_only_s, 1)
        if attr_only_s
        else None,
        "spacy_parse_articles_per_s": round(len(docs) / parse_s, 2) if parse_s else None,
    }
    if not args.no_baseline:
        base = Score()
        for row in rows:
            base.add(row["text"], textacy_baseline(nlp, row["text"]), row["attributions"])
        result["textacy_direct_quotations"] = base.result()

    print(f"PolNeAR {args.split}: {len(rows)} annotated articles")
    header = f"{'system':28} {'P':>6} {'R':>6} {'F1':>6} {'spk acc':>8} {'direct R':>9} {'pred':>6} {'gold':>6}"
    print(header)
    for name in ("counterpoint", "textacy_direct_quotations"):
        if name in result:
            r = result[name]
            print(
                f"{name:28} {r['content_precision']:6.3f} {r['content_recall']:6.3f} {r['content_f1']:6.3f} "
                f"{(r['speaker_accuracy'] or 0):8.3f} {(r['direct_recall'] or 0):9.3f} {r['predicted']:6} {r['gold']:6}"
            )
    print(
        f"attribute_quotes alone: {result['attribute_quotes_articles_per_s']} articles/s (parse excluded)"
    )
    if result["spacy_parse_articles_per_s"]:
        print(f"spaCy parse: {result['spacy_parse_articles_per_s']} articles/s")
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"quotes-{args.split}" + (f"-{tag}{args.limit}" if args.limit else "") + ".json"
    (OUT / name).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
