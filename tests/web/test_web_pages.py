"""The pages over the seeds: the story side by side, filters, the article, exports."""

import csv
import io
import re

import pytest

from counterpoint.render.schema import validate
from counterpoint.web.marks import segments
from counterpoint.web.pages import _cell

pytestmark = pytest.mark.slow


def test_stories_page_lists_the_seeds_story_with_badges(client, story_id):
    html = client.get("/").text
    assert f'href="/stories/{story_id}"' in html
    assert "2 articles" in html and "The Jerusalem Post" in html
    assert f'/stories/{story_id}"' in client.get("/", params={"q": "security coordination"}).text
    none = client.get("/", params={"q": "volcano"}).text
    assert f"/stories/{story_id}" not in none and "No story matches" in none
    assert f"/stories/{story_id}" in client.get("/", params={"entity": "Abu Rudaineh"}).text
    assert f"/stories/{story_id}" not in client.get("/", params={"outlet": "Reuters"}).text
    assert client.get("/", params={"since": "", "until": ""}).status_code == 200
    assert client.get("/", params={"since": "not a date"}).status_code == 400


def test_story_page_side_by_side_contradiction_first(client, story_id):
    html = client.get(f"/stories/{story_id}").text
    assert html.count('<article class="column"') == 2
    groups = re.findall(r'<h2 id="g-([a-z_]+)"', html)
    assert groups[0] == "contradiction" and "shared" in groups
    court = re.search(r'data-finding="(f\d+)"[^>]*>\s*<span class="sum"><span class="subtype">'
                      r'institution</span> The Jerusalem Post says International Criminal Court', html)
    assert court, "the ICC/ICJ contradiction is listed"
    fid = court.group(1)
    columns = html.split('<article class="column"')[1:]
    marked = [re.findall(rf'<mark class="m-contradiction" data-f="[^"]*\b{fid}\b[^"]*"[^>]*>([^<]+)</mark>', c)
              for c in columns]
    assert "International Criminal" in "".join(marked[0])
    assert "International Court of Justice" in "".join(marked[1])
    for section in ("coverage", "quotes", "framing", "timeline"):
        assert f'id="{section}"' in html, section
    assert '<script src="/static/story.js" defer></script>' in html


def test_story_text_is_kept_whole(client, story_id):
    """The marked-up columns hold exactly the articles' texts (nothing lost or added)."""
    import html as htmllib

    data = client.get(f"/api/v1/stories/{story_id}/comparison").json()
    page = client.get(f"/stories/{story_id}").text
    for a in data["articles"]:
        col = page.split(f'data-article="{a["id"]}"')[1].split('<div class="text" tabindex="0">')[1]
        col = col.split("</div>")[0]
        assert htmllib.unescape(re.sub(r"<[^>]+>", "", col)) == a["text"]


def test_exports(client, story_id):
    r = client.get(f"/stories/{story_id}/export.json")
    assert "attachment" in r.headers["content-disposition"]
    validate(r.json())
    md = client.get(f"/stories/{story_id}/export.md")
    assert md.headers["content-type"].startswith("text/markdown") and "International" in md.text
    rows = list(csv.DictReader(io.StringIO(client.get(f"/stories/{story_id}/export.csv").text)))
    assert rows and rows[0]["kind"] == "contradiction"
    assert {"finding", "outlet", "start", "end", "evidence"} <= set(rows[0])
    report = client.get(f"/stories/{story_id}/export.html")
    assert report.headers["content-type"].startswith("text/html") and "<script" not in report.text
    assert client.get(f"/stories/{story_id}/export.exe").status_code == 404
    assert client.get("/stories/nope/export.json").status_code == 404


def test_article_page_marks_entities_quotes_and_removals(client):
    items = client.get("/api/v1/articles").json()["items"]
    jpost = next(a for a in items if a["outlet"] == "The Jerusalem Post")
    html = client.get(f"/articles/{jpost['id']}").text
    assert '<mark class="m-entity"' in html and '<mark class="m-quote"' in html
    assert "What cleaning removed" in html
    full = client.get(f"/api/v1/articles/{jpost['id']}").json()
    assert full["removals"], "seed 000 ends in script debris that cleaning removes"
    assert html.count('<li><span class="badge">') >= len(full["removals"])
    assert "the story this article belongs to" in html


def test_error_pages_are_html_for_people(client):
    r = client.get("/stories/nope", headers={"accept": "text/html"})
    assert r.status_code == 404 and "<h1>404</h1>" in r.text
    assert client.get("/articles/abc", headers={"accept": "text/html"}).status_code == 404


def test_segments_cover_the_text_and_clip_spans():
    text = "Alpha beta gamma"
    segs = segments(text, [(6, 10, "shared", "f1", "x"), (0, 16, "contradiction", "f0", "y"),
                           (14, 99, "omission", "f2", ""), (5, 5, "shared", "f3", "")])
    assert "".join(s.text for s in segs) == text
    beta = next(s for s in segs if s.text == "beta")
    assert beta.kind == "contradiction" and set(beta.refs) == {"f0", "f1"}
    assert not any("f3" in s.refs for s in segs)


def test_csv_cells_do_not_run_as_formulas():
    assert _cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _cell("-2+3") == "'-2+3" and _cell("plain") == "plain" and _cell(None) == ""


def test_first_visit_shows_progress_then_the_comparison(seeds_db, story_id, monkeypatch):
    """A story not compared yet answers at once with a self-reloading page; the comparison runs
    in the background, once, and the next visit shows it."""
    import threading
    import time

    from fastapi.testclient import TestClient

    import counterpoint.compare.story as compare_story
    from counterpoint.models import StoryComparison
    from counterpoint.web import create_app, service

    calls, release = [], threading.Event()

    def slow_compare(articles, analyses=None, **kw):
        calls.append(kw.get("story_id"))
        release.wait(10)
        return StoryComparison(story_id=kw.get("story_id"), articles=[], notes=["compared"])

    monkeypatch.setattr(service, "_COMPARISONS", service._LRU(4))
    monkeypatch.setattr(compare_story, "compare_articles", slow_compare)
    c = TestClient(create_app(str(seeds_db)))
    first = c.get(f"/stories/{story_id}")
    assert first.status_code == 200 and '<meta http-equiv="refresh" content="2">' in first.text
    assert "Comparing 2 articles" in first.text
    assert "Comparing 2 articles" in c.get(f"/stories/{story_id}").text  # still running
    release.set()
    deadline = time.monotonic() + 10
    while "Comparing 2 articles" in (page := c.get(f"/stories/{story_id}").text):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert "compared" in page and 'http-equiv="refresh"' not in page
    assert calls == [story_id]  # computed once however often the page was asked for


def test_stories_page_draws_no_chart_without_dates(client, story_id):
    # the seeds carry no publication date: nothing can be placed on a time axis
    page = client.get("/").text
    assert story_id in page
    assert "stories-over-time" not in page
