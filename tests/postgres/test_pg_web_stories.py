"""The other areas on a PostgreSQL workspace: grouping into stories, the web app and its API."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ray"))
from synth import write_jsonl

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_stories_and_web_app_on_postgres(pg_url, tmp_path):
    from fastapi.testclient import TestClient

    from counterpoint.ingest.pipeline import ingest
    from counterpoint.store import open_workspace
    from counterpoint.stories.service import update_stories
    from counterpoint.web.app import create_app

    corpus = write_jsonl(tmp_path / "c.jsonl", 30, seed=7)
    ws = open_workspace(pg_url)
    assert ingest([corpus], ws).added == 30
    summary = update_stories(ws)
    assert summary.grouped == 30 and 5 <= summary.new_stories < 30
    ws.close()

    with TestClient(create_app(pg_url)) as client:
        stories = client.get("/api/v1/stories").json()
        assert stories["items"], stories
        sid = stories["items"][0]["id"]
        detail = client.get(f"/api/v1/stories/{sid}")
        assert detail.status_code == 200
        found = client.get("/api/v1/articles/search", params={"q": "spokespersons"})
        assert found.status_code == 200 and found.json()["items"], found.text
        for path in ("/", "/articles", f"/stories/{sid}"):
            assert client.get(path).status_code == 200, path
