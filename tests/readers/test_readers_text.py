"""Plain-text files, directories and globs through iter_inputs."""

from __future__ import annotations

import os
from pathlib import Path

from counterpoint.ingest.readers import ReadOptions, ReadStats, iter_inputs
from counterpoint.ingest.readers.sniff import detect_format
from counterpoint.models import RawInput, Rejection

SAMPLES = Path(__file__).parent / "samples"


def _read(specs, **opts):
    stats = ReadStats()
    items = list(iter_inputs([str(s) for s in specs], ReadOptions(**opts), stats=stats))
    return items, stats


def test_seed_files_read_verbatim(seed_paths, seed_texts):
    items, stats = _read(seed_paths)
    assert [type(i) for i in items] == [RawInput, RawInput]
    assert [i.text for i in items] == seed_texts
    assert items[0].kind == "text" and items[0].source == str(seed_paths[0])
    assert stats.read["text"] == 2 and stats.rejected == 0


def test_cp1252_text_is_detected_not_mangled():
    (item,), _ = _read([SAMPLES / "french_cp1252.txt"])
    assert isinstance(item, RawInput)
    assert "réforme des retraites très contestée" in item.text
    assert "« nécessaire et juste »" in item.text


def test_utf8_bom_is_dropped_and_utf16_decoded():
    (a, b), _ = _read([SAMPLES / "utf8_bom.txt", SAMPLES / "utf16.txt"])
    assert a.text.startswith("Storm leaves thousands")
    assert b.text == a.text
    assert "“Our crews" in a.text


def test_directory_is_walked_recursively_sorted_and_hidden_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second article body text here.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("First article body text here.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("not me", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    items, stats = _read([tmp_path])
    assert [Path(i.source).name for i in items] == ["one.txt", "two.txt"]
    assert stats.skipped["directory: hidden file"] == 1
    assert stats.skipped["directory: not an article file (.png)"] == 1


def test_glob_expands_recursively(tmp_path):
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "x" / "y" / "deep.txt").write_text("Deep article.", encoding="utf-8")
    (tmp_path / "top.txt").write_text("Top article.", encoding="utf-8")
    (tmp_path / "skip.md").write_text("Markdown.", encoding="utf-8")
    items, _ = _read([f"{tmp_path}/**/*.txt"])
    assert sorted(Path(i.source).name for i in items) == ["deep.txt", "top.txt"]
    items, _ = _read([f"{tmp_path}/nothing-*.txt"])
    assert isinstance(items[0], Rejection) and "no file matches" in items[0].reason


def test_bad_text_inputs_are_rejected_one_line_each_and_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\n\t ")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    garbage = tmp_path / "garbage.txt"  # invalid UTF-8, no NUL bytes, full of control bytes
    garbage.write_bytes(bytes([0x01, 0x02, 0xFF, 0xFE, 0x80, 0x03, 0x1B]) * 300)
    good = tmp_path / "good.txt"
    good.write_text("A real article sentence.", encoding="utf-8")
    items, stats = _read([empty, blank, binary, "missing.txt", garbage, good])
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [r.source for r in rejections] == [str(empty), str(blank), str(binary), "missing.txt", str(garbage)]
    assert "empty" in rejections[0].reason and "empty" in rejections[1].reason
    assert "binary" in rejections[2].reason
    assert "no such file" in rejections[3].reason
    assert "binary" in rejections[4].reason or "decod" in rejections[4].reason
    assert all("\n" not in r.reason for r in rejections)
    assert isinstance(items[-1], RawInput) and items[-1].text == "A real article sentence."
    assert stats.rejected == 5 and stats.read["text"] == 1


def test_invalid_utf8_in_mostly_utf8_text_is_decoded_not_crashed(tmp_path):
    p = tmp_path / "mixed.txt"
    p.write_bytes("The minister said the plan was “final”. ".encode() * 5 + b"Caf\xe9 owner said.")
    (item,), _ = _read([p])
    assert isinstance(item, RawInput)  # decoded by detection, never a crash
    assert "minister said" in item.text


def test_over_size_file_rejected_naming_the_limit(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    items, _ = _read([big])
    assert isinstance(items[0], Rejection)
    assert "over the limit of 20.0 MB" in items[0].reason and "max_bytes=20971520" in items[0].reason
    small = tmp_path / "small.txt"
    small.write_text("x" * 2000, encoding="utf-8")
    (rej,), _ = _read([small], max_bytes=1000)
    assert isinstance(rej, Rejection) and "max_bytes=1000" in rej.reason


def test_unknown_extension_is_sniffed(tmp_path):
    p = tmp_path / "article.dat"
    p.write_text("Just plain words of an article.", encoding="utf-8")
    h = tmp_path / "page.bin"
    h.write_text("<!DOCTYPE html><html><body><p>hi</p></body></html>", encoding="utf-8")
    j = tmp_path / "rows"
    j.write_text('{"text": "a"}\n', encoding="utf-8")
    assert detect_format(p) == "text"
    assert detect_format(h) == "html"
    assert detect_format(j) == "jsonl"


def test_lazy_over_many_specs(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Article {n}.", encoding="utf-8")
    it = iter_inputs([str(tmp_path)], ReadOptions())
    first = next(it)
    assert isinstance(first, RawInput) and first.text == "Article 0."
    os.remove(tmp_path / "2.txt")  # not read yet: a lazy reader never sees it
    rest = list(it)
    assert [r.text for r in rest if isinstance(r, RawInput)] == ["Article 1."]
