"""The reading stage of ``ingest --engine ray``: the driver lists, Ray workers read.

The driver expands what the user typed (directories, globs) into a list of files, which is
cheap (names and sizes, no file opened), and asks the workspace which of their sources an
earlier run stored. Each file becomes one *read task* row; a large uncompressed JSONL corpus
becomes several, one per byte range, so that several workers parse one big file. The read
stage (:func:`read_tasks`, a Ray Data ``map_batches``) runs the local engine's own readers
(:func:`counterpoint.ingest.readers.iter_inputs`) on each task and turns one file into as many
rows as it holds articles: ``raw`` (an input to clean), ``rejected`` (what was wrong with it),
``skipped`` (stored by an earlier run) and one ``stats`` row of reader counters per batch.

A byte range owns the lines that *start* inside it (Hadoop's rule: a range skips the partial
line it begins in and finishes the line it ends in), so no line is read twice or lost. Its
lines keep their file-wide numbers (``corpus.jsonl:LINE``, as with ``--engine local``): the
newlines before each range are counted first, in parallel Ray tasks (a byte count, no parsing).
Gzipped JSONL, CSV (a quoted field may hold newlines), WARC (records are not line-aligned) and
feeds are read whole, one task per file.

URLs are fetched on the driver (they are few, and I/O-bound, not CPU-bound) and enter the
dataset as ``raw`` rows.
"""

from __future__ import annotations

import dataclasses
import glob
import io
import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from counterpoint.ingest.readers import ReadOptions, ReadStats, SkippedInput, one_line
from counterpoint.models import RawInput, Rejection

if TYPE_CHECKING:
    from counterpoint.store import Workspace

SPLIT_BYTES = 4 << 20
"""An uncompressed JSONL file larger than this is read as several byte ranges."""
_SPLITTABLE = (".jsonl", ".ndjson")
_ONE_ARTICLE = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".shtml"}
_COLUMNS = ("kind", "source", "payload")


def _row(kind: str, source: str, payload: str = "") -> dict:
    return {"kind": kind, "source": source, "payload": payload}


# ---------------------------------------------------------------------------- the driver


def list_files(specs: list[str], options: ReadOptions, stats: ReadStats) -> Iterator[Path | dict]:
    """What ``specs`` name, in the order :func:`iter_inputs` reads them: a :class:`Path` per
    file, and ready rows for URLs (fetched here) and for specs that name nothing."""
    from counterpoint.ingest.readers import _GLOB_CHARS, iter_inputs

    for spec in specs:
        if spec[:8].lower().startswith(("http://", "https://")):
            yield from (_item_row(item) for item in iter_inputs([spec], options, stats))
            continue
        path = Path(spec).expanduser()
        if path.is_dir():
            yield from _walk(path, stats)
        elif path.exists():
            yield path
        elif _GLOB_CHARS & set(spec):
            matches = sorted(glob.glob(os.path.expanduser(spec), recursive=True))
            if not matches:
                yield _item_row(Rejection(source=spec, reason="no file matches this pattern"))
            for match in matches:
                m = Path(match)
                if m.is_dir():
                    yield from _walk(m, stats)
                elif not m.name.startswith("."):
                    yield m
        else:
            yield _item_row(Rejection(source=spec, reason="no such file or directory"))


def _walk(root: Path, stats: ReadStats) -> Iterator[Path]:
    """The files :func:`counterpoint.ingest.readers.iter_inputs` would read under ``root``."""
    from counterpoint.ingest.readers import _NOT_ARTICLES, _suffix

    for dirpath, dirnames, filenames in os.walk(root):
        hidden = [d for d in dirnames if d.startswith(".")]
        if hidden:
            stats.skip("directory: hidden directory", len(hidden))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                stats.skip("directory: hidden file")
            elif (suffix := _suffix(name)) in _NOT_ARTICLES:
                stats.skip(f"directory: not an article file ({suffix})")
            else:
                yield Path(dirpath) / name


def _item_row(item) -> dict:
    if isinstance(item, SkippedInput):
        return _row("skipped", item.source)
    if isinstance(item, Rejection):
        return _row("rejected", item.source, item.model_dump_json())
    return _row("raw", item.source, item.model_dump_json())


