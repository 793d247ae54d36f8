"""RSS and Atom feed files: full-text entries used directly, teasers fetched through their link."""

from __future__ import annotations

from pathlib import Path

import httpx

from counterpoint.ingest.readers import ReadOptions, ReadStats, iter_inputs, kept_text
from counterpoint.ingest.readers.sniff import detect_format
from counterpoint.models import RawInput, Rejection

SAMPLES = Path(__file__).parent / "samples"
ARTICLE = (SAMPLES / "news_article.html").read_bytes()


def _gazette(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/news/flood-defences":
        return httpx.Response(200, content=ARTICLE, headers={"content-type": "text/html; charset=utf-8"})
    return httpx.Response(404, content=b"not here")


def test_rss_with_full_content_needs_no_fetch():
    def no_network(request):  # any fetch would be a bug here
        raise AssertionError(f"fetched {request.url}")

    stats = ReadStats()
    items = list(iter_inputs([str(SAMPLES / "feed_full.rss")], ReadOptions(transport=httpx.MockTransport(no_network)), stats))
    assert [type(i) for i in items] == [RawInput, RawInput]
    first, second = items
    assert first.kind == "feed" and first.source.endswith("feed_full.rss#1")
    assert first.text.split("\n")[0].startswith("Councillors have approved a £12 million")
    assert "Residents cautious" in first.text.split("\n")
    assert first.metadata["title"] == "Council approves new flood defences for riverside homes"
    assert first.metadata["date"] == "2023-03-14"
    assert first.metadata["author"] == "Priya Raman"
    assert first.metadata["sitename"] == "The Riverside Gazette"
    assert first.metadata["url"] == "https://www.riverside-gazette.example/news/2023/03/14/council-approves-flood-defences"
    assert second.metadata["date"] == "2022-08-15" and "hosepipe ban" in second.text
    # the WordPress feed footer is cut, and the cut is recorded (RawInput.cuts), not lost
    (footer,) = second.cuts
    assert footer.reason == "furniture" and footer.text.startswith("The post Hosepipe ban")
    assert second.text[footer.start : footer.end] == footer.text
    assert second.text[: footer.start].rstrip().endswith("unless the autumn was exceptionally dry.")
    assert stats.read["feed"] == 2


def test_atom_teasers_fetch_their_links_and_report_a_broken_one():
    items = list(iter_inputs([str(SAMPLES / "feed_links.atom")], ReadOptions(transport=httpx.MockTransport(_gazette))))
    assert len(items) == 2
    article, broken = items
    assert isinstance(article, RawInput) and article.kind == "feed"
    assert article.source == "http://gazette.test/news/flood-defences"
    assert kept_text(article).startswith("Councillors have approved")  # the repeated headline is a cut
    assert article.metadata["date"] == "2023-03-14"  # the entry's <published>
    assert article.metadata["author"] == "Priya Raman"
    assert article.metadata["feed_entry"].endswith("feed_links.atom#1")
    assert isinstance(broken, Rejection)
    assert broken.source == "http://gazette.test/news/missing-page" and broken.reason == "HTTP 404 Not Found"


def test_teasers_are_rejected_when_fetching_is_off():
    items = list(iter_inputs([str(SAMPLES / "feed_links.atom")], ReadOptions(fetch_feed_links=False)))
    assert all(isinstance(i, Rejection) for i in items) and len(items) == 2
    assert "fetching links is off" in items[0].reason


def test_feed_detected_by_content_under_xml_extension(tmp_path):
    xml = tmp_path / "latest.xml"
    xml.write_bytes((SAMPLES / "feed_full.rss").read_bytes())
    assert detect_format(xml) == "feed"
    not_feed = tmp_path / "config.xml"
    not_feed.write_text('<?xml version="1.0"?><config><a>1</a></config>', encoding="utf-8")
    (rej,) = list(iter_inputs([str(not_feed)], ReadOptions()))
    assert isinstance(rej, Rejection) and "neither an RSS/Atom feed nor HTML" in rej.reason


def test_broken_feed_is_one_rejection(tmp_path):
    bad = tmp_path / "broken.rss"
    bad.write_text("<rss><channel><title>x</title><item><title>unclosed", encoding="utf-8")
    junk = tmp_path / "junk.rss"
    junk.write_text("this is not xml at all, just words", encoding="utf-8")
    items = list(iter_inputs([str(bad), str(junk)], ReadOptions(fetch_feed_links=False)))
    assert [type(i) for i in items] == [Rejection, Rejection]
    assert items[0].source.endswith("broken.rss#1")  # the one entry feedparser recovered has no body
    assert items[1].source == str(junk) and items[1].reason.startswith("not a valid RSS/Atom feed")
