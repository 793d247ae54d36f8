"""URLs: fetch, then read the page as HTML, a feed, or plain text (by content type or sniffing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from counterpoint.errors import InputError
from counterpoint.ingest.readers.base import ReadOptions, ReadStats
from counterpoint.models import RawInput, Rejection

if TYPE_CHECKING:
    from counterpoint.ingest.readers.html import PendingPage


def read_url(url: str, options: ReadOptions, stats: ReadStats) -> Iterator[RawInput | Rejection | PendingPage]:
    """Fetch one URL. A page is one article (a PendingPage until extracted); a feed, one per entry."""
    from counterpoint.ingest.fetch import fetch_url, make_client

    with make_client(options) as client:
        try:
            page = fetch_url(url, options, client)
            kind = page.kind
            if kind == "feed":
                from counterpoint.ingest.readers.feed import read_feed_bytes

                yield from read_feed_bytes(page.content, url, options, stats, client=client, base_url=page.url)
                return
            if kind == "html":
                from counterpoint.ingest.readers.html import PendingPage, decode_html_bytes

                html = decode_html_bytes(page.content, url, page.charset)
                yield PendingPage(html=html, source=url, kind="url", url=page.url)
                return
            if kind == "text":
                from counterpoint.ingest.readers.text import decode_text

                text = page.content.decode(page.charset) if page.charset else decode_text(page.content, url)
                yield RawInput(source=url, kind="url", text=text, metadata={"url": page.url})
                return
            yield Rejection(source=url, reason=f"not an article page ({kind})")
        except InputError as exc:
            yield Rejection(source=url, reason=exc.reason)
        except (LookupError, UnicodeDecodeError) as exc:
            yield Rejection(source=url, reason=f"cannot decode the page: {exc}")
