"""URLs served by a real HTTP server on 127.0.0.1 (never the network): pages, feeds and failures."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from counterpoint.errors import FetchError
from counterpoint.ingest.fetch import fetch_url
from counterpoint.ingest.readers import ReadOptions, ReadStats, iter_inputs, kept_text
from counterpoint.models import RawInput, Rejection

SAMPLES = Path(__file__).parent / "samples"
ARTICLE = (SAMPLES / "news_article.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    seen_agents: ClassVar[list[str]] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", length: bool = True):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        _Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop-again" if path == "/loop" else "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/slow":
            time.sleep(3)
            self._send(200, ARTICLE)
        elif path == "/missing":
            self._send(404, b"<html><body><h1>Not found</h1></body></html>")
        elif path == "/broken":
            self._send(500, b"<html><body><h1>Internal error</h1></body></html>")
        elif path == "/huge":  # no Content-Length: only the streamed cap can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                self.wfile.write(b"<html><body>")
                for _ in range(200):
                    self.wfile.write(b"<p>" + b"word " * 2000 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/declared-huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif path == "/logo.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
        elif path == "/plain":
            self._send(200, "Plain words of a wire story, sent as text. “Quoted,” he said.".encode(), "text/plain; charset=utf-8")
        elif path == "/feed":
            base = f"http://127.0.0.1:{self.server.server_port}"
            feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
<item><title>Flood defences approved</title><link>{base}/article</link>
<pubDate>Tue, 14 Mar 2023 09:30:00 +0000</pubDate><description>Short teaser.</description></item>
<item><title>Gone</title><link>{base}/missing</link><description>Teaser.</description></item>
</channel></rss>""".encode()
            self._send(200, feed, "application/rss+xml")
        else:
            self._send(404, b"no")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hung up on purpose (timeout, size cap) is not a test failure


@pytest.fixture(scope="module")
def server():
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def _one(url: str, **opts):
    items = list(iter_inputs([url], ReadOptions(**opts)))
    assert len(items) == 1
    return items[0]


def test_article_url_is_fetched_and_extracted(server):
    item = _one(f"{server}/article", user_agent="counterpoint-test/1.0")
    assert isinstance(item, RawInput) and item.kind == "url"
    assert item.source == f"{server}/article"
    assert kept_text(item).startswith("Councillors have approved")  # the repeated headline is a cut
    assert item.metadata["title"] == "Council approves new flood defences for riverside homes"
    assert "counterpoint-test/1.0" in _Handler.seen_agents


def test_default_user_agent_names_the_tool(server):
    _Handler.seen_agents.clear()
    _one(f"{server}/article")
    assert _Handler.seen_agents[-1].startswith("counterpoint/")


def test_redirect_is_followed_and_final_url_kept(server):
    page = fetch_url(f"{server}/moved", ReadOptions())
    assert page.url == f"{server}/article" and page.status == 200 and page.kind == "html"


def test_redirect_loop_is_one_clear_error(server):
    item = _one(f"{server}/loop", max_redirects=3)
    assert isinstance(item, Rejection) and item.reason == "too many redirects (more than 3)"


def test_timeout_is_one_clear_error(server):
    start = time.monotonic()
    item = _one(f"{server}/slow", timeout=0.5)
    assert isinstance(item, Rejection)
    assert item.reason.startswith("timed out after 0.5s")
    assert time.monotonic() - start < 2.9  # well before the server would answer (3 s)


@pytest.mark.parametrize("path,reason", [("/missing", "HTTP 404 Not Found"), ("/broken", "HTTP 500 Internal Server Error")])
def test_error_status_is_one_clear_error(server, path, reason):
    item = _one(f"{server}{path}")
    assert isinstance(item, Rejection) and item.source == f"{server}{path}" and item.reason == reason


def test_streamed_size_cap_stops_reading(server):
    item = _one(f"{server}/huge", max_bytes=100_000)
    assert isinstance(item, Rejection)
    assert "too large" in item.reason and "max_bytes=100000" in item.reason


def test_declared_size_over_cap_refused_before_reading(server):
    with pytest.raises(FetchError, match="Content-Length 52428800"):
        fetch_url(f"{server}/declared-huge", ReadOptions())


def test_non_article_content_type_refused(server):
    item = _one(f"{server}/logo.png")
    assert isinstance(item, Rejection) and item.reason == "not an article page (content-type image/png)"


def test_plain_text_url(server):
    item = _one(f"{server}/plain")
    assert isinstance(item, RawInput) and item.text.endswith("“Quoted,” he said.")


def test_unreachable_host_is_one_clear_error():
    # Port 9 on localhost: nothing listens there, the connection is refused at once.
    item = _one("http://127.0.0.1:9/x", timeout=2)
    assert isinstance(item, Rejection) and item.reason.startswith(("cannot connect", "timed out"))


def test_feed_url_fetches_each_entry_link(server):
    stats = ReadStats()
    items = list(iter_inputs([f"{server}/feed"], ReadOptions(), stats))
    assert len(items) == 2
    article, missing = items
    assert isinstance(article, RawInput) and article.kind == "feed"
    assert article.source == f"{server}/article"
    assert article.metadata["title"] == "Flood defences approved"  # the feed's own title wins
    assert article.metadata["date"] == "2023-03-14"
    assert kept_text(article).startswith("Councillors have approved")  # the repeated headline is a cut
    assert isinstance(missing, Rejection) and missing.source == f"{server}/missing" and missing.reason == "HTTP 404 Not Found"
    assert stats.read["feed"] == 1 and stats.rejected == 1


def test_batch_goes_on_after_bad_urls(server):
    specs = [f"{server}/missing", f"{server}/broken", f"{server}/article"]
    items = list(iter_inputs(specs, ReadOptions(timeout=2)))
    assert [type(i) for i in items] == [Rejection, Rejection, RawInput]


def test_mock_transport_is_used_when_given():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=ARTICLE, headers={"content-type": "text/html"})

    item = _one("https://gazette.test/news/1", transport=httpx.MockTransport(handler))
    assert isinstance(item, RawInput) and item.metadata["sitename"] == "The Riverside Gazette"


def test_mislabelled_feed_is_read_as_a_feed():
    feed = (SAMPLES / "feed_full.rss").read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=feed, headers={"content-type": "text/html"})

    items = list(iter_inputs(["https://gazette.test/rss"], ReadOptions(transport=httpx.MockTransport(handler))))
    assert [i.kind for i in items] == ["feed", "feed"]
    assert items[0].source == "https://gazette.test/rss#1"
