"""Two real ``counterpoint ingest`` processes writing one PostgreSQL workspace at once, with a
reader polling beside them: no article lost, none duplicated, every source recorded once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ray"))
from synth import write_jsonl

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _ingest(url: str, *paths: Path) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    # Output to files, not pipes: the --json report of a big run outgrows a pipe's buffer,
    # and a child blocked writing it would never exit while we poll.
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")  # noqa: SIM115
    p = subprocess.Popen(
        [sys.executable, "-m", "counterpoint.cli.main", "--db", url, "ingest", "--json",
         "--batch-size", "25", *map(str, paths)],
        stdout=out, stderr=err, text=True, env=env,
    )
    p.out_file, p.err_file = out, err
    return p


def _finish(p: subprocess.Popen) -> tuple[int, str, str]:
    p.wait()
    p.out_file.seek(0)
    p.err_file.seek(0)
    return p.returncode, p.out_file.read(), p.err_file.read()


def test_two_ingest_processes_and_a_reader_lose_and_duplicate_nothing(pg_url, tmp_path):
    from counterpoint.store import open_workspace

    a = write_jsonl(tmp_path / "a.jsonl", 150, seed=1, start=0)
    b = write_jsonl(tmp_path / "b.jsonl", 150, seed=1, start=100)  # 50 texts also in a.jsonl
    assert len({line for line in a.read_text().splitlines()} & set(b.read_text().splitlines())) == 50
    shared = write_jsonl(tmp_path / "shared.jsonl", 60, seed=2, start=1000)  # same sources
    texts = set()
    for p in (a, b, shared):
        texts |= {json.loads(line)["text"] for line in p.read_text().splitlines()}
    p1, p2 = _ingest(pg_url, a, shared), _ingest(pg_url, shared, b)
    ws = open_workspace(pg_url)
    seen = []
    while p1.poll() is None or p2.poll() is None:  # reads never block on the writers
        seen.append(ws.count_articles())
        time.sleep(0.05)
    code1, out1, err1 = _finish(p1)
    code2, out2, err2 = _finish(p2)
    assert code1 == 0, err1
    assert code2 == 0, err2
    r1, r2 = json.loads(out1), json.loads(out2)
    assert seen == sorted(seen)  # the count only ever grows (committed batches)
    assert r1["added"] + r2["added"] == len(texts) == ws.count_articles()
    with ws.read() as conn:
        dup = conn.exec_driver_sql(
            "SELECT count(*) FROM (SELECT id FROM articles GROUP BY id HAVING count(*) > 1) d"
        ).scalar()
        sources = conn.exec_driver_sql("SELECT count(*) FROM ingest_sources").scalar()
        missing = conn.exec_driver_sql(
            "SELECT count(*) FROM ingest_sources s LEFT JOIN articles a ON a.id = s.article_id "
            "WHERE a.id IS NULL"
        ).scalar()
    assert dup == 0 and missing == 0
    assert sources == 150 + 150 + 60  # shared.jsonl's sources recorded once, not twice
    assert {x.text for x in ws.iter_articles()} == texts
    assert ws.integrity_check() == "ok"
    ws.close()


def test_postgres_workspace_basics(pg_url):
    from counterpoint.errors import WorkspaceError
    from counterpoint.models import Article, article_id
    from counterpoint.store import open_workspace
    from counterpoint.store.migrations import discover, migrate

    ws = open_workspace(pg_url)
    assert migrate(ws.engine) == []  # the template was migrated already
    with ws.read() as conn:
        versions = conn.execute(sa.text("SELECT version FROM schema_migrations")).scalars().all()
    assert sorted(versions) == [m.version for m in discover()]
    text = "The Who played a concert in Leeds on Friday night."
    ws.add_articles([Article(id=article_id(text), text=text, raw_text=text, source="s",
                             kind="text", headline="Concert")])
    # A query made of English stop words still finds the article (the 'simple' vector).
    assert [h.article_id for h in ws.search("the who")] == [article_id(text)]
    (hit,) = ws.search("concerts")  # stemming
    assert [text[s:e] for s, e in hit.matches] == ["concert"]
    assert ws.search("-") == [] and ws.search('"unclosed') == []
    # A read transaction is one snapshot: a write committed meanwhile is not half-seen.
    with ws.read() as conn:
        before = conn.exec_driver_sql("SELECT count(*) FROM articles").scalar()
        other = "Another article, committed while the reader is open."
        ws.add_articles([Article(id=article_id(other), text=other, raw_text=other,
                                 source="t", kind="text")])
        assert conn.exec_driver_sql("SELECT count(*) FROM articles").scalar() == before
    assert ws.count_articles() == before + 1
    ws.close()
    with pytest.raises(WorkspaceError, match="cannot connect"):
        open_workspace(pg_url.rsplit("/", 1)[0] + "/no_such_database")
