"""Outlet, date and language: each with its evidence, unknown when nothing says."""

from datetime import date

import pytest

from counterpoint.ingest.clean import clean_text
from counterpoint.ingest.describe import (
    clean_headline,
    detect_language,
    find_publication_date,
    identify_outlet,
    parse_date,
)
from counterpoint.ingest.outlets import OutletRegistry

BODY = "Israeli forces entered the Jenin refugee camp on Thursday, the army said.\nNine people were killed."
TODAY = date(2024, 6, 1)


@pytest.fixture(scope="module")
def registry():
    return OutletRegistry.load(use_env=False)


def _outlet(registry, metadata=None, url=None, text=BODY):
    return identify_outlet(metadata=metadata or {}, url=url, cleaned=clean_text(text, registry=registry), registry=registry)


def test_outlet_from_domain(registry):
    assert _outlet(registry, url="https://www.jpost.com/middle-east/article-730000") == (
        "The Jerusalem Post", "domain: jpost.com")
    assert _outlet(registry, url="https://edition.cnn.com/2023/01/27/x")[0] == "CNN"
    assert _outlet(registry, url="https://english.wafa.ps/Pages/Details/133")[0] == "WAFA"


def test_outlet_from_sitename_and_declared_outlet(registry):
    assert _outlet(registry, {"sitename": "The Times of Israel"}) == (
        "The Times of Israel", "metadata: sitename 'The Times of Israel'")
    assert _outlet(registry, {"sitename": "The Jerusalem Post | JPost.com"})[0] == "The Jerusalem Post"
    assert _outlet(registry, {"outlet": "fox"})[0] == "Fox News"
    assert _outlet(registry, {"outlet": "hpo"})[0] == "HuffPost"
    assert _outlet(registry, {"outlet": "nyt"})[0] == "The New York Times"
    assert _outlet(registry, {"outlet": "Small Town Gazette"}) == ("Small Town Gazette", "metadata: outlet")


def test_outlet_from_signature_only_on_furniture(registry):
    assert _outlet(registry, text=BODY + "\nJerusalem Post Store")[0] == "The Jerusalem Post"
    # the same phrase inside an article sentence is not evidence
    sentence = "He bought it at the Jerusalem Post Store in the city centre, he told reporters."
    assert _outlet(registry, text=BODY + "\n" + sentence) == (None, None)


def test_outlet_unknown_is_none(registry):
    assert _outlet(registry) == (None, None)
    # an outlet named in the text is not the publisher
    assert _outlet(registry, text="The Jerusalem Post reported that talks failed, Reuters said.\n" + BODY) == (None, None)


def test_unknown_domain_is_the_domain_itself(registry):
    assert _outlet(registry, url="https://www.example-gazette.org/news/1") == (
        "example-gazette.org", "domain (not in registry)")


def test_conflicting_signatures_give_none():
    reg = OutletRegistry.load(use_env=False)
    reg.outlets.append(type(reg.outlets[0])(name="Other Post", signatures=("Other Post Shop",)))
    reg._reindex()
    text = BODY + "\nJerusalem Post Store\nOther Post Shop"
    assert identify_outlet(metadata={}, url=None, cleaned=clean_text(text, registry=reg), registry=reg) == (None, None)


def test_dateline_agency_as_last_resort(registry):
    name, evidence = _outlet(registry, text="JERUSALEM (Reuters) - " + BODY)
    assert name == "Reuters" and evidence.startswith("dateline")


@pytest.mark.parametrize(
    "metadata,url,expected",
    [
        ({"date": "2023-01-27"}, None, ("2023-01-27", "metadata: date")),
        ({"date": "2023-01-27T10:05:00+02:00"}, None, ("2023-01-27T10:05:00+02:00", "metadata: date")),
        ({"published": "Fri, 27 Jan 2023 10:05:00 GMT"}, None, ("2023-01-27T10:05:00+00:00", "metadata: published")),
        ({"date": "January 27, 2023"}, None, ("2023-01-27", "metadata: date")),
        ({}, "https://www.jpost.com/2023/01/27/abc", ("2023-01-27", "url")),
        ({}, "https://example.com/news/2023-01-27-talks", ("2023-01-27", "url")),
        ({}, "https://example.com/news/20230127/talks", ("2023-01-27", "url")),
        ({}, "https://example.com/news/talks", (None, None)),
        ({}, None, (None, None)),
    ],
)
def test_publication_date(metadata, url, expected):
    iso, evidence, _ = find_publication_date(metadata=metadata, url=url, cleaned=None, today=TODAY)
    assert (iso, evidence) == expected


def test_absurd_date_rejected_with_note():
    iso, evidence, notes = find_publication_date(metadata={"date": "2203-01-27"}, url=None, cleaned=None, today=TODAY)
    assert iso is None
    assert "2203-01-27" in evidence and "future" in evidence
    assert notes
    iso, evidence, _ = find_publication_date(
        metadata={"date": "2203-01-27"}, url="https://x.com/2023/01/27/a", cleaned=None, today=TODAY)
    assert iso == "2023-01-27" and evidence == "url"
    assert find_publication_date(metadata={"date": "1066-10-14"}, url=None, cleaned=None, today=TODAY)[0] is None


def test_date_from_text_date_line_and_dateline():
    c = clean_text("Published: January 27, 2023\n" + BODY)
    assert find_publication_date(metadata={}, url=None, cleaned=c, today=TODAY)[:2] == ("2023-01-27", "date line in text")
    c = clean_text("GAZA CITY, Jan. 27, 2023 (Reuters) - " + BODY)
    assert find_publication_date(metadata={}, url=None, cleaned=c, today=TODAY)[:2] == ("2023-01-27", "dateline")


def test_parse_date_rejects_non_dates():
    assert parse_date("not a date") is None
    assert parse_date("2023-13-45") is None


def test_language():
    assert detect_language(BODY)[0] == "en"
    fr = "Les forces israéliennes sont entrées jeudi dans le camp de réfugiés de Jénine, a indiqué l'armée."
    assert detect_language(fr)[0] == "fr"
    assert detect_language("ok") == (None, None)


def test_clean_headline_drops_site_suffix(registry):
    assert clean_headline("Talks collapse | The Jerusalem Post", None, registry) == "Talks collapse"
    assert clean_headline("Talks collapse - Reuters", "Reuters", registry) == "Talks collapse"
    assert clean_headline("Hamas - Fatah talks collapse", None, registry) == "Hamas - Fatah talks collapse"


@pytest.mark.parametrize(
    "line,byline,iso",
    [
        ("By Jane Doe | January 27, 2023", "Jane Doe", "2023-01-27"),
        ("By KHALED ABU TOAMEH Published: JANUARY 28, 2023 21:36", "KHALED ABU TOAMEH", "2023-01-28"),
        ("Published January 27, 2023 • Updated January 28, 2023 09:15", None, "2023-01-27"),
        ("Fri 27 Jan 2023 10.05 GMT", None, "2023-01-27"),
        ("5:45 AM PST 11/19/2019 by Patrick Shanley", "Patrick Shanley", "2019-11-19"),
    ],
)
def test_date_and_byline_lines(line, byline, iso):
    c = clean_text(line + "\n" + BODY)
    assert c.text == BODY
    assert c.byline == byline
    assert find_publication_date(metadata={}, url=None, cleaned=c, today=TODAY)[:2] == (iso, "date line in text")


def test_outlet_from_credit_line(registry):
    assert _outlet(registry, text="Hannah Gardner\nUSA TODAY\n" + BODY) == ("USA Today", "credit line: 'USA TODAY'")
