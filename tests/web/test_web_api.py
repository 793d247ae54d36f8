"""/api/v1 over the seeds: shapes, pagination, the comparison, one error shape."""

import pytest

from counterpoint.render.schema import validate

pytestmark = pytest.mark.slow


def _error(r, status):
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and body["error"]["message"]
    return body["error"]


def test_status_says_read_only_and_counts(client, story_id):
    body = client.get("/api/v1").json()
    assert body["writable"] is False
    assert body["articles"] == 2 and body["stories"] == 1
    assert {o["outlet"] for o in body["outlets"]} == {"The Jerusalem Post", None}


def test_articles_page_with_next_link(client):
    first = client.get("/api/v1/articles", params={"limit": 1}).json()
    assert first["total"] == 2 and len(first["items"]) == 1
    assert first["next"] and "offset=1" in first["next"]
    second = client.get(first["next"]).json()
    assert second["next"] is None and len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert "text" not in first["items"][0]  # a listing carries no texts


def test_search_finds_the_court(client):
    body = client.get("/api/v1/articles/search", params={"q": "International Criminal Court"}).json()
    assert [h["outlet"] for h in body["items"]] == ["The Jerusalem Post"]
    assert body["items"][0]["matches"]


def test_article_by_prefix_without_raw_html(client):
    aid = client.get("/api/v1/articles").json()["items"][0]["id"]
    body = client.get(f"/api/v1/articles/{aid[:8]}").json()
    assert body["id"] == aid and body["text"] and body["raw_html"] is None


def test_stories_list_show_explain(client, story_id):
    listing = client.get("/api/v1/stories").json()
    assert listing["next"] is None and listing["items"][0]["id"] == story_id
    assert "article_ids" not in listing["items"][0]
    story = client.get(f"/api/v1/stories/{story_id}").json()
    assert story["size"] == 2 and len(story["members"]) == 2
    explain = client.get(f"/api/v1/stories/{story_id}/explain").json()
    assert explain["story"] == story_id and len(explain["members"]) == 2


def test_stories_full_text_search_and_filters(client, story_id):
    assert [s["id"] for s in client.get("/api/v1/stories", params={"q": "Rudaineh"}).json()["items"]] == [story_id]
    assert client.get("/api/v1/stories", params={"q": "volcano eruption"}).json()["items"] == []
    assert client.get("/api/v1/stories", params={"outlet": "Jerusalem"}).json()["items"]
    assert client.get("/api/v1/stories", params={"outlet": "Le Monde"}).json()["items"] == []
    assert client.get("/api/v1/stories", params={"q": '"unbalanced'}).status_code == 200


def test_comparison_is_valid_and_has_the_court_contradiction(client, story_id):
    r = client.get(f"/api/v1/stories/{story_id}/comparison")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    data = r.json()
    validate(data)
    courts = [f for f in data["findings"] if f["kind"] == "contradiction"
              and f["subtype"] == "institution"]
    assert courts, [f["summary"] for f in data["findings"][:5]]
    values = set(courts[0]["data"]["values"].values())
    assert values == {"International Criminal Court", "International Court of Justice"}


def test_error_shape_everywhere(client):
    assert _error(client.get("/api/v1/stories/nosuchstory"), 404)["code"] == "not_found"
    assert _error(client.get("/api/v1/articles/0000000000"), 404)["code"] == "not_found"
    assert _error(client.get("/api/v1/nothing/here"), 404)["code"] == "not_found"
    err = _error(client.get("/api/v1/articles", params={"limit": 0}), 422)
    assert err["code"] == "invalid_request" and "limit" in err["message"]
    assert _error(client.get("/api/v1/stories", params={"since": "yesterday"}), 422)
    assert _error(client.delete("/api/v1/stories"), 405)["code"] == "method_not_allowed"
    assert _error(client.get("/api/v1/articles/search"), 422)  # q is required


def test_openapi_lists_the_operations(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/articles", "/api/v1/articles/search", "/api/v1/articles/{article_id}",
            "/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/stories/{story_id}/explain",
            "/api/v1/stories/{story_id}/comparison", "/api/v1/ingest/text",
            "/api/v1/ingest/files", "/api/v1/ingest/urls", "/api/v1/jobs/{job_id}"} <= paths
    assert not any(p.startswith("/stories") for p in paths)  # pages are not API
    assert "ErrorResponse" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/v1/stories/{story_id}/comparison" in docs.text
    assert "cdn" not in docs.text.lower()
