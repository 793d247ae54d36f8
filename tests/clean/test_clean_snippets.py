"""Cleaning on small realistic snippets: what goes, and - more important - what stays."""

import pytest

from counterpoint.ingest.clean import apply_removals, clean_text, looks_like_code

BODY = (
    "Israeli forces entered the Jenin refugee camp on Thursday morning, the army said.\n"
    "Nine people were killed and twenty more were injured, according to the health ministry.\n"
    "The Palestinian Authority said it would halt security coordination with Israel."
)


def _check(raw: str):
    c = clean_text(raw)
    for r in c.removals:
        assert raw[r.start : r.end] == r.text
    assert apply_removals(raw, c.removals) == c.text
    for sentence in BODY.splitlines():
        assert sentence in c.text
    return c


@pytest.mark.parametrize(
    "debris",
    [
        "We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies.",
        "This website uses cookies.",
        "Accept all cookies",
        "Cookie settings",
        "Share this article",
        "Share on Facebook",
        "Tweet",
        "Read more: Israel and the PA: what security coordination means",
        "READ MORE:",
        "Related Articles",
        "Sign up for our daily newsletter",
        "Subscribe to our newsletter to get the latest news in your inbox.",
        "Get the latest headlines delivered to your inbox every morning. Sign up now",
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "© 2023 The Times of Israel, all rights reserved",
        "Follow us on Twitter",
        "Click here to subscribe",
        "Most Read",
        "Jerusalem Post Store",
    ],
)
def test_furniture_line_removed(debris):
    raw = BODY.replace("\n", f"\n{debris}\n", 1)
    c = _check(raw)
    assert debris not in c.text
    assert [r.text for r in c.removals] == [debris]
    assert c.removals[0].reason == "furniture"


@pytest.mark.parametrize(
    "caption",
    [
        "(Photo: Reuters)",
        "Palestinians attend a funeral in Jenin on Thursday. (Photo: Majdi Mohammed/AP)",
        "Credit: Reuters",
        "Photo credit: Flash90",
        "REUTERS/Mohamad Torokman",
        "AP Photo/Majdi Mohammed",
        "Image caption, Mourners in Jenin",
        "Mourners carry the bodies in Jenin (AFP via Getty Images)",
    ],
)
def test_caption_moved_to_metadata(caption):
    raw = BODY.replace("\n", f"\n{caption}\n", 1)
    c = _check(raw)
    assert caption not in c.text
    assert c.removals[0].reason == "caption"
    assert c.captions == [caption]


@pytest.mark.parametrize(
    "line,name",
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY KHALED ABU TOAMEH", "KHALED ABU TOAMEH"),
        ("By Jane Doe and John Smith", "Jane Doe and John Smith"),
        ("By Tovah Lazaroff, Reuters", "Tovah Lazaroff"),
        ("Written by Aaron Boxerman", "Aaron Boxerman"),
    ],
)
def test_byline_moved_to_metadata(line, name):
    c = _check(f"{line}\n{BODY}")
    assert c.byline == name
    assert [(r.reason, r.text) for r in c.removals] == [("byline", line)]


def test_reuters_credits_are_bylines():
    c = _check(f"{BODY}\n(Reporting by Ali Sawafta; Editing by Toby Chopra)")
    assert c.credits == ["Reporting by Ali Sawafta; Editing by Toby Chopra"]
    assert c.removals[0].reason == "byline"


@pytest.mark.parametrize(
    "prefix,agency",
    [
        ("JERUSALEM (Reuters) - ", "Reuters"),
        ("GAZA CITY, Jan 27 (Reuters) - ", "Reuters"),
        ("RAMALLAH, West Bank (AP) — ", "AP"),
        ("WASHINGTON — ", None),
    ],
)
def test_dateline_moved_to_metadata(prefix, agency):
    c = _check(prefix + BODY)
    assert c.removals[0].reason == "dateline"
    assert c.removals[0].text == prefix
    assert c.dateline == prefix.strip()
    assert c.dateline_agency == agency
    assert c.text.startswith("Israeli forces entered")


