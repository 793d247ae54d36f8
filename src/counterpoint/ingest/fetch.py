"""Fetch a URL with httpx: timeouts, a streamed size cap, bounded redirects, a User-Agent.

Every failure is a :class:`~counterpoint.errors.FetchError` with a one-line reason naming the
URL: ``timed out after 15s``, ``HTTP 404 Not Found``, ``too many redirects (more than 5)``,
``too large: over the limit of 20.0 MB``, ``not an article page (content-type image/png)``,
``cannot connect: ...``. Tests pass ``ReadOptions(transport=...)`` or serve pages from a local
HTTP server; nothing here needs the network to be tested.

>>> from counterpoint.ingest.readers import ReadOptions
>>> page = fetch_url("https://example.org/news/1", ReadOptions())  # doctest: +SKIP
>>> page.url, page.status, page.kind  # doctest: +SKIP
('https://example.org/news/1', 200, 'html')
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from counterpoint.errors import FetchError
from counterpoint.ingest.readers.base import ReadOptions, too_large_reason

# Content types we read, and what they are. Anything else is refused before its body is read.
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml", "application/feed+json")
_TEXT_TYPES = ("text/plain",)


@dataclass
class FetchedPage:
    """A fetched document: final URL (after redirects), status, type and the raw bytes."""

    url: str
    requested: str
    status: int
    content_type: str
    charset: str | None
    content: bytes

    @property
    def kind(self) -> str:
        """``html``, ``feed`` or ``text``: by content type, checked against the first bytes.

        Servers mislabel feeds as ``text/html`` and pages as ``application/xml``; the bytes win
        when they clearly say which it is.
        """
        from counterpoint.ingest.readers.sniff import sniff_bytes

        sniffed = sniff_bytes(self.content[:4096])
        ct = self.content_type
        if ct in _HTML_TYPES:
            return "feed" if sniffed == "feed" else "html"
        if ct in _FEED_TYPES:
            return "html" if sniffed == "html" else "feed"
        if ct in _TEXT_TYPES:
            return "text"
        return sniffed


def make_client(options: ReadOptions) -> httpx.Client:
    """One client per batch: connection reuse, our limits, our User-Agent."""
    return httpx.Client(
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=True,
        max_redirects=options.max_redirects,
        headers={
            "User-Agent": options.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
        },
        transport=options.transport,
    )


def fetch_url(url: str, options: ReadOptions, client: httpx.Client | None = None) -> FetchedPage:
    """GET ``url`` and return its body, or raise :class:`FetchError` with a one-line reason."""
    own = client is None
    client = client or make_client(options)
    try:
        return _fetch(url, options, client)
    finally:
        if own:
            client.close()


def _fetch(url: str, options: ReadOptions, client: httpx.Client) -> FetchedPage:
    deadline = time.monotonic() + options.timeout * 2  # a slow drip must not hold a batch forever
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            content_type, charset = _content_type(response.headers.get("content-type", ""))
            if content_type and not _readable(content_type):
                raise FetchError(url, f"not an article page (content-type {content_type})")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(url, f"{too_large_reason(options.max_bytes)} (Content-Length {declared})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    raise FetchError(url, too_large_reason(options.max_bytes))
                if time.monotonic() > deadline:
                    raise FetchError(url, f"timed out after {options.timeout * 2:g}s reading the body")
                chunks.append(chunk)
            return FetchedPage(
                url=str(response.url),
                requested=url,
                status=response.status_code,
                content_type=content_type,
                charset=charset,
                content=b"".join(chunks),
            )
    except FetchError:
        raise
    except httpx.TooManyRedirects:
        raise FetchError(url, f"too many redirects (more than {options.max_redirects})") from None
    except httpx.TimeoutException as exc:
        phase = {"ConnectTimeout": "connecting", "ReadTimeout": "waiting for data", "PoolTimeout": "waiting for a connection"}.get(type(exc).__name__, "")
        raise FetchError(url, f"timed out after {options.timeout:g}s" + (f" {phase}" if phase else "")) from None
    except httpx.UnsupportedProtocol:
        raise FetchError(url, "not an http(s) URL") from None
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"invalid URL: {exc}") from None
    except httpx.ConnectError as exc:
        raise FetchError(url, f"cannot connect: {exc}") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"{type(exc).__name__}: {exc}") from None


def _content_type(header: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in header.split(";")]
    ctype = parts[0].lower() if parts else ""
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip("\"' ") or None
    return ctype, charset


def _readable(content_type: str) -> bool:
    return content_type in _HTML_TYPES + _FEED_TYPES + _TEXT_TYPES or content_type.endswith(("+xml", "/xml"))
