"""Shared fixtures for the analysis tests: the models load once, the seeds are analysed once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


@pytest.fixture(scope="session")
def seeds_analysed():
    """``(text, ArticleAnalysis)`` for seed 000 (Jerusalem Post) and seed 004, no dates."""
    from counterpoint.analysis import analyze_articles
    from counterpoint.models import Article, article_id

    articles = []
    for name in ("000_95383a19cb279dd7.txt", "004_0b82b473876b18de.txt"):
        text = (SEEDS / name).read_text(encoding="utf-8")
        articles.append(
            Article(id=article_id(text), text=text, raw_text=text, source=name, kind="text",
                    word_count=len(text.split()))
        )
    results = analyze_articles(articles)
    assert all(r.ok for r in results), [r.error for r in results]
    return [(a.text, r.analysis, r.vectors) for a, r in zip(articles, results)]


@pytest.fixture(scope="session")
def seed000(seeds_analysed):
    return seeds_analysed[0]


@pytest.fixture(scope="session")
def seed004(seeds_analysed):
    return seeds_analysed[1]


@pytest.fixture(scope="session")
def nlp():
    from counterpoint.analysis.nlp import load_spacy

    return load_spacy()
