"""Event extraction: who did what to whom, when, where, in whose voice.

Stub so the analysis pipeline can wire the stage; the real extractor follows.
"""

from __future__ import annotations

from counterpoint.models import ArticleAnalysis, Event


def extract_events(doc, analysis: ArticleAnalysis) -> list[Event]:
    """The events one article states. ``doc`` is the spaCy Doc of ``Article.text``."""
    return []
