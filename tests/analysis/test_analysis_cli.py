"""`counterpoint analyze` and `counterpoint reanalyze` end to end (in process, models shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from counterpoint.cli.main import app

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
SEED_000 = SEEDS / "000_95383a19cb279dd7.txt"
SEED_004 = SEEDS / "004_0b82b473876b18de.txt"

pytestmark = pytest.mark.slow


@pytest.fixture()
def runner():
    return CliRunner()


def test_analyze_shows_entities_quotes_claims_and_times(runner, tmp_path):
    result = runner.invoke(app, ["--db", str(tmp_path / "w.db"), "analyze", str(SEED_000), str(SEED_004)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    for heading in ("Entities", "Quotes", "Claims", "Time expressions"):
        assert heading in out
    assert "Bassam al-Salhi" in out and "Nabil Abu Rudaineh" in out and "Barbara Leaf" in out
    assert "commentators (unnamed)" in out
    assert "date:--01-26" in out and "weekday:THU" in out
    assert not (tmp_path / "w.db").exists()  # files are analysed without touching the workspace


def test_analyze_json(runner, tmp_path):
    result = runner.invoke(app, ["--db", str(tmp_path / "w.db"), "analyze", str(SEED_004), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    [item] = data["results"]
    assert data["failures"] == []
    analysis = item["analysis"]
    assert analysis["pipeline_version"]
    speakers = {q["speaker_name"] for q in analysis["quotes"]}
    assert {"Nabil Abu Rudaineh", "Barbara Leaf"} <= speakers
    assert any(q["value"] == 20 for c in analysis["claims"] for q in c["quantities"])


def test_analyze_reports_missing_inputs(runner, tmp_path):
    result = runner.invoke(app, ["--db", str(tmp_path / "w.db"), "analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "nope.txt" in result.output


def test_reanalyze_stores_then_skips_current_analyses(runner, tmp_path):
    db = str(tmp_path / "w.db")
    ingest = runner.invoke(app, ["--db", db, "ingest", str(SEED_004)])
    assert ingest.exit_code == 0, ingest.output
    first = runner.invoke(app, ["--db", db, "reanalyze", "--json"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["candidates"] == 1 and summary["analysed"] == 1
    again = json.loads(runner.invoke(app, ["--db", db, "reanalyze", "--json"]).stdout)
    assert again["candidates"] == 0
    forced = json.loads(runner.invoke(app, ["--db", db, "reanalyze", "--all", "--json"]).stdout)
    assert forced["analysed"] == 1

    from counterpoint.analysis import PIPELINE_VERSION
    from counterpoint.store import open_workspace

    ws = open_workspace(db)
    [article_id] = ws.article_ids()
    stored = ws.get_analysis(article_id)
    assert stored.pipeline_version == PIPELINE_VERSION
    vectors = ws.get_sentence_vectors(article_id)
    assert vectors.shape == (len(stored.sentences), 384)
    # A stored article can be analysed by id, and `articles show` displays the analysis.
    by_id = runner.invoke(app, ["--db", db, "analyze", article_id[:10], "--json"])
    assert by_id.exit_code == 0, by_id.output
    show = runner.invoke(app, ["--db", db, "articles", "show", article_id[:10]], env={"COLUMNS": "200"})
    assert show.exit_code == 0, show.output
    assert "Quotes" in show.output and "Barbara Leaf" in show.output
