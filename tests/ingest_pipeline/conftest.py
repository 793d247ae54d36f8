"""Fixtures for the ingest pipeline tests: a workspace and a small stand-in preparer.

The stand-in is used only where a test is about batching, resuming and reporting rather than
about cleaning; tests that need the real cleaning use counterpoint.ingest.prepare.
"""

from __future__ import annotations

import pytest

from counterpoint.errors import UnreadableInput
from counterpoint.models import Article, RawInput, article_id
from counterpoint.store import open_workspace


def simple_prepare(raw: RawInput) -> Article:
    text = (raw.text or "").strip()
    if not text:
        raise UnreadableInput(raw.source, "empty: no text")
    lines = text.splitlines()
    return Article(
        id=article_id(text),
        text=text,
        raw_text=raw.text or "",
        raw_html=raw.html,
        source=raw.source,
        kind=raw.kind,
        headline=lines[0][:80] if len(lines) > 1 else None,
        outlet=raw.metadata.get("outlet"),
        published=raw.metadata.get("date"),
        word_count=len(text.split()),
        metadata=dict(raw.metadata),
    )


@pytest.fixture
def ws(tmp_path):
    w = open_workspace(tmp_path / "ws.db")
    yield w
    w.close()


@pytest.fixture
def prepare():
    return simple_prepare
