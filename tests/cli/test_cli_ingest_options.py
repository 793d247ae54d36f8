"""`counterpoint ingest` hands its reader options to the pipeline unchanged."""

from __future__ import annotations

import pytest


@pytest.fixture
def captured(monkeypatch):
    from counterpoint.ingest import pipeline

    seen: dict = {}

    def fake_ingest(inputs, workspace, options, **kw):
        seen["options"], seen["kw"] = options, kw
        return pipeline.IngestReport(run_id="x")

    monkeypatch.setattr(pipeline, "ingest", fake_ingest)
    return seen


def test_reader_options_reach_the_pipeline(run, captured):
    result = run(
        "ingest", "x.jsonl",
        "--author-field", "byline", "--html-field", "page",
        "--user-agent", "probe/1.0", "--max-redirects", "0",
        "--no-follow-feed-links", "--workers", "2",
    )
    assert result.exit_code == 0, result.output
    o = captured["options"]
    assert (o.author_field, o.html_field, o.user_agent, o.max_redirects) == ("byline", "page", "probe/1.0", 0)
    assert o.fetch_feed_links is False
    assert o.extract_workers == 2 and captured["kw"]["workers"] == 2


def test_defaults_follow_feed_links_with_one_process(run, captured):
    assert run("ingest", "x.txt").exit_code == 0
    o = captured["options"]
    assert o.fetch_feed_links is True and o.extract_workers == 1 and o.max_redirects == 5


def test_bad_option_values_are_usage_errors(run):
    assert run("ingest", "x.txt", "--max-redirects", "-1").exit_code == 2
    assert run("ingest", "x.txt", "--user-agent", " ").exit_code == 2


def test_help_names_the_new_options(run):
    out = run("ingest", "--help").stdout
    for flag in ("--author-field", "--html-field", "--user-agent", "--max-redirects", "--no-follow-feed-links"):
        assert flag in out
