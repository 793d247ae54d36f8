"""Direct quotes whose speaker is given without the usual "X said": transcript lines, a cue
sentence before the quotation, signatures on the next line, mis-tagged cues, glued marks,
fragments whose speaker comes later in the sentence, chanted slogans."""

import pytest
from quote_lookup import quote_of, speaker_of

from counterpoint.analysis.nlp import load_spacy

pytestmark = pytest.mark.slow


def test_transcript_lines_name_their_speaker(attribute):
    text, quotes = attribute(
        "Clinton's claim about her e-mails is her camp's calculation.\n\n"
        'Rep. Trey Gowdy (R-S.C.):"I have not heard anyone other than you ever cite that '
        'figure. Who told you that?"\n\n'
        'Former secretary of state Hillary Rodham Clinton:"We learned that from the State '
        'Department."\n'
    )
    gowdy = quote_of(quotes, text, "I have not heard")
    assert gowdy.kind == "direct" and "Gowdy" in speaker_of(text, gowdy)
    clinton = quote_of(quotes, text, "We learned that")
    assert speaker_of(text, clinton).endswith("Hillary Rodham Clinton")


def test_two_speakers_on_one_line(attribute):
    text, quotes = attribute(
        'Clinton: "Our goal is not to deter or contain ISIS, but to defeat it." '
        'Bush: "The mission is to destroy ISIS -- not to contain it."'
    )
    assert speaker_of(text, quote_of(quotes, text, "Our goal")) == "Clinton"
    assert speaker_of(text, quote_of(quotes, text, "The mission")) == "Bush"


def test_a_possessed_speech_noun_before_a_colon(attribute):
    text, quotes = attribute("Clinton’s response was: “Is Dalton Brody off Conn or Wisconsin?”")
    q = quote_of(quotes, text, "Dalton Brody")
    assert "Clinton" in speaker_of(text, q) and q.cue_text == "response"


def test_a_headline_colon_without_a_name_is_not_a_speaker(attribute):
    _text, quotes = attribute("Update: “The road is closed until Monday.”\n\nTraffic was slow.")
    assert not [q for q in quotes if "road is closed" in q.content_text]


def test_cue_sentence_before_the_quotation(attribute):
    text, quotes = attribute(
        "Both candidates called it no big deal.\n\n"
        "Sam Lau, the communications director for the Iowa Democratic Party said in a "
        "statement. “There are no paper ballots to recount.”\n"
    )
    q = quote_of(quotes, text, "no paper ballots")
    assert q.kind == "direct" and speaker_of(text, q).startswith("Sam Lau")


def test_a_sentence_with_its_own_content_does_not_claim_the_next_quotation(attribute):
    _text, quotes = attribute(
        "Mayor Ana Ruiz said the bridge would reopen. “We have waited long enough.”"
    )
    # "said the bridge would reopen" has its content: the quotation is no cue-less echo of it
    # with the same cue
    said = [q for q in quotes if q.cue_text == "said"]
    assert all("waited long enough" not in q.content_text for q in said)


def test_signature_on_the_next_line(attribute):
    text, quotes = attribute(
        "We do not award Pinocchios in debates.\n\n"
        '"Almost all new income and wealth is going to the top 1 percent."\n\n'
        "- Bernie Sanders.\n\nThe senator is relying on an outdated statistic."
    )
    q = quote_of(quotes, text, "new income")
    assert q.kind == "direct" and speaker_of(text, q) == "Bernie Sanders"


def test_glued_signature_dash_is_not_in_the_speaker(attribute):
    text, quotes = attribute(
        "Quotable.\n\n"
        '"The whole idea of a \'Crooked Hillary\' is something we hear about all the time."\n\n'
        "-Michelle Marks, Philadelphia."
    )
    q = quote_of(quotes, text, "Crooked Hillary")
    assert speaker_of(text, q).startswith("Michelle Marks")


def test_a_speech_verb_tagged_as_a_noun(attribute):
    text, quotes = attribute(
        "The campaign sent a fundraising email Wednesday.\n\n"
        '"Friend, let me be blunt. I can beat Hillary Clinton. Donald can\'t," the email read.'
    )
    q = quote_of(quotes, text, "let me be blunt")
    assert q.kind == "direct" and q.cue_text == "read" and "email" in speaker_of(text, q)


def test_inverted_speaker_after_a_participle_adjective(attribute):
    text, quotes = attribute(
        "She hadn't.\n\n"
        '"I\'m not going to say it is a mistake, so forget about it," said retired '
        "neurosurgeon Ben Carson, asked about his claims."
    )
    q = quote_of(quotes, text, "forget about it")
    assert q.kind == "direct" and speaker_of(text, q).endswith("Ben Carson")


def test_statement_object_then_comma(attribute):
    text, quotes = attribute(
        "Immediately after the attacks, Trump issued a statement, “Last night, our nation "
        "was attacked. My deepest sympathy goes out to the victims.”"
    )
    q = quote_of(quotes, text, "our nation was attacked")
    assert q.kind == "direct" and speaker_of(text, q) == "Trump"
    assert q.content[0].of(text).startswith("“Last night")


