"""Time as evidence (grace day, then a cost a day) and what the encoder is fed (hand-made
features and a stub encoder: no model, fast)."""

import numpy as np
from test_stories_consolidation_split import JACKSON, WILLIAMS, feat

from counterpoint.models import Article
from counterpoint.stories.consolidate import story_pair_score
from counterpoint.stories.features import FeatureExtractor, embed_text
from counterpoint.stories.grouping import Grouper, GroupingConfig


def test_time_term_is_free_within_the_grace_day_and_unknown_gaps_then_capped():
    c = GroupingConfig()
    assert c.time_term(None) == 0.0
    assert c.time_term(0) == 0.0
    assert c.time_term(c.grace_days) == 0.0
    assert c.time_term(c.grace_days + 1) == -c.day_penalty
    # a week of follow-up coverage costs no more than the second day did
    assert c.time_term(c.window_days) == -c.max_day_cost
    uncapped = GroupingConfig(max_day_cost=None)
    assert uncapped.time_term(uncapped.grace_days + 3) == -3 * uncapped.day_penalty


def test_a_borderline_report_joins_the_next_day_but_not_two_days_later():
    # Two DUI arrests of one team's players: topic words and the team's names shared, enough
    # to join on the same or the next day, not once the dates say two days apart.
    for gap, joins in ((0, True), (1, True), (2, False), (5, False)):
        g = Grouper()
        g.assign(feat(0, **JACKSON, day=19000))
        d = g.assign(feat(1, **WILLIAMS, day=19000 + gap))
        assert (not d.new_story) is joins, (gap, d.score, d.runner_up)


def test_a_close_report_days_later_still_joins_within_the_window():
    # the same event's words and names five days later: follow-up coverage stays
    g = Grouper()
    g.assign(feat(0, **JACKSON, day=19000))
    g.assign(feat(1, **JACKSON, day=19000))
    d = g.assign(feat(2, **JACKSON, day=19005))
    assert not d.new_story, (d.score, d.runner_up)
    far = g.assign(feat(3, **JACKSON, day=19005 + GroupingConfig().window_days + 3))
    assert far.new_story


def test_the_day_cost_applies_alike_to_pairs_profiles_and_story_pairs():
    g = Grouper()
    a0, a1 = feat(0, **JACKSON, day=19000), feat(1, **JACKSON, day=19000)
    g.assign(a0)
    g.assign(a1)
    late = feat(2, **JACKSON, day=19004)
    same_day = feat(3, **JACKSON, day=19000)
    penalty = GroupingConfig().time_term(4)
    assert penalty < 0
    assert abs((g.pair(late, a0).score - g.pair(same_day, a0).score) - penalty) < 0.02
    story = g.stories[g.story_of["a0"]]
    assert abs((g.profile(late, story).score - g.profile(same_day, story).score) - penalty) < 0.02
    g.assign(late)
    if g.story_of["a2"] != g.story_of["a0"]:
        s = story_pair_score(g, g.stories[g.story_of["a0"]], g.stories[g.story_of["a2"]])
        assert s < GroupingConfig().threshold + 0.3


def test_embed_text_is_cut_at_the_requested_length():
    head, lead = "Quake strikes Chile", "A magnitude 6.1 earthquake " * 40
    assert len(embed_text(head, lead)) == 160
    assert len(embed_text(head, lead, 300)) == 300


def test_the_extractor_feeds_the_encoder_embed_chars_characters():
    seen: list[int] = []

    def stub(texts):
        seen.extend(len(t) for t in texts)
        return np.eye(len(texts), 384, dtype=np.float32)

    # one long first sentence: the lead is its first two sentences
    body = "Quake strikes Chile\n" + "A strong earthquake shook central Chile on Monday and " * 20 + "."
    art = Article(id="x1", text=body, raw_text=body, source="t", kind="text",
                  headline="Quake strikes Chile", published="2020-01-01")
    FeatureExtractor(stub, embed_chars=300).extract([art])
    FeatureExtractor(stub, embed_chars=100).extract([art])
    assert seen == [300, 100]
