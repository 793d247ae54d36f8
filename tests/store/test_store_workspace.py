"""The workspace: migrations, idempotent writes, lookups, search, analyses."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
import sqlalchemy as sa

from counterpoint.errors import UsageError, WorkspaceError
from counterpoint.models import Article, ArticleAnalysis, Rejection, Removal, Sentence, article_id
from counterpoint.store import SourceRecord, open_workspace
from counterpoint.store.migrations import Migration, discover, migrate


def make_article(text: str, **kw) -> Article:
    kw.setdefault("source", "x.txt")
    kw.setdefault("kind", "text")
    kw.setdefault("raw_text", text)
    return Article(id=article_id(text), text=text, **kw)


@pytest.fixture
def ws(tmp_path):
    w = open_workspace(tmp_path / "ws.db")
    yield w
    w.close()


def test_open_sets_wal_foreign_keys_and_migrations(tmp_path):
    path = tmp_path / "sub" / "ws.db"
    ws = open_workspace(path)
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        versions = conn.exec_driver_sql("SELECT version FROM schema_migrations ORDER BY version")
        assert [v for (v,) in versions][:2] == [1, 2]
    ws.close()
    # Re-opening applies nothing new and keeps the data.
    assert migrate(open_workspace(path).engine) == []


def test_migrations_are_discovered_in_order():
    names = [m.name for m in discover()]
    assert names[:2] == ["m0001_core", "m0002_analysis"]
    assert names == sorted(names)


def test_a_failing_migration_is_rolled_back_whole(tmp_path):
    ws = open_workspace(tmp_path / "ws.db")

    def bad(conn, dialect):
        conn.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO half_done VALUES (1)")
        raise RuntimeError("boom")

    with pytest.raises(WorkspaceError, match="m9999_bad failed and was rolled back"):
        migrate(ws.engine, discover() + [Migration(9999, "m9999_bad", "", bad)])
    assert not sa.inspect(ws.engine).has_table("half_done")
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT max(version) FROM schema_migrations").scalar() < 9999


def test_postgresql_is_not_yet_and_garbage_is_a_workspace_error(tmp_path):
    with pytest.raises(WorkspaceError, match="cannot connect"):  # supported since issue 8
        open_workspace("postgresql://nobody@127.0.0.1:1/news")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(WorkspaceError, match="junk.db"):
        open_workspace(junk)


def test_add_articles_is_idempotent_and_round_trips_every_field(ws):
    text = "Officials said on Saturday that the talks would resume."
    raw = "Share this!\n" + text
    a = make_article(
        text,
        raw_text=raw,
        raw_html="<p>" + text + "</p>",
        source="corpus.jsonl:3",
        kind="jsonl",
        url="https://example.org/a",
        headline="Talks to resume",
        standfirst="A short standfirst.",
        byline="By A. Writer",
        outlet="Example News",
        outlet_evidence="domain",
        published="2023-02-04",
        date_evidence="metadata",
        language="en",
        word_count=9,
        removals=[Removal(start=0, end=12, reason="furniture", text="Share this!\n")],
        metadata={"author": "A. Writer", "section": None},
    )
    assert ws.add_articles([a, a]) == [a.id]
    assert ws.add_articles([a]) == []
    assert ws.count_articles() == 1
    assert ws.get_article(a.id) == a
    assert ws.get_article(a.id[:4]) == a
    assert ws.get_article("ffffffffffff") is None
    assert ws.get_article("not hex!") is None


def test_ambiguous_prefix_is_a_usage_error(ws):
    arts = [make_article(f"Article number {i} about the talks.") for i in range(40)]
    ws.add_articles(arts)
    # 40 ids over 16 first hex digits: some first digit is shared (pigeonhole).
    firsts = [a.id[0] for a in arts]
    shared = next(c for c in firsts if firsts.count(c) > 1)
    with pytest.raises(UsageError, match="ambiguous"):
        ws.get_article(shared)
    assert ws.get_article(arts[0].id[:12]) == arts[0]


def test_list_filters_and_orders_by_date(ws):
    ws.add_articles(
        [
            make_article("First text here.", outlet="Alpha", published="2023-02-01"),
            make_article("Second text here.", outlet="Beta", published="2023-02-04T10:30:00"),
            make_article("Third text here.", outlet="alpha", published="2023-02-06"),
            make_article("Undated text here.", outlet=None, published=None),
        ]
    )
    assert [a.text for a in ws.list_articles()] == [
        "Third text here.",
        "Second text here.",
        "First text here.",
        "Undated text here.",
    ]
    assert {a.text for a in ws.list_articles(outlet="ALPHA")} == {
        "First text here.",
        "Third text here.",
    }
    assert [a.text for a in ws.list_articles(since="2023-02-02", until="2023-02-04")] == [
        "Second text here."
    ]
    assert [a.text for a in ws.list_articles(limit=2, offset=1)] == [
        "Second text here.",
        "First text here.",
    ]
    assert ws.count_articles(outlet="alpha") == 2
    assert ws.count_articles(since="2023-02-04") == 2
    assert [a.text for a in ws.iter_articles(batch_size=3)] == [
        "First text here.",
        "Second text here.",
        "Third text here.",
        "Undated text here.",
    ]


def test_search_ranks_and_gives_offsets(ws):
    a = make_article(
        "The Palestinian leadership rejected pressure to resume security coordination.",
        headline="Leadership rebuffs pressure",
    )
    b = make_article("Rain is expected over the weekend in the north.", headline="Weather")
    ws.add_articles([a, b])
    hits = ws.search("security coordination")
    assert [h.article_id for h in hits] == [a.id]
    (s1, e1), (s2, e2) = hits[0].matches
    assert a.text[s1:e1] == "security" and a.text[s2:e2] == "coordination"
    assert "[security]" in hits[0].snippet
    # porter stemming: "pressures" finds "pressure"; headline is searched too
    assert [h.article_id for h in ws.search("pressures")] == [a.id]
    assert [h.article_id for h in ws.search("weather")] == [b.id]
    # Queries FTS5 cannot parse fall back to plain terms instead of failing.
    assert [h.article_id for h in ws.search('security "coordination')] == [a.id]
    assert ws.search("   ") == []
    assert ws.search("nonexistentword") == []


def test_near_duplicate_links_are_symmetric(ws):
    a = make_article("A wire story about the meeting in Ramallah on Friday.")
    b = make_article(
        "A wire story about the meeting in Ramallah on Friday!", near_duplicates=[a.id]
    )
    ws.add_articles([a])
    ws.add_articles([b])
    assert ws.near_duplicates(a.id) == [b.id]
    assert ws.near_duplicates(b.id) == [a.id]
    assert ws.get_article(a.id).near_duplicates == [b.id]
    # A link to an article that is not stored is dropped, not a foreign-key crash.
    c = make_article("Another story entirely.", near_duplicates=["0" * 20])
    assert ws.add_articles([c]) == [c.id]
    assert ws.near_duplicates(c.id) == []


def test_commit_batch_marks_sources_and_rejections_together(ws):
    a = make_article("Stored in one batch.")
    run = ws.start_run(["corpus.jsonl"])
    new = ws.commit_batch(
        [a],
        sources=[
            SourceRecord("corpus.jsonl:1", a.id),
            SourceRecord("corpus.jsonl:2", a.id, "duplicate"),
        ],
        rejections=[Rejection(source="corpus.jsonl:3", reason="malformed JSON")],
        signatures={a.id: b"\x01\x02"},
        run_id=run,
    )
    assert new == [a.id]
    assert ws.source_done("corpus.jsonl:1") and ws.source_done("corpus.jsonl:2")
    assert not ws.source_done("corpus.jsonl:3")
    assert ws.sources_done(["corpus.jsonl:1", "nope"]) == {"corpus.jsonl:1"}
    assert ws.rejections(run) == [Rejection(source="corpus.jsonl:3", reason="malformed JSON")]
    assert list(ws.iter_signatures()) == [(a.id, b"\x01\x02")]
    ws.finish_run(run, {"added": 1})


def test_a_failed_batch_leaves_nothing_behind(ws):
    a = make_article("Would be stored.")
    with pytest.raises(sa.exc.IntegrityError):
        # A signature for an article that does not exist violates a foreign key.
        ws.commit_batch([a], sources=[SourceRecord("s1", a.id)], signatures={"0" * 20: b"x"})
    assert ws.count_articles() == 0
    assert not ws.source_done("s1")


def test_analysis_and_float16_vectors_round_trip(ws):
    text = "First sentence here. Second one follows."
    a = make_article(text)
    ws.add_articles([a])
    analysis = ArticleAnalysis(
        article_id=a.id,
        pipeline_version="v1",
        models={"spacy": "en_core_web_sm"},
        sentences=[Sentence(start=0, end=20, index=0), Sentence(start=21, end=40, index=1)],
    )
    vectors = np.random.default_rng(0).normal(size=(2, 384)).astype(np.float32)
    assert ws.articles_without_analysis("v1") == [a.id]
    ws.save_analysis(analysis, vectors)
    assert ws.get_analysis(a.id) == analysis
    assert ws.get_analysis(a.id, "v2") is None
    assert ws.articles_without_analysis("v1") == []
    assert ws.articles_without_analysis("v2") == [a.id]
    got = ws.get_sentence_vectors(a.id)
    assert got.shape == (2, 384) and got.dtype == np.float32
    cos = (got * vectors).sum(1) / np.linalg.norm(got, axis=1) / np.linalg.norm(vectors, axis=1)
    assert cos.min() > 0.9999
    ws.save_analysis(analysis, vectors[:, :8])  # replacing, not duplicating
    assert ws.get_sentence_vectors(a.id).shape == (2, 8)
    with pytest.raises(ValueError, match="does not match"):
        ws.save_analysis(analysis, vectors[:1])
    with pytest.raises(WorkspaceError, match="unknown article"):
        ws.save_analysis(analysis.model_copy(update={"article_id": "f" * 20}))


def test_integrity_check_and_other_processes_can_read(ws, tmp_path):
    ws.add_articles([make_article("Readable from another connection.")])
    assert ws.integrity_check() == "ok"
    con = sqlite3.connect(tmp_path / "ws.db")
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    con.close()


def test_memory_workspace(tmp_path):
    ws = open_workspace(":memory:")
    ws.add_articles([make_article("In memory.")])
    assert ws.count_articles() == 1


def test_text_holding_a_marker_character_gets_no_offsets_rather_than_wrong_ones(ws):
    a = make_article("Odd \ue000 character before the word coordination here.")
    ws.add_articles([a])
    (hit,) = ws.search("coordination")
    assert hit.article_id == a.id and hit.matches == []


def test_opening_a_migrated_workspace_takes_no_write_lock(tmp_path):
    path = tmp_path / "ws.db"
    open_workspace(path).close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process is mid-batch
    try:
        ws = open_workspace(path)  # must not wait for the writer's lock
        assert ws.count_articles() == 0
        ws.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
