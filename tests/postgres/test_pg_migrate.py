"""`counterpoint migrate --from sqlite:///a.db --to postgresql://...`, checked by counts and hashes."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from counterpoint.cli.main import app
from counterpoint.models import Article, ArticleAnalysis, Rejection, Sentence, article_id
from counterpoint.store import SourceRecord, open_workspace
from counterpoint.store.migrate import copy_workspace, table_digest

pytestmark = pytest.mark.postgres


def _article(text: str, **kw) -> Article:
    return Article(id=article_id(text), text=text, raw_text=text + "\n<script>x</script>",
                   source=kw.pop("source", "a.txt"), kind="text", **kw)


@pytest.fixture
def sqlite_ws(tmp_path):
    ws = open_workspace(tmp_path / "a.db")
    a = _article("Talks on security coordination resumed in Ramallah on Friday.",
                 headline="Talks resume", outlet="Reuters", published="2023-01-27",
                 metadata={"k": "v ü"})
    b = _article("Talks on security coordination resumed in Ramallah on Friday!",
                 near_duplicates=[a.id], outlet="AP")
    ws.commit_batch([a], sources=[SourceRecord("c.jsonl:1", a.id)],
                    rejections=[Rejection(source="c.jsonl:2", reason="empty")],
                    signatures={a.id: b"\x00\x01sig"}, run_id=ws.start_run(["c.jsonl"]))
    ws.add_articles([b])
    analysis = ArticleAnalysis(article_id=a.id, pipeline_version="v1", models={"m": "1"},
                               sentences=[Sentence(start=0, end=20, index=0)])
    ws.save_analysis(analysis, np.linspace(-1, 1, 384, dtype=np.float32)[None, :])
    with ws.write() as conn:  # a row in another area's table (stories), written as it would
        conn.execute(sa.text(
            "INSERT INTO stories (id, headline, size, outlets, names, updated_at) "
            "VALUES ('s1', 'Talks', 2, '[\"AP\", \"Reuters\"]', '{}', '2024-01-01 10:00:00.5')"))
    yield ws
    ws.close()


def test_cli_migrate_moves_everything_and_verifies_it(sqlite_ws, pg_url):
    result = CliRunner().invoke(
        app, ["migrate", "--from", sqlite_ws.url, "--to", pg_url, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"]
    tables = report["tables"]
    assert tables["articles"]["rows"] == tables["articles"]["target_rows"] == 2
    assert tables["sentence_vectors"]["rows"] == 1 and tables["stories"]["rows"] == 1
    assert tables["near_duplicates"]["rows"] == 2 and tables["rejections"]["rows"] == 1
    assert all(t["sha256"] == t["target_sha256"] for t in tables.values())

    pg = open_workspace(pg_url)
    for a in sqlite_ws.iter_articles():
        assert pg.get_article(a.id) == a
    a_id = sqlite_ws.article_ids()[0]
    assert pg.get_analysis(a_id) == sqlite_ws.get_analysis(a_id)
    assert np.array_equal(pg.get_sentence_vectors(a_id), sqlite_ws.get_sentence_vectors(a_id))
    assert [h.article_id for h in pg.search("coordination")] != []  # index rebuilt by PG
    # Sequences moved past the copied ids: new rows get fresh keys.
    pg.add_rejections([Rejection(source="later", reason="r")])
    pg.add_articles([_article("A later article about something else entirely.")])
    assert pg.count_articles() == 3 and pg.integrity_check() == "ok"
    pg.close()

    # Into a non-empty target: refused, nothing touched.
    again = CliRunner().invoke(app, ["migrate", "--from", sqlite_ws.url, "--to", pg_url])
    assert again.exit_code == 2 and "already holds articles" in " ".join(again.output.split())


def test_the_hash_check_sees_a_changed_row(sqlite_ws, pg_url, tmp_path):
    report = copy_workspace(sqlite_ws.url, pg_url)
    assert report.ok
    pg = open_workspace(pg_url)
    t = sa.Table("articles", sa.MetaData(), autoload_with=pg.engine)
    cols = [c.name for c in t.columns if c.computed is None]
    with pg.read() as conn:
        before = table_digest(conn, t, cols)
    with pg.write() as conn:
        conn.execute(sa.text("UPDATE articles SET outlet = 'Reuters ' WHERE outlet = 'Reuters'"))
    with pg.read() as conn:
        after = table_digest(conn, t, cols)
    assert before[1] == report.tables["articles"].digest
    assert after[0] == before[0] and after[1] != before[1]
    pg.close()
    # And back again, PostgreSQL -> SQLite, verified the same way.
    back = copy_workspace(pg_url, str(tmp_path / "back.db"))
    assert back.ok and back.tables["articles"].rows == 2
