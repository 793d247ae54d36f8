"""The ingest pipeline: batches, rejections, idempotence, resuming after a crash."""

from __future__ import annotations

import sys
import types
from collections import Counter

import pytest

from counterpoint.errors import NoArticleFound
from counterpoint.ingest.pipeline import ALREADY_INGESTED, ingest
from counterpoint.models import RawInput, Rejection, article_id

WIRE = (
    "The Palestinian leadership has rejected pressure to reverse its decision to end the "
    "security coordination and pursue its diplomatic offensive against Israel in the "
    "international arena, Palestinian officials said on Saturday after a meeting in Ramallah."
)


def fake_reader(items):
    def reader(specs, options, stats=None):
        for item in items:
            if isinstance(item, RawInput) and stats is not None:
                stats.read[item.kind] += 1
            yield item

    return reader


def raw(i: int, text: str | None = None, **meta) -> RawInput:
    return RawInput(
        source=f"corpus.jsonl:{i}",
        kind="jsonl",
        text=text if text is not None else f"Headline {i}\nBody of article number {i} with words.",
        metadata=meta,
    )


def test_bad_inputs_are_reported_and_the_rest_is_stored(ws, prepare):
    def picky(r: RawInput):
        if r.source.endswith(":3"):
            raise NoArticleFound(r.source, "no article body in the HTML")
        if r.source.endswith(":4"):
            raise ZeroDivisionError("a bug in cleaning")
        return prepare(r)

    items = [
        raw(1),
        raw(2),
        raw(3),
        raw(4),
        Rejection(source="corpus.jsonl:5", reason="malformed JSON"),
        raw(6, text="   "),
    ]
    report = ingest(["corpus.jsonl"], ws, reader=fake_reader(items), prepare=picky, batch_size=2)
    assert report.added == 2 and ws.count_articles() == 2
    reasons = {r.source: r.reason for r in report.rejected}
    assert reasons == {
        "corpus.jsonl:3": "no article body in the HTML",
        "corpus.jsonl:4": "internal error: ZeroDivisionError: a bug in cleaning",
        "corpus.jsonl:5": "malformed JSON",
        "corpus.jsonl:6": "empty: no text",
    }
    assert not report.ok
    assert ws.rejections(report.run_id) == report.rejected
    assert report.read == Counter({"jsonl": 5})


def test_rerun_is_a_no_op_and_skips_done_sources(ws, prepare):
    items = [raw(i) for i in range(7)]
    first = ingest(["c"], ws, reader=fake_reader(items), prepare=prepare, batch_size=3)
    assert first.added == 7 and first.ok
    calls = []

    def counting(r):
        calls.append(r.source)
        return prepare(r)

    second = ingest(["c"], ws, reader=fake_reader(items), prepare=counting, batch_size=3)
    assert second.added == 0 and ws.count_articles() == 7
    assert second.skipped[ALREADY_INGESTED] == 7
    assert calls == []  # done sources are not even cleaned again


def test_same_text_from_two_sources_is_one_article(ws, prepare):
    items = [raw(1, text=WIRE), raw(2, text="  " + WIRE + "\n"), raw(3, text=WIRE)]
    report = ingest(["c"], ws, reader=fake_reader(items), prepare=prepare, batch_size=2)
    assert report.added == 1 and report.already_present == 2
    assert ws.count_articles() == 1
    assert ws.sources_done(["corpus.jsonl:1", "corpus.jsonl:2", "corpus.jsonl:3"]) == {
        "corpus.jsonl:1",
        "corpus.jsonl:2",
        "corpus.jsonl:3",
    }


def test_a_crash_mid_batch_loses_only_that_batch_and_a_rerun_completes(ws, prepare):
    items = [raw(i) for i in range(10)]

    def dies_at_7(r):
        if r.source.endswith(":7"):
            raise SystemExit("killed")  # not an Exception: escapes like a real kill would
        return prepare(r)

    with pytest.raises(SystemExit):
        ingest(["c"], ws, reader=fake_reader(items), prepare=dies_at_7, batch_size=3)
    assert ws.count_articles() == 6  # batches 0-2 and 3-5 committed; 6-8 lost whole
    assert ws.sources_done([f"corpus.jsonl:{i}" for i in range(10)]) == {
        f"corpus.jsonl:{i}" for i in range(6)
    }
    report = ingest(["c"], ws, reader=fake_reader(items), prepare=prepare, batch_size=3)
    assert report.added == 4 and report.skipped[ALREADY_INGESTED] == 6
    assert ws.count_articles() == 10
    assert ws.integrity_check() == "ok"


