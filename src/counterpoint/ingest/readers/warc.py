"""WARC and WARC.gz crawls (warcio): HTML responses become articles, the rest is counted.

A record's source is ``crawl.warc.gz#OFFSET``, the byte offset of the record in the file
(``warcio`` and ``cdx`` indexes seek by it). The target URI is the article's url; the
WARC-Date (when the page was *crawled*, an upper bound on its publication) is kept in the
metadata as ``warc_date`` and never passed off as the publication date.

Skipped records are counted in :class:`ReadStats.skipped`: ``warc: request record``,
``warc: non-HTML response (image/png)``, ``warc: HTTP 404 response``, ... A truncated or
corrupt file yields every record before the break and one rejection naming where it broke.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from counterpoint.errors import InputError, UnreadableInput
from counterpoint.ingest.readers.base import ReadOptions, ReadStats, too_large_reason
from counterpoint.models import RawInput, Rejection

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, options: ReadOptions, stats: ReadStats, source: str | None = None) -> Iterator[RawInput | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = source or str(path)
    head = _head(path)
    if not head.startswith((b"WARC/", b"filedesc://")):
        raise UnreadableInput(source, "not a WARC file (it does not start with a WARC record header)")
    records = 0
    offset = 0
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh, arc2warc=True)
        try:
            for record in iterator:
                records += 1
                payload = _html_payload(record, options, stats)
                # Only now: asking for the offset reads the record to its end.
                offset = iterator.get_record_offset()
                if getattr(record.raw_stream, "limit", 0) > 0:
                    # warcio ends quietly at a cut: the record holds fewer bytes than it declares.
                    missing = record.raw_stream.limit
                    yield Rejection(
                        source=f"{source}#{offset}",
                        reason=f"truncated WARC: record {records} ends {missing} bytes short of its declared length; {records - 1} complete records read",
                    )
                    return
                if payload is not None:
                    yield _to_raw(payload, f"{source}#{offset}", options)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            where = f"{source}#{iterator.offset if hasattr(iterator, 'offset') else offset}"
            yield Rejection(
                source=where,
                reason=f"truncated or corrupt WARC after {records} complete records: {' '.join(str(exc).split())[:160]}",
            )
    if records == 0 and path.stat().st_size > 0:
        yield Rejection(source=source, reason="no WARC records found (not a WARC file?)")


def _html_payload(record, options: ReadOptions, stats: ReadStats) -> dict | None:
    """The HTML bytes and headers of an HTML response record, or None (skipped, counted)."""
    rec_type = record.rec_type
    if rec_type not in ("response", "resource"):
        stats.skip(f"warc: {rec_type} record")
        return None
    if rec_type == "response":
        if record.http_headers is None:
            stats.skip("warc: response without HTTP headers")
            return None
        status = record.http_headers.get_statuscode()
        if status != "200":
            stats.skip(f"warc: HTTP {status} response")
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype not in _HTML_TYPES:
        stats.skip(f"warc: non-HTML {rec_type} ({ctype or 'no content-type'})")
        return None
    stream = record.content_stream()
    data = stream.read(options.max_bytes + 1)
    charset = None
    if "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip("\"' ") or None
    return {
        "data": data,
        "uri": record.rec_headers.get_header("WARC-Target-URI"),
        "warc_date": record.rec_headers.get_header("WARC-Date"),
        "charset": charset,
    }


def _to_raw(payload: dict, where: str, options: ReadOptions):
    from counterpoint.ingest.readers.html import PendingPage, decode_html_bytes

    if len(payload["data"]) > options.max_bytes:
        return Rejection(source=where, reason=too_large_reason(options.max_bytes))
    uri = payload["uri"]
    try:
        html = decode_html_bytes(payload["data"], where, payload["charset"])
    except InputError as exc:
        return Rejection(source=where, reason=exc.reason)
    return PendingPage(
        html=html,
        source=where,
        kind="warc",
        url=uri,
        hints={"url": uri},
        overrides={"warc_target_uri": uri, "warc_date": payload["warc_date"]},
    )


def _head(path: Path) -> bytes:
    from counterpoint.ingest.readers.records import open_maybe_gzip

    try:
        with open_maybe_gzip(path) as fh:
            return fh.read(16).lstrip(b"\r\n")
    except (OSError, EOFError, zlib.error) as exc:
        raise UnreadableInput(str(path), f"corrupt gzip data: {exc}") from exc
