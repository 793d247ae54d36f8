"""Article analysis: sentences, canonical entities, quotes, claims, times, embeddings.

The public surface::

    from counterpoint.analysis import analyze_articles, analyze_text, PIPELINE_VERSION

    results = analyze_articles(articles)          # list[AnalysisResult], batched
    workspace.save_analysis(results[0].analysis, results[0].vectors)

    analysis = analyze_text(text, published="2023-01-27")   # ad hoc, one text

Models load once per process (:mod:`counterpoint.analysis.nlp`); imports here are lazy so
that ``import counterpoint.analysis`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from counterpoint.analysis.pipeline import (
        PIPELINE_VERSION,
        AnalysisPipeline,
        AnalysisResult,
        analyze_articles,
        analyze_text,
    )

__all__ = [
    "PIPELINE_VERSION",
    "AnalysisPipeline",
    "AnalysisResult",
    "analyze_articles",
    "analyze_text",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from counterpoint.analysis import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'counterpoint.analysis' has no attribute {name!r}")
