"""The article-analysis pipeline: cleaned articles in, :class:`ArticleAnalysis` out.

Stages run in a declared order. Each is a callable over a *batch* of :class:`ArticleWork`
items and declares what it ``requires`` and what it ``assigns`` (as spaCy components do),
and :class:`AnalysisPipeline` checks the order before any text is processed. Models are
loaded once, in a stage's ``__init__``, so a stage class can also serve as a Ray Data
``map_batches`` actor or run in a process pool.

    check    flags bad input (empty, long, no sentences, non-English, unbalanced quotes)
             (an article longer than SECTION_CHARS goes through the rest section by section)
    parse    spaCy over the batch (``nlp.pipe``), long texts in chunks -> doc, sentences
    entities repairs spaCy's entities, then canonical entities with cross-article keys
    quotes   attribution (counterpoint.analysis.attribution), speakers mapped to entities
    times    temporal expressions, normalised from the publication date or text anchors
    claims   one claim per sentence/clause: quantities, times, roles, negation, hedges, voice
    embed    one sentence embedding per sentence (all-MiniLM-L6-v2), float16
    events   counterpoint.events.extract.extract_events, when installed

Example::

    >>> from counterpoint.analysis import analyze_text
    >>> a = analyze_text("Nine people were killed on Thursday, officials said.", "2023-01-27")
    >>> a.claims[0].quantities[0].value, a.times[0].value
    (9.0, '2023-01-26')

One failing article never sinks the batch: it comes back as an :class:`AnalysisResult` with
``error`` set (or a ``failed:<stage>`` flag when a late stage failed), the others unaffected.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from counterpoint.analysis import nlp as nlp_models
from counterpoint.analysis.sections import merge_sections
from counterpoint.errors import CounterpointError
from counterpoint.models import Article, ArticleAnalysis, Sentence, article_id

log = logging.getLogger(__name__)

PIPELINE_VERSION = "10"
"""Bump when the analysis output changes, so ``counterpoint reanalyze`` redoes stored ones."""

LONG_ARTICLE_WORDS = 20_000
"""Articles above this many words are flagged "long"."""
SECTION_CHARS = 50_000
"""Articles longer than this (about 8,000 words) are analysed section by section: sections of
about this size cut at paragraph ends, each through every stage on its own, the results shifted
back into the article's text and merged (:func:`merge_sections`). Memory stays bounded by a
couple of sections whatever the article's length; the article is flagged "sectioned"."""
MAX_ANALYSED_CHARS = 1_500_000
"""A hard bound on the characters analysed (about 250,000 words, a book): beyond it the text is
cut at a paragraph end and the analysis flagged "truncated"."""
CHUNK_CHARS = 50_000
"""Long texts are parsed in chunks of about this size, cut at paragraph ends."""


class PipelineConfigError(CounterpointError):
    """The stages are declared in an order that cannot work (a requirement nobody assigns)."""


@dataclass
class ArticleWork:
    """One article on its way through the stages: what each stage reads and writes."""

    article: Article
    text: str = ""
    language: str | None = None
    flags: list[str] = field(default_factory=list)
    doc: Any = None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    times: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    events: list = field(default_factory=list)
    vectors: Any = None
    error: str | None = None

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)


@dataclass
class AnalysisResult:
    """The outcome for one article: its analysis and float16 sentence vectors, or an error."""

    article_id: str
    analysis: ArticleAnalysis | None
    vectors: Any = None  # numpy float16 (sentences x 384) or None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.analysis is not None


# --------------------------------------------------------------------------- stages


class Stage:
    """A named batch callable. Subclasses set ``name``, ``requires`` and ``assigns``."""

    name: ClassVar[str] = "stage"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __call__(self, batch: list[ArticleWork]) -> list[ArticleWork]:
        for work in batch:
            if work.error is not None:
                continue
            if "doc" in self.requires and work.doc is None:
                continue
            try:
                self.process(work)
            except Exception as exc:  # one article's failure must not sink the batch
                log.warning("stage %s failed on %s: %s", self.name, work.article.id, exc)
                work.flag(f"failed:{self.name}")
        return batch

    def process(self, work: ArticleWork) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}: {self.requires} -> {self.assigns}>"