def test_date_line_removed_and_kept_for_describe():
    c = _check(f"Published: January 27, 2023 10:05 am\n{BODY}")
    assert c.date_lines == ["Published: January 27, 2023 10:05 am"]
    assert c.removals[0].reason == "date"


def test_repeated_pull_quote_removed_once():
    quote = "“We consider that security coordination no longer exists as of now,” he said."
    raw = f"{BODY}\n{quote}\nMore text follows here about the raid and its aftermath.\n{quote}"
    c = _check(raw)
    assert c.text.count(quote) == 1
    assert [r.reason for r in c.removals] == ["repeated"]


def test_code_tail_inside_a_line():
    raw = BODY + ' var x = document.getElementById("ad"); x.style.display = "none"; if (x !== null) { x.remove(); }'
    c = _check(raw)
    assert c.text.endswith("security coordination with Israel.")
    assert c.removals[0].reason == "code"


@pytest.mark.parametrize(
    "code",
    [
        "`;",
        "});",
        'window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}',
        ".article-body p { margin: 0 0 15px; color: #333; }",
        '<div class="ad-slot" data-id="123"></div>',
        '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "x"}',
    ],
)
def test_code_lines(code):
    assert looks_like_code(code)
    c = _check(BODY.replace("\n", f"\n{code}\n", 1))
    assert c.removals[0].reason == "code"


# ------------------------------------------------------------------ what must stay


@pytest.mark.parametrize(
    "sentence",
    [
        "The company said it would open a new store in Ramallah next year.",
        "Over two million readers subscribe to the newsletter, the paper said.",
        "By Thursday, the army had withdrawn from the camp.",
        "Share prices fell 3% on Monday after the announcement.",
        "Read the full statement, the spokesperson told reporters on Friday.",
        "The function of the committee (which meets weekly) is to review security [arrangements].",
        "Officials said the meeting, held in Ramallah, lasted three hours; no agreement was reached.",
        "The EU requires websites to ask users before they store cookies, critics noted.",
        "Photos of the raid were shared widely on social media.",
        "Follow-up talks are expected next week.",
        "Advertisement revenue at the newspaper dropped sharply last year, it said.",
        "Mr. Smith = the former minister, according to the court filing.",
        "Copyright lawyers say the case could take years.",
        "Loading the trucks took three hours on Monday.",
        "12 responses to the survey were negative.",
        "In other news, the minister resigned on Friday.",
        "More on the talks came on Friday when officials met.",
        "Don't miss the deadline, the ministry warned residents on Sunday.",
        "Subscribers to the service rose by 12% last year, the company said.",
    ],
)
def test_article_sentences_stay(sentence):
    raw = BODY.replace("\n", f"\n{sentence}\n", 1)
    c = _check(raw)
    assert sentence in c.text
    assert c.removals == []
    assert not looks_like_code(sentence)


def test_crosshead_stays():
    c = _check(BODY.replace("\n", "\nDiscussing security coordination\n", 1))
    assert "\nDiscussing security coordination\n" in c.text


def test_no_headline_when_text_opens_with_a_sentence():
    c = _check(BODY)
    assert c.headline is None and c.removals == []


def test_question_is_not_a_headline():
    raw = "Remember the long quest for a state slogan?\n" + BODY
    c = _check(raw)
    assert c.headline is None


def test_metadata_title_is_not_duplicated():
    raw = "Palestinians halt security coordination | Reuters\n" + BODY
    c = _check(raw.replace(" | Reuters", ""))
    c2 = clean_text(raw.replace(" | Reuters", ""), title="Palestinians halt security coordination | Reuters")
    assert c.headline == "Palestinians halt security coordination"
    assert c2.removals[0].reason == "headline"
    assert "Palestinians halt security coordination" not in c2.text


