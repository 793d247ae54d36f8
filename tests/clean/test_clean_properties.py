"""Property tests: whatever the text, removals are exact, ordered spans of the raw text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterpoint.ingest.clean import apply_removals, clean_text

LINES = [
    "Israeli forces entered the Jenin refugee camp on Thursday, the army said.",
    "Palestinian leadership rebuffs pressure",
    "Share this article",
    "Advertisement",
    "By Jane Doe",
    "JERUSALEM (Reuters) - The talks resumed on Monday.",
    "(Photo: Reuters)",
    "Published: January 27, 2023",
    "`; document.getElementById(\"x\").innerHTML = y; (function (v, i) { });",
    "Jerusalem Post Store",
    "“We will not give in,” he said.",
    "",
    "   ",
    "\t",
    "Read more: something else entirely",
    "A long repeated sentence that appears twice in the page as a pull quote.",
    '<tweet author="x">Praying for those impacted by the storm today</tweet>.',
    "<b>Big News Today In Jenin</b>",
    "Officials said <a href=\"/x\">the talks</a> had failed. var x = document.getElementById('a'); x.style.color = \"red\";",
    "Hannah Gardner",
    "USA TODAY",
]

line_text = st.one_of(
    st.sampled_from(LINES),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
)
newline = st.sampled_from(["\n", "\r\n", "\r", "\n\n", " \n "])


@st.composite
def scraped(draw):
    parts = draw(st.lists(st.tuples(line_text, newline), max_size=25))
    return "".join(a + b for a, b in parts)


def _check(raw: str) -> None:
    c = clean_text(raw)
    last_end = -1
    for r in c.removals:
        assert 0 <= r.start < r.end <= len(raw)
        assert raw[r.start : r.end] == r.text
        assert r.text == r.text.strip() or r.reason == "dateline"
        assert r.start >= last_end, "removals overlap or are out of order"
        last_end = r.end
    assert apply_removals(raw, c.removals) == c.text
    assert c.text == c.text.strip()
    assert "\n\n\n" not in c.text and "\r" not in c.text
    # the clean text is made of raw characters, in order: each maps back to its raw twin
    for i, ch in enumerate(c.text):
        if ch != "\n":
            assert raw[c.raw_offset(i)] == ch


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scraped())
def test_removals_consistent_on_scraped_like_text(raw):
    _check(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_removals_consistent_on_arbitrary_text(raw):
    _check(raw)
