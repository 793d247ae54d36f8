"""The golden seed test: what issue 4 says the two seed reports must show, asserted one by one.

Run with COUNTERPOINT_UPDATE_GOLDEN=1 to rewrite ``golden/seeds-digest.json`` after an intended
change (then read the diff before committing it).
"""

import json
import os
from pathlib import Path

import pytest

from counterpoint.models import StoryComparison

pytestmark = pytest.mark.slow

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("COUNTERPOINT_UPDATE_GOLDEN") == "1"
JP, UNKNOWN = "The Jerusalem Post", "unnamed outlet (004_0b82b473876b18de)"


@pytest.fixture(scope="module")
def seed_articles(seed_paths):
    from counterpoint.cli.compare import read_articles

    articles, rejected = read_articles([str(p) for p in seed_paths])
    assert not rejected
    return articles


@pytest.fixture(scope="module")
def comparison(seed_articles) -> StoryComparison:
    from counterpoint.compare import compare_articles

    return compare_articles(seed_articles)


@pytest.fixture(scope="module")
def seed_paths():
    root = Path(__file__).resolve().parents[2] / "examples" / "seeds"
    return [root / "000_95383a19cb279dd7.txt", root / "004_0b82b473876b18de.txt"]


def _texts(finding, outlet=None):
    return [e.text for e in finding.evidence if outlet is None or e.outlet == outlet]


def _any_in(finding, needle, outlet=None):
    return any(needle in t for t in _texts(finding, outlet))


def test_one_story_two_outlets(comparison):
    labels = {e.outlet for f in comparison.findings for e in f.evidence}
    assert labels == {JP, UNKNOWN}
    assert [a.outlet for a in comparison.articles] == [JP, None]
    assert not any("unrelated" in n for n in comparison.notes)
    assert not comparison.of_kind("note")


def test_every_finding_has_confidence_and_exact_evidence(comparison, seed_articles):
    texts = {a.id: a.text for a in seed_articles}
    assert comparison.findings
    for f in comparison.findings:
        assert 0.0 <= f.confidence <= 1.0
        assert f.evidence, f.summary
        for e in f.evidence:
            assert texts[e.article_id][e.start : e.end] == e.text


def test_shared_ending_coordination_after_jenin_raid(comparison):
    shared = comparison.of_kind("shared")
    lead = [f for f in shared
            if _any_in(f, "nine Palestinians", JP) and _any_in(f, "nine Palestinians", UNKNOWN)]
    assert lead, [f.summary for f in shared]
    assert _any_in(lead[0], "security coordination", JP)
    assert _any_in(lead[0], "Jenin", JP) and _any_in(lead[0], "Jenin", UNKNOWN)
    assert set(lead[0].outlets) == {JP, UNKNOWN} and not lead[0].missing_from


def test_shared_abu_rudaineh_statement_and_security_council(comparison):
    shared = comparison.of_kind("shared")
    assert any(_any_in(f, "Abu Rudaineh", JP) and _any_in(f, "Abu Rudaineh", UNKNOWN) for f in shared)
    assert any(_any_in(f, "Security Council", JP) and _any_in(f, "Security Council", UNKNOWN)
               for f in shared)


def test_one_quote_in_two_wordings_by_abu_rudaineh(comparison):
    matches = [f for f in comparison.of_kind("quote_match")
               if _any_in(f, "no longer exists as of now", JP)
               and _any_in(f, "no longer existent as of now", UNKNOWN)]
    assert len(matches) == 1
    m = matches[0]
    assert "Abu Rudaineh" in m.data["speaker"]
    assert all("Abu Rudaineh" in s for s in m.data["speakers"].values())


def test_institution_contradiction_icc_vs_icj(comparison):
    found = [f for f in comparison.of_kind("contradiction") if f.subtype == "institution"]
    assert len(found) == 1
    f = found[0]
    assert _any_in(f, "International Criminal Court", JP)
    assert _any_in(f, "International Court of Justice", UNKNOWN)
    assert "ICJ" in _texts(f, UNKNOWN)
    assert f.explanation and f.confidence >= 0.6


def test_nine_killed_vs_eight_terrorists_is_not_a_contradiction(comparison):
    for f in comparison.of_kind("contradiction"):
        assert f.subtype != "number", f.summary
        assert not any("eight" in t for t in _texts(f)), f.summary


def test_framing_gunmen_vs_terrorists(comparison):
    found = [f for f in comparison.of_kind("framing") if f.subtype == "term-choice"
             and f.data.get("group") == "armed-actors"]
    assert len(found) == 1
    terms = found[0].data["terms"]
    assert "gunmen" in terms[JP]
    assert {"terrorists", "terror group", "hotbed of terror"} <= set(terms[UNKNOWN])
    assert not any(t.startswith("terror") for t in terms[JP])


def test_framing_massacre_in_scare_quotes_vs_inside_a_longer_quote(comparison):
    found = [f for f in comparison.of_kind("framing")
             if f.subtype == "scare-quote" and f.data["phrase"].lower() == "massacre"]
    assert len(found) == 1
    f = found[0]
    assert f.outlets == [UNKNOWN]
    assert "Abu Rudaineh" in (f.data["speaker"] or "")
    assert f.data["others"][JP] == "carries it inside a longer quote"
    assert _any_in(f, "“massacre”", UNKNOWN)
    assert _any_in(f, "massacre", JP)


ONLY_IN_004 = ["Barbara Leaf", "Twenty more people were injured", "one civilian",
               "It is unclear whether the civilian died", "Chapter 7", "Deal of the Century"]
ONLY_IN_000 = ["Antony Blinken", "William Burns", "Egyptian and Jordanian intelligence",
               "Friday", "Wasel Abu Yusef", "al-Salhi", "Ra’fat"]


