"""What every reader shares: options, counters, and the bounded file read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counterpoint.errors import InputTooLarge, UnreadableInput

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_USER_AGENT = "counterpoint/0.1 (+https://github.com/counterpoint; news comparison research tool)"


@dataclass
class ReadOptions:
    """How inputs are read.

    ``max_bytes`` caps one input (a file, a fetched page, one record of a corpus); a JSONL, CSV or
    WARC corpus is streamed, so the cap applies to each line/record rather than to the whole file.
    The ``*_field`` names map JSONL keys / CSV columns onto the article's text and metadata.
    ``transport`` is handed to :class:`httpx.Client` so tests can serve pages without a network.
    ``skip_source(source) -> bool`` says which inputs need no reading at all (the pipeline
    passes "already stored by an earlier run"): a file is then not opened, a URL not fetched
    and an HTML page not extracted; :func:`~counterpoint.ingest.readers.iter_inputs` yields a
    :class:`SkippedInput` for it instead.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    # JSONL / CSV field mapping
    text_field: str = "text"
    title_field: str = "title"
    date_field: str = "date"
    url_field: str = "url"
    outlet_field: str = "outlet"
    id_field: str = "id"
    author_field: str = "author"
    # A JSONL/CSV row with no text but an HTML field is extracted like an HTML page.
    html_field: str = "html"
    # fetching
    timeout: float = 15.0
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    transport: Any = None  # httpx.BaseTransport | None
    # HTML extraction in this many worker processes (1: in this process). Order is kept and
    # at most a few pages per worker are in flight, so memory stays bounded.
    extract_workers: int = 1
    # feeds: fetch each entry's link when the feed does not carry the full text
    fetch_feed_links: bool = True
    # an entry whose content has at least this many words is taken as the full article
    feed_full_text_words: int = 150
    # sources to pass over before reading or extracting them (see the docstring)
    skip_source: Callable[[str], bool] | None = None

    def skips(self, source: str) -> bool:
        return self.skip_source is not None and bool(self.skip_source(source))


@dataclass(frozen=True)
class SkippedInput:
    """An input passed over unread because ``ReadOptions.skip_source`` said so."""

    source: str


@dataclass
class ReadStats:
    """Counters the pipeline can print after a run.

    ``read``: inputs that became a :class:`~counterpoint.models.RawInput`;
    ``rejected``: inputs that became a :class:`~counterpoint.models.Rejection`;
    ``skipped``: things deliberately passed over, by reason (``"warc: request record"``,
    ``"warc: non-HTML response"``, ``"directory: hidden file"``, ...). Skips are not errors,
    so they do not appear as rejections.
    """

    read: Counter = field(default_factory=Counter)  # by InputKind
    rejected: int = 0
    skipped: Counter = field(default_factory=Counter)  # by reason

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] += n

    @property
    def total_read(self) -> int:
        return sum(self.read.values())

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())

    def as_dict(self) -> dict:
        return {
            "read": dict(self.read),
            "rejected": self.rejected,
            "skipped": dict(self.skipped),
        }


def read_bounded(path: Path, max_bytes: int, source: str | None = None) -> bytes:
    """Read a whole file, refusing one larger than ``max_bytes`` before reading any of it."""
    source = source or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableInput(source, f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise InputTooLarge(source, f"too large: {_human(size)} is over the limit of {_human(max_bytes)} (max_bytes={max_bytes})")
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableInput(source, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # grew while we looked
        raise InputTooLarge(source, f"too large: over the limit of {_human(max_bytes)} (max_bytes={max_bytes})")
    return data


def too_large_reason(max_bytes: int) -> str:
    return f"too large: over the limit of {_human(max_bytes)} (max_bytes={max_bytes})"


def _human(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)  # pragma: no cover