def test_title_given_but_absent_from_text():
    c = clean_text(BODY, title="Some headline")
    assert c.headline == "Some headline"
    assert c.text == BODY and c.removals == []


def test_paragraphs_and_whitespace_normalisation():
    raw = "  First paragraph line one.\r\nstill the first paragraph.  \r\n\r\n\r\n\r\nSecond paragraph.\r\nAdvertisement\r\nThird line.\n\n"
    c = clean_text(raw)
    assert c.text == "First paragraph line one.\nstill the first paragraph.\n\nSecond paragraph.\nThird line."
    assert apply_removals(raw, c.removals) == c.text


def test_hard_wrapped_continuation_is_never_furniture():
    raw = (
        "The minister told reporters that readers could now read more of the report and\n"
        "subscribe to updates from the ministry, a first for the department.\n" + BODY
    )
    c = _check(raw)
    assert "subscribe to updates from the ministry" in c.text


def test_empty_and_all_debris():
    assert clean_text("").text == ""
    c = clean_text("Advertisement\nShare this article\n`;")
    assert c.text == "" and [r.reason for r in c.removals] == ["furniture", "furniture", "code"]


@pytest.mark.parametrize(
    "block,byline,credit",
    [
        ("Hannah Gardner\nUSA TODAY", "Hannah Gardner", "USA TODAY"),
        ("Ken Alltucker and Craig Harris\nThe Arizona Republic", "Ken Alltucker and Craig Harris", "The Arizona Republic"),
        ("David Agren\nSpecial to USA TODAY", "David Agren", "Special to USA TODAY"),
        ("Associated Press", None, "Associated Press"),
    ],
)
def test_credit_lines_without_by(block, byline, credit):
    c = _check(block + "\n" + BODY)
    assert c.byline == byline and c.credits == [credit]
    assert {r.reason for r in c.removals} == {"byline"}


@pytest.mark.parametrize(
    "caption",
    [
        "Media playback is unsupported on your device Media caption Trump said the WHO had failed",
        "Enlarge this image toggle caption Drew Angerer/Getty Images",
        "A woman holds a small vaccine bottle, April 10, 2020. (Dado Ruvic/Reuters)",
        "Angelo Carusone (MSNBC via YouTube)",
        "James Martin/CNET",
    ],
)
def test_player_and_credit_captions(caption):
    c = _check(BODY.replace("\n", f"\n{caption}\n", 1))
    assert c.removals[0].reason == "caption"


def test_a_person_named_on_a_line_before_body_text_is_not_a_byline():
    # a crosshead naming a person, followed by article text, stays
    c = _check("Mahmoud Abbas\n" + BODY)
    assert "Mahmoud Abbas" in (c.headline or c.text)
    assert c.byline is None


def test_title_worded_differently_in_the_text():
    title = "Palestinian Authority ends security coordination with Israel | Reuters"
    line = "Palestinian Authority ends security ties with Israel"
    c = clean_text(line + "\n" + BODY, title=title)
    assert c.removals[0].reason == "headline" and c.text == BODY
    assert c.headline == title  # the metadata title; describe drops the site suffix


def test_title_never_takes_the_lede():
    lede = "The Palestinian Authority said on Wednesday it was ending security coordination with Israel."
    c = clean_text(lede + "\n" + BODY, title="Palestinian Authority ends security coordination with Israel")
    assert c.removals == [] and c.text.startswith(lede)


def test_markup_around_prose_goes_the_words_stay():
    tweet = ('<tweet author="GovMikeHuckabee" tweet_id="672151859491016704">Praying for those impacted '
             'by the shooting in California today</tweet>.')
    c = _check(BODY.replace("\n", f"\n{tweet}\n", 1))
    assert "Praying for those impacted by the shooting in California today." in c.text
    assert [r.reason for r in c.removals] == ["code", "code"]
    c = _check(f"<b>Big News Today In Jenin</b>\n{BODY}")
    assert "Big News Today In Jenin" in c.text
