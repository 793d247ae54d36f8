"""Kill a real `counterpoint ingest` process mid-run, twice, then finish the job.

The database must pass SQLite's integrity check (and FTS5's) after every kill, and the
final re-run must leave exactly one article per input: nothing lost, nothing duplicated.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counterpoint.store import open_workspace

N_ARTICLES = 1200
BATCH = 40
HAVE_JSONL = importlib.util.find_spec("counterpoint.ingest.readers.jsonl") is not None


def _sentences(seed_texts: list[str]) -> list[str]:
    out = []
    for text in seed_texts:
        for line in text.splitlines()[:-2]:  # the last lines of seed 000 are debris
            out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) > 6]
    return out


def _generate(tmp_path: Path, seed_texts: list[str]) -> list[str]:
    """N distinct articles built from the seeds' sentences; returns the ingest specs."""
    rng = random.Random(7)
    sents = _sentences(seed_texts)
    records = []
    for i in range(N_ARTICLES):
        body = " ".join(rng.sample(sents, 7)) + f" The report number {i} ends here."
        records.append({"id": i, "title": f"Report {i} on the security coordination", "text": body})
    if HAVE_JSONL:
        corpus = tmp_path / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return [str(corpus)]
    folder = tmp_path / "corpus"  # until the JSONL reader lands, the same articles as files
    folder.mkdir()
    for r in records:
        (folder / f"{r['id']:05d}.txt").write_text(
            r["title"] + "\n" + r["text"] + "\n", encoding="utf-8"
        )
    return [str(folder)]


def _command(db: Path, specs: list[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "counterpoint.cli.main",
        "--db",
        str(db),
        "ingest",
        *specs,
        "--batch-size",
        str(BATCH),
        "--json",
    ]


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def _run_and_kill(db: Path, specs: list[str], at_least: int, env: dict) -> int:
    proc = subprocess.Popen(
        _command(db, specs), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"ingest finished (rc={proc.returncode}) before it could be killed")
            if _count(db) >= at_least:
                # Land the kill at a random moment inside a batch, not right after a commit.
                time.sleep(random.uniform(0.0, 0.3))
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
        else:
            pytest.fail("ingest made no progress")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return _count(db)


def _check_consistent(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        # Every article has its source marked, and no source was stored twice.
        n, sources = con.execute("SELECT count(*), count(DISTINCT source) FROM articles").fetchone()
        assert n == sources
        done = con.execute(
            "SELECT count(*) FROM ingest_sources WHERE article_id IS NOT NULL"
        ).fetchone()[0]
        assert done >= n
    finally:
        con.close()
    with open_workspace(db) as ws:
        assert ws.integrity_check() == "ok"  # includes the FTS5 index


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_sigkill_mid_ingest_then_rerun_completes_without_duplicates(tmp_path, seed_texts):
    specs = _generate(tmp_path, seed_texts)
    db = tmp_path / "crash.db"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}

    first = _run_and_kill(db, specs, at_least=2 * BATCH, env=env)
    assert 0 < first < N_ARTICLES
    _check_consistent(db)

    second = _run_and_kill(db, specs, at_least=first + 3 * BATCH, env=env)
    assert first < second < N_ARTICLES
    _check_consistent(db)

    done = subprocess.run(
        _command(db, specs), check=False, env=env, capture_output=True, text=True, timeout=500
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["rejected"] == []
    assert report["added"] == N_ARTICLES - second
    _check_consistent(db)
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == N_ARTICLES
        assert con.execute("SELECT count(*) FROM ingest_sources").fetchone()[0] == N_ARTICLES
        texts = con.execute("SELECT count(DISTINCT text) FROM articles").fetchone()[0]
        assert texts == N_ARTICLES
    finally:
        con.close()
    # And one more run is a no-op.
    again = subprocess.run(
        _command(db, specs), check=False, env=env, capture_output=True, text=True, timeout=500
    )
    assert again.returncode == 0 and json.loads(again.stdout)["added"] == 0
