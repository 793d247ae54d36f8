"""A re-run passes stored sources over before reading them, and still reports each one."""

from __future__ import annotations

import shutil
from pathlib import Path

from counterpoint.ingest.pipeline import ALREADY_INGESTED, ingest

SAMPLES = Path(__file__).resolve().parents[1] / "readers" / "samples"


def test_rerun_extracts_nothing_and_reports_every_source(tmp_path, ws, monkeypatch):
    tmp_path = tmp_path / "in"  # beside the workspace, not around it
    tmp_path.mkdir()
    for n in range(3):
        page = (SAMPLES / "news_article.html").read_text(encoding="utf-8")
        (tmp_path / f"p{n}.html").write_text(page.replace("</h1>", f" {n}</h1>").replace("<p>", f"<p>Part {n}. ", 1))
    shutil.copy(SAMPLES / "french_cp1252.txt", tmp_path / "f.txt")
    first = ingest([str(tmp_path)], ws)
    assert first.added == 4 and not first.rejected, first.rejected

    from counterpoint.ingest.readers import html

    calls: list[str] = []
    real = html.html_to_raw
    monkeypatch.setattr(html, "html_to_raw", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    again = ingest([str(tmp_path)], ws)
    assert calls == []  # no page extracted again
    assert again.added == 0 and again.processed == 4
    assert again.skipped[ALREADY_INGESTED] == 4
    first_ids = {o.source: o.article_id for o in first.outcomes}
    assert {o.source: (o.status, o.article_id) for o in again.outcomes} == {
        s: ("already_ingested", a) for s, a in first_ids.items()
    }

    # --rescan (skip_done=False) reads and extracts them all again: unchanged, so no-ops
    rescan = ingest([str(tmp_path)], ws, skip_done=False)
    assert len(calls) == 3 and rescan.added == 0 and rescan.already_present == 4
