"""The HTML report in a real browser (Debian chromium): an article's script never runs."""

from pathlib import Path

import pytest

from counterpoint.models import ArticleRef, Evidence, Finding, StoryComparison
from counterpoint.render.html import to_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
EVIL = ('Officials said "</div><script>document.title = "pwned"</script>" and '
        '<img src=x onerror="document.title = \'pwned\'"> the raid was over.')


@pytest.fixture
def report(tmp_path):
    a = ArticleRef(id="a" * 20, outlet="<script>document.title='pwned'</script>", headline=None,
                   published=None, language="en", source="evil.html", text=EVIL)
    s = EVIL.index("the raid")
    finding = Finding(kind="omission", subtype="only-in", summary="Only here: <b>the raid</b>",
                      confidence=0.5, outlets=[a.outlet],
                      evidence=[Evidence(article_id=a.id, start=s, end=s + 8, text=EVIL[s:s + 8])])
    path = tmp_path / "report.html"
    path.write_text(to_html(StoryComparison(articles=[a], findings=[finding]), title="safe"), "utf-8")
    return path


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium")
def test_report_runs_no_script_and_shows_the_text(report):
    sync_api = pytest.importorskip("playwright.sync_api")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            page = browser.new_page()
            requests = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri())
            page.wait_for_timeout(300)
            assert page.title() == "safe"
            text = page.inner_text("div.text")
            assert "<script>document.title" in text and "onerror=" in text
            assert page.locator("script").count() == 0 and page.locator("img").count() == 0
            assert page.locator("div.text mark.m-omission").inner_text() == "the raid"
            assert [u for u in requests if not u.startswith("file:")] == []
        finally:
            browser.close()
