"""Near-duplicates split between two concurrent ``counterpoint ingest`` processes are linked.

Each process keeps its own in-memory MinHash index. Before the fix, an article of process B
was compared only with what B had indexed, so the copy A had just stored went unlinked. The
test makes the two runs overlap for certain: it holds the workspace write lock until both
children are waiting for it, so both start with an empty index and their batches interleave.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ray"))
from synth import records

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
N = 120


def _write(path: Path, recs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


def _corpora(tmp_path: Path) -> tuple[Path, Path]:
    """a.jsonl: N originals; b.jsonl: a near-copy of each (a sentence added, as a
    re-publisher does) plus 20 texts identical to some of a's."""
    originals = records(N, seed=11)
    copies = []
    for i, r in enumerate(originals):
        c = dict(r, id=f"copy{i}", title=r["title"] + " (updated)")
        c["text"] = r["text"] + "\n\nThis story has been updated with more details."
        copies.append(c)
    same = [dict(r, id=f"same{i}") for i, r in enumerate(originals[:: N // 20])]
    return _write(tmp_path / "a.jsonl", originals), _write(tmp_path / "b.jsonl", copies + same)


def _ingest(url: str, path: Path) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")  # noqa: SIM115
    p = subprocess.Popen(
        [sys.executable, "-m", "counterpoint.cli.main", "--db", url, "ingest", "--json",
         "--batch-size", "10", str(path)],
        stdout=out, stderr=err, text=True, env=env,
    )
    p.out_file, p.err_file = out, err
    return p


def _finish(p: subprocess.Popen) -> tuple[int, str, str]:
    p.wait(timeout=300)
    p.out_file.seek(0)
    p.err_file.seek(0)
    return p.returncode, p.out_file.read(), p.err_file.read()


def _pairs_by_text(ws) -> set[frozenset[str]]:
    text = {a.id: a.text for a in ws.iter_articles()}
    return {frozenset((text[a], text[b])) for a, b in ws.near_duplicate_pairs()}


def test_near_duplicates_across_two_processes_are_linked(pg_url, tmp_path):
    from counterpoint.ingest.pipeline import ingest
    from counterpoint.store import open_workspace
    from counterpoint.store.postgres import WRITE_LOCK_KEY

    a, b = _corpora(tmp_path)
    texts_a = [json.loads(x)["text"] for x in a.read_text().splitlines()]
    texts_b = [json.loads(x)["text"] for x in b.read_text().splitlines()]

    # The truth: one process, a then b (one index sees everything).
    seq = open_workspace(tmp_path / "sequential.db")
    ingest([a, b], seq, batch_size=10)
    expected = _pairs_by_text(seq)
    assert {frozenset((texts_a[i], texts_b[i])) for i in range(N)} <= expected

    ws = open_workspace(pg_url)
    with ws.engine.connect() as holder:
        holder.exec_driver_sql(f"SELECT pg_advisory_lock({WRITE_LOCK_KEY})")
        p1, p2 = _ingest(pg_url, a), _ingest(pg_url, b)
        deadline = time.monotonic() + 120
        while True:  # both children are queued behind the lock, their indexes empty
            with ws.read() as conn:
                waiting = conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                ).scalar()
            if waiting >= 2 or p1.poll() is not None or p2.poll() is not None:
                break
            assert time.monotonic() < deadline, "the ingest processes never reached the lock"
            time.sleep(0.05)
        holder.exec_driver_sql(f"SELECT pg_advisory_unlock({WRITE_LOCK_KEY})")
        holder.commit()
    code1, out1, err1 = _finish(p1)
    code2, out2, err2 = _finish(p2)
    assert code1 == 0, err1
    assert code2 == 0, err2
    r1, r2 = json.loads(out1), json.loads(out2)

    with ws.read() as conn:
        q = conn.exec_driver_sql
        assert q("SELECT count(*) FROM (SELECT md5(text) FROM articles GROUP BY md5(text) "
                 "HAVING count(*) > 1) d").scalar() == 0
    assert r1["added"] + r2["added"] == ws.count_articles() == 2 * N
    assert r1["already_present"] + r2["already_present"] == 20
    assert _pairs_by_text(ws) == expected  # every pair, whichever process stored it first
    links = r1["near_duplicates_linked"] + r2["near_duplicates_linked"]
    assert links == len(expected)
    ws.close()


def test_refresh_reads_only_what_others_committed(tmp_path):
    """The index refresh picks up exactly the signatures stored since it last looked."""
    from counterpoint.ingest.pipeline import _NearDuplicates, ingest
    from counterpoint.store import open_workspace

    a, b = _corpora(tmp_path)
    ws = open_workspace(tmp_path / "ws.db")
    ingest([a], ws)
    dups = _NearDuplicates(ws)
    assert len(dups.index) == N
    with ws.read() as conn:
        assert dups.refresh(conn) == []
    ingest([b], open_workspace(tmp_path / "ws.db"))  # "another process"
    with ws.read() as conn:
        assert len(dups.refresh(conn)) == N  # the N near-copies; the 20 same texts were stored
        assert dups.refresh(conn) == []


def test_near_copies_committed_while_a_batch_waits_for_the_lock_are_linked(tmp_path, monkeypatch):
    """The other process commits after this one's read and before its write: only the check
    behind the write lock can see it (forced here: reads see nothing new)."""
    from counterpoint.ingest import pipeline
    from counterpoint.store import open_workspace

    a, b = _corpora(tmp_path)
    truth = open_workspace(tmp_path / "truth.db")
    pipeline.ingest([a, b], truth, batch_size=10)
    expected = _pairs_by_text(truth)

    fired = []

    class LockOnlyIndex(pipeline._NearDuplicates):
        def __init__(self, workspace, enabled=True):
            super().__init__(workspace, enabled)
            if not fired:  # "the other process" stores b now, after this index loaded
                fired.append(True)
                pipeline.ingest([b], open_workspace(tmp_path / "ws.db"), batch_size=10)

        def refresh(self, conn):
            if not conn.get_execution_options().get("write"):
                return []  # the read outside the lock saw nothing new
            return super().refresh(conn)

    monkeypatch.setattr(pipeline, "_NearDuplicates", LockOnlyIndex)
    ws = open_workspace(tmp_path / "ws.db")
    report = pipeline.ingest([a], ws, batch_size=10)
    assert fired and report.added == N - 20 and report.already_present == 20
    assert _pairs_by_text(ws) == expected
