"""Renderers on a hand-built comparison (no models): golden reports, escaping, the schema."""

import json
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from counterpoint.models import ArticleRef, Evidence, Finding, StoryComparison
from counterpoint.render.html import to_html
from counterpoint.render.markdown import to_markdown
from counterpoint.render.schema import checked_in_schema, comparison_schema, to_json, validate
from counterpoint.render.terminal import render_terminal

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("COUNTERPOINT_UPDATE_GOLDEN") == "1"

EVIL = 'Officials said "<script>alert(1)</script>" and <img src=x onerror=alert(2)> [bold]x[/bold].'
CALM = "Officials said nine people were killed in the raid on Thursday."


def _ev(article, start, end, outlet):
    return Evidence(article_id=article.id, start=start, end=end, text=article.text[start:end],
                    outlet=outlet)


@pytest.fixture
def comparison():
    a = ArticleRef(id="a" * 20, outlet="Evil <Times>", headline="<b>Head</b>", published="2023-01-26",
                   language="en", source="evil.html", text=EVIL)
    b = ArticleRef(id="b" * 20, outlet=None, headline=None, published=None, language="en",
                   source="calm.txt", text=CALM)
    s = EVIL.index("<script>")
    return StoryComparison(
        articles=[a, b],
        findings=[
            Finding(kind="shared", summary="Officials said something", confidence=0.8,
                    evidence=[_ev(a, 0, len(EVIL), "Evil <Times>"), _ev(b, 0, len(CALM), "unknown")],
                    outlets=["Evil <Times>", "unknown"], centrality=0.9),
            Finding(kind="contradiction", subtype="number", summary="<script> vs nine",
                    explanation="Different figures.", confidence=0.7,
                    evidence=[_ev(a, s, s + 25, "Evil <Times>"), _ev(b, 15, 19, "unknown")],
                    outlets=["Evil <Times>", "unknown"]),
            Finding(kind="omission", subtype="only-in", summary="Only in unknown: the raid",
                    confidence=0.6, evidence=[_ev(b, 46, 54, "unknown")], outlets=["unknown"],
                    missing_from=["Evil <Times>"], centrality=0.4),
        ],
    )


def test_html_escapes_every_article_string(comparison):
    page = to_html(comparison)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "Evil &lt;Times&gt;" in page and "&lt;b&gt;Head&lt;/b&gt;" in page
    assert "default-src 'none'" in page
    assert "http://" not in page and "https://" not in page  # nothing to fetch


def test_html_highlights_in_place_and_matrix(comparison):
    page = to_html(comparison)
    assert '<mark class="m-contradiction"' in page
    assert '<td class="conflicting">conflicting</td>' in page
    assert '<td class="absent">absent</td>' in page
    assert 'id="a1-15-19"' in page and 'href="#a1-15-19"' in page


def test_markdown_escapes_markup(comparison):
    md = to_markdown(comparison)
    assert "<script>" not in md and "\\<script\\>" in md


def test_terminal_prints_text_not_markup(comparison):
    buf = StringIO()
    render_terminal(comparison, Console(file=buf, width=120, color_system=None))
    out = buf.getvalue()
    assert "[bold]x[/bold]" in out
    assert "Contradictions (1)" in out


@pytest.mark.parametrize("name,render", [("report.md", to_markdown), ("report.html", to_html)])
def test_golden_reports(comparison, name, render):
    path = GOLDEN / name
    text = render(comparison)
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; rerun with COUNTERPOINT_UPDATE_GOLDEN=1 if intended and review the diff")


def test_checked_in_schema_is_current():
    assert checked_in_schema() == json.loads(json.dumps(comparison_schema())), (
        "regenerate with: python -m counterpoint.render.schema --write")


def test_output_validates_and_bad_output_does_not(comparison):
    import jsonschema

    data = json.loads(to_json(comparison))
    validate(data)
    data["findings"][0]["confidence"] = "high"
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    del data["articles"]
    with pytest.raises(jsonschema.ValidationError):
        validate(json.loads(to_json(comparison)) | {"findings": [{"kind": "gossip"}]})


def test_framing_lexicon_ships_and_users_can_add_terms(tmp_path, monkeypatch):
    from counterpoint.compare.framing import LEXICON_ENV, load_lexicon

    shipped = load_lexicon()
    assert {"terrorist", "gunman", "massacre"} <= {t.term for t in shipped}
    user = tmp_path / "mine.json"
    user.write_text(json.dumps({"groups": [{"id": "armed-actors", "referent": "armed people",
                                            "terms": [{"term": "freedom fighter",
                                                       "pattern": "freedom fighters?"}]}]}))
    monkeypatch.setenv(LEXICON_ENV, str(user))
    mine = load_lexicon()
    added = [t for t in mine if t.term == "freedom fighter"]
    assert len(added) == 1 and added[0].loaded and added[0].regex.search("two Freedom Fighters")
    assert len(mine) == len(shipped) + 1


def test_html_never_lets_article_markup_through():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("<>&\"'/= abcdefghijklmnopqrstuvwxyz\n“”") + ["script", "img", "on"])

    @settings(max_examples=60, deadline=None)
    @given(st.lists(alphabet, min_size=1, max_size=60).map("".join), st.data())
    def check(text, data):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        a = ArticleRef(id="c" * 20, outlet=text[:10], headline=text, published=None,
                       language=None, source=text, text=text)
        f = Finding(kind="framing", summary=text, confidence=0.5, outlets=[text[:10]],
                    evidence=[Evidence(article_id=a.id, start=start, end=end,
                                       text=text[start:end], outlet=text[:10])])
        page = to_html(StoryComparison(articles=[a], findings=[f]))
        body = page.split("</style></head>", 1)[1]
        assert "<script" not in body and "<img" not in body
        tags = set(re.findall(r"<\s*/?\s*([A-Za-z0-9]*)", body))
        assert tags <= {"body", "header", "h1", "h2", "h3", "p", "span", "a", "ul", "li", "div",
                        "mark", "section", "table", "tr", "th", "td", "html", ""}

    check()


def test_timeline_times_are_shown_for_people():
    from counterpoint.render.sections import display_time

    assert display_time(None) == "undated"
    assert display_time("2023-01-26") == "2023-01-26"
    assert display_time("--01-26") == "26 Jan (year not given)"
    assert display_time("--13-40") == "--13-40"  # not a month: shown as stored


def test_an_article_without_outlet_is_named_by_its_source():
    from counterpoint.compare.context import label_articles
    from counterpoint.models import Article

    def art(source, outlet=None):
        return Article(id="x" * 16, text="a", raw_text="a", source=source, kind="text", outlet=outlet)

    labels = label_articles([art("examples/seeds/004_0b82b473876b18de.txt"),
                              art("https://www.example.com/news/1"), art(""), art("feed", "AP"), art("")])
    assert labels == ["unnamed outlet (004_0b82b473876b18de)", "unnamed outlet (example.com)",
                      "unnamed outlet #1", "AP", "unnamed outlet #2"]