_QUOTE_PAIRS = (("“", "”"), ("«", "»"))


class CheckInput(Stage):
    """Flags what is wrong with an input before the models see it."""

    name = "check"
    requires = ("article",)
    assigns = ("text", "language", "flags")

    def __init__(self, max_chars: int = MAX_ANALYSED_CHARS, long_words: int = LONG_ARTICLE_WORDS):
        self.max_chars = max_chars
        self.long_words = long_words

    def process(self, work: ArticleWork) -> None:
        text = work.article.text or ""
        if not text.strip():
            work.flag("empty")
        words = work.article.word_count or len(text.split())
        if words > self.long_words:
            work.flag("long")
        if len(text) > self.max_chars:
            cut = text.rfind("\n", 0, self.max_chars)
            cut = cut + 1 if cut > self.max_chars // 2 else self.max_chars
            text = text[:cut]
            work.flag("truncated")
        work.text = text
        work.language = detect_language(work.article, text)
        if work.language and work.language != "en":
            work.flag("non-english")
        if unbalanced_quotes(text):
            work.flag("unbalanced-quotes")


def detect_language(article: Article, text: str) -> str | None:
    """``Article.language`` when ingest set it, else py3langid on the first 2,000 characters."""
    if article.language:
        return article.language.split("-")[0].lower()
    sample = text[:2000]
    if len(re.findall(r"\w", sample)) < 50:
        return None  # too short for language identification to be trusted
    try:
        import py3langid

        return py3langid.classify(sample)[0]
    except Exception:  # pragma: no cover - language id is advisory
        return None


def unbalanced_quotes(text: str) -> bool:
    """Curly quotes that do not pair up, or an odd number of straight double quotes."""
    for opening, closing in _QUOTE_PAIRS:
        if text.count(opening) != text.count(closing):
            return True
    return text.count('"') % 2 == 1


class Parse(Stage):
    """spaCy over the whole batch with ``nlp.pipe``; long texts parsed in paragraph chunks."""

    name = "parse"
    requires = ("text",)
    assigns = ("doc", "sentences")

    def __init__(self, batch_size: int = 32, chunk_chars: int = CHUNK_CHARS):
        self.nlp = nlp_models.load_spacy()
        self.batch_size = batch_size
        self.chunk_chars = chunk_chars

    def __call__(self, batch: list[ArticleWork]) -> list[ArticleWork]:
        from spacy.tokens import Doc

        todo = [w for w in batch if w.error is None]
        pieces: list[tuple[int, str]] = []
        for i, work in enumerate(todo):
            for chunk in split_text(work.text, self.chunk_chars):
                pieces.append((i, chunk))
        docs: dict[int, list] = {}
        try:
            parsed = list(self.nlp.pipe((c for _, c in pieces), batch_size=self.batch_size))
        except Exception:  # find the culprit: parse one by one
            parsed = []
            for i, chunk in pieces:
                try:
                    parsed.append(self.nlp(chunk))
                except Exception as exc:  # reported on the article
                    todo[i].error = f"parse failed: {exc}"
                    parsed.append(None)
        for (i, _), doc in zip(pieces, parsed):
            docs.setdefault(i, []).append(doc)
        for i, work in enumerate(todo):
            parts = docs.get(i, [])
            if work.error is not None or any(d is None for d in parts):
                continue
            doc = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            work.doc = doc
            work.sentences = sentences_of(doc)
            if not work.sentences:
                work.flag("no-sentences")
        return batch


def split_text(text: str, size: int) -> list[str]:
    """Pieces of about ``size`` characters, cut after a newline (else a space); they join
    back to ``text`` exactly."""
    if len(text) <= size:
        return [text]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut >= 0:
                end = cut + 1
        out.append(text[start:end])
        start = end
    return out


