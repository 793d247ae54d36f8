"""Grouping vectors in pgvector: when the PostgreSQL server has the ``vector`` extension, the
workspace stores each article's grouping vector in ``story_features.vec`` (HNSW,
``vector_cosine_ops``) and candidate search is ``ORDER BY vec <=> :q LIMIT k``; without it,
the in-memory usearch index of the SQLite workspace. The grouping is the same either way.

The server with pgvector comes from the PyPI package ``pgserver`` (PostgreSQL 16 + pgvector in
a wheel), started like Debian's in ``pgserver.py`` — *our* helper module of the same name, which
is why the package is only located on disk here, never imported.
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stories"))

import stories_scale_corpus as S
from pgserver import LocalPostgres

pytestmark = pytest.mark.postgres


def pgvector_bin_dir() -> Path | None:
    """``pgserver/pginstall/bin`` of the installed PyPI package, when it ships pgvector."""
    try:
        dist = importlib.metadata.distribution("pgserver")
    except importlib.metadata.PackageNotFoundError:
        return None
    root = Path(dist.locate_file("pgserver/pginstall"))
    if (root / "bin" / "postgres").exists() and (root / "lib" / "postgresql" / "vector.so").exists():
        return root / "bin"
    return None


@pytest.fixture(scope="module")
def vector_server():
    bin_dir = pgvector_bin_dir()
    if bin_dir is None:
        pytest.skip("pgvector tests need the PyPI package pgserver (PostgreSQL 16 + pgvector): "
                    "pip install pgserver")
    pytest.importorskip("psycopg", reason="psycopg missing: pip install 'counterpoint[postgres]'")
    server = LocalPostgres(bin_dir).start()
    try:
        yield server
    finally:
        server.stop()


_n = iter(range(10_000))


@pytest.fixture
def vector_url(vector_server):
    name = f"v{next(_n)}"
    url = vector_server.create_database(name)
    yield url
    vector_server.drop_database(name)


@pytest.fixture(scope="module")
def extractor():
    from counterpoint.stories.features import FeatureExtractor

    return FeatureExtractor(encoder=S.hash_encoder)


def _group_in_two_runs(ws, extractor, events):
    from counterpoint.stories.service import update_stories

    flat = [a for ev in events for a in ev]
    ws.add_articles(flat[:14])
    update_stories(ws, extractor=extractor)
    ws.add_articles(flat[14:])
    return update_stories(ws, extractor=extractor)


def test_workspace_creates_the_vector_column_and_hnsw_index(vector_url):
    from counterpoint.store import open_workspace

    ws = open_workspace(vector_url)
    with ws.read() as conn:
        assert conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'vector'").first()
        typ = conn.exec_driver_sql(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'story_features'::regclass AND attname = 'vec'").scalar()
        index = conn.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_story_features_vec'").scalar()
    assert typ == "vector(384)"
    assert "USING hnsw" in index and "vector_cosine_ops" in index
    ws.close()


def test_same_grouping_with_pgvector_as_with_usearch(vector_url, tmp_path, extractor):
    from counterpoint.store import open_workspace
    from counterpoint.stories.index import PgVectorIndex, VectorIndex
    from counterpoint.stories.repository import StoryRepository
    from counterpoint.stories.service import load_grouper

    events = S.stream(10)
    pg, lite = open_workspace(vector_url), open_workspace(tmp_path / "w.db")
    s_pg = _group_in_two_runs(pg, extractor, events)
    s_lite = _group_in_two_runs(lite, extractor, events)
    rp, rl = StoryRepository(pg), StoryRepository(lite)
    assert rp.pgvector and not rl.pgvector
    assert S.partition(rp.memberships()) == S.partition(rl.memberships())
    assert S.partition(rp.memberships()) == {frozenset(a.id for a in ev) for ev in events}
    assert (s_pg.grouped, s_pg.loaded) == (s_lite.grouped, s_lite.loaded)
    with pg.read() as conn:
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM story_features WHERE vec IS NOT NULL").scalar() == 30
    last = events[-1][0].id
    assert isinstance(load_grouper(rp, around=[last]).index, PgVectorIndex)
    assert isinstance(load_grouper(rl, around=[last]).index, VectorIndex)
    pg.close()
    lite.close()


def test_nearest_vectors_orders_by_cosine_distance(vector_url, extractor):
    from counterpoint.store import open_workspace
    from counterpoint.store.postgres import nearest_vectors
    from counterpoint.stories.repository import StoryRepository

    ws = open_workspace(vector_url)
    _group_in_two_runs(ws, extractor, S.stream(6))
    feats = StoryRepository(ws).features_for([S.event_articles(4)[1].id])
    with ws.read() as conn:
        hits = nearest_vectors(conn, feats[0].vector, 5)
    # the article itself comes first, or tied with an identical copy (a wire copy's vector)
    assert hits[0][1] == pytest.approx(1.0, abs=2e-3)
    assert feats[0].seq in [key for key, sim in hits if sim == pytest.approx(1.0, abs=2e-3)]
    assert [h[1] for h in hits] == sorted((h[1] for h in hits), reverse=True)
    ws.close()


def test_rows_without_a_vector_are_backfilled(vector_url, extractor):
    from counterpoint.store import open_workspace
    from counterpoint.stories.service import update_stories

    ws = open_workspace(vector_url)
    flat = [a for ev in S.stream(6) for a in ev]
    ws.add_articles(flat[:9])
    update_stories(ws, extractor=extractor)
    with ws.write() as conn:  # as after `counterpoint migrate` from a SQLite workspace
        conn.exec_driver_sql("UPDATE story_features SET vec = NULL")
    ws.add_articles(flat[9:])
    update_stories(ws, extractor=extractor)
    with ws.read() as conn:
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM story_features WHERE vec IS NULL").scalar() == 0
    ws.close()


def test_without_pgvector_the_usearch_index_is_used(pg_url, extractor):
    """Debian's PostgreSQL server (the suite's ``pg_url``) has no pgvector."""
    from counterpoint.store import open_workspace
    from counterpoint.stories.repository import StoryRepository

    ws = open_workspace(pg_url)
    with ws.read() as conn:
        if conn.exec_driver_sql(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'").first():
            pytest.skip("this server has pgvector")
    events = S.stream(6)
    _group_in_two_runs(ws, extractor, events)
    repo = StoryRepository(ws)
    assert not repo.pgvector
    assert S.partition(repo.memberships()) == {frozenset(a.id for a in ev) for ev in events}
    ws.close()
