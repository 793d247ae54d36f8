"""``ingest --engine ray`` gives the same articles, analyses and stories as ``--engine local``,
and one bad input or one failing analysis loses nothing else (both listed, both retried)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import records as write_records
from synth import write_jsonl

ray = pytest.importorskip("ray", reason="Ray Data not installed: pip install 'counterpoint[ray]'")

from counterpoint.ingest.ray_engine import AnalyseBatch, ingest_ray, init_ray

pytestmark = pytest.mark.slow
N = 100


@pytest.fixture(scope="module", autouse=True)
def ray_local():
    init_ray(num_cpus=2)
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # FailingAnalyser below
    yield
    ray.shutdown()


def _corpus(tmp_path: Path) -> list[Path]:
    """A JSONL corpus (read by the Ray engine as byte ranges in the test) with bad lines in
    the middle and at the end, and a directory of text files (one read task each)."""
    path = write_jsonl(tmp_path / "corpus.jsonl", N, seed=3)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(N // 2, "")  # blank: skipped, counted
    lines.insert(N // 3, "[1, 2]")  # not an object
    lines += ['{"id": "empty", "title": "Nothing", "text": ""}', "{not json at all"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    d = tmp_path / "texts"
    d.mkdir()
    for i, rec in enumerate(write_records(6, seed=8)):
        (d / f"{i}.txt").write_text(rec["title"] + "\n\n" + rec["text"], encoding="utf-8")
    (d / "empty.txt").write_text("")
    (d / "logo.png").write_bytes(b"\x89PNG")
    return [path, d]


def _stories(ws) -> set[frozenset[str]]:
    from counterpoint.stories.repository import StoryRepository

    groups: dict[str, set[str]] = {}
    for article, story in StoryRepository(ws).memberships().items():
        groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def test_ray_and_local_engines_give_the_same_workspace(tmp_path):
    from counterpoint.analysis.pipeline import analyze_articles
    from counterpoint.ingest.pipeline import ingest
    from counterpoint.store import open_workspace
    from counterpoint.stories.service import update_stories

    corpus = _corpus(tmp_path)
    loc = open_workspace(tmp_path / "local.db")
    local_report = ingest(corpus, loc, batch_size=40)
    arts = list(loc.iter_articles())
    for a, r in zip(arts, analyze_articles(arts, batch_size=32)):
        loc.save_analysis(r.analysis, r.vectors)
    update_stories(loc)

    rws = open_workspace(tmp_path / "ray.db")
    # 20 KB ranges: the corpus is read by several tasks
    report = ingest_ray(corpus, rws, batch_size=40, workers=2, split_bytes=20_000)
    update_stories(rws)

    assert report.added == local_report.added == N + 6
    assert report.analysed == N + 6 and report.failed == []
    assert [r.model_dump() for r in report.rejected] == [
        r.model_dump() for r in local_report.rejected] and len(report.rejected) == 4
    assert report.read == local_report.read and report.skipped == local_report.skipped
    assert rws.rejections() == loc.rejections()
    # Same articles, every field, in the same (arrival) order.
    assert list(rws.iter_articles()) == arts
    for a in arts:
        assert rws.get_analysis(a.id) == loc.get_analysis(a.id)
        v1, v2 = rws.get_sentence_vectors(a.id), loc.get_sentence_vectors(a.id)
        assert v1.shape == v2.shape and np.abs(v1 - v2).max() < 2e-3  # float16, batch padding
    assert rws.near_duplicate_pairs() == loc.near_duplicate_pairs()
    stories = _stories(rws)
    assert stories == _stories(loc) and 5 <= len(stories) < N // 2  # grouping had work to do
    # Re-running is a no-op, as locally.
    again = ingest_ray(corpus, rws, batch_size=40, split_bytes=20_000)
    assert again.added == 0 and again.skipped["already ingested by an earlier run"] == N + 6
    assert len(again.rejected) == 4  # the bad inputs, retried: still listed


class FailingAnalyser(AnalyseBatch):
    """Fails the whole batch when it holds the poisoned article (as a model crash would)."""

    def _analyse(self, articles):
        if any("POISON" in a.text for a in articles):
            raise RuntimeError("model crashed")
        return super()._analyse(articles)


def test_one_failing_analysis_loses_nothing_and_is_retried(tmp_path):
    from counterpoint.analysis.pipeline import PIPELINE_VERSION
    from counterpoint.store import open_workspace

    path = write_jsonl(tmp_path / "c.jsonl", 12, seed=5)
    lines = path.read_text().splitlines()
    rec = json.loads(lines[4])
    rec["text"] += "\n\nPOISON paragraph added for the test."
    lines[4] = json.dumps(rec)
    path.write_text("\n".join(lines) + "\n")

    ws = open_workspace(tmp_path / "ws.db")
    report = ingest_ray([path], ws, analyser=FailingAnalyser, batch_size=5)
    assert report.added == 12 and report.analysed == 11
    (failed,) = report.failed
    assert failed["source"].endswith("c.jsonl:5") and "model crashed" in failed["reason"]
    assert ws.articles_without_analysis(PIPELINE_VERSION) == [failed["article_id"]]
    # Re-running the same command retries exactly the failed analysis.
    retry = ingest_ray([path], ws)
    assert retry.added == 0 and retry.analysed == 1 and retry.failed == []
    assert ws.articles_without_analysis(PIPELINE_VERSION) == []


def flaky_prepare(raw):
    """A cleaning stage that raises on one input (a bug, a bad byte sequence)."""
    from counterpoint.ingest.prepare import prepare_article

    if "POISON" in (raw.text or ""):
        raise RuntimeError("cleaner crashed")
    return prepare_article(raw)


def test_a_worker_raising_on_one_input_loses_nothing_else_and_is_retried(tmp_path):
    from counterpoint.store import open_workspace

    path = write_jsonl(tmp_path / "c.jsonl", 12, seed=6)
    lines = path.read_text().splitlines()
    rec = json.loads(lines[7])
    rec["text"] += "\n\nPOISON paragraph."
    lines[7] = json.dumps(rec)
    path.write_text("\n".join(lines) + "\n")

    ws = open_workspace(tmp_path / "ws.db")
    report = ingest_ray([path], ws, prepare=flaky_prepare, analyse=False, batch_size=5)
    assert report.added == 11
    (rej,) = report.rejected
    assert rej.source == f"{path}:8" and "cleaner crashed" in rej.reason
    assert report.as_dict()["retry"] == [str(path)]  # what to run again
    assert ws.rejections() == [rej]
    # The retry (the same command, the cleaner fixed) stores exactly the failed input.
    retry = ingest_ray([path], ws, analyse=False)
    assert retry.added == 1 and retry.rejected == []
    assert retry.skipped["already ingested by an earlier run"] == 11


def dying_prepare(raw):
    """Kills its own worker process the first time it meets the marked input (as an
    out-of-memory kill or a crash in native code would); the retry finds the marker file."""
    import os

    from counterpoint.ingest.prepare import prepare_article

    text = raw.text or ""
    if "KILL:" in text:
        marker = Path(text.split("KILL:", 1)[1].split()[0])
        if not marker.exists():
            marker.write_text("died once")
            os._exit(1)
    return prepare_article(raw)


def test_a_worker_process_dying_loses_nothing(tmp_path):
    from counterpoint.store import open_workspace

    path = write_jsonl(tmp_path / "c.jsonl", 10, seed=7)
    lines = path.read_text().splitlines()
    rec = json.loads(lines[3])
    marker = tmp_path / "died"
    rec["text"] += f"\n\nKILL:{marker} end of the article."
    lines[3] = json.dumps(rec)
    path.write_text("\n".join(lines) + "\n")

    ws = open_workspace(tmp_path / "ws.db")
    report = ingest_ray([path], ws, prepare=dying_prepare, analyse=False, batch_size=4)
    assert marker.read_text() == "died once"  # the worker did die
    assert report.added == 10 and report.rejected == [] and ws.count_articles() == 10


def test_cli_ingest_engine_ray(tmp_path):
    from typer.testing import CliRunner

    from counterpoint.cli.main import app

    path = write_jsonl(tmp_path / "c.jsonl", 4, seed=9)
    db = str(tmp_path / "cli.db")
    bad = CliRunner().invoke(app, ["--db", db, "ingest", "--engine", "spark", str(path)])
    assert bad.exit_code == 2 and "--engine" in bad.output
    bad = CliRunner().invoke(app, ["--db", db, "ingest", "--ray-address", "auto", str(path)])
    assert bad.exit_code == 2 and "--ray-address needs --engine ray" in bad.output
    result = CliRunner().invoke(app, ["--db", db, "ingest", "--engine", "ray", "--json",
                                      str(path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    assert report["engine"] == "ray" and report["added"] == 4 and report["analysed"] == 4
    # A bad input: listed on the console with what to run again, exit 1.
    bad_file = tmp_path / "bad.jsonl"
    bad_file.write_text('{"id": "x"}\n')
    result = CliRunner().invoke(app, ["--db", db, "ingest", "--engine", "ray", str(bad_file)])
    assert result.exit_code == 1
    assert f"{bad_file}:1" in result.output and "no text" in result.output
    assert "retry" in result.output and str(bad_file) in result.output
