"""Workspaces for the web tests, built once per session (ingest + grouping load the models)."""

import os

import pytest
from web_helpers import SEEDS, TOKEN, XSS, XSS_IMG, XSS_OUTLET, evil_text, wait_job


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory):
    """A workspace holding the two seeds, grouped into their story."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from counterpoint.ingest.pipeline import ingest
    from counterpoint.store import open_workspace
    from counterpoint.stories.service import update_stories

    path = tmp_path_factory.mktemp("web-seeds") / "seeds.db"
    ws = open_workspace(path)
    report = ingest([str(SEEDS)], ws)
    assert report.added == 2, report.as_dict()
    update_stories(ws)
    ws.close()
    return path


@pytest.fixture(scope="session")
def seeds_app(seeds_db):
    from counterpoint.web import create_app

    return create_app(str(seeds_db))


@pytest.fixture(scope="session")
def client(seeds_app):
    from fastapi.testclient import TestClient

    return TestClient(seeds_app)


@pytest.fixture(scope="session")
def story_id(client):
    items = client.get("/api/v1/stories").json()["items"]
    assert len(items) == 1 and items[0]["size"] == 2
    # The API computes the comparison before answering: pages find it ready.
    assert client.get(f"/api/v1/stories/{items[0]['id']}/comparison").status_code == 200
    return items[0]["id"]


@pytest.fixture(scope="session")
def evil_db(tmp_path_factory):
    """A workspace whose two articles carry script payloads in text, headline and outlet,
    ingested through the API (the write path under test)."""
    from fastapi.testclient import TestClient

    from counterpoint.web import create_app

    path = tmp_path_factory.mktemp("web-evil") / "evil.db"
    app = create_app(str(path), token=TOKEN)
    with TestClient(app) as c:
        ids = []
        for n in (3, 4):
            r = c.post("/api/v1/ingest/text", headers={"Authorization": f"Bearer {TOKEN}"},
                       json={"text": evil_text(n), "title": f"Bridge shut {XSS} {XSS_IMG} #{n}",
                             "outlet": XSS_OUTLET, "published": f"2024-03-0{n}"})
            assert r.status_code == 202, r.text
            job = wait_job(c, r.json()["id"])
            assert job["state"] == "done" and job["added"] == 1, job
            ids += job["article_ids"]
        app.state.jobs.close()
    return path, ids


