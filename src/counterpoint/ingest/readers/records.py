"""What the JSONL and CSV readers share: streaming lines with a bound, and mapping fields."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from counterpoint.errors import UnreadableInput
from counterpoint.ingest.readers.base import ReadOptions
from counterpoint.models import RawInput

_CHUNK = 1 << 16
# What a truncated or corrupt gzip stream raises while it is being read.
STREAM_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile, OSError)


def open_maybe_gzip(path: Path) -> IO[bytes]:
    """A binary stream over ``path``, decompressed on the fly when it is gzip."""
    fh = path.open("rb")
    magic = fh.read(2)
    fh.seek(0)
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=fh, mode="rb")
    return fh


def bounded_lines(stream: IO[bytes], max_bytes: int, source: str) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line_number, line)`` lazily; a line longer than ``max_bytes`` comes as ``None``.

    Memory stays bounded by ``max_bytes`` whatever the file size, even for a file that is one
    enormous line. A truncated or corrupt gzip stream raises :class:`UnreadableInput` naming
    the line where it broke.
    """
    number = 0
    try:
        while True:
            line = stream.readline(max_bytes + 1)
            if not line:
                return
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                # Skip the rest of the over-long line without holding it.
                while True:
                    rest = stream.readline(_CHUNK)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield number, None
                continue
            yield number, line
    except STREAM_ERRORS as exc:
        raise UnreadableInput(f"{source}:{number + 1}", f"truncated or corrupt compressed data after line {number}: {exc}") from exc


def record_to_raw(record: dict, source: str, kind: str, options: ReadOptions):
    """Map one JSONL object or CSV row onto a RawInput with the configured field names.

    A record with no text but an HTML field becomes a PendingPage, extracted like a page.
    """
    def field(name: str) -> str | None:
        value = record.get(name)
        if value is None or isinstance(value, (dict, list)):
            return None
        value = str(value).strip()
        return value or None

    metadata = {
        "title": field(options.title_field),
        "date": field(options.date_field),
        "url": field(options.url_field),
        "outlet": field(options.outlet_field),
        "id": field(options.id_field),
        "author": field(options.author_field),
    }
    metadata = {k: v for k, v in metadata.items() if v}
    text = record.get(options.text_field)
    if isinstance(text, str) and text.strip():
        return RawInput(source=source, kind=kind, text=text.replace("\r\n", "\n"), metadata=metadata)
    html = record.get(options.html_field)
    if isinstance(html, str) and html.strip():
        from counterpoint.ingest.readers.html import PendingPage

        return PendingPage(html=html, source=source, kind=kind, url=metadata.get("url"), hints=metadata)
    present = ", ".join(sorted(str(k) for k in record)[:12])
    raise UnreadableInput(source, f"no text in field '{options.text_field}' (fields: {present}); set the text field mapping")
