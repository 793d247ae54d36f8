"""The HTML reader's cuts are recorded as removals: every cut is auditable in raw_text."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.ingest.clean import apply_removals, clean_text
from counterpoint.ingest.prepare import prepare_article
from counterpoint.ingest.readers import ReadOptions, iter_inputs, kept_text
from counterpoint.models import Removal

NEWS = Path(__file__).resolve().parents[1] / "readers" / "samples" / "news_article.html"

RAW = (
    "Flood defences approved\n"
    "Advertisement\n"
    "Councillors approved a flood defence scheme on Tuesday after a long debate.\n"
    "Share this article\n"
    "The works start in spring and should take two years, officials said.Click To Tweet\n"
    "Read more: Residents fear another wet winter"
)


def _cuts(raw: str, *pieces: tuple[str, str]) -> list[Removal]:
    out = []
    for text, reason in pieces:
        start = raw.index(text)
        out.append(Removal(start=start, end=start + len(text), reason=reason, text=text))
    return out


def test_reader_cuts_become_removals_and_clean_as_if_deleted():
    cuts = _cuts(RAW, ("Advertisement", "furniture"), ("Share this article", "furniture"),
                 ("Click To Tweet", "furniture"), ("Read more: Residents fear another wet winter", "links"))
    deleted = "\n".join(
        ln for ln in (
            "Flood defences approved",
            "Councillors approved a flood defence scheme on Tuesday after a long debate.",
            "The works start in spring and should take two years, officials said.",
        )
    )
    with_cuts = clean_text(RAW, title="Flood defences approved", cuts=cuts)
    assert with_cuts.text == clean_text(deleted, title="Flood defences approved").text
    for c in cuts:
        assert c in with_cuts.removals  # recorded, spans of the raw text
    assert apply_removals(RAW, with_cuts.removals) == with_cuts.text
    assert all(RAW[r.start : r.end] == r.text for r in with_cuts.removals)


def test_a_cut_that_does_not_match_the_text_is_refused():
    bad = [Removal(start=0, end=5, reason="furniture", text="Nope!")]
    with pytest.raises(ValueError, match="does not match"):
        clean_text(RAW, cuts=bad)


def test_html_article_raw_text_holds_every_cut():
    (raw,) = list(iter_inputs([str(NEWS)], ReadOptions()))
    assert raw.cuts, "the sample page has furniture the reader cuts"
    article = prepare_article(raw)
    assert article.raw_text == raw.text
    reader = {(c.start, c.end, c.reason) for c in raw.cuts}
    assert reader <= {(r.start, r.end, r.reason) for r in article.removals}
    assert apply_removals(article.raw_text, article.removals) == article.text
    # same article as cleaning the reader's output with its cuts deleted
    assert article.text == clean_text(kept_text(raw), title=raw.metadata.get("title")).text
