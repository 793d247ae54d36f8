"""Quotations whose speaker is presented before a colon without a verb ("Here’s Clinton in
1992:", "More from X:", "HEADING - Name:", "From the report:"), closing marks typed as
opening ones, doubled opening marks, mis-tagged "state(s)" cues and attributions with no
punctuation inside the closing mark."""

import pytest
from quote_lookup import quote_of, speaker_of

pytestmark = pytest.mark.slow


def test_here_is_a_speaker_with_a_date(attribute):
    text, quotes = attribute(
        "Frank teases out an elitist ideology.\n"
        "Here’s Clinton in December 1992:\u00a0“Our new direction must rest on an "
        "understanding of the new realities of global competition.”\n"
        "This is the mantra of meritocracy.\n"
    )
    q = quote_of(quotes, text, "Our new direction")
    assert q.kind == "direct" and speaker_of(text, q) == "Clinton"


def test_more_from_names_the_speaker(attribute):
    text, quotes = attribute(
        "Signs of momentum shifts were there all along -More from Blumenthal and Cohen: "
        "“Data collected by our firm helps confirm that both issues were in play.”\n"
    )
    q = quote_of(quotes, text, "Data collected")
    assert "Cohen" in speaker_of(text, q)


def test_a_heading_before_a_dash_is_not_the_speaker(attribute):
    text, quotes = attribute(
        "HIGHER THAN EXPECTED TURNOUT IN IOWA - Michael P. McDonald:\u00a0“At long last the "
        "contests have finally started, and we now have the first solid glimpse at turnout.”\n"
    )
    q = quote_of(quotes, text, "At long last")
    assert speaker_of(text, q) == "Michael P. McDonald"


def test_from_a_document(attribute):
    text, quotes = attribute(
        "Pew released a study of online panels on Monday.\n"
        "What the report does mean - Not all web panels are created equal. From the report: "
        "“In general, samples with more elaborate weighting produced more accurate results.”\n"
    )
    q = quote_of(quotes, text, "In general")
    assert speaker_of(text, q) == "the report"


def test_here_is_a_thing_is_no_speaker(attribute):
    _text, quotes = attribute(
        "The committee met on Monday.\n"
        "Here’s the thing: “Nobody wants to pay for the bridge.”\n"
    )
    assert not [q for q in quotes if "Nobody wants" in q.content_text]


def test_a_closing_mark_typed_as_an_opening_one(attribute):
    text, quotes = attribute(
        "Candidates have found ways to make money on the trail.\n\n"
        "“It's unusual,“ said Larry Noble, an attorney with the Campaign Legal Center. “It's "
        "a hard thing to do and pull off without stepping over one line or another.”\n"
    )
    q = quote_of(quotes, text, "It's unusual")
    assert speaker_of(text, q).startswith("Larry Noble")
    assert q.content[0].of(text) == "“It's unusual,“"


def test_a_doubled_opening_mark(attribute):
    text, quotes = attribute(
        "Rubio gave an interview to Fox News.\n\n"
        "\"“You don’t win the nomination by how many states you win,” Rubio responded before "
        'adding that he will have to win some states in March."\n'
    )
    q = quote_of(quotes, text, "You don’t win")
    assert q.kind == "direct" and speaker_of(text, q) == "Rubio"
    assert "Rubio responded" not in q.content_text


def test_a_mistagged_state_with_a_place_after_it(attribute):
    text, quotes = attribute(
        "The kingdom wrote to lawmakers.\n\n"
        '"Today, the kingdom is one of the leading nations in combating terrorism," the Saudis '
        "state in the white paper, which was shared with lawmakers on Thursday.\n"
    )
    q = quote_of(quotes, text, "leading nations")
    assert q.kind == "direct" and "Saudis" in speaker_of(text, q)


def test_a_speaker_before_a_preposition_and_a_mistagged_states(attribute):
    text, quotes = attribute(
        "The PAC released a new spot.\n\n"
        "“They know Hillary’s the only one strong enough to stop Wall Street abuses,” a "
        "voice-over in the ad states.\n"
    )
    q = quote_of(quotes, text, "Wall Street abuses")
    assert "voice" in speaker_of(text, q) and "abuses" not in speaker_of(text, q)


def test_an_attribution_after_a_closing_mark_without_punctuation(attribute):
    text, quotes = attribute(
        "Clinton answered within the hour.\n\n"
        '"The idea of deporting 11 million people is absurd. No, Trump. -H" Clinton tweeted, '
        "quoting a reporter's tweet.\n"
    )
    q = quote_of(quotes, text, "deporting 11 million")
    assert q.kind == "direct" and speaker_of(text, q) == "Clinton" and q.cue_text == "tweeted"


