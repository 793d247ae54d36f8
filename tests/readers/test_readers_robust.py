"""Whatever bytes a file holds, iter_inputs yields RawInputs and Rejections and never raises."""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterpoint.ingest.readers import ReadOptions, ReadStats, iter_inputs
from counterpoint.models import RawInput, Rejection

SUFFIXES = [".txt", ".html", ".xml", ".rss", ".jsonl", ".json", ".csv", ".warc", ".warc.gz", ".jsonl.gz", ".dat", ""]

_prefixes = st.sampled_from([b"", b"<html><body><p>", b"WARC/1.0\r\n", b'{"text": "', b"title,text\n", b"<?xml version='1.0'?><rss>", b"\xef\xbb\xbf", b"\x1f\x8b"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=_prefixes, body=st.binary(max_size=600), suffix=st.sampled_from(SUFFIXES), compress=st.booleans())
def test_any_bytes_under_any_name_never_raise(tmp_path, prefix, body, suffix, compress):
    data = prefix + body
    if compress and suffix.endswith(".gz"):
        data = gzip.compress(data)
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    stats = ReadStats()
    items = list(iter_inputs([str(path)], ReadOptions(max_bytes=4096, fetch_feed_links=False), stats))
    for item in items:
        assert isinstance(item, (RawInput, Rejection))
        if isinstance(item, Rejection):
            assert item.reason and "\n" not in item.reason
            assert item.source.startswith(str(path))
            assert not item.reason.startswith("internal error"), item.reason
        else:
            assert item.text and item.text.strip()
    assert stats.rejected + stats.total_read == len(items)


_ctypes = st.sampled_from(["text/html", "text/html; charset=utf-8", "application/rss+xml", "text/plain", "application/xml", "", "image/png", "text/html; charset=bogus-7"])


@settings(max_examples=40, deadline=None)
@given(prefix=_prefixes, body=st.binary(max_size=600), ctype=_ctypes, status=st.sampled_from([200, 200, 200, 301, 404, 503]))
def test_any_response_never_raises(prefix, body, ctype, status):
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": ctype} if ctype else {}
        if status == 301:
            headers["location"] = "/elsewhere" if request.url.path != "/elsewhere" else "/start"
        return httpx.Response(status, content=prefix + body, headers=headers)

    options = ReadOptions(max_bytes=4096, transport=httpx.MockTransport(handler), max_redirects=2)
    items = list(iter_inputs(["http://site.test/start"], options))
    assert items
    for item in items:
        assert isinstance(item, (RawInput, Rejection))
        if isinstance(item, Rejection):
            assert item.reason and "\n" not in item.reason
            assert not item.reason.startswith("internal error"), item.reason