def stored_sources(workspace: Workspace, path: str) -> dict[str, str | None]:
    """The sources of ``path`` an earlier run stored: the file itself, ``path:N``, ``path#N``."""
    import sqlalchemy as sa

    from counterpoint.store import schema as t

    c = t.ingest_sources.c
    q = sa.select(c.source, c.article_id).where(
        sa.or_(c.source == path, c.source.startswith(path + ":", autoescape=True),
               c.source.startswith(path + "#", autoescape=True)))
    with workspace.read() as conn:
        return dict(conn.execute(q).all())


def read_task_rows(paths: list[Path | dict], workspace: Workspace | None,
                   split_bytes: int = SPLIT_BYTES, count_newlines=None) -> list[dict]:
    """One read-task row per file (per byte range of a large JSONL file), with the sources
    already stored (``done``, a JSON list; ``workspace=None``: re-read everything).
    ``count_newlines([(path, start, end), ...])`` -> ``[(newlines, gzipped), ...]``; by
    default Ray tasks count them."""
    rows: list[dict] = []
    ranges: list[tuple[int, str, int, int]] = []  # (row index, path, start, end)
    files = [str(p) for p in paths if not isinstance(p, dict)]
    # One query per 500 files for the files that are one article each; a file that may hold
    # several (a corpus, a feed, a WARC; an unknown suffix, sniffed later) is asked by prefix.
    stored = set(workspace.source_articles(files)) if workspace is not None else set()
    for p in paths:
        if isinstance(p, dict):
            rows.append({**p, "start": 0, "end": 0, "done": "[]"})
            continue
        source = str(p)
        if workspace is None:
            done = []
        elif p.suffix.lower() in _ONE_ARTICLE:
            done = [source] if source in stored else []
        else:
            done = sorted(stored_sources(workspace, source))
        size = _size(p)
        if size > split_bytes and p.suffix.lower() in _SPLITTABLE:
            bounds = list(range(0, size, split_bytes)) + [size]
            for a, b in itertools.pairwise(bounds):
                ranges.append((len(rows), source, a, b))
                rows.append({**_row("range", source), "start": a, "end": b, "done": done})
        else:
            rows.append({**_row("file", source), "start": 0, "end": 0, "done": json.dumps(done)})
    if ranges:
        # Newlines before each range, counted by workers; a range's first line number follows:
        # the lines starting before byte s are 1 + the newlines in [0, s - 1).
        count_newlines = count_newlines or _count_in_ray
        counts = count_newlines([(path, max(a - 1, 0), b - 1) for _, path, a, b in ranges])
        by_file: dict[str, list] = {}
        for r, c in zip(ranges, counts):
            by_file.setdefault(r[1], []).append((r, c))
        for path, parts in by_file.items():
            if parts[0][1][1]:  # a .jsonl that is really gzip: read whole, by its first row
                first_row = rows[parts[0][0][0]]
                first_row.update(kind="file", done=json.dumps(first_row["done"]))
                for (i, *_), _c in parts[1:]:
                    rows[i].update(kind="none", done="[]")
                continue
            firsts, before = [], 0
            for (_i, _p, a, _b), (n, _gz) in parts:
                firsts.append(1 if a == 0 else before + 2)
                before += n
            for k, ((i, *_), _c) in enumerate(parts):
                stop = firsts[k + 1] if k + 1 < len(firsts) else float("inf")
                rows[i]["payload"] = str(firsts[k])
                rows[i]["done"] = json.dumps(_done_in(rows[i]["done"], path, firsts[k], stop))
    return rows


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader reports it


def _done_in(done: list[str], path: str, first: int, stop: int) -> list[str]:
    """The stored ``path:N`` sources whose line N is in ``[first, stop)`` (a range's share)."""
    out = []
    for s in done:
        tail = s[len(path) + 1 :]
        if s.startswith(path + ":") and tail.isdigit() and first <= int(tail) < stop:
            out.append(s)
    return out