def sentences_of(doc) -> list[Sentence]:
    """Sentences with at least one letter, trimmed of surrounding whitespace."""
    out: list[Sentence] = []
    text = doc.text
    for sent in doc.sents:
        # spaCy's parser glues a heading to the next line's sentence: a line break ends one.
        start = sent.start_char
        for m in re.finditer(r"[^\n]+", text[sent.start_char : sent.end_char]):
            s, e = start + m.start(), start + m.end()
            raw = text[s:e]
            if not re.search(r"[^\W\d_]", raw):
                continue
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw) - len(raw.rstrip())
            out.append(Sentence(start=s + lead, end=e - trail, index=len(out)))
    return out


class Entities(Stage):
    """Repairs spaCy's entities on the doc, then groups them into canonical entities."""

    name = "entities"
    requires = ("doc",)
    assigns = ("entities",)

    def process(self, work: ArticleWork) -> None:
        from counterpoint.analysis.entities import canonical_entities, repair_entities

        repair_entities(work.doc)
        work.entities = canonical_entities(work.doc)


class Quotes(Stage):
    """Quote attribution, with each speaker mapped to a canonical entity of the article."""

    name = "quotes"
    requires = ("doc", "entities")
    assigns = ("quotes",)

    def __init__(self):
        try:
            from counterpoint.analysis.quotes import attribute_quotes
        except ImportError:  # the attribution module has not landed: no quotes, no crash
            attribute_quotes = None
        self.attribute_quotes = attribute_quotes

    def process(self, work: ArticleWork) -> None:
        if self.attribute_quotes is None:
            return
        from counterpoint.analysis.entities import link_speakers

        quotes = self.attribute_quotes(work.doc)
        work.quotes = link_speakers(quotes, work.entities)


class Times(Stage):
    """Temporal expressions, normalised from the publication date or anchors in the text."""

    name = "times"
    requires = ("doc",)
    assigns = ("times",)

    def process(self, work: ArticleWork) -> None:
        from counterpoint.analysis.timex import find_times

        work.times = find_times(work.doc, published=work.article.published)


class Claims(Stage):
    """One claim per sentence or clause, with comparison slots."""

    name = "claims"
    requires = ("doc", "sentences", "entities", "quotes", "times")
    assigns = ("claims",)

    def process(self, work: ArticleWork) -> None:
        from counterpoint.analysis.claims import extract_claims

        work.claims = extract_claims(
            work.doc, work.sentences, work.entities, work.quotes, work.times
        )


class Embed(Stage):
    """One embedding per sentence, encoded across the whole batch at once, kept as float16."""

    name = "embed"
    requires = ("sentences",)
    assigns = ("vectors",)

    def __init__(self, batch_size: int = 64):
        self.batch_size = batch_size
        nlp_models.load_encoder()

    def __call__(self, batch: list[ArticleWork]) -> list[ArticleWork]:
        import numpy as np

        todo = [w for w in batch if w.error is None]
        texts = [w.text[s.start : s.end] for w in todo for s in w.sentences]
        try:
            vecs = nlp_models.encode(texts, batch_size=self.batch_size).astype(np.float16)
        except Exception as exc:  # pragma: no cover - the encoder failing is not per article
            log.warning("embedding failed: %s", exc)
            for w in todo:
                w.flag("failed:embed")
            return batch
        at = 0
        for w in todo:
            n = len(w.sentences)
            w.vectors = vecs[at : at + n]
            at += n
        return batch


class Events(Stage):
    """Event extraction (counterpoint.events), skipped while that package is absent."""

    name = "events"
    requires = ("doc", "entities", "quotes", "times", "claims")
    assigns = ("events",)

    def __init__(self):
        try:
            from counterpoint.events.extract import extract_events
        except ImportError:
            extract_events = None
        self.extract_events = extract_events

    def process(self, work: ArticleWork) -> None:
        if self.extract_events is None:
            return
        work.events = list(self.extract_events(work.doc, to_analysis(work)))


DEFAULT_STAGES: tuple[type[Stage], ...] = (
    CheckInput, Parse, Entities, Quotes, Times, Claims, Embed, Events
)


