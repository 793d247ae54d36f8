"""WARC and WARC.gz crawls written with warcio: HTML responses in, the rest skipped and counted."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from counterpoint.ingest.readers import ReadOptions, ReadStats, iter_inputs, kept_text
from counterpoint.models import RawInput, Rejection

SAMPLES = Path(__file__).parent / "samples"
ARTICLE = (SAMPLES / "news_article.html").read_bytes()
FRENCH = (SAMPLES / "latin1_article.html").read_bytes()  # ISO-8859-1 bytes


def _response(writer, uri: str, body: bytes, ctype: str, status: str = "200 OK", date: str = "2023-03-15T06:00:00Z"):
    http = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    rec = writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date})
    writer.write_record(rec)


def _write_crawl(path: Path, gzip: bool) -> None:
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gzip)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test-crawler/1.0", "format": "WARC File Format 1.1"}))
        req = StatusAndHeaders("GET /news/flood HTTP/1.1", [("Host", "gazette.test")], is_http_request=True)
        w.write_record(w.create_warc_record("http://gazette.test/news/flood", "request", payload=BytesIO(b""), http_headers=req))
        _response(w, "http://gazette.test/news/flood", ARTICLE, "text/html; charset=utf-8")
        _response(w, "http://gazette.test/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        _response(w, "http://gazette.test/gone", b"<html><body>Not found</body></html>", "text/html", status="404 Not Found")
        _response(w, "http://journal.test/greve", FRENCH, "text/html; charset=iso-8859-1", date="2023-03-16T07:00:00Z")
        w.write_record(w.create_warc_record("http://gazette.test/news/flood", "metadata", payload=BytesIO(b"outlinks: 12"), warc_content_type="application/warc-fields"))
        _response(w, "http://gazette.test/login", (SAMPLES / "no_article.html").read_bytes(), "text/html")


@pytest.fixture(scope="module", params=[True, False], ids=["warc.gz", "warc"])
def crawl(request, tmp_path_factory) -> Path:
    gz = request.param
    path = tmp_path_factory.mktemp("crawl") / ("crawl.warc.gz" if gz else "crawl.warc")
    _write_crawl(path, gzip=gz)
    return path


def test_html_responses_become_articles_and_the_rest_is_counted(crawl):
    stats = ReadStats()
    items = list(iter_inputs([str(crawl)], ReadOptions(), stats))
    articles = [i for i in items if isinstance(i, RawInput)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [a.metadata["warc_target_uri"] for a in articles] == ["http://gazette.test/news/flood", "http://journal.test/greve"]
    flood, greve = articles
    assert flood.kind == "warc" and flood.source.startswith(f"{crawl}#") and flood.source != f"{crawl}#0"
    assert kept_text(flood).startswith("Councillors have approved")  # the repeated headline is a cut
    assert flood.metadata["warc_date"] == "2023-03-15T06:00:00Z"
    assert flood.metadata["date"] == "2023-03-14"  # the page's own date, not the crawl date
    assert "Le trafic restera très perturbé" in greve.text  # charset from the HTTP header
    assert greve.metadata["url"] == "http://journal.test/greve"
    assert len(rejections) == 1 and "no article" in rejections[0].reason  # the login page
    assert stats.skipped == {
        "warc: warcinfo record": 1,
        "warc: request record": 1,
        "warc: non-HTML response (image/png)": 1,
        "warc: HTTP 404 response": 1,
        "warc: metadata record": 1,
    }


def test_sources_are_offsets_a_reader_can_seek_to(crawl):
    from warcio.archiveiterator import ArchiveIterator

    item = next(i for i in iter_inputs([str(crawl)], ReadOptions()) if isinstance(i, RawInput))
    offset = int(item.source.rsplit("#", 1)[1])
    with crawl.open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header("WARC-Target-URI") == "http://gazette.test/news/flood"


def test_truncated_warc_keeps_records_before_the_break(tmp_path, crawl):
    from warcio.archiveiterator import ArchiveIterator

    data = crawl.read_bytes()
    # Cut in the middle of the French page's record (a gzip member of its own in .warc.gz).
    with crawl.open("rb") as fh:
        it = ArchiveIterator(fh)
        for record in it:
            uri = record.rec_headers.get_header("WARC-Target-URI")
            offset, length = it.get_record_offset(), it.get_record_length()
            if uri == "http://journal.test/greve":
                cut_at = offset + length // 2
                break
    broken = tmp_path / crawl.name
    broken.write_bytes(data[:cut_at])
    stats = ReadStats()
    items = list(iter_inputs([str(broken)], ReadOptions(), stats))
    articles = [i for i in items if isinstance(i, RawInput)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert articles and articles[0].metadata["warc_target_uri"] == "http://gazette.test/news/flood"
    breaks = [r for r in rejections if "truncated" in r.reason and "WARC" in r.reason]
    assert len(breaks) == 1 and breaks[0].source.startswith(f"{broken}#")


def test_garbage_named_warc_is_one_rejection(tmp_path):
    p = tmp_path / "fake.warc"
    p.write_bytes(b"this is not a warc file at all\n" * 10)
    items = list(iter_inputs([str(p)], ReadOptions()))
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert items[0].reason.startswith("not a WARC file")