def _count_newlines_fn(path: str, start: int, end: int) -> tuple[int, bool]:
    """Newlines in bytes ``[start, end)`` of ``path``; and whether the file is gzip."""
    n = 0
    with open(path, "rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
        fh.seek(start)
        left = end - start
        while left > 0:
            chunk = fh.read(min(left, 1 << 22))
            if not chunk:
                break
            n += chunk.count(b"\n")
            left -= len(chunk)
    return n, gzipped


def _count_in_ray(spans: list[tuple[str, int, int]]) -> list[tuple[int, bool]]:
    import ray

    remote = ray.remote(num_cpus=1)(_count_newlines_fn)
    return ray.get([remote.remote(*span) for span in spans])


# ---------------------------------------------------------------------------- the workers


def read_tasks(batch: dict, options: ReadOptions) -> dict:
    """The read stage (a Ray Data ``map_batches`` function): read-task rows in, article rows
    out. Never raises for an input: a reader error is that input's ``rejected`` row."""
    from counterpoint.ingest.readers import iter_inputs

    out = {c: [] for c in _COLUMNS}
    stats = ReadStats()
    for i, kind in enumerate(batch["kind"]):
        source = str(batch["source"][i])
        if kind not in ("file", "range"):
            if kind != "none":
                for c in _COLUMNS:
                    out[c].append(batch[c][i])
            continue
        done = set(json.loads(batch["done"][i]))
        opts = dataclasses.replace(options, skip_source=done.__contains__)
        if kind == "file":
            items = iter_inputs([source], opts, stats)
        else:
            items = _read_range(source, int(batch["start"][i]), int(batch["end"][i]),
                                int(batch["payload"][i]), opts, stats)
        for item in items:
            if isinstance(item, RawInput) and item.source in done:
                item = SkippedInput(item.source)  # a corpus line stored by an earlier run
            row = _item_row(item)
            for c in _COLUMNS:
                out[c].append(row[c])
    if stats.read or stats.skipped or stats.rejected:
        out["kind"].append("stats")
        out["source"].append("")
        out["payload"].append(json.dumps(stats.as_dict()))
    return out


def _read_range(path: str, start: int, end: int, first_line: int, options: ReadOptions,
                stats: ReadStats) -> Iterator:
    """The JSONL records of the lines starting in bytes ``[start, end)``, numbered from
    ``first_line``, read by the local JSONL reader itself (so the same records, rejections
    and reasons)."""
    from counterpoint.ingest.readers import _safe
    from counterpoint.ingest.readers.html import PendingPage, resolve_page
    from counterpoint.ingest.readers.jsonl import read_jsonl

    prefix, shift = path + ":", first_line - 1

    def renumber(item):
        tail = item.source[len(prefix):] if item.source.startswith(prefix) else ""
        if not tail.isdigit():
            return item
        where = f"{prefix}{int(tail) + shift}"
        if isinstance(item, RawInput | Rejection):
            return item.model_copy(update={"source": where})
        item.source = where  # a PendingPage (a record with HTML instead of text)
        return item

    def items():
        for item in read_jsonl(_ByteRange(path, start, end, options.max_bytes), options,
                               stats, path):
            yield renumber(item)

    for item in _safe(items(), path):
        if isinstance(item, PendingPage):
            item = SkippedInput(item.source) if options.skips(item.source) else resolve_page(item)
        if isinstance(item, Rejection):
            stats.rejected += 1
            item = Rejection(source=item.source, reason=one_line(item.reason))
        elif isinstance(item, RawInput):
            stats.read[item.kind] += 1
        yield item


class _ByteRange:
    """Stands in for a ``Path`` for :func:`read_jsonl`: ``open()`` gives the lines that start
    in ``[start, end)`` of the file (the last one read to its end, within ``max_bytes``)."""

    def __init__(self, path: str, start: int, end: int, max_bytes: int):
        self.path, self.start, self.end, self.max_bytes = path, start, end, max_bytes

    def __str__(self) -> str:
        return self.path

    def open(self, mode: str = "rb") -> io.BytesIO:
        with open(self.path, "rb") as fh:
            pos = self.start
            if pos > 0:  # the line that began before us belongs to the range before
                fh.seek(pos - 1)
                pos += len(fh.readline()) - 1
            if pos >= self.end:
                return io.BytesIO(b"")
            fh.seek(pos)
            data = fh.read(self.end - pos)
            if data and not data.endswith(b"\n"):
                data += fh.readline(self.max_bytes + 1)  # finish the line we end inside
        return io.BytesIO(data)
