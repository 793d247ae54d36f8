"""A small analysis used only when the full analysis stage is unavailable.

The comparison prefers :func:`counterpoint.analysis.pipeline.analyze_articles`. When that module is
missing (a partial install, an early checkout) this gives the comparison what it cannot do
without: sentences, named entities with keys, and quotes with their speakers.
"""

from __future__ import annotations

import re

from counterpoint.compare.names import entity_key
from counterpoint.compare.slots import SPEECH_VERBS
from counterpoint.models import (
    Article,
    ArticleAnalysis,
    Entity,
    Mention,
    Quote,
    Sentence,
    Span,
)

_QUOTE_RE = re.compile(r"[“\"]([^”\"]{2,2000})[”\"]")
_UNNAMED_HEADS = {
    "official", "officials", "source", "sources", "commentator", "commentators", "analyst",
    "analysts", "observer", "observers", "expert", "experts", "diplomat", "diplomats",
    "witness", "witnesses", "resident", "residents", "spokesman", "spokesperson", "spokeswoman",
    "aide", "aides", "people", "critics", "leaders", "officers",
}
_PRONOUNS = {"he", "she", "they", "i", "we"}


def _entities(doc) -> list[Entity]:
    by_key: dict[str, Entity] = {}
    for ent in doc.ents:
        if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "LAW", "EVENT"}:
            continue
        key = entity_key(ent.text, ent.label_)
        entity = by_key.get(key)
        if entity is None:
            entity = by_key[key] = Entity(key=key, name=ent.text, label=ent.label_)
        entity.mentions.append(Mention(start=ent.start_char, end=ent.end_char, text=ent.text))
        if len(ent.text) > len(entity.name):
            entity.name = ent.text
    return list(by_key.values())


def _speaker_of(verb, last_named):
    """(name, description, unnamed) of the subject of a speech verb."""
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None:
        return None
    if subj.lower_ in _PRONOUNS:
        return (last_named, None, False) if last_named else None
    ent = next((e for e in subj.doc.ents if e.start <= subj.i < e.end and e.label_ == "PERSON"), None)
    if ent is not None:
        return (ent.text, None, False)
    # "PA presidential spokesperson Nabil Abu Rudaineh": the name sits among the compounds.
    for child in subj.subtree:
        e = next((e for e in subj.doc.ents if e.start <= child.i < e.end and e.label_ == "PERSON"), None)
        if e is not None:
            return (e.text, None, False)
    if subj.pos_ == "PROPN":
        name = " ".join(t.text for t in subj.subtree if t.pos_ == "PROPN" and t.i <= subj.i)
        return (name or subj.text, None, False)
    if subj.lemma_.lower() in _UNNAMED_HEADS or subj.lower_ in _UNNAMED_HEADS:
        desc = subj.doc.text[subj.left_edge.idx : subj.idx + len(subj.text)]
        return (None, desc, True)
    return None


def _quotes(doc) -> list[Quote]:
    quotes: list[Quote] = []
    last_named: str | None = None
    text = doc.text
    for sent in doc.sents:
        verb = next(
            (t for t in sent if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in {"VERB", "AUX"}),
            None,
        )
        speaker = _speaker_of(verb, last_named) if verb is not None else None
        if speaker and speaker[0]:
            last_named = speaker[0]
        spans = [
            (sent.start_char + m.start(1), sent.start_char + m.end(1))
            for m in _QUOTE_RE.finditer(sent.text)
        ]
        kind = "direct"
        if not spans and verb is not None and speaker is not None:
            comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if comp is None:
                continue
            left, right = comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge.text)
            spans = [(left, right)]
            kind = "indirect"
        elif spans and sum(e - s for s, e in spans) < 0.35 * len(sent.text):
            kind = "partial"
        if not spans:
            continue
        name, desc, unnamed = speaker if speaker else (None, None, False)
        quotes.append(
            Quote(
                content=[Span(start=s, end=e) for s, e in spans],
                content_text=" … ".join(text[s:e] for s, e in spans),
                kind=kind,
                cue=Span(start=verb.idx, end=verb.idx + len(verb.text)) if verb is not None else None,
                cue_text=verb.text if verb is not None else None,
                speaker_key=entity_key(name, "PERSON") if name else None,
                speaker_name=name,
                speaker_description=desc,
                unnamed=unnamed,
                confidence=0.5 if speaker else 0.3,
            )
        )
    return quotes


def basic_analysis(article: Article, doc) -> ArticleAnalysis:
    """Sentences, entities and quotes of one article from its spaCy ``doc``."""
    sentences = [
        Sentence(start=s.start_char, end=s.end_char, index=i)
        for i, s in enumerate(s for s in doc.sents if s.text.strip())
    ]
    return ArticleAnalysis(
        article_id=article.id,
        pipeline_version="compare-fallback-1",
        language=article.language,
        sentences=sentences,
        entities=_entities(doc),
        quotes=_quotes(doc),
        flags=["fallback-analysis"],
    )
