"""HTML pages: extract_html on real-looking pages, the combination rules, furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.errors import NoArticleFound, UnreadableInput
from counterpoint.ingest.readers import ReadOptions, ReadStats, extract_html, iter_inputs, kept_text
from counterpoint.ingest.readers.furniture import is_furniture, strip_furniture
from counterpoint.ingest.readers.html import fill_gaps, fragment_to_text
from counterpoint.models import RawInput, Rejection

SAMPLES = Path(__file__).parent / "samples"
NEWS = SAMPLES / "news_article.html"


@pytest.fixture(scope="module")
def news_page():
    return extract_html(NEWS.read_text(encoding="utf-8"), "https://www.riverside-gazette.example/x")


def test_body_keeps_every_paragraph_in_order(news_page):
    lines = news_page.text.split("\n")
    assert lines[0].startswith("Councillors have approved a £12 million flood defence scheme")
    assert lines[-1] == "The council said a separate study of upstream defences would report next spring."
    assert "Residents cautious" in lines  # a subheading inside the article stays
    assert any(line.startswith("“We have heard promises before,” said Tom Ellery") for line in lines)
    assert len(lines) == 9  # the "Read more:" link line inside the body is gone


@pytest.mark.parametrize(
    "debris",
    [
        "Related stories",  # aside
        "wendwatcher",  # comments
        "Typical council waste",
        "Sign up to our free newsletter",
        "Accept all cookies",
        "All rights reserved",
        "Read more:",
        "Advertisement",
        "Forgotten",
        "Sport",  # navigation
    ],
)
def test_furniture_and_comments_are_left_out(news_page, debris):
    assert debris not in news_page.text


def test_headline_is_metadata_not_body(news_page):
    assert news_page.title == "Council approves new flood defences for riverside homes"
    assert not news_page.text.startswith("Council approves")


def test_metadata_from_page_declarations(news_page):
    assert news_page.date == "2023-03-14"
    assert news_page.author == "Priya Raman"
    assert news_page.sitename == "The Riverside Gazette"
    assert news_page.language == "en"
    assert news_page.url == "https://www.riverside-gazette.example/news/2023/03/14/council-approves-flood-defences"
    assert news_page.description.startswith("The £12m scheme")


def test_reader_puts_text_metadata_and_html_in_the_raw_input():
    (item,) = list(iter_inputs([str(NEWS)], ReadOptions()))
    assert isinstance(item, RawInput) and item.kind == "html"
    assert kept_text(item).startswith("Councillors have approved")  # the repeated headline is a cut
    (headline,) = [c for c in item.cuts if c.reason == "headline"]
    assert item.text.startswith(headline.text) and headline.text == item.metadata["title"]
    assert item.html.startswith("<!DOCTYPE html>")
    assert set(item.metadata) >= {"title", "date", "author", "sitename", "url", "description", "language"}
    assert item.metadata["title"] == "Council approves new flood defences for riverside homes"


def test_latin1_page_decoded_by_its_meta_charset():
    (item,) = list(iter_inputs([str(SAMPLES / "latin1_article.html")], ReadOptions()))
    assert isinstance(item, RawInput)
    assert "Le trafic restera très perturbé jeudi" in item.text
    assert item.metadata["title"] == "Grève des transports : le trafic reste perturbé"


def test_page_without_article_is_rejected():
    stats = ReadStats()
    (item,) = list(iter_inputs([str(SAMPLES / "no_article.html")], ReadOptions(), stats))
    assert isinstance(item, Rejection)
    assert item.source.endswith("no_article.html")
    assert "no article" in item.reason
    with pytest.raises(NoArticleFound):
        extract_html((SAMPLES / "no_article.html").read_text(encoding="utf-8"))
    with pytest.raises(UnreadableInput):
        extract_html("   ")


def test_json_ld_author_and_date_when_meta_tags_are_missing():
    body = "".join(f"<p>Paragraph {i} of a story about the harbour strike and the talks that followed it.</p>" for i in range(6))
    html = (
        '<html><head><title>Harbour strike ends - Port News</title><script type="application/ld+json">'
        '{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Port News"},'
        '{"@type":"NewsArticle","headline":"Harbour strike ends after nine days","datePublished":"2021-06-02T08:00:00Z",'
        '"author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Person","name":"Li Wei"}],'
        '"publisher":{"@type":"Organization","name":"Port News"}}]}'
        f"</script></head><body><article>{body}</article></body></html>"
    )
    page = extract_html(html)
    assert page.title == "Harbour strike ends after nine days"
    assert page.date == "2021-06-02"
    assert page.author == "Ana Ruiz, Li Wei"
    assert page.sitename == "Port News"
    assert page.text.count("\n") == 5


def test_fill_gaps_inserts_only_inside_the_precise_extent():
    precise = ["First paragraph.", "Third paragraph.", "Last paragraph."]
    recall = ["Related: other story", "First paragraph.", "A pruned subheading", "Third paragraph.", "Last paragraph.", "12 comments"]
    assert fill_gaps(precise, recall) == ["First paragraph.", "A pruned subheading", "Third paragraph.", "Last paragraph."]
    shouting = ["First paragraph.", "CLICK HERE TO GET THE NEWS APP NOW", "Third paragraph.", "Last paragraph."]
    assert fill_gaps(precise, shouting) == precise
    assert fill_gaps(["Only one."], ["Only one.", "extra"]) == ["Only one."]


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Read more: Hundreds evacuated as River Wend bursts its banks",
        "Share this article",
        "12 comments",
        "Get the latest updates right in your inbox. Subscribe to our newsletters.",
        "China furious at Macron for Hong Kong protest jibe [INSIGHT]",
        "[button link=”http://x/submit/” type=”big”] Send us YOUR kit review[/button]",
        "© 2023 The Riverside Gazette. All rights reserved.",
        "Updated at 1:23 p.m.",
        "Published: 18 Nov 2019 | 14:02 GMT",
        "Posted on November 18, 2019 by Jane",
        "CLICK HERE TO GET THE FOX NEWS APP",
        "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
    ],
)
def test_furniture_lines(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "The newsletter, which has 40,000 subscribers, was sold to a rival publisher on Friday for an undisclosed sum.",
        "Read the full report, the minister said, before drawing any conclusions.",
        "Share prices fell 4% on Monday.",
        "Comments made by the mayor on Tuesday drew criticism from opposition parties across the council.",
        "Updated figures released on Thursday showed that unemployment rose for a third month in a row, to 5.2 per cent.",
        "The copyright case was dismissed.",
        "Published in 1998, the novel sold a million copies.",
        "Posted guards stood at the gate.",
        "Follow-up talks on the ceasefire are set for Tuesday, the ministry said on Twitter.",
        "Followers on Twitter reacted angrily.",
        "Follow-up talks on Twitter policy begin Monday.",
    ],
)
def test_article_sentences_are_not_furniture(line):
    assert not is_furniture(line)


def test_trailing_button_text_is_cut():
    assert strip_furniture(["Focus wins.Click To Tweet", "Advertisement", "Body."]) == ["Focus wins.", "Body."]


def test_fragment_to_text_keeps_blocks_as_lines():
    text = fragment_to_text("<p>One <b>bold</b> claim.</p><h2>Sub</h2><ul><li>a</li><li>b</li></ul><script>x()</script>tail")
    assert text.split("\n") == ["One bold claim.", "Sub", "a", "b", "tail"]


def test_double_escaped_meta_and_visible_byline():
    body = "".join(f"<p>Paragraph {i} of a story about the harbour strike and the talks that followed it.</p>" for i in range(6))
    html = (
        '<html><head><meta property="og:title" content="Investors don&amp;#39;t know what to make of it">'
        f'</head><body><article><p class="byline">By <a rel="author" href="/a/ana">Ana Ruiz</a></p>{body}</article></body></html>'
    )
    page = extract_html(html)
    assert page.title == "Investors don't know what to make of it"
    assert page.author == "Ana Ruiz"


def test_html_bytes_decoding_order():
    from counterpoint.ingest.readers.html import decode_html_bytes

    page = "<html><body><p>Café « crème » – naïve</p></body></html>"
    # A UTF-8 page served with the common wrong default charset is still read as UTF-8.
    assert decode_html_bytes(page.encode("utf-8"), "x", "iso-8859-1") == page
    # A real Windows-1252 page labelled ISO-8859-1: the en dash (0x96) is read as browsers do.
    assert decode_html_bytes(page.encode("cp1252"), "x", "iso-8859-1") == page
    # Declared UTF-8 with one broken byte: one replacement character, not a wrong code page.
    broken = page.encode("utf-8").replace("naïve".encode(), b"na\xefve")
    assert "Café « crème »" in decode_html_bytes(broken, "x", "utf-8")


def test_link_lists_at_the_edges_of_the_body_are_dropped():
    import lxml.html

    from counterpoint.ingest.readers.html import _drop_link_lists

    tree = lxml.html.fromstring(
        "<html><body><a href='/1'>Storm hits coast</a><a href='/2'>Ferry services cancelled</a>"
        "<a href='/3'>Schools to reopen Monday</a><a href='/4'>Inside the council vote</a></body></html>"
    )
    body = ["The council met on Monday.", "Inside the council vote", "It voted 31 to 9."]
    lines = ["More on this", "Storm hits coast", "Ferry services cancelled", *body, "Schools to reopen Monday", "Storm hits coast"]
    assert _drop_link_lists(lines, tree) == body  # a linked line inside the body stays
    one_link = ["Storm hits coast", *body]
    assert _drop_link_lists(one_link, tree) == one_link  # one link is not a list
    scores = ["GIRLS BASKETBALL", "Palm Bay d. Rockledge 70-44", "Rockledge 14 11 6 15 — 44", "Palm Bay (1-0): Tolivert 25 points."]
    assert _drop_link_lists(scores, tree) == scores  # unlinked headings are content


def test_near_equal_headline_line_dropped_but_not_a_lede():
    from counterpoint.ingest.readers.html import _drop_repeated_headline

    title = "Milan Design Week 2018 | Anastassiades' light installation for FLOS"
    lines = ["Milan Design Week 2018 | Michael Anastassiades’ light installation for FLOS", "During the week..."]
    assert _drop_repeated_headline(lines, title) == ["During the week..."]
    lede = ["Council approves new flood defences for riverside homes after years of delay.", "More."]
    assert _drop_repeated_headline(lede, "Council approves new flood defences for riverside homes") == lede


def test_extraction_in_worker_processes_keeps_order_and_results(tmp_path):
    import shutil

    for name in ("news_article.html", "latin1_article.html", "no_article.html", "corpus.jsonl", "french_cp1252.txt"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    for n in range(6):  # more pages than the in-flight window of one worker
        shutil.copy(SAMPLES / "news_article.html", tmp_path / f"page{n}.html")
    inline_stats, pooled_stats = ReadStats(), ReadStats()
    inline = list(iter_inputs([str(tmp_path)], ReadOptions(), inline_stats))
    pooled = list(iter_inputs([str(tmp_path)], ReadOptions(extract_workers=2), pooled_stats))
    assert [i.model_dump() for i in pooled] == [i.model_dump() for i in inline]
    assert pooled_stats.as_dict() == inline_stats.as_dict()
    assert inline_stats.read["html"] == 8 and inline_stats.rejected == 4
