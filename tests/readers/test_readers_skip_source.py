"""ReadOptions.skip_source: inputs an earlier run stored are passed over unread."""

from __future__ import annotations

import shutil
from pathlib import Path

from counterpoint.ingest.readers import ReadOptions, ReadStats, SkippedInput, iter_inputs
from counterpoint.models import RawInput

SAMPLES = Path(__file__).parent / "samples"


def test_skipped_sources_are_never_read_nor_extracted(tmp_path, monkeypatch):
    shutil.copy(SAMPLES / "news_article.html", tmp_path / "a.html")
    shutil.copy(SAMPLES / "news_article.html", tmp_path / "b.html")
    shutil.copy(SAMPLES / "french_cp1252.txt", tmp_path / "c.txt")
    extracted: list[str] = []
    from counterpoint.ingest.readers import html

    real = html.html_to_raw

    def spy(page, source, *args, **kwargs):
        extracted.append(source)
        return real(page, source, *args, **kwargs)

    monkeypatch.setattr(html, "html_to_raw", spy)
    stored = {str(tmp_path / "a.html"), str(tmp_path / "c.txt")}
    asked: list[str] = []

    def skip(source: str) -> bool:
        asked.append(source)
        return source in stored

    stats = ReadStats()
    items = list(iter_inputs([str(tmp_path)], ReadOptions(skip_source=skip), stats))
    assert [type(i).__name__ for i in items] == ["SkippedInput", "RawInput", "SkippedInput"]
    assert [i.source for i in items if isinstance(i, SkippedInput)] == sorted(stored)
    assert extracted == [str(tmp_path / "b.html")]  # a.html was not extracted
    assert stats.read["html"] == 1 and stats.rejected == 0
    # each source asked once: a file before it is opened, not again before extraction
    assert sorted(asked) == sorted(str(tmp_path / n) for n in ("a.html", "b.html", "c.txt"))


def test_pages_inside_a_corpus_are_skipped_before_extraction(tmp_path):
    import json

    page = (SAMPLES / "news_article.html").read_text(encoding="utf-8")
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text("\n".join(json.dumps({"html": page, "url": f"https://x.example/{n}"}) for n in range(3)))
    opts = ReadOptions(skip_source=lambda s: s.endswith(":2"))
    items = list(iter_inputs([str(corpus)], opts))
    assert [type(i).__name__ for i in items] == ["RawInput", "SkippedInput", "RawInput"]
    assert items[1].source == f"{corpus}:2"


def test_without_skip_source_nothing_changes(tmp_path):
    shutil.copy(SAMPLES / "french_cp1252.txt", tmp_path / "c.txt")
    items = list(iter_inputs([str(tmp_path)], ReadOptions()))
    assert len(items) == 1 and isinstance(items[0], RawInput)


def test_a_workspace_inside_the_directory_is_not_read(tmp_path):
    from counterpoint.store import open_workspace

    shutil.copy(SAMPLES / "french_cp1252.txt", tmp_path / "c.txt")
    ws = open_workspace(tmp_path / "counterpoint.db")  # WAL mode: -wal and -shm beside it
    try:
        ws.start_run(["x"])
        db_files = len([p for p in tmp_path.iterdir() if p.name.startswith("counterpoint.db")])
        stats = ReadStats()
        items = list(iter_inputs([str(tmp_path)], ReadOptions(), stats))
    finally:
        ws.close()
    assert [type(i).__name__ for i in items] == ["RawInput"], items
    assert db_files == 3  # the database, its -wal and its -shm
    assert stats.rejected == 0 and stats.skipped["directory: not an article file (.db)"] == db_files
