"""Read articles from every input format: files, directories, globs, URLs, feeds, corpora, WARCs.

The one entry point is :func:`iter_inputs`. It takes what a user typed (paths, globs, URLs) and
yields, lazily and in order, one :class:`~counterpoint.models.RawInput` per article or one
:class:`~counterpoint.models.Rejection` per input that could not become one. It never raises
for a bad input: the reason is one line and the batch goes on.

>>> from counterpoint.ingest.readers import ReadOptions, ReadStats, iter_inputs
>>> stats = ReadStats()
>>> for item in iter_inputs(["examples/seeds"], ReadOptions(), stats=stats):  # doctest: +SKIP
...     print(item.source)

Sources name inputs precisely: a path, a URL, ``corpus.jsonl:LINE``, ``corpus.csv:ROW``
(1-based data row, header excluded), ``export.json:INDEX``, ``crawl.warc.gz#OFFSET`` (byte
offset of the record, which ``warcio`` can seek to), ``feed.xml#ENTRY`` (1-based entry number)
for an entry whose content is used, or the entry's link when it was fetched.

Formats (one module each): ``text`` (plain text, any encoding), ``html`` (files; extraction in
:func:`extract_html`), ``feed`` (RSS/Atom), ``jsonl`` (JSONL, and ``.json`` documents) and
``csvfile`` (streamed corpora with a field mapping), ``warc`` (WARC/WARC.gz), ``url`` with
:mod:`counterpoint.ingest.fetch`. Readers hand HTML over as ``PendingPage`` objects and
:func:`iter_inputs` extracts them, inline or in ``ReadOptions.extract_workers`` processes.
What is deliberately passed over (WARC request records, hidden files, blank lines, ...) is
counted in :class:`ReadStats.skipped`, which the caller passes in and can print afterwards.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from counterpoint.errors import InputError
from counterpoint.ingest.readers.base import DEFAULT_MAX_BYTES, ReadOptions, ReadStats, SkippedInput
from counterpoint.ingest.readers.sniff import detect_format
from counterpoint.models import RawInput, Rejection

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ExtractedPage",
    "ReadOptions",
    "ReadStats",
    "SkippedInput",
    "detect_format",
    "extract_html",
    "iter_inputs",
    "kept_text",
    "read_path",
]

# Files a directory walk passes over without opening: they are never articles.
_NOT_ARTICLES = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff",
    ".pdf", ".zip", ".tar", ".7z", ".rar", ".exe", ".dll", ".so", ".pyc", ".db", ".sqlite", ".sqlite3",
    ".css", ".js", ".woff", ".woff2", ".ttf", ".mp3", ".mp4", ".wav", ".mov", ".avi",
}
_GLOB_CHARS = set("*?[")
# A SQLite workspace's companions (counterpoint.db-wal, -shm, -journal) are as little an
# article as the database itself: a workspace inside the ingested directory is common.
_DB_COMPANIONS = ("-wal", "-shm", "-journal")


def _suffix(name: str) -> str:
    """The extension a directory walk judges a file by (``x.db-wal`` counts as ``.db``)."""
    suffix = Path(name).suffix.lower()
    for companion in _DB_COMPANIONS:
        if suffix.endswith(companion) and suffix[: -len(companion)] in (".db", ".sqlite", ".sqlite3"):
            return suffix[: -len(companion)]
    return suffix


def __getattr__(name: str):
    # extract_html pulls in trafilatura (slow to import): load it only when asked for.
    if name in ("extract_html", "ExtractedPage"):
        from counterpoint.ingest.readers import html

        return getattr(html, name)
    raise AttributeError(name)


def iter_inputs(
    specs: Iterable[str], options: ReadOptions | None = None, stats: ReadStats | None = None
) -> Iterator[RawInput | Rejection]:
    """Yield one RawInput per article and one Rejection per unusable input, in order.

    ``specs`` are URLs (http/https), directories (walked recursively, sorted, hidden files
    skipped), glob patterns (``**`` allowed) or files (format by extension, else by content).
    Pass a :class:`ReadStats` to count what was read, rejected and skipped. With
    ``options.extract_workers > 1`` HTML pages are extracted in worker processes. With
    ``options.skip_source`` set, a :class:`SkippedInput` stands for each source it passes over
    (a file or URL before it is read, a page of a WARC, feed or corpus before extraction).
    """
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    found = (item for spec in specs for item in _safe(_iter_spec(str(spec), options, stats), str(spec)))
    for item in _extracted(found, options):
        if isinstance(item, SkippedInput):
            pass  # counted by the caller, which knows why it asked
        elif isinstance(item, Rejection):
            stats.rejected += 1
            if "\n" in item.reason or len(item.reason) > 300:
                item = Rejection(source=item.source, reason=one_line(item.reason))
        else:
            stats.read[item.kind] += 1
        yield item


def _extracted(items: Iterator, options: ReadOptions) -> Iterator[RawInput | Rejection | SkippedInput]:
    """Extract the PendingPages among ``items``, in order: inline, or in worker processes.

    A page whose source ``options.skip_source`` passes over is never extracted (extraction is
    most of the cost of reading HTML, so a re-run of a WARC or HTML corpus is quick).
    """
    from counterpoint.ingest.readers.html import PendingPage, resolve_page

    workers = options.extract_workers
    if options.skip_source is not None:
        items = (
            SkippedInput(item.source)
            if isinstance(item, PendingPage) and not item.skip_checked and options.skips(item.source)
            else item
            for item in items
        )
    if workers <= 1:
        for item in items:
            yield resolve_page(item)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    # A fork server, not plain fork: the ingest pipeline runs its own worker pool (whose
    # management thread a forked child could inherit mid-lock). The server imports the
    # extraction code (trafilatura) once and forks workers from it.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        # (one server per process: the pipeline's preparers share it, so their modules too)
        ctx.set_forkserver_preload(
            ["counterpoint.ingest.readers.html", "counterpoint.ingest.prepare", "counterpoint.ingest.pipeline"]
        )
    window: deque = deque()
    limit = workers * 4  # pages in flight: enough to keep workers busy, few enough to bound memory

    def first_done():
        head = window.popleft()
        if not isinstance(head, Future):
            return head
        try:
            return head.result()
        except Exception as exc:  # a worker died (killed, out of memory): report that page only
            return Rejection(source=head.source, reason=f"internal error: extraction worker failed: {type(exc).__name__}")

    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for item in items:
            if isinstance(item, RawInput | Rejection | SkippedInput):
                window.append(item)
            else:
                future = pool.submit(resolve_page, item)
                future.source = item.source
                window.append(future)
            while len(window) > limit:
                yield first_done()
        while window:
            yield first_done()


def _safe(items: Iterator[RawInput | Rejection], source: str) -> Iterator[RawInput | Rejection]:
    """Turn any exception a reader lets escape into one Rejection, so the batch goes on."""
    try:
        yield from items
    except InputError as exc:
        yield Rejection(source=exc.source, reason=one_line(exc.reason))
    except Exception as exc:  # a reader bug must not end the whole batch
        yield Rejection(source=source, reason=one_line(f"internal error: {type(exc).__name__}: {exc}"))


def _iter_spec(spec: str, options: ReadOptions, stats: ReadStats) -> Iterator[RawInput | Rejection]:
    if spec[:8].lower().startswith(("http://", "https://")):
        from counterpoint.ingest.readers.url import read_url

        if options.skips(spec):  # not fetched again (a feed URL is fetched: its entries may be new)
            yield SkippedInput(spec)
            return

        yield from read_url(spec, options, stats)
        return
    path = Path(spec).expanduser()
    if path.is_dir():
        yield from _walk(path, options, stats)
    elif path.exists():
        yield from _read_path(path, options, stats)
    elif _GLOB_CHARS & set(spec):
        matches = sorted(glob.glob(os.path.expanduser(spec), recursive=True))
        if not matches:
            yield Rejection(source=spec, reason="no file matches this pattern")
        for match in matches:
            m = Path(match)
            if m.is_dir():
                yield from _walk(m, options, stats)
            elif not m.name.startswith("."):
                yield from _safe(_read_path(m, options, stats), match)
    else:
        yield Rejection(source=spec, reason="no such file or directory")


def _walk(root: Path, options: ReadOptions, stats: ReadStats) -> Iterator[RawInput | Rejection]:
    for dirpath, dirnames, filenames in os.walk(root):
        # Hidden directories (.git, .cache) hold no articles; sorted for a stable order.
        hidden = [d for d in dirnames if d.startswith(".")]
        if hidden:
            stats.skip("directory: hidden directory", len(hidden))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith("."):
                stats.skip("directory: hidden file")
                continue
            suffix = _suffix(name)
            if suffix in _NOT_ARTICLES:
                stats.skip(f"directory: not an article file ({suffix})")
                continue
            yield from _safe(_read_path(path, options, stats), str(path))


def read_path(path: Path, options: ReadOptions, stats: ReadStats | None = None) -> Iterator[RawInput | Rejection]:
    """Read one file of any supported format (by extension, else by content)."""
    from counterpoint.ingest.readers.html import resolve_page

    for item in _read_path(path, options, stats):
        yield resolve_page(item)


def _read_path(path: Path, options: ReadOptions, stats: ReadStats | None = None) -> Iterator:
    """What :func:`read_path` reads, with HTML pages still waiting for extraction."""
    stats = stats if stats is not None else ReadStats()
    source = str(path)
    if options.skips(source):  # a one-article file stored by an earlier run: not even opened
        yield SkippedInput(source)
        return
    try:
        fmt = detect_format(path)
    except OSError as exc:
        yield Rejection(source=source, reason=one_line(f"cannot read: {exc.strerror or exc}"))
        return
    except InputError as exc:
        yield Rejection(source=exc.source, reason=one_line(exc.reason))
        return
    try:
        if fmt == "text":
            from counterpoint.ingest.readers.text import read_text_file

            yield read_text_file(path, options, source)
        elif fmt == "html":
            from counterpoint.ingest.readers.html import read_html_file

            page = read_html_file(path, options, source)
            page.skip_checked = True  # asked above
            yield page
        elif fmt == "feed":
            from counterpoint.ingest.readers.feed import read_feed_file

            yield from read_feed_file(path, options, stats, source)
        elif fmt == "jsonl":
            from counterpoint.ingest.readers.jsonl import read_jsonl

            yield from read_jsonl(path, options, stats, source)
        elif fmt == "json":
            from counterpoint.ingest.readers.jsonl import read_json_document

            yield from read_json_document(path, options, stats, source)
        elif fmt == "csv":
            from counterpoint.ingest.readers.csvfile import read_csv

            yield from read_csv(path, options, stats, source)
        elif fmt == "warc":
            from counterpoint.ingest.readers.warc import read_warc

            yield from read_warc(path, options, stats, source)
        else:
            yield Rejection(source=source, reason=fmt)  # detect_format explains what it saw
    except InputError as exc:
        yield Rejection(source=exc.source, reason=one_line(exc.reason))


def kept_text(raw: RawInput) -> str:
    """The text of ``raw`` without the reader's own cuts (``raw.cuts``), before cleaning."""
    from counterpoint.ingest.readers.html import apply_cuts

    return apply_cuts(raw.text or "", [(c.start, c.end, c.reason) for c in raw.cuts])


def one_line(reason: str, limit: int = 300) -> str:
    """A rejection reason fit for one line of a summary."""
    reason = " ".join(str(reason).split())
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"
