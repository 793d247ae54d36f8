"""RSS and Atom feeds (feedparser): one article per entry.

An entry whose content carries the full text (at least ``ReadOptions.feed_full_text_words``
words) is used as it is; otherwise its link is fetched and extracted like any page (unless
``fetch_feed_links`` is off, in which case the entry is rejected: a teaser is not an article).
The entry's title, date and author go into the metadata, and fill what the page does not say.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

from counterpoint.errors import InputError, UnreadableInput
from counterpoint.ingest.readers.base import ReadOptions, ReadStats, read_bounded
from counterpoint.models import RawInput, Rejection


def read_feed_file(path: Path, options: ReadOptions, stats: ReadStats, source: str | None = None) -> Iterator[RawInput | Rejection]:
    source = source or str(path)
    data = read_bounded(path, options.max_bytes, source)
    if options.fetch_feed_links:
        from counterpoint.ingest.fetch import make_client

        with make_client(options) as client:
            yield from read_feed_bytes(data, source, options, stats, client=client)
    else:
        yield from read_feed_bytes(data, source, options, stats)


def read_feed_bytes(
    data: bytes, source: str, options: ReadOptions, stats: ReadStats, client=None, base_url: str | None = None
) -> Iterator[RawInput | Rejection]:
    """Read the entries of a feed document (bytes as fetched or read from disk)."""
    import feedparser

    # A stream, never a string: feedparser would fetch a string that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": base_url} if base_url else None)
    if not parsed.entries:
        if not data.strip():
            raise UnreadableInput(source, "empty input")
        if parsed.bozo:
            raise UnreadableInput(source, f"not a valid RSS/Atom feed: {parsed.bozo_exception}")
        # Said out loud: a feed that yields nothing would otherwise vanish from the summary.
        raise UnreadableInput(source, "the feed has no entries")
    sitename = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        entry_source = f"{source}#{number}"
        try:
            yield from _read_entry(entry, entry_source, sitename, options, stats, client)
        except InputError as exc:
            yield Rejection(source=exc.source, reason=exc.reason)


def _read_entry(entry, entry_source: str, sitename, options: ReadOptions, stats: ReadStats, client) -> Iterator[RawInput | Rejection]:
    from counterpoint.ingest.readers.html import (
        PendingPage,
        apply_cuts,
        cut_debris,
        fragment_to_text,
    )
    from counterpoint.models import Removal

    link = entry.get("link")
    hints = {
        "title": _text(entry.get("title")),
        "date": _entry_date(entry),
        "author": entry.get("author"),
        "sitename": sitename,
        "url": link,
        "description": _text(entry.get("summary")) if entry.get("content") else None,
    }
    body_html = _entry_content(entry)
    raw_text, cuts = cut_debris(fragment_to_text(body_html)) if body_html else ("", [])
    body_text = apply_cuts(raw_text, cuts)
    if len(body_text.split()) >= options.feed_full_text_words:
        metadata = {k: v for k, v in hints.items() if v}
        metadata["extractor"] = "feed-content"
        # the furniture cut from the content travels as cuts, so cleaning records each one
        removals = [Removal(start=a, end=b, reason=why, text=raw_text[a:b]) for a, b, why in cuts]
        yield RawInput(source=entry_source, kind="feed", text=raw_text, html=body_html, metadata=metadata, cuts=removals)
        return
    if not link:
        yield Rejection(source=entry_source, reason=f"entry has no link and only {len(body_text.split())} words of content")
        return
    if not options.fetch_feed_links:
        yield Rejection(source=entry_source, reason=f"entry carries only {len(body_text.split())} words and fetching links is off")
        return
    from counterpoint.ingest.fetch import fetch_url

    if options.skips(link):  # stored by an earlier run: not fetched again
        from counterpoint.ingest.readers.base import SkippedInput

        yield SkippedInput(link)
        return
    from counterpoint.ingest.readers.html import decode_html_bytes

    page = fetch_url(link, options, client)
    if page.kind != "html":
        yield Rejection(source=link, reason=f"entry link is not an HTML page ({page.content_type or page.kind})")
        return
    html = decode_html_bytes(page.content, link, page.charset)
    # The feed's own title and date are the publisher's declaration for this entry.
    overrides = {"title": hints.get("title"), "date": hints.get("date"), "feed_entry": entry_source}
    yield PendingPage(html=html, source=link, kind="feed", url=page.url, hints=hints, overrides=overrides)


def _entry_content(entry) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return best if len(best) >= len(summary) else summary


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return time.strftime("%Y-%m-%d", t)
    return None


def _text(value) -> str | None:
    if not value:
        return None
    from counterpoint.ingest.readers.html import fragment_to_text

    text = fragment_to_text(value) if "<" in value else value
    return " ".join(text.split()) or None
