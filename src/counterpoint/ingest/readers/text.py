"""Plain-text articles: bytes in any common encoding to text, or a clear reason why not.

>>> decode_text("Caf\\xe9 cr\\xe8me".encode("cp1252"), "x.txt")
'Café crème'
"""

from __future__ import annotations

import codecs
import unicodedata
from collections import Counter
from pathlib import Path

from charset_normalizer import from_bytes

from counterpoint.errors import UnreadableInput
from counterpoint.ingest.readers.base import ReadOptions, read_bounded
from counterpoint.models import RawInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Windows-1252 is by far the most common legacy encoding of Western news text. charset-normalizer
# often ranks a Baltic or Central-European code page a hair above it on short French/English
# text, so a near tie goes to cp1252.
_PREFERRED_LEGACY = "cp1252"
_TIE_CHAOS = 0.1
# Above this share of control/unassigned characters a "text" is really binary data.
_MAX_JUNK_RATIO = 0.02


def looks_binary(data: bytes) -> bool:
    """NUL bytes near the start mean binary, unless a UTF-16/32 byte-order mark explains them."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, enc in _BOMS if enc.startswith(("utf-16", "utf-32"))):
        return False
    return b"\x00" in head


def decode_text(data: bytes, source: str) -> str:
    """Decode bytes to text: byte-order mark, then strict UTF-8, then detection.

    Raises :class:`UnreadableInput` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise UnreadableInput(source, "empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableInput(source, f"invalid {encoding} after its byte-order mark at byte {exc.start}") from exc
            return _checked(text, source)
    if looks_binary(data):
        raise UnreadableInput(source, "binary data (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    return _checked(_detect_and_decode(data, source), source)


def _detect_and_decode(data: bytes, source: str) -> str:
    # Detection on the head is enough and keeps a large file cheap to sniff.
    results = list(from_bytes(data[:200_000]))
    if not results:
        raise UnreadableInput(source, "not valid UTF-8 and no text encoding fits (binary or corrupt data)")
    best = results[0]
    chosen = best.encoding
    for r in results:
        if _PREFERRED_LEGACY in r.could_be_from_charset and r.chaos <= best.chaos + _TIE_CHAOS:
            chosen = _PREFERRED_LEGACY
            break
    try:
        return data.decode(chosen)
    except (UnicodeDecodeError, LookupError):
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise UnreadableInput(source, f"not valid UTF-8 and not decodable as {best.encoding}") from exc


def _checked(text: str, source: str) -> str:
    if not text.strip():
        raise UnreadableInput(source, "empty input (only whitespace)")
    sample = text[:100_000]
    # counted per distinct character (Counter runs in C): a category lookup per character of
    # the text cost more than all of cleaning
    junk = sum(
        n
        for ch, n in Counter(sample).items()
        if ch not in "\n\r\t\f" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")
    )
    if junk / len(sample) > _MAX_JUNK_RATIO:
        raise UnreadableInput(source, f"binary data: {junk} control characters in the first {len(sample)}, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(path: Path, options: ReadOptions, source: str | None = None) -> RawInput:
    """Read one plain-text article file."""
    source = source or str(path)
    data = read_bounded(path, options.max_bytes, source)
    return RawInput(source=source, kind="text", text=decode_text(data, source))