# --------------------------------------------------------------------------- the pipeline


class AnalysisPipeline:
    """Stages in order, validated once; models loaded once, batches processed together."""

    provided_initially = ("article",)

    def __init__(
        self,
        stages: Sequence[Stage] | None = None,
        *,
        batch_size: int = 32,
        section_chars: int = SECTION_CHARS,
        sections_per_batch: int = 2,
    ):
        self.stages = list(stages) if stages is not None else [
            cls(batch_size=batch_size) if cls is Parse else cls() for cls in DEFAULT_STAGES
        ]
        validate_stages(self.stages, self.provided_initially)
        self.batch_size = batch_size
        self.section_chars = section_chars
        self.sections_per_batch = max(1, sections_per_batch)
        self.models = model_versions()

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run_batch(self, batch: list[ArticleWork]) -> list[ArticleWork]:
        for stage in self.stages:
            batch = stage(batch)
        return batch

    def analyze(self, articles: Iterable[Article]) -> list[AnalysisResult]:
        """One result per article, in order. Articles longer than ``section_chars`` are
        analysed on their own, section by section (:meth:`analyze_sectioned`)."""
        articles = list(articles)
        results: list[AnalysisResult | None] = [None] * len(articles)
        regular = [i for i, a in enumerate(articles) if len(a.text or "") <= self.section_chars]
        for i in range(0, len(regular), self.batch_size):
            chosen = regular[i : i + self.batch_size]
            works = [ArticleWork(article=articles[j]) for j in chosen]
            for j, work in zip(chosen, self.run_batch(works)):
                results[j] = self.result(work)
        for j, article in enumerate(articles):
            if results[j] is None:
                results[j] = self.analyze_sectioned(article)
        return results  # type: ignore[return-value]

    def analyze_sectioned(self, article: Article) -> AnalysisResult:
        """A long article analysed in paragraph-bounded sections, ``sections_per_batch`` at a
        time (so memory holds that many parsed sections, not the whole text), merged into
        one analysis whose offsets index the article's text.

        What stays local to a section: pronoun and description speakers ("he added") resolve
        only to speakers named in the same section, relative times anchor only to dates in
        it, acronyms are learned per section. Entities are merged across sections by key,
        and a bare surname whose key matches the surname of exactly one full name found in
        another section joins that person (:func:`merge_sections`).
        """
        check = next((s for s in self.stages if isinstance(s, CheckInput)), None)
        whole = ArticleWork(article=article)
        (check or CheckInput())([whole])
        if whole.error is not None:
            return AnalysisResult(article.id, None, None, whole.error)
        whole.flag("sectioned")
        stages = [s for s in self.stages if s is not check]
        parts: list[tuple[int, ArticleAnalysis, Any]] = []
        pending: list[tuple[int, ArticleWork]] = []
        sections = split_text(whole.text, self.section_chars)
        offset = 0
        for n, text in enumerate(sections):
            work = ArticleWork(
                article=article, text=text, language=whole.language, flags=list(whole.flags)
            )
            pending.append((offset, work))
            offset += len(text)
            if len(pending) < self.sections_per_batch and n + 1 < len(sections):
                continue
            batch = [w for _, w in pending]
            for stage in stages:
                batch = stage(batch)
            for off, w in pending:
                if w.error is not None:
                    whole.flag("failed:section")
                    log.warning("a section of %s failed: %s", article.id, w.error)
                    continue
                for f in w.flags:
                    if f.startswith("failed:"):
                        whole.flag(f)
                parts.append((off, to_analysis(w, self.models), w.vectors))
            pending = []  # the parsed sections go: memory holds one batch of them
        analysis, vectors = merge_sections(
            article.id, parts, models=self.models, language=whole.language, flags=whole.flags
        )
        return AnalysisResult(article.id, analysis, vectors)

    def result(self, work: ArticleWork) -> AnalysisResult:
        if work.error is not None:
            return AnalysisResult(work.article.id, None, None, work.error)
        analysis = to_analysis(work, self.models)
        return AnalysisResult(work.article.id, analysis, work.vectors)


