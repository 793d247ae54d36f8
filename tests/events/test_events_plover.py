"""PLOVER classification of single sentences (written for these tests, not from eval data)."""

from __future__ import annotations

import pytest

from counterpoint.analysis.nlp import load_spacy
from counterpoint.events.extract import extract_events
from counterpoint.models import ArticleAnalysis

pytestmark = pytest.mark.slow

CASES = [
    ("The rebels released twelve hostages on Sunday.", "RETREAT", "release"),
    ("Parliament condemned the decision.", "ACCUSE", "disapprove"),
    ("Prosecutors investigated the minister.", "ACCUSE", "investigate"),
    ("The minister refused the invitation.", "REJECT", None),
    ("Thousands of workers went on strike in Lagos.", "PROTEST", "strike"),
    ("The army deployed tanks along the border.", "MOBILIZE", "weapons"),
    ("Police detained four journalists.", "COERCE", "arrest"),
    ("Gunmen kidnapped two aid workers.", "ASSAULT", "abduct"),
    ("The two leaders met in Geneva.", "CONSULT", None),
    ("Germany will send humanitarian aid to Turkey.", "AGREE", None),  # future aid (manual 3.1)
    ("The government urged the rebels to lay down their arms.", "REQUEST", None),
    ("Washington threatened to cut diplomatic relations.", "THREATEN", "relations"),
    ("Japan suspended aid to Myanmar.", "SANCTION", "discontinue"),
]


@pytest.fixture(scope="module")
def nlp():
    return load_spacy()


@pytest.mark.parametrize("text,action,mode", CASES)
def test_classification(nlp, text, action, mode):
    evs = extract_events(nlp(text), ArticleAnalysis(article_id="t", pipeline_version="t"))
    got = [(e.action, e.mode) for e in evs]
    assert any(a == action and (mode is None or m == mode) for a, m in got), got


@pytest.mark.parametrize(
    "text, assault",
    [
        ("The reality star has shot up in the polls as a potential nominee.", False),
        ("“I’d like to beat him straight up,” Trump said of Obama.", False),
        ("Trump beat Clinton in the election.", False),
        ("Police beat the protester with batons.", True),
        ("He was beaten to death by a mob.", True),
        ("Gunmen shot two police officers in Kabul.", True),
    ],
)
def test_beat_and_shoot_need_harm(nlp, text, assault):
    evs = extract_events(nlp(text), ArticleAnalysis(article_id="t", pipeline_version="t"))
    assert any(e.action == "ASSAULT" for e in evs) is assault, [(e.action, e.trigger_text) for e in evs]
