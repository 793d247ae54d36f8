"""The comparison's view of each article: sentences with vectors and slots, entity mentions, quotes.

:func:`build_views` parses every article once (spaCy), embeds every sentence once (one encoder
call for the whole story) and joins in the analysis stage's quotes and entities. The rest of
``counterpoint.compare`` reads only these views.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from counterpoint.compare.names import (
    entity_key,
    fold,
    initials,
    institution_type,
    is_acronym,
    normalise_name,
    person_key,
)
from counterpoint.compare.slots import SentenceSlots, read_slots
from counterpoint.models import Article, ArticleAnalysis, Evidence, Quote

_QUOTED = re.compile(r"[“\"]([^”\"]{1,2000})[”\"]|(?<![\w’'])[‘']([^’'\n]{1,80})[’'](?!\w)")
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "LAW", "EVENT"}


@dataclass
class MentionRef:
    start: int
    end: int
    text: str
    key: str
    label: str
    itype: str | None = None  # institution type for organisations ("court")


@dataclass
class Unit:
    """One sentence of one article, as the comparison sees it."""

    article: int
    index: int
    start: int
    end: int
    text: str
    span: object  # spaCy Span
    slots: SentenceSlots
    mentions: list[MentionRef] = field(default_factory=list)
    quoted_share: float = 0.0  # how much of the sentence sits inside quotation marks
    row: int = -1  # row in the story's vector matrix
    _keys: set | None = field(default=None, repr=False)

    @property
    def keys(self) -> set[str]:
        if self._keys is None:
            self._keys = {m.key for m in self.mentions}
        return self._keys


@dataclass
class ArticleView:
    index: int
    article: Article
    label: str  # outlet name, or "unknown" (numbered when several are unknown)
    analysis: ArticleAnalysis
    doc: object
    units: list[Unit] = field(default_factory=list)
    mentions: list[MentionRef] = field(default_factory=list)
    quoted_spans: list[tuple[int, int]] = field(default_factory=list)
    folded: str = ""
    _named: dict = field(default_factory=dict, repr=False)
    _keys: set | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def keys(self) -> set[str]:
        if self._keys is None:
            self._keys = {m.key for m in self.mentions}
        return self._keys

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for ``text[start:end]``, trimmed of surrounding whitespace."""
        text = self.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Evidence(
            article_id=self.article.id,
            start=start,
            end=end,
            text=text[start:end],
            outlet=self.label,
        )

    def unit_at(self, offset: int) -> Unit | None:
        for unit in self.units:
            if unit.start <= offset < unit.end:
                return unit
        return None

    def in_quote(self, start: int, end: int) -> tuple[int, int] | None:
        """The quoted passage (inside quotation marks) containing ``[start, end)``, if any."""
        for qs, qe in self.quoted_spans:
            if qs <= start and end <= qe:
                return qs, qe
        return None

    def names_anywhere(self, mention: MentionRef) -> bool:
        """Whether this article refers to ``mention`` anywhere, by key, acronym or spelled out."""
        if mention.key in self.keys:
            return True
        memo = (mention.text, mention.label)
        if memo not in self._named:  # names repeat across a story: decide each once per article
            self._named[memo] = self._names(mention)
        return self._named[memo]

    def _names(self, mention: MentionRef) -> bool:
        name = normalise_name(mention.text)
        if len(name) >= 3 and re.search(rf"\b{re.escape(fold(name))}\b", self.folded):
            return True
        if is_acronym(mention.text):
            acr = mention.text.replace(".", "").lower()
            return any(initials(m.text) == acr for m in self.mentions if m.label == "ORG")
        acr = initials(mention.text)
        if mention.label == "ORG" and len(acr) >= 2:
            return any(
                is_acronym(m.text) and m.text.replace(".", "").lower() == acr
                for m in self.mentions
            )
        return False

    def quotes(self) -> list[Quote]:
        return self.analysis.quotes


def unnamed_label(article) -> str:
    """A readable name for an article whose outlet is not known: "unnamed outlet" plus where the
    text came from (the URL's host or the file's name), so a reader can tell which input it is."""
    source = (article.source or "").strip()
    where = ""
    if "://" in source:
        where = source.split("://", 1)[1].split("/", 1)[0].removeprefix("www.")
    elif source:
        where = re.split(r"[\\/]", source.rstrip("/\\"))[-1]
        where = where.rsplit(".", 1)[0] if "." in where[1:] else where
        where = where if len(where) <= 20 else where[:19] + "…"
    return f"unnamed outlet ({where})" if where else "unnamed outlet"


def label_articles(articles) -> list[str]:
    """One display name per article: its outlet, or "unnamed outlet (...)"; repeats numbered."""
    labels = [a.outlet or unnamed_label(a) for a in articles]
    out = list(labels)
    counts = {lab: labels.count(lab) for lab in labels}
    numbered: dict[str, int] = {}
    for i, label in enumerate(labels):
        if counts[label] > 1:
            numbered[label] = numbered.get(label, 0) + 1
            out[i] = f"{label} #{numbered[label]}"
    return out


