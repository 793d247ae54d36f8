"""Cleaning the two seed articles: the defining example."""

import re
from pathlib import Path

import pytest

from counterpoint.ingest.clean import apply_removals, clean_text
from counterpoint.ingest.prepare import prepare_article
from counterpoint.models import RawInput

# not imported from conftest: another tests/ folder has a conftest module of its own
SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
SEED_000 = SEEDS / "000_95383a19cb279dd7.txt"
SEED_004 = SEEDS / "004_0b82b473876b18de.txt"

HEADLINE_000 = "Palestinian leadership ‘rebuffs' pressure to resume security coordination"
STANDFIRST_000 = "Palestinian governing bodies have decided to halt security coordination with Israel."


def _sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        out += [s for s in re.split(r"(?<=[.!?”])\s+(?=[A-Z“\"])", line) if s.strip()]
    return out


@pytest.fixture(scope="module")
def seeds(request):
    raw0 = SEED_000.read_text(encoding="utf-8")
    raw4 = SEED_004.read_text(encoding="utf-8")
    return raw0, clean_text(raw0), raw4, clean_text(raw4)


def test_seed_000_headline_and_standfirst(seeds):
    _, c, _, _ = seeds
    assert c.headline == HEADLINE_000
    assert c.standfirst == STANDFIRST_000
    assert not c.text.startswith("Palestinian leadership ‘rebuffs'")
    assert c.text.startswith("The Palestinian leadership has rejected pressure")


def test_seed_004_gets_no_invented_headline(seeds):
    _, _, raw4, c = seeds
    assert c.headline is None and c.standfirst is None
    assert c.removals == []
    assert c.text == raw4.strip()


def test_seed_000_debris_removed_with_reasons(seeds):
    raw0, c, _, _ = seeds
    reasons = {r.reason: r for r in c.removals}
    assert reasons["furniture"].text == "Jerusalem Post Store"
    code = reasons["code"]
    assert code.text.startswith("`; document.getElementById(\"linkPremium\")")
    assert code.text.endswith("(function (v, i) { });")
    assert code.end == len(raw0)
    assert "getElementById" not in c.text and "Jerusalem Post Store" not in c.text
    assert c.text.endswith("he stressed.")
    assert [r.reason for r in c.removals] == ["headline", "standfirst", "furniture", "code"]


def test_seed_000_outlet_from_signature(seeds):
    _, c, _, c4 = seeds
    assert [h.outlet.name for h in c.signatures] == ["The Jerusalem Post"]
    assert c4.signatures == []


@pytest.mark.parametrize("which", [0, 1])
def test_no_sentence_of_either_seed_body_is_removed(seeds, which):
    raw0, c0, raw4, c4 = seeds
    raw, c = ((raw0, c0), (raw4, c4))[which]
    # the body: every raw line but the headline/standfirst (moved to fields) and the debris
    body_lines = raw.splitlines()
    if which == 0:
        assert body_lines[0] == HEADLINE_000 and body_lines[1] == STANDFIRST_000
        body_lines = body_lines[2:-2]
        assert body_lines[-1].endswith("he stressed.")
    sentences = _sentences("\n".join(body_lines))
    assert len(sentences) > 15
    for sentence in sentences:
        assert sentence in c.text, sentence
    # the crosshead of seed 000 is article text too
    if which == 0:
        assert "\nDiscussing security coordination\n" in c.text


@pytest.mark.parametrize("which", [0, 1])
def test_offsets_exact_and_text_recoverable(seeds, which):
    raw0, c0, raw4, c4 = seeds
    raw, c = ((raw0, c0), (raw4, c4))[which]
    for r in c.removals:
        assert raw[r.start : r.end] == r.text
    assert apply_removals(raw, c.removals) == c.text
    # paragraph breaks kept: each surviving raw line is one line of the clean text
    removed = {r.text for r in c.removals}
    assert c.text.split("\n") == [ln for ln in raw.splitlines() if ln.strip() and ln not in removed]
    # every clean offset maps back to the same character in the raw text
    for i in range(0, len(c.text), 97):
        if not c.text[i].isspace():
            assert raw[c.raw_offset(i)] == c.text[i]


def test_prepare_seeds(seed_paths):
    a0, a4 = (
        prepare_article(RawInput(source=str(p), kind="text", text=p.read_text(encoding="utf-8")))
        for p in seed_paths
    )
    assert a0.outlet == "The Jerusalem Post"
    assert a0.outlet_evidence == "signature: 'Jerusalem Post Store'"
    assert a0.headline == HEADLINE_000 and a0.standfirst == STANDFIRST_000
    assert a0.language == "en" and a4.language == "en"
    assert a4.outlet is None and a4.outlet_evidence is None
    assert a4.headline is None and a4.standfirst is None
    assert a0.published is None and a4.published is None  # no date in either seed
    assert 550 < a0.word_count < 620 and 320 < a4.word_count < 380
    assert a0.id != a4.id and len(a0.id) == 20
    assert a0.raw_text.endswith("(function (v, i) { });")
