"""Read-only by default, bearer tokens for writes, CSP without inline script, escaping, limits."""

import re

import pytest
from fastapi.testclient import TestClient
from web_helpers import TOKEN, XSS, XSS_IMG, XSS_OUTLET, poison_comparison, wait_job

from counterpoint.web import create_app
from counterpoint.web.jobs import check_url, raw_from_upload, upload_source
from counterpoint.web.security import CSP

pytestmark = pytest.mark.slow
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def writable(seeds_db):
    app = create_app(str(seeds_db), token=TOKEN, max_upload_bytes=4096)
    with TestClient(app) as c:
        yield c


def test_csp_and_headers_on_pages_api_static_and_errors(client, story_id):
    for url in ["/", f"/stories/{story_id}", "/articles", "/api/v1/stories", "/static/app.css",
                "/static/story.js", "/api/v1/nothing", "/docs"]:
        r = client.get(url)
        assert r.headers["content-security-policy"] == CSP, url
        assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
        assert "object-src 'none'" in CSP and "base-uri 'none'" in CSP
        assert "frame-ancestors 'none'" in CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_no_inline_script_or_handlers_in_any_page(client, story_id):
    aid = client.get("/api/v1/articles").json()["items"][0]["id"]
    for url in ["/", f"/stories/{story_id}", f"/stories/{story_id}/explain", "/articles",
                f"/articles/{aid}", "/docs", "/nope"]:
        html = client.get(url, headers={"accept": "text/html"}).text
        for tag in re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE):
            assert re.search(r'\bsrc="/static/[a-z]+\.js"', tag), (url, tag)
        assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), url  # nothing between the tags
        assert not re.search(r"\son[a-z]+\s*=", html, flags=re.IGNORECASE), url
        assert " style=" not in html, url  # style-src 'self' would block it anyway
        assert "http://" not in html.replace("http://www.w3.org", "") or url == "/docs"


def test_read_only_server_refuses_writes(client):
    r = client.post("/api/v1/ingest/text", json={"text": "anything at all"}, headers=AUTH)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert "read-only" in r.json()["error"]["message"]
    assert client.get("/add", headers={"accept": "text/html"}).status_code == 404
    assert 'href="/add"' not in client.get("/").text


def test_writes_need_the_bearer_token(writable):
    body = {"text": "Short text."}
    r = writable.post("/api/v1/ingest/text", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert r.json()["error"]["code"] == "unauthorized"
    r = writable.post("/api/v1/ingest/text", json=body, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = writable.post("/api/v1/ingest/text", json=body, headers={"Authorization": TOKEN})
    assert r.status_code == 401  # no scheme
    assert writable.get("/api/v1/jobs/whatever").status_code == 401
    assert writable.get("/add").status_code == 200 and 'href="/add"' in writable.get("/").text


def test_a_write_with_the_token_runs_and_reports(writable):
    r = writable.post("/api/v1/ingest/text", headers=AUTH, json={"text": "   x   "})
    assert r.status_code == 202  # accepted; the pipeline rejects it with a reason
    job = wait_job(writable, r.json()["id"])
    assert job["state"] == "done" and job["added"] == 0 and job["rejected"]
    assert job["rejected"][0]["source"].startswith("paste:")


def test_request_body_limit(writable):
    big = {"text": "word " * 2000}  # > 4096 bytes
    r = writable.post("/api/v1/ingest/text", headers=AUTH, json=big)
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"
    files = {"files": ("a.txt", b"x" * 5000, "text/plain")}
    r = writable.post("/api/v1/ingest/files", headers=AUTH, files=files)
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"


def test_upload_names_never_become_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = upload_source("../../etc/passwd")
    assert source.startswith("upload:") and ".." not in source and "/etc" not in source
    raw = raw_from_upload("../../x.html", b"<html><body><p>Hello</p></body></html>")
    assert raw.source.startswith("upload:") and not list(tmp_path.iterdir())
    assert raw_from_upload("notes.txt", b"Plain words here.").kind == "text"


def test_only_http_urls_are_fetched(writable):
    assert check_url("https://example.org/a") is None
    for bad in ["file:///etc/passwd", "/etc/passwd", "ftp://x/y", "javascript:alert(1)", "http://"]:
        assert check_url(bad), bad
    r = writable.post("/api/v1/ingest/urls", headers=AUTH, json={"urls": ["file:///etc/passwd"]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_article_strings_are_escaped_everywhere(evil_db):
    path, ids = evil_db
    app = create_app(str(path))
    with TestClient(app) as c:
        story = c.get("/api/v1/stories").json()["items"][0]["id"]
        assert c.get(f"/api/v1/stories/{story}/comparison").status_code == 200
        html = c.get(f"/stories/{story}").text
        assert "Bridge shut &lt;script&gt;window.__xss" in html  # the headline, escaped
        assert "Evil &lt;script&gt;window.__xss=3&lt;/script&gt;" in html  # the outlet, escaped
        poison_comparison(app, story)
        html = c.get(f"/stories/{story}").text
        assert html.count("&lt;img src=x onerror=") >= 3  # texts, sources, explanations
        pages = ["/", f"/stories/{story}", f"/stories/{story}/explain", "/articles",
                 "/articles?q=bridge", *[f"/articles/{i}" for i in ids]]
        for url in pages:
            html = c.get(url).text
            assert "window.__xss" in html or url.startswith("/articles?") or url == "/", url
            for payload in (XSS, XSS_IMG, XSS_OUTLET, "<img src=y"):
                assert payload not in html, (url, payload)
            assert "&lt;script&gt;" in html, url
        report = c.get(f"/stories/{story}/export.html")
        assert "<script>window" not in report.text and "script-src" not in report.headers["content-security-policy"]
        assert "default-src 'none'" in report.headers["content-security-policy"]


def test_story_corrections_need_the_token_and_apply(writable, story_id):
    r = writable.post(f"/api/v1/stories/{story_id}/split", json={"articles": ["abcd"]})
    assert r.status_code == 401
    r = writable.post(f"/api/v1/stories/{story_id}/merge", headers=AUTH, json={"other": story_id})
    assert r.status_code == 400 and "itself" in r.json()["error"]["message"]
    r = writable.post("/api/v1/stories/nosuch/merge", headers=AUTH, json={"other": story_id})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request"


def test_split_then_merge_through_the_api(seeds_db, tmp_path):
    import sqlite3

    copy = tmp_path / "copy.db"
    with sqlite3.connect(seeds_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with TestClient(create_app(str(copy), token=TOKEN)) as c:
        story = c.get("/api/v1/stories").json()["items"][0]
        members = c.get(f"/api/v1/stories/{story['id']}").json()["members"]
        r = c.post(f"/api/v1/stories/{story['id']}/split", headers=AUTH,
                   json={"articles": [members[1]["id"]], "note": "test"})
        assert r.status_code == 200, r.text
        stories = c.get("/api/v1/stories").json()["items"]
        assert sorted(s["size"] for s in stories) == [1, 1]
        a, b = (s["id"] for s in stories)
        r = c.post(f"/api/v1/stories/{a}/merge", headers=AUTH, json={"other": b})
        assert r.status_code == 200 and r.json()["changes"], r.text
        assert [s["size"] for s in c.get("/api/v1/stories").json()["items"]] == [2]


def test_static_files_stay_in_their_directory(client):
    assert client.get("/static/app.css").status_code == 200
    for url in ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                "/static/%2e%2e%2f%2e%2e%2fpyproject.toml"]:
        r = client.get(url)
        assert r.status_code == 404 and "def create_app" not in r.text, url
