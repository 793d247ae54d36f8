"""JSONL corpora (``.jsonl``, ``.ndjson``, gzipped or not), streamed one line at a time.

A ``.json`` file holding one object or an array of objects is read too (whole, so it is bounded
by ``max_bytes``); its records are named ``file.json:INDEX`` (1-based).

Each line is one JSON object; ``ReadOptions.*_field`` say which keys hold the text, title,
date, url, outlet, id and author. A malformed line is one rejection (``corpus.jsonl:LINE``)
and reading goes on; blank lines are skipped and counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from counterpoint.errors import InputError, UnreadableInput
from counterpoint.ingest.readers.base import ReadOptions, ReadStats, read_bounded, too_large_reason
from counterpoint.ingest.readers.records import bounded_lines, open_maybe_gzip, record_to_raw
from counterpoint.models import RawInput, Rejection


def read_jsonl(path: Path, options: ReadOptions, stats: ReadStats, source: str | None = None) -> Iterator[RawInput | Rejection]:
    source = source or str(path)
    with open_maybe_gzip(path) as stream:
        for number, line in bounded_lines(stream, options.max_bytes, source):
            where = f"{source}:{number}"
            if line is None:
                yield Rejection(source=where, reason=too_large_reason(options.max_bytes))
                continue
            if not line.strip():
                stats.skip("jsonl: blank line")
                continue
            try:
                record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                yield Rejection(source=where, reason=f"invalid UTF-8 at byte {exc.start} of the line")
                continue
            except json.JSONDecodeError as exc:
                yield Rejection(source=where, reason=f"malformed JSON: {exc.msg} (column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield Rejection(source=where, reason=f"a JSON {type(record).__name__}, not an object")
                continue
            try:
                yield record_to_raw(record, where, "jsonl", options)
            except InputError as exc:
                yield Rejection(source=exc.source, reason=exc.reason)


def read_json_document(path: Path, options: ReadOptions, stats: ReadStats, source: str | None = None) -> Iterator[RawInput | Rejection]:
    """A ``.json`` file: one article object, or an array of them."""
    source = source or str(path)
    data = read_bounded(path, options.max_bytes, source)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UnreadableInput(source, f"invalid UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise UnreadableInput(source, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    records = doc if isinstance(doc, list) else [doc]
    single = not isinstance(doc, list)
    for number, record in enumerate(records, start=1):
        where = source if single else f"{source}:{number}"
        if not isinstance(record, dict):
            yield Rejection(source=where, reason=f"a JSON {type(record).__name__}, not an object")
            continue
        try:
            yield record_to_raw(record, where, "jsonl", options)
        except InputError as exc:
            yield Rejection(source=exc.source, reason=exc.reason)