def test_an_attribution_that_introduces_the_next_quotation(attribute):
    text, quotes = attribute(
        "Brafman said, “The zeal with which this case was brought is uncharacteristic.” "
        "He added, “In this case things happened that are not ordinary.”\n"
    )
    q = quote_of(quotes, text, "The zeal")
    assert q.cue_text == "said" and speaker_of(text, q) == "Brafman"


def test_a_fragment_under_a_cue_whose_subject_cannot_speak(attribute):
    text, quotes = attribute(
        "The Khan family spoke on Thursday.\n\n"
        "It echoes a controversy in June when Mr. Trump assailed a federal judge, Gonzalo P. "
        "Curiel, for his “Mexican heritage.” By going after a family, he breached norms.\n"
    )
    q = quote_of(quotes, text, "Mexican heritage")
    assert q.kind == "partial" and "Trump" in speaker_of(text, q)


def test_as_x_put_it_with_a_title_in_the_speaker(attribute):
    text, quotes = attribute(
        "Scalia was friendly to business.\n\n"
        "As Akhil Amar, professor of constitutional law at Yale and author of ''America's "
        "Unwritten Constitution,'' put it, ''Senate Republicans should remember that a "
        "compromise candidate today may be far better for them.''\n"
    )
    q = quote_of(quotes, text, "Senate Republicans should")
    assert q.kind == "direct" and "Akhil Amar" in speaker_of(text, q)
    assert not [q for q in quotes if q.content_text.startswith("''America")]


def test_a_bidi_mark_before_the_opening_quotation_mark(attribute):
    text, quotes = attribute(
        "Palin’s post resonated with Facebook viewers.\n\n"
        "\u202a”Sorry Sarah, you should have said it, because I know you can handle a gun "
        "very well!!” posted Sharon Powers Geyer.\n"
    )
    q = quote_of(quotes, text, "Sorry Sarah")
    assert q.kind == "direct" and speaker_of(text, q) == "Sharon Powers Geyer"


def test_a_dateline_run_into_the_sentence_leaves_the_real_subject(attribute):
    text, quotes = attribute(
        "Clinton won Nevada.\n\n___.\n\n6:50 p.m.\n\n"
        "With her husband, former President Bill Clinton, standing by her side, Hillary "
        "Clinton has told her supporters that “we’re in this together.”\n"
    )
    q = quote_of(quotes, text, "in this together")
    assert q.cue_text == "told" and speaker_of(text, q) == "Hillary Clinton"


def test_whoever_issues_a_statement_speaks_through_it(attribute):
    text, quotes = attribute(
        "The parade went on.\n\n"
        "The senator sent a letter to Obama saying the deal was “a disaster.”\n"
    )
    q = quote_of(quotes, text, "a disaster")
    assert speaker_of(text, q) == "The senator"
    text, quotes = attribute(
        "The parade went on.\n\nA statement from the group said the deal was “a disaster.”\n"
    )
    q = quote_of(quotes, text, "a disaster")
    assert speaker_of(text, q).startswith("A statement")


def test_a_quotation_inside_a_clause_keeps_the_clause_speaker(attribute):
    text, quotes = attribute(
        "The debate was heated.\n\n"
        "Cruz said last week that Trump represents “New York values,” stating during the "
        "debate that they are “socially liberal or pro-abortion.”\n"
    )
    values = [q for q in quotes if "New York values" in q.content_text]
    assert values and all(speaker_of(text, q) == "Cruz" for q in values)


def test_an_attribution_introducing_the_next_quotation_is_a_speaker_change(attribute):
    text, quotes = attribute(
        "The emails were released.\n\n"
        "Clinton responds to Mills with, “Why now? That was on my way to Libya?” Mills then "
        "writes back, “You look cute.”\n"
    )
    first = quote_of(quotes, text, "Why now")
    second = quote_of(quotes, text, "You look cute")
    assert speaker_of(text, first) == "Clinton" and speaker_of(text, second) == "Mills"
    assert "You look cute" not in first.content_text


def test_a_participle_after_a_quotation_goes_on_with_its_speaker(attribute):
    text, quotes = attribute(
        "The intervention was debated.\n\n"
        "On the show the day before, Clinton stated, “An absence of action would have turned "
        "Libya into Syria,” adding, “I think maybe 1,500 people were killed last year.”\n"
    )
    first = quote_of(quotes, text, "absence of action")
    second = quote_of(quotes, text, "1,500 people")
    assert first is not second
    assert second.cue_text == "adding" and speaker_of(text, second) == "Clinton"