def test_progress_is_reported_per_input(ws, prepare):
    seen = []
    ingest(
        ["c"],
        ws,
        reader=fake_reader([raw(i) for i in range(5)]),
        prepare=prepare,
        batch_size=2,
        progress=lambda report, source: seen.append((report.processed, source)),
    )
    assert [s for _, s in seen if s] == [f"corpus.jsonl:{i}" for i in range(5)]
    assert seen[-1][0] == 5


@pytest.fixture
def fake_dedup(monkeypatch):
    """A stand-in for counterpoint.ingest.dedup: signatures are word sets, Jaccard >= 0.8."""
    mod = types.ModuleType("counterpoint.ingest.dedup")

    def minhash_signature(text: str) -> bytes:
        return " ".join(sorted(set(text.lower().split()))).encode()

    class NearDuplicateIndex:
        def __init__(self):
            self.items = {}

        def add(self, article_id, signature):
            self.items[article_id] = set(signature.decode().split())

        def query(self, signature):
            words = set(signature.decode().split())
            return [k for k, v in self.items.items() if len(words & v) / len(words | v) >= 0.8]

    mod.minhash_signature = minhash_signature
    mod.NearDuplicateIndex = NearDuplicateIndex
    monkeypatch.setitem(sys.modules, "counterpoint.ingest.dedup", mod)
    return mod


def test_near_duplicates_are_linked_across_runs(ws, prepare, fake_dedup):
    copy = WIRE.replace("Saturday", "Sunday")
    other = "Rain is expected over the weekend across the north of the country, forecasters said."
    r1 = ingest(
        ["a"], ws, reader=fake_reader([raw(1, text=WIRE), raw(2, text=other)]), prepare=prepare
    )
    assert r1.near_duplicates_linked == 0 and r1.near_duplicate_detection
    # A later run loads the stored signatures, so a copy arriving later is still linked.
    r2 = ingest(["b"], ws, reader=fake_reader([raw(3, text=copy)]), prepare=prepare)
    assert r2.added == 1 and r2.near_duplicates_linked == 1
    a = ws.get_article(r1.added_ids[0])
    b = ws.get_article(r2.added_ids[0])
    assert a.near_duplicates == [b.id] and b.near_duplicates == [a.id]
    assert ws.near_duplicates(r1.added_ids[1]) == []


def test_real_reader_on_the_seeds(ws, prepare, seed_paths):
    report = ingest([str(seed_paths[0].parent)], ws, prepare=prepare)
    assert report.added == 2 and report.ok
    assert {a.source for a in ws.iter_articles()} == {str(p) for p in seed_paths}
    assert ws.search("security coordination")
    missing = ingest(["/nonexistent/dir"], ws, prepare=prepare)
    assert [r.reason for r in missing.rejected] == ["no such file or directory"]


def test_worker_processes_give_the_same_result_in_order(tmp_path):
    from counterpoint.ingest.prepare import prepare_article  # workers import it by name
    from counterpoint.store import open_workspace

    body = WIRE + " The officials spoke after a meeting on Friday."
    items = (
        [raw(i, text=f"Report {i}\n{body} It was meeting number {i}.") for i in range(25)]
        + [raw(99, text="   ")]
        + [raw(i, text=f"Report {i}\n{body} It was meeting number {i}.") for i in range(25, 40)]
    )
    one = open_workspace(tmp_path / "one.db")
    two = open_workspace(tmp_path / "two.db")
    kw = {"reader": None, "prepare": prepare_article, "batch_size": 16}
    r1 = ingest(["c"], one, **{**kw, "reader": fake_reader(items)})
    r2 = ingest(["c"], two, **{**kw, "reader": fake_reader(items)}, workers=2)
    assert r2.added == r1.added == 40
    assert r2.added_ids == r1.added_ids
    assert r2.rejected == r1.rejected
    assert [r.source for r in r2.rejected] == ["corpus.jsonl:99"]
    assert one.article_ids() == two.article_ids()
    assert r2.near_duplicates_linked == r1.near_duplicates_linked > 0  # signatures from workers


def test_rescan_recleans_done_sources(ws, prepare):
    items = [raw(i) for i in range(3)]
    ingest(["c"], ws, reader=fake_reader(items), prepare=prepare)
    same = ingest(["c"], ws, reader=fake_reader(items), prepare=prepare, skip_done=False)
    assert same.added == 0 and same.already_present == 3 and not same.skipped

    def better(r):  # "improved cleaning" that changes the text of input 1 only
        a = prepare(r)
        if r.source.endswith(":1"):
            text = a.text.replace("words", "words, cleaned better")
            a = a.model_copy(
                update={
                    "text": text,
                    "id": article_id(text),
                }
            )
        return a

    changed = ingest(["c"], ws, reader=fake_reader(items), prepare=better, skip_done=False)
    assert changed.added == 1 and changed.already_present == 2
    assert ws.source_articles(["corpus.jsonl:1"]) == {"corpus.jsonl:1": changed.added_ids[0]}
