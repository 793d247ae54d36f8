"""CSV/TSV corpora (gzipped or not), streamed row by row with a header row naming the fields.

Sources are ``corpus.csv:ROW``, ROW counting data rows from 1 (the header is not a row).
The delimiter is ``\\t`` for ``.tsv``, otherwise sniffed among ``, ; \\t |``. One field larger
than ``ReadOptions.max_bytes`` or a malformed row is one rejection; reading goes on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from counterpoint.errors import InputError, UnreadableInput
from counterpoint.ingest.readers.base import ReadOptions, ReadStats
from counterpoint.ingest.readers.records import STREAM_ERRORS, open_maybe_gzip, record_to_raw
from counterpoint.models import RawInput, Rejection

_MAX_CONSECUTIVE_ERRORS = 100  # past this, the file is not CSV and we say so once


def read_csv(path: Path, options: ReadOptions, stats: ReadStats, source: str | None = None) -> Iterator[RawInput | Rejection]:
    source = source or str(path)
    csv.field_size_limit(max(options.max_bytes, 1024))
    try:
        delimiter = _delimiter(path)
    except STREAM_ERRORS as exc:
        raise UnreadableInput(source, f"truncated or corrupt compressed data: {exc}") from None
    with open_maybe_gzip(path) as raw:
        # surrogateescape: one row of bad bytes is rejected alone instead of ending the file.
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise UnreadableInput(source, "empty CSV file (no header row)") from None
        except csv.Error as exc:
            raise UnreadableInput(source, f"malformed CSV header: {exc}") from None
        except STREAM_ERRORS as exc:
            raise UnreadableInput(source, f"truncated or corrupt compressed data: {exc}") from None
        header = [h.strip() for h in header]
        if options.text_field not in header and options.html_field not in header:
            raise UnreadableInput(
                source,
                f"no column '{options.text_field}' in the header ({', '.join(header[:12])}); set the text field mapping",
            )
        row_number, errors = 0, 0
        while True:
            row_number += 1
            where = f"{source}:{row_number}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                errors += 1
                yield Rejection(source=where, reason=f"malformed CSV row: {exc}")
                if errors >= _MAX_CONSECUTIVE_ERRORS:
                    yield Rejection(source=source, reason=f"stopped after {errors} malformed rows in a row")
                    return
                continue
            except STREAM_ERRORS as exc:
                yield Rejection(source=where, reason=f"truncated or corrupt compressed data: {exc}")
                return
            errors = 0
            if not any(cell.strip() for cell in row):
                stats.skip("csv: blank row")
                continue
            if len(row) != len(header):
                yield Rejection(source=where, reason=f"{len(row)} fields where the header has {len(header)}")
                continue
            if any(_has_bad_bytes(cell) for cell in row):
                yield Rejection(source=where, reason="invalid UTF-8 in the row")
                continue
            try:
                yield record_to_raw(dict(zip(header, row)), where, "csv", options)
            except InputError as exc:
                yield Rejection(source=exc.source, reason=exc.reason)


def _delimiter(path: Path) -> str:
    if ".tsv" in [s.lower() for s in path.suffixes]:
        return "\t"
    with open_maybe_gzip(path) as fh:
        sample = fh.read(64 * 1024).decode("utf-8", "replace")
    first = sample.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _has_bad_bytes(cell: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in cell)
