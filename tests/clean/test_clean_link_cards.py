"""Hover cards flattened into sentences (The Hill): the card goes, the mention and the sentence
stay, and ordinary prose that happens to repeat a name is untouched."""

import pytest

from counterpoint.ingest.clean import apply_removals, clean_text
from counterpoint.ingest.clean_lines import link_cards


def _clean(raw: str) -> str:
    c = clean_text(raw)
    assert apply_removals(raw, c.removals) == c.text
    assert all(raw[r.start : r.end] == r.text for r in c.removals)
    return c.text


@pytest.mark.parametrize(
    "raw, kept",
    [
        (
            ("The email, which Rice sent the day of President Trump Donald John TrumpTrump taps "
             "Brooke Rollins as acting domestic policy chief Trump takes pandemic fight to Michigan "
             "MORE's inauguration, describes a meeting."),
            "The email, which Rice sent the day of President Trump's inauguration, describes a meeting.",
        ),
        (
            # the card's name carries a nickname in brackets; the party tag stays
            ("The pressure came from Senate Majority Leader Mitch McConnell Addison (Mitch) Mitchell "
             "McConnellGOP senators balk at lengthy impeachment trial Graham: Senate trial 'must "
             "expose the whistleblower' MORE (R-Ky.) on Tuesday."),
            "The pressure came from Senate Majority Leader Mitch McConnell (R-Ky.) on Tuesday.",
        ),
        (
            # "Joe Biden Joe Biden...": the whole mention stays, not just "Joe"
            ("It was held between herself, former Vice President Joe Biden Joe BidenTrump takes "
             "pandemic fight to Michigan Poll: Older voters slip from Trump MORE, and former FBI "
             "Director James Comey James Brien ComeySenate Republicans issue first subpoena MORE."),
            ("It was held between herself, former Vice President Joe Biden, and former FBI Director "
             "James Comey."),
        ),
        (
            # a headline that ends in a question mark before MORE is still one card
            ("Why not over Merrick Garland Merrick Brian GarlandThe Hill's 12:30 Report: Dems seize "
             "on Ukraine transcript MORE? Or ever?” Rep. Mark Pocan Mark William PocanDemocrats take "
             "Trump impeachment case to voters MORE (D-Wis.) said."),
            "Why not over Merrick Garland? Or ever?” Rep. Mark Pocan (D-Wis.) said.",
        ),
    ],
)
def test_hover_card_is_cut_and_mention_kept(raw, kept):
    assert _clean(raw) == kept


@pytest.mark.parametrize(
    "prose",
    [
        "Trump Tower was sold. Donald Trump said nothing more about it.",
        "Sen. John McCain and John McCain's daughter said there was NO MORE to add.",
        "We want MORE, Smith said, and Smith Jones Smith agreed.",
        "CLICK HERE TO READ MORE ON FOX BUSINESS",
        "Mr. Abbas met Abbas Zaki, who said Abbas would decide. Read MORE about it.",
    ],
)
def test_prose_is_not_a_card(prose):
    assert link_cards(prose) == []
