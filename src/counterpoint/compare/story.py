"""Compare the articles of one story: the entry point of ``counterpoint.compare``.

    >>> from counterpoint.compare import compare_articles
    >>> comparison = compare_articles([article_a, article_b])      # doctest: +SKIP
    >>> [f.summary for f in comparison.of_kind("contradiction")]   # doctest: +SKIP

Order of work: drop exact and near copies (wire copies are compared once), set aside articles in
another language than the majority (the models are English), check that the remaining articles
are about the same thing (unrelated ones are reported, not aligned), then align claims, and find
shared facts, omissions, quotes across outlets, contradictions, framing and within-article
inconsistencies. Every finding carries a confidence and evidence spans into ``Article.text``.
"""

from __future__ import annotations

import logging
import re

import numpy as np

from counterpoint.compare.align import align_claims, article_similarity, distinctive_keys
from counterpoint.compare.consistency import find_inconsistencies
from counterpoint.compare.context import ArticleView, build_views
from counterpoint.compare.contradictions import conflicting_mentions, find_contradictions
from counterpoint.compare.coverage import find_coverage
from counterpoint.compare.framing import find_framing
from counterpoint.compare.quotes import find_sourcing, match_quotes
from counterpoint.models import Article, ArticleAnalysis, ArticleRef, Finding, StoryComparison

log = logging.getLogger(__name__)

RELATED_SIMILARITY = 0.45  # article-level cosine above which two articles are about one thing
RELATED_WITH_ENTITIES = 0.30  # ... or above this with two distinctive names in common
COPY_JACCARD = 0.9

_KIND_ORDER = ["note", "shared", "contradiction", "quote_match", "omission", "framing",
               "sourcing", "inconsistency"]


def _shingles(text: str, k: int = 5) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}


def find_copies(articles: list[Article]) -> dict[int, int]:
    """``{copy index: original index}`` for identical or near-identical texts (wire copies)."""
    copies: dict[int, int] = {}
    sh = [_shingles(a.text) for a in articles]
    for j in range(len(articles)):
        for i in range(j):
            if i in copies:
                continue
            if articles[i].id == articles[j].id or articles[j].id in articles[i].near_duplicates:
                copies[j] = i
                break
            union = len(sh[i] | sh[j])
            if union and len(sh[i] & sh[j]) / union >= COPY_JACCARD:
                copies[j] = i
                break
    return copies


def _language(article: Article, analysis: ArticleAnalysis | None) -> str | None:
    if article.language:
        return article.language
    if analysis is not None and analysis.language:
        return analysis.language
    try:
        import py3langid

        lang, _ = py3langid.classify(article.text[:5000])
        return lang
    except Exception:  # pragma: no cover - optional detector
        return None


def _analyse(articles: list[Article]) -> tuple[list[ArticleAnalysis | None], list]:
    """The analysis stage's analyses and sentence vectors, ``None`` where it cannot run."""
    none = [None] * len(articles)
    try:
        from counterpoint.analysis.pipeline import analyze_articles
    except ImportError:  # an install without the analysis stage: the fallback takes over
        return list(none), list(none)
    try:
        results = analyze_articles(articles)
    except Exception as exc:
        log.warning("analysis failed, using the comparison's own: %s", exc)
        return list(none), list(none)
    analyses = [r.analysis if getattr(r, "ok", False) else None for r in results]
    vectors = [getattr(r, "vectors", None) if getattr(r, "ok", False) else None for r in results]
    return analyses, vectors


def related_components(views: list[ArticleView], matrix: np.ndarray, among: list[int]) -> list[list[int]]:
    """Groups of articles (indices) that are about the same thing, largest first."""
    sims = article_similarity(views, matrix)
    distinct = distinctive_keys(views) | {k for v in views for k in v.keys if k.startswith("person:")}
    parent = {i: i for i in among}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for x in among:
        for y in among:
            if x >= y:
                continue
            common = (views[x].keys & views[y].keys) & (distinct | {k for k in views[x].keys if not k.startswith("group:")})
            if sims[x, y] >= RELATED_SIMILARITY or (sims[x, y] >= RELATED_WITH_ENTITIES and len(common) >= 2):
                parent[find(x)] = find(y)
    comps: dict[int, list[int]] = {}
    for i in among:
        comps.setdefault(find(i), []).append(i)
    return sorted(comps.values(), key=lambda c: (-len(c), c[0]))


def _note(summary: str, views: list[ArticleView], idx: list[int], confidence: float = 0.9,
          data: dict | None = None) -> Finding:
    evidence = []
    for i in idx:
        unit = views[i].units[0] if views[i].units else None
        if unit is not None:
            evidence.append(views[i].evidence(unit.start, unit.end))
    return Finding(kind="note", summary=summary, confidence=confidence, evidence=evidence,
                   outlets=[views[i].label for i in idx], data=data or {})


def _timeline(articles, analyses):
    try:
        from counterpoint.events.timeline import build_timeline
    except ImportError:
        return []
    try:
        return build_timeline(articles, analyses)
    except Exception as exc:
        log.warning("timeline failed: %s", exc)
        return []


