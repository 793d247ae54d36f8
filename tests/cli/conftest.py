"""CLI fixtures: a temp workspace path and a runner.

Until ``counterpoint.ingest.prepare`` lands, ingest runs with a small stand-in preparer so
that these tests exercise the command rather than the cleaning.
"""

from __future__ import annotations

import importlib.util

import pytest
from typer.testing import CliRunner

from counterpoint.errors import UnreadableInput
from counterpoint.models import Article, RawInput, article_id

HAVE_PREPARE = importlib.util.find_spec("counterpoint.ingest.prepare") is not None


def stand_in_prepare(raw: RawInput) -> Article:
    text = (raw.text or "").strip()
    if not text:
        raise UnreadableInput(raw.source, "empty: no text")
    return Article(
        id=article_id(text),
        text=text,
        raw_text=raw.text or "",
        source=raw.source,
        kind=raw.kind,
        word_count=len(text.split()),
    )


@pytest.fixture(autouse=True)
def _preparer(monkeypatch):
    if not HAVE_PREPARE:
        from counterpoint.ingest import pipeline

        monkeypatch.setattr(pipeline, "_default_preparer", lambda: stand_in_prepare)


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.db")


@pytest.fixture
def run(db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # wide tables: no wrapped ids or headlines
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(
            __import__("counterpoint.cli.main", fromlist=["app"]).app,
            ["--db", db, *args],
            catch_exceptions=False,
        )

    return invoke