def test_comma_glued_to_the_opening_mark(attribute):
    text, quotes = attribute("The senator said,“Look at the record. It speaks for itself.”")
    q = quote_of(quotes, text, "Look at the record")
    assert q.kind == "direct" and speaker_of(text, q) == "The senator"
    nlp = load_spacy()
    assert [t.text for t in nlp("said,“Look")] == ["said", ",", "“", "Look"]


def test_fragment_whose_speaker_follows_in_the_sentence(attribute):
    text, quotes = attribute(
        "The deal is a “terrible betrayal of our workers,” Senator Reid said of the agreement."
    )
    q = quote_of(quotes, text, "terrible betrayal")
    assert "Reid" in speaker_of(text, q)


def test_a_one_word_scare_quote_is_left_alone(attribute):
    _text, quotes = attribute(
        "The so-called “experts” were wrong again, Senator Reid said on Tuesday."
    )
    assert not [q for q in quotes if q.content_text.strip("“”") == "experts"]


def test_chanted_slogan_in_title_case(attribute):
    text, quotes = attribute(
        "Hundreds of pro-Sanders demonstrators marched through Center City on Monday, "
        'chanting "Bernie or Jill, No Hill," raising fresh questions about the party.'
    )
    q = quote_of(quotes, text, "Bernie or Jill")
    assert "demonstrators" in speaker_of(text, q)


def test_a_quoted_fragment_ends_the_reported_words_at_its_comma(attribute):
    text, quotes = attribute(
        'In another tweet, Trump called Cruz the "ultimate hypocrite," linking to a story '
        "about an event in New York."
    )
    q = quote_of(quotes, text, "ultimate hypocrite")
    assert q.content[-1].of(text).endswith('hypocrite,"')
    assert "linking" not in q.content_text


def test_in_someones_view_after_the_quotation(attribute):
    text, quotes = attribute(
        "Trump would be dealing with problems.\n\n"
        "“This is not a circumstance where there’s one, or two, or three things you can "
        "identify,” in Bolton’s view."
    )
    q = quote_of(quotes, text, "not a circumstance")
    assert q.kind == "direct" and "Bolton" in speaker_of(text, q)


def test_a_quoted_name_on_a_pin_does_not_end_the_attribution(attribute):
    text, quotes = attribute(
        "Not everyone was claiming success.\n\n"
        "“We’ve had more successful conventions than this one,” Texas delegate Bill "
        "Eastland, wearing a cowboy hat and “Ted Cruz” campaign pins, said."
    )
    q = quote_of(quotes, text, "more successful conventions")
    assert speaker_of(text, q).endswith("Bill Eastland")


def test_a_chanted_reply_keeps_the_crowd_as_speaker(attribute):
    text, quotes = attribute(
        'The crowd chanted back at him, "Send them home," and "Build the wall." '
        "And Trump decried an increase in homicides in some cities."
    )
    q = quote_of(quotes, text, "Send them home")
    assert "crowd" in speaker_of(text, q)


def test_a_later_paragraph_with_its_own_attribution_is_its_own_quote(attribute):
    text, quotes = attribute(
        "Trump tweeted Sunday.\n\n"
        'Obama said: "There\'s no magic to the phrase. It\'s not a strategy.\n\n'
        '"Calling a threat by a different name does not make it go away," Obama said. '
        '"Not once has an adviser of mine said that."\n'
    )
    first = quote_of(quotes, text, "no magic")
    second = quote_of(quotes, text, "Calling a threat")
    assert first is not second
    assert all("Calling" not in c.of(text) for c in first.content)
    assert second.cue.start > first.cue.start


def test_headline_speaker_tagged_as_a_verb(attribute):
    text, quotes = attribute(
        "Gillibrand on Hillary Releasing Her Goldman Sachs Speech Transcripts: ‘I Think She "
        "Will.’\n\nFriday on CNN, Sen. Kristen Gillibrand said she thinks Clinton will release them."
    )
    q = quote_of(quotes, text, "I Think She Will")
    assert "Gillibrand" in speaker_of(text, q)


def test_a_no_break_space_between_the_mark_and_the_cue(attribute):
    text, quotes = attribute(
        "Republicans have faced criticism.\n\n"
        "“If anyone wonders why the investigation is not yet complete, the problems are "
        "Exhibit A,”\u00a0added Gowdy."
    )
    q = quote_of(quotes, text, "Exhibit A")
    assert q.kind == "direct" and speaker_of(text, q) == "Gowdy"


def test_a_quotation_running_on_to_a_final_attribution_is_mixed(attribute):
    text, quotes = attribute(
        "Bush drew $103 million to his super PAC.\n\n"
        '"Campaigns are having trouble raising money. They don\'t have a choice" but to take '
        "the lead in advertising, says Evan Tracey, a Republican media consultant."
    )
    q = quote_of(quotes, text, "trouble raising money")
    assert q.kind == "mixed" and speaker_of(text, q).startswith("Evan Tracey")
    assert q.content[-1].of(text).endswith("lead in advertising")


def test_a_name_given_in_title_case_by_a_naming_verb(attribute):
    text, quotes = attribute(
        "Jacobs called Merkel “The Chancellor of the Free World.” Jacobs credited Merkel "
        "with holding the continent together."
    )
    q = quote_of(quotes, text, "Chancellor of the Free World")
    assert speaker_of(text, q) == "Jacobs"
    assert "credited" not in q.content_text
