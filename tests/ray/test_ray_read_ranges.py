"""The Ray engine's read stage, without Ray: a JSONL file read as byte ranges gives exactly the
records, rejections and line numbers the local reader gives, wherever the cuts fall."""

from __future__ import annotations

import gzip
import json
import random

from counterpoint.ingest.ray_read import _count_newlines_fn, read_task_rows, read_tasks
from counterpoint.ingest.readers import ReadOptions, ReadStats, SkippedInput, iter_inputs
from counterpoint.models import Rejection


def _count(spans):
    return [_count_newlines_fn(*span) for span in spans]


def _read_in_ranges(path, split_bytes, options=None):
    options = options or ReadOptions()
    rows = read_task_rows([path], None, split_bytes, count_newlines=_count)
    items, stats = [], ReadStats()
    for row in rows:
        out = read_tasks({k: [v] for k, v in row.items()}, options)
        for kind, source, payload in zip(out["kind"], out["source"], out["payload"]):
            if kind == "stats":
                s = json.loads(payload)
                stats.read.update(s["read"])
                stats.skipped.update(s["skipped"])
            else:
                items.append((kind, source, payload))
    return rows, items, stats


def _local(path):
    stats = ReadStats()
    out = []
    for item in iter_inputs([str(path)], ReadOptions(), stats):
        if isinstance(item, Rejection):
            out.append(("rejected", item.source, item.model_dump_json()))
        else:
            out.append(("raw", item.source, item.model_dump_json()))
    return out, stats


def _corpus(path, rng):
    lines = []
    for i in range(60):
        r = rng.random()
        if r < 0.1:
            lines.append("")  # blank: skipped and counted
        elif r < 0.15:
            lines.append("{broken json")
        else:
            words = " ".join(rng.choice(["storm", "vote", "port", "ünïcode", "fire"])
                             for _ in range(rng.randrange(5, 80)))
            lines.append(json.dumps({"id": str(i), "title": f"T{i}", "text": words},
                                    ensure_ascii=rng.random() < 0.5))
    path.write_text("\n".join(lines) + ("\n" if rng.random() < 0.5 else ""), encoding="utf-8")
    return path


def test_byte_ranges_read_what_the_whole_file_reads(tmp_path):
    rng = random.Random(7)
    for trial in range(12):
        path = _corpus(tmp_path / f"c{trial}.jsonl", rng)
        expected, estats = _local(path)
        for split in (37, 200, 1000, rng.randrange(50, 3000), 10**9):
            rows, got, stats = _read_in_ranges(path, split)
            assert got == expected, (trial, split)
            assert stats.read == estats.read and stats.skipped == estats.skipped
            if split < path.stat().st_size:
                assert len(rows) > 1


def test_stored_lines_are_skipped_in_their_range(tmp_path):
    path = _corpus(tmp_path / "c.jsonl", random.Random(3))
    expected, _ = _local(path)
    stored = {s for k, s, _ in expected[::3] if k == "raw"}
    rows = read_task_rows([path], None, 150, count_newlines=_count)
    got = []
    for row in rows:  # what the driver does with the workspace's stored sources
        first, row_done = row["payload"], json.loads(row["done"])
        assert row_done == []
        row["done"] = json.dumps(sorted(stored))
        out = read_tasks({k: [v] for k, v in row.items()}, ReadOptions())
        got += [(k, s) for k, s in zip(out["kind"], out["source"]) if k != "stats"]
        assert first.isdigit()
    want = [("skipped" if s in stored else k, s) for k, s, _ in expected]
    assert got == want


def test_gzipped_jsonl_named_jsonl_is_read_whole(tmp_path):
    plain = _corpus(tmp_path / "plain.jsonl", random.Random(5))
    path = tmp_path / "z.jsonl"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    rows, got, _ = _read_in_ranges(path, 50)
    assert [r["kind"] for r in rows if r["kind"] != "none"] == ["file"]
    expected, _ = _local(path)
    assert got == expected and len(expected) > 10


def test_missing_paths_and_directories_are_listed_like_the_local_reader(tmp_path):
    from counterpoint.ingest.ray_read import list_files

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b.txt").write_text("b")
    (tmp_path / "d" / "a.txt").write_text("a")
    (tmp_path / "d" / ".hidden").write_text("x")
    (tmp_path / "d" / "logo.png").write_bytes(b"x")
    stats = ReadStats()
    listed = list(list_files([str(tmp_path / "d"), str(tmp_path / "nope.txt"),
                              str(tmp_path / "*.none")], ReadOptions(), stats))
    assert [p.name for p in listed[:2]] == ["a.txt", "b.txt"]
    assert [(r["kind"], json.loads(r["payload"])["reason"]) for r in listed[2:]] == [
        ("rejected", "no such file or directory"), ("rejected", "no file matches this pattern")]
    assert stats.skipped == {"directory: hidden file": 1,
                             "directory: not an article file (.png)": 1}
    assert not any(isinstance(p, SkippedInput) for p in listed)
