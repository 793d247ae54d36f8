"""A real PostgreSQL server for the whole session (see pgserver.py), and a ``ws`` fixture
parametrised over both backends so the store's own tests run on SQLite and PostgreSQL.

Skipped with a clear reason when the server binaries are absent (Debian: ``apt-get install
postgresql``; ``.ci/run`` installs it) or psycopg is not installed (extra ``postgres``).
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # pgserver
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))  # the store's tests

from pgserver import LocalPostgres, find_bin_dir

_names = itertools.count()


@pytest.fixture(scope="session")
def pg_server():
    if find_bin_dir() is None:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql)")
    pytest.importorskip("psycopg", reason="psycopg missing: pip install 'counterpoint[postgres]'")
    server = LocalPostgres().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server):
    """A database migrated once; each test copies it (CREATE DATABASE ... TEMPLATE)."""
    from counterpoint.store import open_workspace

    url = pg_server.create_database("cp_template")
    open_workspace(url).close()
    return "cp_template"


@pytest.fixture
def pg_url(pg_server, pg_template):
    """A fresh, migrated, empty PostgreSQL workspace URL for one test."""
    name = f"t{next(_names)}"
    url = pg_server.create_database(name, template=pg_template)
    yield url
    pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ws(request, tmp_path):
    from counterpoint.store import open_workspace

    if request.param == "sqlite":
        w = open_workspace(tmp_path / "ws.db")
    else:
        w = open_workspace(request.getfixturevalue("pg_url"))
    yield w
    w.close()