@pytest.mark.parametrize("needle", ONLY_IN_004)
def test_only_in_004(comparison, needle):
    hits = [f for f in comparison.of_kind("omission")
            if f.outlets == [UNKNOWN] and f.missing_from == [JP] and _any_in(f, needle, UNKNOWN)]
    assert hits, needle


@pytest.mark.parametrize("needle", ONLY_IN_000)
def test_only_in_000(comparison, needle):
    hits = [f for f in comparison.of_kind("omission")
            if f.outlets == [JP] and f.missing_from == [UNKNOWN] and _any_in(f, needle, JP)]
    assert hits, needle


@pytest.mark.parametrize("speaker", ["Wasel Abu Yusef", "Bassam al-Salhi", "Saleh Ra’fat"])
def test_statements_only_000_quotes(comparison, speaker):
    voices = [f for f in comparison.of_kind("omission") if f.subtype == "voice"]
    assert any(f.data["speaker"] == speaker and f.outlets == [JP] for f in voices)


def test_barbara_leaf_voice_only_in_004(comparison):
    voices = [f for f in comparison.of_kind("omission") if f.subtype == "voice"]
    assert any(f.data["speaker"] == "Barbara Leaf" and f.outlets == [UNKNOWN] for f in voices)


def test_omissions_ranked_by_centrality(comparison):
    only = [f for f in comparison.of_kind("omission") if f.subtype == "only-in"]
    cents = [f.centrality for f in only]
    assert all(c is not None for c in cents) and cents == sorted(cents, reverse=True)
    leaf = next(f for f in only if _any_in(f, "The Biden administration"))
    lead_only = next(f for f in only if _any_in(f, "rejected pressure to reverse"))
    assert lead_only.centrality > leaf.centrality


def test_stretch_weekday_inconsistency_in_004(comparison):
    found = [f for f in comparison.of_kind("inconsistency") if f.outlets == [UNKNOWN]]
    assert len(found) == 1
    texts = _texts(found[0])
    assert "Wednesday" in texts and "Thursday" in texts and "earlier in the day" in texts
    assert not [f for f in comparison.of_kind("inconsistency") if f.outlets == [JP]]


def test_sourcing_voices_and_unnamed(comparison):
    voices = {f.outlets[0]: f for f in comparison.of_kind("sourcing") if f.subtype == "voices"}
    jp = {v["speaker"]: v["affiliation"] for v in voices[JP].data["voices"]}
    assert jp["Nabil Abu Rudaineh"] == "PA"
    assert jp["Wasel Abu Yusef"] == "PLO"
    unk = {v["speaker"]: v["affiliation"] for v in voices[UNKNOWN].data["voices"]}
    assert unk["Barbara Leaf"] == "US"
    unnamed = [f for f in comparison.of_kind("sourcing") if f.subtype == "unnamed"]
    assert any(f.outlets == [UNKNOWN] and "commentators" in f.summary for f in unnamed)
    # "The officials stressed ..." after "Palestinian officials said": one unnamed voice
    jp_unnamed = [f for f in unnamed if f.outlets == [JP]]
    assert [f.summary for f in jp_unnamed] == [f"{JP} cites unnamed sources: Palestinian officials"]
    assert [v["quotes"] for v in voices[JP].data["voices"] if v["speaker"] == "Palestinian officials"] == [2]


def test_json_validates_against_checked_in_schema(comparison):
    from counterpoint.render.schema import to_json, validate

    data = json.loads(to_json(comparison))
    validate(data)
    assert data["schema_version"] == "1"
    assert StoryComparison.model_validate(data) == comparison


def test_seed_html_report_is_safe_and_complete(comparison, seed_articles):
    from counterpoint.render.html import to_html

    page = to_html(comparison)
    assert "<script" not in page.lower()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "Coverage: facts × outlets" in page
    assert page.count('class="article"') == 2
    assert 'class="m-contradiction"' in page and "conflicting" in page
    # The JS debris of seed 000 was cut by cleaning; if any remained it would be inert text.
    assert "document.getElementById" not in page


def test_seed_markdown_and_terminal(comparison):
    from io import StringIO

    from rich.console import Console

    from counterpoint.render.markdown import to_markdown
    from counterpoint.render.terminal import render_terminal

    md = to_markdown(comparison)
    for heading in ("## Shared facts", "## Contradictions", "## Quotes across outlets",
                    "## Only in some outlets", "## Framing", "## Coverage matrix"):
        assert heading in md
    buf = StringIO()
    render_terminal(comparison, Console(file=buf, width=140, color_system=None))
    out = buf.getvalue()
    assert "Contradictions (1)" in out and "International Court of Justice" in out


def _digest(comparison):
    """The stable core of the seed report: what a reader must see, without every omission."""
    keep = []
    for f in comparison.findings:
        if f.kind in {"shared", "contradiction", "quote_match", "inconsistency"} or (
            f.kind == "framing" and f.subtype in {"term-choice", "scare-quote"}
        ):
            keep.append({"kind": f.kind, "subtype": f.subtype, "summary": f.summary,
                         "outlets": f.outlets})
    return {"notes": comparison.notes, "findings": keep}


def test_golden_digest(comparison):
    path = GOLDEN / "seeds-digest.json"
    digest = _digest(comparison)
    if UPDATE or not path.exists():
        path.write_text(json.dumps(digest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    golden = json.loads(path.read_text(encoding="utf-8"))
    assert digest == golden, (
        "the seed report changed; if intended, rerun with COUNTERPOINT_UPDATE_GOLDEN=1 and review "
        "the diff of tests/compare/golden/seeds-digest.json"
    )