def _mentions(doc) -> list[MentionRef]:
    """Entity mentions keyed for comparison, with acronyms resolved to their spelled-out name."""
    raw = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
    full_by_initials: dict[str, str] = {}
    for ent in raw:
        if ent.label_ == "ORG" and not is_acronym(ent.text) and len(ent.text.split()) >= 2:
            full_by_initials.setdefault(initials(ent.text), entity_key(ent.text, "ORG"))
    out = []
    for ent in raw:
        text = ent.text
        if text.lower().startswith("the "):
            start = ent.start_char + 4
            text = text[4:]
        else:
            start = ent.start_char
        # "the PA’s Voice of Palestine": keep the entity, drop the possessor only for the key.
        key = entity_key(text, ent.label_)
        if ent.label_ == "ORG" and is_acronym(text):
            key = full_by_initials.get(text.replace(".", "").lower(), key)
        itype = institution_type(text) if ent.label_ == "ORG" else None
        out.append(MentionRef(start, ent.end_char, text, key, ent.label_, itype))
    return out


def _sentence_spans(doc):
    """(start, end, span) per sentence; a paragraph break always ends a sentence (spaCy sometimes
    runs a heading or a paragraph's last line into the next one)."""
    text = doc.text
    for sent in doc.sents:
        start = sent.start_char
        for piece in re.split(r"(\n+)", text[sent.start_char : sent.end_char]):
            end = start + len(piece)
            if piece.strip() and not piece.startswith("\n"):
                s, e = start, end
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is not None and len(span):
                    yield s, e, span
            start = end


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _QUOTED.finditer(text):
        group = 1 if m.group(1) is not None else 2
        spans.append((m.start(group), m.end(group)))
    return spans


def build_views(
    articles: list[Article],
    analyses: list[ArticleAnalysis] | None,
    vectors: list | None = None,
) -> tuple[list[ArticleView], np.ndarray]:
    """Parse, embed and index every article of a story (models are loaded once per process).

    ``vectors`` (optional, per article) are the analysis stage's sentence embeddings, one row per
    ``ArticleAnalysis.sentences`` entry: sentences with the same span are not encoded again.
    Returns the views and the matrix of unit-normalised sentence vectors (``Unit.row`` indexes it).
    """
    from counterpoint.analysis.nlp import encode, load_spacy
    from counterpoint.compare.fallback import basic_analysis

    nlp = load_spacy()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=8))
    labels = label_articles(articles)
    views: list[ArticleView] = []
    for i, (article, doc) in enumerate(zip(articles, docs)):
        analysis = analyses[i] if analyses is not None else None
        if analysis is None:
            analysis = basic_analysis(article, doc)
        view = ArticleView(
            index=i,
            article=article,
            label=labels[i],
            analysis=analysis,
            doc=doc,
            mentions=_mentions(doc),
            quoted_spans=_quoted_spans(article.text),
            folded=fold(article.text),
        )
        for j, (start, end, sent) in enumerate(_sentence_spans(doc)):
            unit = Unit(
                article=i,
                index=j,
                start=start,
                end=end,
                text=article.text[start:end],
                span=sent,
                slots=read_slots(sent),
                mentions=[m for m in view.mentions if start <= m.start < end],
            )
            quoted = sum(
                max(0, min(end, qe) - max(start, qs)) for qs, qe in view.quoted_spans
            )
            unit.quoted_share = quoted / max(1, end - start)
            view.units.append(unit)
        views.append(view)
    units = [u for v in views for u in v.units]
    matrix = np.zeros((len(units), 384), dtype=np.float32)
    known: dict[tuple[int, int, int], np.ndarray] = {}
    for i, view in enumerate(views):
        given = vectors[i] if vectors is not None and i < len(vectors) else None
        if given is None or len(given) != len(view.analysis.sentences):
            continue
        for sent, vec in zip(view.analysis.sentences, given):
            known[(i, sent.start, sent.end)] = vec
    todo = []
    for row, unit in enumerate(units):
        unit.row = row
        vec = known.get((unit.article, unit.start, unit.end))
        if vec is None:
            todo.append(unit)
        else:
            vec = np.asarray(vec, dtype=np.float32)
            matrix[row] = vec / (np.linalg.norm(vec) or 1.0)
    if todo:
        matrix[[u.row for u in todo]] = encode([" ".join(u.text.split()) for u in todo])
    return views, matrix


def quote_speaker_key(quote: Quote) -> str | None:
    """A speaker key comparable across articles whatever produced the quote.

    The analysis stage's keys are cross-article already; the fallback's are surname keys.
    """
    if quote.speaker_key:
        return quote.speaker_key
    if quote.speaker_name:
        return f"person:{person_key(quote.speaker_name)}"
    return None
