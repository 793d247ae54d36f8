"""JSONL and CSV corpora: field mapping, one rejection per bad line, gzip, streaming."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

from counterpoint.ingest.readers import ReadOptions, ReadStats, iter_inputs
from counterpoint.models import RawInput, Rejection

SAMPLES = Path(__file__).parent / "samples"


def _read(specs, **opts):
    stats = ReadStats()
    return list(iter_inputs([str(s) for s in specs], ReadOptions(**opts), stats)), stats


def test_jsonl_maps_fields_and_rejects_bad_lines_naming_them():
    items, stats = _read([SAMPLES / "corpus.jsonl"])
    src = str(SAMPLES / "corpus.jsonl")
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawInput", f"{src}:1"),
        ("Rejection", f"{src}:2"),
        ("RawInput", f"{src}:4"),  # line 3 is blank: skipped, counted
        ("Rejection", f"{src}:5"),
        ("Rejection", f"{src}:6"),
    ]
    first = items[0]
    assert first.kind == "jsonl"
    assert first.text.startswith("Utility crews worked through the night")
    assert first.metadata == {
        "title": "Storm leaves thousands without power",
        "date": "2023-02-07",
        "url": "https://herald.example/storm",
        "outlet": "Coastal Herald",
        "id": "a1",
        "author": "J. Doe",
    }
    assert items[1].reason.startswith("malformed JSON")
    assert "no text in field 'text'" in items[3].reason
    assert items[4].reason == "a JSON list, not an object"
    assert stats.skipped["jsonl: blank line"] == 1 and stats.read["jsonl"] == 2 and stats.rejected == 3


def test_jsonl_gz_is_read_through():
    items, _ = _read([SAMPLES / "corpus.jsonl.gz"])
    assert [i.metadata["id"] for i in items] == ["a1", "a2"]
    assert items[1].text.endswith("a spokeswoman said.")


def test_jsonl_custom_field_names_and_html_records(tmp_path):
    p = tmp_path / "custom.ndjson"
    body = "".join(f"<p>Sentence number {i} of the harbour strike story, with enough words to count.</p>" for i in range(5))
    p.write_text(
        json.dumps({"body": "Text in a custom field.", "headline": "H", "source": "Wire"}) + "\n"
        + json.dumps({"page": f"<html><body><article>{body}</article></body></html>", "headline": "Strike"}) + "\n",
        encoding="utf-8",
    )
    items, _ = _read([p], text_field="body", title_field="headline", outlet_field="source", html_field="page")
    assert items[0].text == "Text in a custom field." and items[0].metadata == {"title": "H", "outlet": "Wire"}
    assert isinstance(items[1], RawInput) and items[1].html and items[1].text.startswith("Sentence number 0")
    assert items[1].metadata["title"] == "Strike"


def test_jsonl_line_over_the_limit_is_rejected_and_reading_goes_on(tmp_path):
    p = tmp_path / "big.jsonl"
    p.write_text(
        json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": "small one"}) + "\n", encoding="utf-8"
    )
    items, _ = _read([p], max_bytes=1000)
    assert isinstance(items[0], Rejection) and items[0].source.endswith("big.jsonl:1") and "max_bytes=1000" in items[0].reason
    assert isinstance(items[1], RawInput) and items[1].text == "small one"


def test_truncated_jsonl_gz_keeps_lines_before_the_break(tmp_path):
    full = gzip.compress("".join(json.dumps({"text": f"article {i} " * 50}) + "\n" for i in range(200)).encode())
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(full[: len(full) // 2])
    items, _ = _read([p])
    good = [i for i in items if isinstance(i, RawInput)]
    bad = [i for i in items if isinstance(i, Rejection)]
    assert len(good) > 10 and len(bad) == 1
    assert "truncated or corrupt" in bad[0].reason


def test_jsonl_is_streamed_lazily_with_flat_memory(tmp_path):
    p = tmp_path / "large.jsonl"
    line = json.dumps({"text": "Words of an article. " * 200, "title": "t"}) + "\n"
    with p.open("w", encoding="utf-8") as fh:
        for _ in range(8000):  # ~34 MB on disk
            fh.write(line)
    assert p.stat().st_size > 30_000_000
    it = iter_inputs([str(p)], ReadOptions())
    tracemalloc.start()
    first = next(it)
    count = 1
    for item in it:  # nothing is kept: memory must not grow with the file
        count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert isinstance(first, RawInput) and count == 8000
    assert peak < 5_000_000, f"peak {peak} bytes while streaming a {p.stat().st_size} byte file"


def test_csv_with_mapping_row_numbers_and_bad_rows():
    items, stats = _read(
        [SAMPLES / "corpus.csv"], text_field="body", title_field="headline", date_field="published", outlet_field="source", url_field="link"
    )
    src = str(SAMPLES / "corpus.csv")
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawInput", f"{src}:1"),
        ("RawInput", f"{src}:2"),
        ("Rejection", f"{src}:3"),
        ("Rejection", f"{src}:4"),
    ]
    first, second = items[0], items[1]
    assert first.kind == "csv"
    assert first.text.split("\n")[1].startswith("More than 40,000 homes")  # multi-line field intact
    assert first.metadata == {
        "title": "Storm leaves thousands without power",
        "date": "2023-02-07",
        "url": "https://herald.example/storm",
        "outlet": "Coastal Herald",
    }
    assert "url" not in second.metadata  # empty cell: absent, not ""
    assert items[2].reason == "2 fields where the header has 5"
    assert "no text in field 'body'" in items[3].reason
    assert stats.read["csv"] == 2


def test_csv_without_the_text_column_is_one_clear_rejection():
    items, _ = _read([SAMPLES / "corpus.csv"])  # default text field "text" is not a column
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert "no column 'text'" in items[0].reason and "headline, body" in items[0].reason


def test_tsv_semicolon_and_gzip_csv(tmp_path):
    (tmp_path / "a.tsv").write_text("title\ttext\nT1\tBody one.\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("title;text\nT2;Body two, with a comma.\n", encoding="utf-8")
    with gzip.open(tmp_path / "c.csv.gz", "wt", encoding="utf-8") as fh:
        fh.write("title,text\nT3,Body three.\n")
    items, _ = _read([tmp_path])
    assert [(i.metadata["title"], i.text) for i in items] == [
        ("T1", "Body one."),
        ("T2", "Body two, with a comma."),
        ("T3", "Body three."),
    ]


def test_csv_row_with_invalid_utf8_is_rejected_alone(tmp_path):
    p = tmp_path / "mixed.csv"
    p.write_bytes(b"title,text\nA,Good row.\nB,Bad \xff\xfe row.\nC,Another good row.\n")
    items, _ = _read([p])
    assert [type(i) for i in items] == [RawInput, Rejection, RawInput]
    assert items[1].source.endswith("mixed.csv:2") and "invalid UTF-8" in items[1].reason


def test_jsonl_line_with_invalid_utf8_is_rejected_alone(tmp_path):
    p = tmp_path / "bytes.jsonl"
    p.write_bytes(b'{"text": "fine"}\n{"text": "caf\xe9 bad"}\n{"text": "also fine"}\n')
    items, _ = _read([p])
    assert [type(i) for i in items] == [RawInput, Rejection, RawInput]
    assert items[1].source.endswith("bytes.jsonl:2") and "invalid UTF-8" in items[1].reason


def test_json_array_and_single_object_files(tmp_path):
    arr = tmp_path / "export.json"
    arr.write_text(json.dumps([{"text": "First.", "title": "A"}, "oops", {"title": "no text"}], indent=2), encoding="utf-8")
    one = tmp_path / "one"  # no extension: a pretty-printed object is sniffed as JSON, not JSONL
    one.write_text(json.dumps({"text": "Only article.", "outlet": "Wire"}, indent=2), encoding="utf-8")
    items, _ = _read([arr, one])
    assert [(type(i).__name__, i.source) for i in items] == [
        ("RawInput", f"{arr}:1"),
        ("Rejection", f"{arr}:2"),
        ("Rejection", f"{arr}:3"),
        ("RawInput", str(one)),
    ]
    assert items[0].metadata == {"title": "A"} and items[3].metadata == {"outlet": "Wire"}
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": ', encoding="utf-8")
    (rej,), _ = _read([bad])
    assert isinstance(rej, Rejection) and rej.reason.startswith("malformed JSON")