class RayAnalyzer:
    """The pipeline as a Ray Data ``map_batches`` actor (models load once per actor)::

        ds.map_batches(RayAnalyzer, batch_size=32, concurrency=2)

    Input column ``article``: :class:`Article` objects, dicts or JSON strings. Output columns:
    ``article_id``, ``analysis`` (JSON of :class:`ArticleAnalysis`, or None), ``vectors``
    (float16 bytes, ``sentences x 384``) and ``error`` ("" when fine).
    """

    def __init__(self, batch_size: int = 32):
        self.pipeline = AnalysisPipeline(batch_size=batch_size)

    def __call__(self, batch: dict) -> dict:
        articles = [
            a if isinstance(a, Article)
            else Article.model_validate_json(a) if isinstance(a, (str, bytes))
            else Article.model_validate(a)
            for a in batch["article"]
        ]
        results = self.pipeline.analyze(articles)
        return {
            "article_id": [r.article_id for r in results],
            "analysis": [r.analysis.model_dump_json() if r.analysis else None for r in results],
            "vectors": [r.vectors.tobytes() if r.vectors is not None else b"" for r in results],
            "error": [r.error or "" for r in results],
        }


def validate_stages(stages: Sequence[Stage], provided: Iterable[str] = ("article",)) -> None:
    """Raise :class:`PipelineConfigError` if a stage needs what no earlier stage assigns."""
    have = set(provided)
    names = set()
    for stage in stages:
        if stage.name in names:
            raise PipelineConfigError(f"stage name {stage.name!r} is declared twice")
        names.add(stage.name)
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise PipelineConfigError(
                f"stage {stage.name!r} requires {missing}, which no earlier stage assigns; "
                f"declared order: {[s.name for s in stages]}"
            )
        have.update(stage.assigns)


def to_analysis(work: ArticleWork, models: dict[str, str] | None = None) -> ArticleAnalysis:
    return ArticleAnalysis(
        article_id=work.article.id,
        pipeline_version=PIPELINE_VERSION,
        models=models or {},
        language=work.language,
        flags=list(work.flags),
        sentences=work.sentences,
        entities=work.entities,
        quotes=work.quotes,
        claims=work.claims,
        times=work.times,
        events=work.events,
    )


_MODEL_VERSIONS: dict[str, str] | None = None


def model_versions() -> dict[str, str]:
    """The models an analysis used (spaCy, its model and version, the encoder), computed once."""
    global _MODEL_VERSIONS
    if _MODEL_VERSIONS is None:
        _MODEL_VERSIONS = dict(nlp_models.model_versions())
        _MODEL_VERSIONS["pipeline"] = PIPELINE_VERSION
    return dict(_MODEL_VERSIONS)


_DEFAULT: AnalysisPipeline | None = None


def default_pipeline(batch_size: int = 32) -> AnalysisPipeline:
    """The shared default pipeline (models load on first use, once per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = AnalysisPipeline(batch_size=batch_size)
    _DEFAULT.batch_size = batch_size
    return _DEFAULT


def analyze_articles(articles: Sequence[Article], *, batch_size: int = 32) -> list[AnalysisResult]:
    """Analyse articles in batches; one :class:`AnalysisResult` per article, in order.

    ``result.analysis`` is the :class:`ArticleAnalysis`; ``result.vectors`` the float16
    sentence embeddings to store beside it (``Workspace.save_analysis(analysis, vectors)``).
    """
    return default_pipeline(batch_size).analyze(articles)


def analyze_text(text: str, published: str | None = None, *, source: str = "<text>") -> ArticleAnalysis:
    """Analyse one text ad hoc (no workspace). ``published``: ISO date, or None when unknown."""
    article = Article(
        id=article_id(text),
        text=text,
        raw_text=text,
        source=source,
        kind="text",
        published=published,
        word_count=len(text.split()),
    )
    result = analyze_articles([article])[0]
    if result.analysis is None:
        raise CounterpointError(f"{source}: analysis failed: {result.error}")
    return result.analysis
