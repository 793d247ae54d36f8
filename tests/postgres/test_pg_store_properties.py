"""The store's property tests (tests/store/test_store_roundtrip_properties.py) on PostgreSQL:
the same article strategy, one database emptied between examples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_store_roundtrip_properties import SETTINGS, articles

pytestmark = pytest.mark.postgres


def _pg_storable(article) -> bool:
    """PostgreSQL text columns refuse NUL characters (SQLite keeps them); raw_text and raw_html
    are stored compressed, so only the other text fields matter."""
    return "\\u0000" not in article.model_dump_json(exclude={"raw_text", "raw_html"})


pg_articles = articles().filter(_pg_storable)


@pytest.fixture(scope="module")
def pg_ws(pg_server, pg_template):
    from counterpoint.store import open_workspace

    ws = open_workspace(pg_server.create_database("props", template=pg_template))
    yield ws
    ws.close()
    pg_server.drop_database("props")


def _empty(ws) -> None:
    with ws.write() as conn:
        conn.exec_driver_sql("TRUNCATE articles, ingest_sources, near_duplicates, "
                             "article_signatures, analyses, sentence_vectors CASCADE")


def test_nul_characters_are_refused_by_postgresql_not_silently_changed(pg_ws):
    import sqlalchemy as sa

    from counterpoint.models import Article, article_id

    _empty(pg_ws)
    t = "A text whose source holds a NUL."
    bad = Article(id=article_id(t), text=t, raw_text=t, source="a\x00b", kind="text")
    with pytest.raises(sa.exc.DataError, match="NUL"):
        pg_ws.add_articles([bad])
    assert pg_ws.count_articles() == 0


@SETTINGS
@given(batch=st.lists(pg_articles, min_size=1, max_size=6))
def test_articles_round_trip_and_rewrites_are_no_ops_on_postgres(pg_ws, batch):
    _empty(pg_ws)
    first_by_id = {}
    for a in batch:
        first_by_id.setdefault(a.id, a)
    assert pg_ws.add_articles(batch) == list(first_by_id)
    assert pg_ws.add_articles(batch) == []
    assert pg_ws.count_articles() == len(first_by_id)
    for a in first_by_id.values():
        assert pg_ws.get_article(a.id) == a
    assert [a.id for a in pg_ws.iter_articles(batch_size=2)] == list(first_by_id)
    assert pg_ws.integrity_check() == "ok"


@SETTINGS
@given(article=pg_articles)
def test_search_offsets_point_at_the_matched_words_on_postgres(pg_ws, article):
    _empty(pg_ws)
    pg_ws.add_articles([article])
    words = [w for w in article.text.split() if w.isalpha() and w.isascii()]
    if not words:
        return
    hits = pg_ws.search(words[0])
    assert [h.article_id for h in hits] == [article.id]
    found = [article.text[s:e] for s, e in hits[0].matches]
    assert words[0].lower() in [f.lower() for f in found]
