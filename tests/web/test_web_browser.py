"""The web app in Debian's Chromium: the seeds' contradiction, clicked, shows its evidence in
both columns; hostile articles run no script on any page."""

import pytest
from web_helpers import CHROMIUM, CHROMIUM_ARGS, LiveServer, poison_comparison

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian chromium at /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _watch(page):
    """Record what a page does that it should not: dialogs, console errors, outside requests."""
    seen = {"dialogs": [], "errors": [], "external": [], "csp": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["csp"].append(m.text)
            if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: seen["external"].append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    return seen


def test_click_the_court_contradiction_highlights_both_columns(browser, seeds_app, story_id):
    with LiveServer(seeds_app) as server:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        seen = _watch(page)
        page.goto(f"{server.url}/stories/{story_id}", timeout=180_000)
        finding = page.locator("button.finding.k-contradiction",
                               has_text="International Criminal Court").first
        assert finding.is_visible()
        assert "International Court of Justice" in finding.inner_text()
        # Contradictions come first in the list.
        assert page.locator("button.finding").first.get_attribute("data-finding") == \
            finding.get_attribute("data-finding")
        finding.click()
        columns = page.locator("article.column")
        assert columns.count() == 2
        active = [columns.nth(i).locator("mark.active") for i in range(2)]
        assert "International Criminal" in " ".join(active[0].all_inner_texts())
        assert "International Court of Justice" in " ".join(active[1].all_inner_texts())
        for i in range(2):
            # Scrolled into view inside its own column, and the column is on screen.
            mark = active[i].first
            box = columns.nth(i).locator(".text").bounding_box()
            mb = mark.bounding_box()
            assert box and mb and box["y"] <= mb["y"] and mb["y"] + mb["height"] <= box["y"] + box["height"]
            assert mb["y"] < 900
        assert "aria-pressed" in finding.evaluate("e => e.outerHTML")
        assert finding.get_attribute("aria-pressed") == "true"
        assert "2 of 2" in page.locator("#selection-status").inner_text()
        # Clicking a highlighted passage selects its finding in the list.
        page.locator("article.column").nth(0).locator("mark.m-shared").first.click()
        assert page.locator("button.finding.selected").count() == 1
        assert seen["dialogs"] == [] and seen["errors"] == [] and seen["external"] == []
        assert seen["csp"] == []
        page.close()


def test_hostile_articles_run_nothing_on_any_page(browser, evil_db):
    from fastapi.testclient import TestClient

    from counterpoint.web import create_app

    path, ids = evil_db
    app = create_app(str(path), token="another-token-456")
    story = TestClient(app).get("/api/v1/stories").json()["items"][0]["id"]
    poison_comparison(app, story)
    urls = ["/", f"/stories/{story}", f"/stories/{story}/explain", "/articles",
            "/articles?q=bridge", "/add", *[f"/articles/{i}" for i in ids]]
    with LiveServer(app) as server:
        page = browser.new_page()
        seen = _watch(page)
        for url in urls:
            page.goto(server.url + url, timeout=180_000)
            page.wait_for_timeout(150)
            assert page.evaluate("typeof window.__xss") == "undefined", url
            assert page.locator("body").inner_text().count("window.__xss") >= (0 if url in ("/", "/add") else 1), url
        # The story page with a finding clicked is still inert.
        page.goto(f"{server.url}/stories/{story}")
        if page.locator("button.finding").count():
            page.locator("button.finding").first.click()
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert seen["dialogs"] == [] and seen["errors"] == [] and seen["external"] == []
        # An escaping slip that the CSP then blocked would still show here.
        assert seen["csp"] == []
        page.close()


def test_add_page_ingests_pasted_text_with_progress(browser, tmp_path):
    from playwright.sync_api import expect
    from web_helpers import evil_text

    from counterpoint.web import create_app

    app = create_app(str(tmp_path / "add.db"), token="browser-token-789")
    with LiveServer(app) as server:
        page = browser.new_page()
        seen = _watch(page)
        page.goto(f"{server.url}/add")
        page.fill("#token", "wrong-token-000")
        page.dispatch_event("#token", "change")
        page.fill("#form-text [name=text]", evil_text(3))
        page.click("#form-text button[type=submit]")
        # (wait_for_function would need eval, which the CSP rightly forbids: use expect.)
        expect(page.locator("#status")).to_contain_text("refused", timeout=30_000)
        assert "token" in page.inner_text("#status")
        page.fill("#token", "browser-token-789")
        page.dispatch_event("#token", "change")
        page.fill("#form-text [name=title]", "Tamar bridge shut <b>for weeks</b>")
        page.click("#form-text button[type=submit]")
        expect(page.locator("#status")).to_contain_text("done:", timeout=240_000)
        assert "1 added" in page.inner_text("#status")
        links = page.locator("#results a")
        assert links.count() == 2  # the article and its story
        links.first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Tamar bridge shut <b>for weeks</b>"
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert seen["dialogs"] == [] and seen["errors"] == [] and seen["external"] == []
        page.close()
    app.state.jobs.close()
