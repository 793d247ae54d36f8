"""Merge the analyses of an article's sections into one analysis of the article.

A very long article is analysed in paragraph-bounded sections (see
:meth:`counterpoint.analysis.pipeline.AnalysisPipeline.analyze_sectioned`). Each section's
analysis indexes the section's text; :func:`merge_sections` shifts every span back into the
article's text, renumbers sentences and quote references, and keeps one canonical entity per
person or organisation across sections.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from counterpoint.models import ArticleAnalysis, Entity, Span


def shift_spans(obj: Any, offset: int) -> Any:
    """A copy of ``obj`` (a model, or a list of them) with every :class:`Span` inside it,
    nested ones included, moved by ``offset`` characters. The original is not touched (a
    time shared by a claim and the article's time list is shifted once in each copy)."""
    if isinstance(obj, list):
        return [shift_spans(x, offset) for x in obj]
    if not isinstance(obj, BaseModel):
        return obj
    update: dict[str, Any] = {}
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, (BaseModel, list)):
            update[name] = shift_spans(value, offset)
    if isinstance(obj, Span):
        update["start"] = obj.start + offset
        update["end"] = obj.end + offset
    return obj.model_copy(update=update) if update else obj


def merge_sections(
    article_id: str,
    parts: list[tuple[int, ArticleAnalysis, Any]],
    *,
    models: dict[str, str],
    language: str | None,
    flags: list[str],
) -> tuple[ArticleAnalysis, Any]:
    """One :class:`ArticleAnalysis` (and its float16 sentence vectors) from ``(offset,
    section analysis, section vectors)`` triples in text order."""
    import numpy as np

    sentences, quotes, claims, times, events = [], [], [], [], []
    entities: dict[str, Entity] = {}
    vectors: list = []
    for offset, part, vecs in parts:
        n_sent, n_quotes = len(sentences), len(quotes)
        for s in shift_spans(part.sentences, offset):
            sentences.append(s.model_copy(update={"index": s.index + n_sent}))
        quotes.extend(shift_spans(part.quotes, offset))
        for c in shift_spans(part.claims, offset):
            qi = None if c.quote_index is None else c.quote_index + n_quotes
            claims.append(
                c.model_copy(update={"sentence_index": c.sentence_index + n_sent, "quote_index": qi})
            )
        times.extend(shift_spans(part.times, offset))
        events.extend(shift_spans(part.events, offset))
        for e in shift_spans(part.entities, offset):
            _add_entity(entities, e)
        vectors.append(vecs)
    merged = list(entities.values())
    renamed = _join_surnames(merged)
    merged = [e for e in merged if e.key not in renamed]
    merged.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
    if renamed:
        quotes, claims, events = _rename_keys(quotes, claims, events, renamed)
    out_flags = list(flags)
    if not sentences and "no-sentences" not in out_flags:
        out_flags.append("no-sentences")
    analysis = ArticleAnalysis(
        article_id=article_id,
        pipeline_version=(models or {}).get("pipeline", ""),
        models=models or {},
        language=language,
        flags=out_flags,
        sentences=sentences,
        entities=merged,
        quotes=quotes,
        claims=claims,
        times=times,
        events=events,
    )
    if any(v is None for v in vectors):
        return analysis, None  # a section's embedding failed (flagged): no misaligned rows
    stacked = (
        np.concatenate(vectors).astype(np.float16)
        if vectors
        else np.zeros((0, 384), dtype=np.float16)
    )
    return analysis, stacked


def _add_entity(entities: dict[str, Entity], e: Entity) -> None:
    have = entities.get(e.key)
    if have is None:
        entities[e.key] = e
        return
    _absorb(have, e)


def _absorb(into: Entity, other: Entity) -> None:
    """Fold ``other``'s mentions, roles and aliases into ``into`` (the fuller name wins)."""
    into.mentions = sorted(into.mentions + other.mentions, key=lambda m: m.start)
    for r in other.roles:
        if r not in into.roles:
            into.roles.append(r)
    names = [other.name] + other.aliases
    if len(other.name.split()) > len(into.name.split()):
        into.aliases.insert(0, into.name)
        into.name = other.name
        names = other.aliases
    for a in names:
        if a != into.name and a not in into.aliases:
            into.aliases.append(a)


def _join_surnames(entities: list[Entity]) -> dict[str, str]:
    """A person known only by a shorter name in one section ("person:abs", "Abbas") joins the
    one person whose fuller key ends the same way ("person:mhmd-abs"); with two candidates
    ("Bill" and "Hillary Clinton") it stays apart. Returns ``{old key: new key}``."""
    persons = [e for e in entities if e.label == "PERSON" and e.key.startswith("person:")]
    skel = {e.key: e.key.split(":", 1)[1].split("-") for e in persons}
    renamed: dict[str, str] = {}
    for e in persons:
        short = skel[e.key]
        fuller = [
            o for o in persons
            if o is not e and len(skel[o.key]) > len(short) and skel[o.key][-len(short):] == short
        ]
        if len(fuller) == 1:
            renamed[e.key] = fuller[0].key
    for old, new in renamed.items():
        while new in renamed:  # chains: a -> a-b -> x-a-b
            new = renamed[new]
        src = next(e for e in persons if e.key == old)
        dst = next(e for e in persons if e.key == new)
        _absorb(dst, src)
        renamed[old] = new
    return renamed


def _rename_keys(quotes: list, claims: list, events: list, renamed: dict[str, str]):
    def key(k):
        return renamed.get(k, k) if k else k

    def keys(ks):
        out: list[str] = []
        for k in ks:
            k = key(k)
            if k not in out:
                out.append(k)
        return out

    quotes = [q.model_copy(update={"speaker_key": key(q.speaker_key)}) for q in quotes]
    claims = [
        c.model_copy(
            update={
                "actors": keys(c.actors),
                "targets": keys(c.targets),
                "places": keys(c.places),
                "entities": keys(c.entities),
                "voice": key(c.voice),
            }
        )
        for c in claims
    ]
    events = [
        e.model_copy(update={"actor_key": key(e.actor_key), "target_key": key(e.target_key)})
        for e in events
    ]
    return quotes, claims, events