def test_a_split_quotation_stays_one_quote(attribute):
    text, quotes = attribute("It was late.\n\n“We will win,” Obama said, “and we will win big.”\n")
    q = quote_of(quotes, text, "We will win,")
    assert "win big" in q.content_text and speaker_of(text, q) == "Obama"


def test_a_quotation_opening_after_the_first_words_of_its_sentence(attribute):
    text, quotes = attribute(
        "It was late.\n\n"
        "The event “was the first time I walked away with the idea that he is not the "
        "ringleader,” Sexton said in a phone interview.\n"
    )
    q = quote_of(quotes, text, "first time I walked")
    assert q.kind == "mixed" and speaker_of(text, q) == "Sexton"
    assert q.content_text.startswith("The event “was")


def test_a_quotation_inside_a_sentence_needs_an_attribution_after_it(attribute):
    _text, quotes = attribute(
        "It was late.\n\nThe event “was the first time I walked away,” and then the crowd "
        "said nothing.\n"
    )
    assert not [q for q in quotes if q.content_text.startswith("The event")]


def test_a_headline_quoting_first_names_its_speaker_after(attribute):
    text, quotes = attribute(
        "Guns Are ‘The Ultimate Public Health Crisis,’ Howard Dean Tells Democratic "
        "Convention.\n\nThe former governor spoke on Tuesday.\n"
    )
    q = quote_of(quotes, text, "Ultimate Public Health")
    assert q.kind == "mixed" and speaker_of(text, q) == "Howard Dean"
    assert q.content_text.startswith("Guns Are")
    text, quotes = attribute("‘We Will Win,’ Trump Says.\n\nHe spoke in Iowa.\n")
    q = quote_of(quotes, text, "We Will Win")
    assert q.kind == "direct" and speaker_of(text, q) == "Trump"


def test_a_headline_without_a_reporting_verb_after_the_quotation(attribute):
    _text, quotes = attribute("Trump Hotel Opens In ‘Great,’ New Building.\n\nIt opened.\n")
    assert not [q for q in quotes if "Great" in q.content_text]


def test_a_document_that_accuses_speaks(attribute):
    text, quotes = attribute(
        "It was filed.\n\n"
        "The petition accuses the Trump campaign of “attempting to bully Mr. Nunberg into "
        "silence.”\n"
    )
    q = quote_of(quotes, text, "attempting to bully")
    assert speaker_of(text, q) == "The petition"
    _text, quotes = attribute("It was filed.\n\nThe deal accuses nobody of “bad faith.”\n")
    assert not [q for q in quotes if "bad faith" in q.content_text]


def test_a_named_speaker_nested_in_another_attribution_keeps_his_quote(attribute):
    text, quotes = attribute(
        "It was spring.\n\nMany Democrats said they feared a left-wing equivalent of Pat "
        "Buchanan's searing speech at the 1992 Republican convention, when Mr. Buchanan "
        "called for a ''cultural war'' against ''liberals and radicals.''\n"
    )
    inner = [q for q in quotes if q.content_text.startswith("a ''cultural war")]
    assert inner and speaker_of(text, inner[0]) == "Mr. Buchanan"
    assert [q for q in quotes if q.speaker_span and speaker_of(text, q) == "Many Democrats"]


def test_a_plural_attribution_with_a_mistagged_verb(attribute):
    text, quotes = attribute(
        "They sent a letter.\n\n"
        "“You seem to have picked a new standard out of thin air,” the two write.\n"
    )
    q = quote_of(quotes, text, "new standard")
    assert q.kind == "direct" and q.cue_text == "write" and "two" in speaker_of(text, q)


def test_a_dateline_parsed_as_a_second_subject(attribute):
    text, quotes = attribute(
        "Trump on Cameron.\n\nLONDON (Reuters) - Donald Trump said he was unlikely to have a "
        "good relationship with David Cameron.\n"
    )
    q = quote_of(quotes, text, "good relationship")
    assert speaker_of(text, q) == "Donald Trump"


def test_a_reporting_verb_joined_to_the_reported_clause_is_its_own_attribution(attribute):
    text, quotes = attribute(
        "He met Trump.\n\nHe did say he found Trump to be “very charming” and called his "
        "standing in the crowded candidate field “unheard of.”\n"
    )
    said = quote_of(quotes, text, "very charming")
    called = quote_of(quotes, text, "unheard of")
    assert said is not called and called.cue_text == "called"
    assert "unheard of" not in said.content_text
