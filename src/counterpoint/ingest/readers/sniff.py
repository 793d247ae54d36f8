"""Which reader a file needs: by extension first, by its first bytes otherwise."""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

from counterpoint.errors import UnreadableInput

Format = str  # "text" | "html" | "feed" | "jsonl" | "json" | "csv" | "warc"

_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".warc": "warc",
}
_FEED_RE = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_RE = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<p[\s>]", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"


def detect_format(path: Path) -> Format:
    """The reader for ``path``: ``text``, ``html``, ``feed``, ``jsonl``, ``json``, ``csv`` or ``warc``.

    ``.gz`` is looked through (``corpus.jsonl.gz`` is JSONL, ``crawl.warc.gz`` is WARC). An
    ``.xml`` file or an unknown extension is decided by content; plain text is the fallback, and
    the text reader rejects what is not text.
    """
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        inner = suffixes[0] if len(suffixes) == 2 else ""
        if inner in (".warc", ".jsonl", ".ndjson", ".csv", ".tsv"):
            return _BY_SUFFIX[inner]
        return _sniff(_gunzip_head(path), path, compressed=True)
    fmt = _BY_SUFFIX.get(suffixes[-1] if suffixes else "")
    if fmt:
        return fmt
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(_GZIP_MAGIC):
        return _sniff(_gunzip_head(path), path, compressed=True)
    return _sniff(head, path, compressed=False)


def sniff_bytes(head: bytes) -> Format:
    """Format of an in-memory document (a fetched URL, a feed entry) from its first bytes."""
    return _sniff(head, None, compressed=False)


def _sniff(head: bytes, path: Path | None, compressed: bool) -> Format:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    low = stripped[:2048].lower()
    if low.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")):
        if _FEED_RE.search(stripped[:4096]):
            return "feed"
        if _HTML_RE.search(stripped[:4096]):
            return "html"
        if path is not None:
            raise UnreadableInput(str(path), "XML that is neither an RSS/Atom feed nor HTML")
    if low.startswith(b"<") and _HTML_RE.search(stripped[:4096]):
        return "html"
    if stripped.startswith(b"{"):
        # One object per line is JSONL; a pretty-printed object spans lines.
        first = stripped.split(b"\n", 1)[0].strip()
        return "jsonl" if first.endswith(b"}") else "json"
    if stripped.startswith(b"[") and stripped[1:2].strip() in (b"", b"{", b"[") and path is not None:
        return "json"
    if compressed and path is not None:
        raise UnreadableInput(str(path), "gzip file of unknown content (expected .warc.gz, .jsonl.gz or .csv.gz)")
    return "text"


def _gunzip_head(path: Path, n: int = 4096) -> bytes:
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read(n)
    except (OSError, EOFError, zlib.error) as exc:
        raise UnreadableInput(str(path), f"corrupt gzip data: {exc}") from exc
