"""`counterpoint ingest` and `counterpoint articles` against a temp workspace."""

from __future__ import annotations

import json

from counterpoint.models import Article, ArticleAnalysis, Removal, article_id
from counterpoint.store import open_workspace


def test_ingest_seeds_then_rerun_is_a_no_op(run, seed_paths):
    first = run("ingest", str(seed_paths[0].parent), "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["added"] == 2 and data["rejected"] == []
    again = run("ingest", str(seed_paths[0].parent), "--json")
    data = json.loads(again.stdout)
    assert again.exit_code == 0
    assert data["added"] == 0
    assert sum(data["skipped"].values()) == 2


def test_rejected_inputs_give_exit_1_and_one_line_each(run, seed_paths, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run("ingest", str(seed_paths[0]), str(empty), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    lines = [l for l in result.stderr.splitlines() if l.startswith("rejected")]
    assert len(lines) == 2
    assert any("missing.txt" in l and "no such file" in l for l in lines)
    assert any("empty.txt" in l and "empty" in l for l in lines)
    assert "articles added" in result.stdout


def test_usage_errors_exit_2(run, tmp_path):
    assert run("ingest").exit_code == 2  # no inputs: help, usage error
    assert run("ingest", "x.txt", "--batch-size", "0").exit_code == 2
    assert run("ingest", "x.txt", "--text-field", " ").exit_code == 2
    assert run("articles", "list", "--since", "yesterday").exit_code == 2
    assert run("articles", "show", "abcdef").exit_code == 2
    (tmp_path / "dir.db").mkdir()
    from typer.testing import CliRunner

    from counterpoint.cli.main import app

    res = CliRunner().invoke(app, ["--db", str(tmp_path / "dir.db"), "articles", "list"])
    assert res.exit_code == 2 and "directory" in res.stderr


def _store(db, **kw) -> Article:
    text = kw.pop(
        "text", "The leadership met in Ramallah on Friday to discuss security coordination."
    )
    a = Article(
        id=article_id(text),
        text=text,
        raw_text="Jerusalem Post Store\n" + text,
        source="a.txt",
        kind="text",
        word_count=len(text.split()),
        **kw,
    )
    with open_workspace(db) as ws:
        ws.add_articles([a])
    return a


def test_articles_list_filters_and_json(run, db):
    a = _store(db, outlet="The Jerusalem Post", published="2023-02-04", headline="Leadership meets")
    b = _store(db, text="Rain over the weekend.", outlet="Weather Daily", published="2023-03-01")
    out = json.loads(run("articles", "list", "--json").stdout)
    assert out["total"] == 2 and [x["id"] for x in out["articles"]] == [b.id, a.id]
    out = json.loads(run("articles", "list", "--outlet", "the jerusalem post", "--json").stdout)
    assert [x["id"] for x in out["articles"]] == [a.id]
    out = json.loads(run("articles", "list", "--until", "2023-02-28", "--json").stdout)
    assert [x["id"] for x in out["articles"]] == [a.id]
    table = run("articles", "list")
    assert table.exit_code == 0 and a.id[:12] in table.stdout and "Leadership meets" in table.stdout


def test_articles_list_on_an_empty_workspace_says_how_to_fill_it(run):
    result = run("articles", "list")
    assert result.exit_code == 0 and "counterpoint ingest" in result.stdout


def test_articles_search(run, db):
    a = _store(db)
    out = json.loads(run("articles", "search", "security coordination", "--json").stdout)
    assert [h["article_id"] for h in out["hits"]] == [a.id]
    s, e = out["hits"][0]["matches"][0]
    assert a.text[s:e] == "security"
    assert "No article matches" in run("articles", "search", "zebra").stdout
    assert a.id[:12] in run("articles", "search", "Ramallah").stdout


def test_articles_show_lists_removals_and_prefix_works(run, db):
    a = _store(
        db,
        outlet="The Jerusalem Post",
        outlet_evidence="signature: Jerusalem Post Store",
        removals=[Removal(start=0, end=21, reason="furniture", text="Jerusalem Post Store\n")],
    )
    result = run("articles", "show", a.id[:8])
    assert result.exit_code == 0
    out = result.stdout
    for expected in (
        "The Jerusalem Post",
        "furniture",
        "Jerusalem Post Store",
        "unknown",
        "Ramallah",
    ):
        assert expected in out
    data = json.loads(run("articles", "show", a.id, "--json").stdout)
    assert data["id"] == a.id and "raw_text" not in data and data["analysis"] is None
    raw = json.loads(run("articles", "show", a.id, "--json", "--raw").stdout)
    assert raw["raw_text"].startswith("Jerusalem Post Store")


def test_articles_show_includes_a_stored_analysis(run, db):
    a = _store(db)
    with open_workspace(db) as ws:
        ws.save_analysis(ArticleAnalysis(article_id=a.id, pipeline_version="test-1"))
    data = json.loads(run("articles", "show", a.id, "--json").stdout)
    assert data["analysis"]["pipeline_version"] == "test-1"
    shown = run("articles", "show", a.id)
    assert shown.exit_code == 0
    assert "Analysis" in shown.stdout and "test-1" in shown.stdout  # render.analysis.print_analysis


def test_help_everywhere(run):
    for args in (
        ["ingest", "--help"],
        ["articles", "--help"],
        ["articles", "list", "--help"],
        ["articles", "search", "--help"],
        ["articles", "show", "--help"],
    ):
        result = run(*args)
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_small_runs_describe_each_article_and_big_ones_do_not(run, seed_paths, tmp_path):
    result = run("ingest", str(seed_paths[0]))
    assert result.exit_code == 0
    assert "(added)" in result.stdout and seed_paths[0].name in result.stdout
    again = run("ingest", str(seed_paths[0]))
    assert "(ingested before)" in again.stdout  # a re-run still shows what is stored
    quiet = run("ingest", str(seed_paths[0]), "--no-describe")
    assert seed_paths[0].name not in quiet.stdout
    many = tmp_path / "many"
    many.mkdir()
    for i in range(12):
        (many / f"{i}.txt").write_text(
            f"Report {i}: the leadership met on Friday in Ramallah for talks "
            f"number {i} about security coordination and more.\n"
        )
    bulk = run("ingest", str(many), "--json")
    data = json.loads(bulk.stdout)
    assert data["added"] == 12 and len(data["outcomes"]) == 12
    assert {o["status"] for o in data["outcomes"]} == {"added"}
    assert "(added)" not in run("ingest", str(many)).stdout


def test_progress_bar_waits_a_second_then_counts(monkeypatch):
    from counterpoint.cli import ingest as cli_ingest
    from counterpoint.ingest.pipeline import IngestReport

    bar = cli_ingest._LazyProgress(enabled=True)
    report = IngestReport(processed=3, added=2)
    bar(report, "a.txt")
    assert bar.progress is None  # under a second: no bar at all
    bar.started -= 2
    bar(report, "b.txt")
    try:
        task = bar.progress.tasks[0]
        assert task.completed == 3 and task.fields["stored"] == 2
    finally:
        bar.stop()


def test_db_from_the_environment_and_an_unreachable_workspace(tmp_path, monkeypatch, seed_paths):
    from typer.testing import CliRunner

    from counterpoint.cli.main import app

    db = tmp_path / "env.db"
    monkeypatch.setenv("COUNTERPOINT_DB", str(db))
    result = CliRunner().invoke(app, ["ingest", str(seed_paths[1]), "--json"])
    assert result.exit_code == 0 and db.exists()
    with open_workspace(db) as ws:
        assert ws.count_articles() == 1
    # A workspace that cannot be opened is a usage error naming it (nothing listens on port 1).
    pg = CliRunner().invoke(app, ["--db", "postgresql://localhost:1/news", "articles", "list"])
    assert pg.exit_code == 2 and "postgresql://localhost:1/news" in pg.stderr


def test_rescan_reprocesses_done_inputs(run, seed_paths):
    run("ingest", str(seed_paths[1]))
    data = json.loads(run("ingest", str(seed_paths[1]), "--rescan", "--json").stdout)
    assert data["added"] == 0 and data["already_present"] == 1 and data["skipped"] == {}