def compare_articles(
    articles: list[Article],
    analyses: list[ArticleAnalysis | None] | None = None,
    *,
    story_id: str | None = None,
    framing_lexicon: str | None = None,
    vectors: list | None = None,
) -> StoryComparison:
    """Treat ``articles`` as one story and compare them (see the module docstring).

    ``analyses`` (and their sentence ``vectors``) are computed with the analysis stage when not
    given; an article whose analysis is ``None`` gets the comparison's own fallback analysis.
    """
    articles = list(articles)
    if analyses is None:
        analyses, vectors = _analyse(articles) if articles else ([], [])
    notes: list[str] = []
    refs = [
        ArticleRef(id=a.id, outlet=a.outlet, headline=a.headline, published=a.published,
                   language=a.language, source=a.source, text=a.text)
        for a in articles
    ]
    if not articles:
        return StoryComparison(story_id=story_id, articles=[], notes=["No articles to compare."])
    views, matrix = build_views(articles, list(analyses), vectors)
    findings: list[Finding] = []

    copies = find_copies(articles)
    for copy, original in copies.items():
        msg = (f"{views[copy].label} ({articles[copy].source}) is a copy of "
               f"{views[original].label} ({articles[original].source}): compared once.")
        notes.append(msg)
        findings.append(_note(msg, views, [original, copy], data={"copy_of": articles[original].id}))
    active = [i for i in range(len(articles)) if i not in copies]

    langs = {i: _language(articles[i], analyses[i]) for i in active}
    counted = [lang for lang in langs.values() if lang]
    majority = max(set(counted), key=counted.count) if counted else None
    other_lang = [i for i in active if langs[i] and majority and langs[i] != majority]
    if other_lang:
        msg = ("Articles in another language than the rest ("
               + ", ".join(f"{views[i].label}: {langs[i]}" for i in other_lang)
               + f") are not aligned with the {majority} articles: the models read English, so "
               "matches across languages would be guesses. Their quotes and framing are shown.")
        notes.append(msg)
        findings.append(_note(msg, views, other_lang, confidence=0.8))
    comparable = [i for i in active if i not in other_lang]

    related: list[int] = comparable
    if len(comparable) >= 2:
        comps = related_components(views, matrix, comparable)
        related = comps[0]
        if len(related) < 2:
            msg = ("These articles look unrelated: no two of them share enough wording or names "
                   "to be about the same event, so nothing is aligned across them.")
            notes.append(msg)
            findings.append(_note(msg, views, comparable, confidence=0.7))
            related = []
        else:
            for comp in comps[1:]:
                msg = ("Unrelated to the rest of the story, so not aligned with it: "
                       + ", ".join(f"{views[i].label} ({articles[i].source})" for i in comp))
                notes.append(msg)
                findings.append(_note(msg, views, comp, confidence=0.7))
    elif len(active) == 1:
        msg = ("Only one article: there is nothing to compare it with. Its quotes, sourcing and "
               "framing are shown.") if len(articles) == 1 else (
               "All the articles are copies of one text: there is nothing to compare. Its quotes, "
               "sourcing and framing are shown.")
        notes.append(msg)
        findings.append(_note(msg, views, active, confidence=1.0))
        related = []

    groups = align_claims(views, matrix, among=related) if len(related) >= 2 else []

    quote_matches, quote_findings = match_quotes(views, related) if len(related) >= 2 else ([], [])
    contradictions = find_contradictions(views, groups, matrix)
    findings += contradictions
    findings += [f for f in quote_findings]
    findings += find_coverage(views, groups, matrix, related,
                              excluded_mentions=conflicting_mentions(contradictions, views))
    findings += find_sourcing(views, related, quote_matches)
    framed = [views[i] for i in active]
    findings += find_framing(framed, groups, matrix, extra_lexicon=framing_lexicon) if framed else []
    for i in active:
        findings += find_inconsistencies(views[i])

    findings = [f for f in findings if f.evidence]
    findings.sort(key=lambda f: (_KIND_ORDER.index(f.kind), -(f.centrality or 0.0), -f.confidence))
    timeline = _timeline([articles[i] for i in active], [analyses[i] for i in active])
    return StoryComparison(story_id=story_id, articles=refs, notes=notes, findings=findings,
                           timeline=timeline)


def compare_story(workspace, story_id: str) -> StoryComparison:
    """Compare the articles of a stored story, reusing stored analyses where they exist."""
    from counterpoint.errors import UsageError

    getter = getattr(workspace, "get_story", None)
    if getter is None:
        from counterpoint.stories.repository import StoryRepository

        getter = StoryRepository(workspace).get_story
    story = getter(story_id)
    if story is None:
        raise UsageError(f"no story {story_id!r} in the workspace: list them with "
                         "`counterpoint stories`")
    ids = story.article_ids
    articles = [a for a in (workspace.get_article(i) for i in ids) if a is not None]
    analyses = [workspace.get_analysis(a.id) for a in articles]
    getter = getattr(workspace, "get_sentence_vectors", None)
    vectors = [getter(a.id) if getter and an is not None else None
               for a, an in zip(articles, analyses)]
    missing = [a for a, an in zip(articles, analyses) if an is None]
    if missing:
        fresh, fresh_vectors = _analyse(missing)
        by_id = {a.id: (an, v) for a, an, v in zip(missing, fresh, fresh_vectors)}
        for i, a in enumerate(articles):
            if a.id in by_id:
                analyses[i], vectors[i] = by_id[a.id]
    return compare_articles(articles, analyses, story_id=story.id, vectors=vectors)
