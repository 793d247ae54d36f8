"""Describing an article: outlet, publication date and language, each with its evidence.

Every answer says where it came from (``outlet_evidence``, ``date_evidence``), and when nothing
identifies the outlet or the date the answer is ``None`` - unknown is never replaced by a guess.

Outlet, in order of trust:

1. ``metadata["outlet"]`` declared by the source (a corpus field), mapped to the registry name;
2. the URL's domain when the registry knows it (``domain: jpost.com``);
3. the page's declared site name (``metadata["sitename"]``);
4. a registry signature phrase on a furniture line of the text (``signature: "Jerusalem Post
   Store"``) - ambiguous signatures (two outlets equally often) give ``None``;
5. the URL's domain when the registry does not know it (the domain itself is the answer);
6. an outlet credit line under the byline ("Hannah Gardner" / "USA TODAY");
7. a wire agency in the dateline (``JERUSALEM (Reuters) -``): the story is that agency's copy.

Date, in order: metadata (``date``/``published``/...), the URL (``/2023/01/27/``), a furniture
date line ("Published: January 27, 2023"), a dateline with a year. Dates before 1800 or after
tomorrow are rejected with a note (``date_evidence`` then says what was rejected).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit

from counterpoint.ingest.clean import _DATE, Cleaned
from counterpoint.ingest.outlets import OutletRegistry, _bare_host, default_registry

OUTLET_KEYS = ("outlet", "source_outlet", "publisher")
SITENAME_KEYS = ("sitename", "site_name", "og:site_name", "site")
DATE_KEYS = ("date", "published", "publication_date", "pubdate", "date_published", "datePublished")
URL_KEYS = ("url", "link", "canonical_url")
MIN_YEAR = 1800


@dataclass
class Description:
    headline: str | None = None
    standfirst: str | None = None
    byline: str | None = None
    outlet: str | None = None
    outlet_evidence: str | None = None
    published: str | None = None
    date_evidence: str | None = None
    language: str | None = None
    language_score: float | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)


def _first(metadata: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = metadata.get(key)
        if value and str(value).strip():
            return str(value).strip()
    return None


def article_url(metadata: dict, source: str | None = None) -> str | None:
    """The article's URL: from metadata, or the source itself when it is a URL."""
    url = _first(metadata, URL_KEYS)
    if not url and source and re.match(r"https?://", source):
        url = source
    return url


# --------------------------------------------------------------------------- outlet


def identify_outlet(
    *,
    metadata: dict,
    url: str | None,
    cleaned: Cleaned | None,
    registry: OutletRegistry | None = None,
) -> tuple[str | None, str | None]:
    """(outlet name, evidence) - ``(None, None)`` when nothing identifies it."""
    registry = registry or default_registry()
    declared = _first(metadata, OUTLET_KEYS)
    if declared:
        known = registry.by_name(declared)
        return (known.name, f"metadata: outlet {declared!r}") if known else (declared, "metadata: outlet")
    host = _bare_host(url) if url else None
    if host:
        known = registry.by_domain(host)
        if known:
            return known.name, f"domain: {host}"
    sitename = _first(metadata, SITENAME_KEYS)
    if sitename:
        known = registry.by_name(sitename)
        if known:
            return known.name, f"metadata: sitename {sitename!r}"
    if cleaned and cleaned.signatures:
        counts: dict[str, list[str]] = {}
        for hit in cleaned.signatures:
            counts.setdefault(hit.outlet.name, []).append(hit.phrase)
        ranked = sorted(counts.items(), key=lambda kv: len(kv[1]), reverse=True)
        if len(ranked) == 1 or len(ranked[0][1]) > len(ranked[1][1]):
            name, phrases = ranked[0]
            return name, "signature: " + ", ".join(repr(p) for p in dict.fromkeys(phrases))
    if sitename:
        return sitename, "metadata: sitename (not in registry)"
    if host and "." in host:
        return host, "domain (not in registry)"
    if cleaned:
        for credit in cleaned.credits:
            known = registry.by_name(credit) or registry.by_name(re.sub(r"(?i)^special to\s+", "", credit))
            if known:
                return known.name, f"credit line: {credit!r}"
    if cleaned and cleaned.dateline_agency:
        known = registry.by_name(cleaned.dateline_agency)
        if known:
            return known.name, f"dateline: ({cleaned.dateline_agency}) wire copy"
    return None, None


def clean_headline(title: str, outlet: str | None, registry: OutletRegistry | None = None) -> str:
    """Drop a site-name suffix from an HTML title: "Headline | The Jerusalem Post" -> "Headline"."""
    registry = registry or default_registry()
    title = " ".join(title.split())
    while True:
        seps = list(re.finditer(r"\s+[|–—-]\s+", title))
        if not seps:
            return title
        tail = title[seps[-1].end() :]
        if registry.by_name(tail) or (outlet and tail.lower() in outlet.lower()) or re.search(
            r"\.(?:com|org|net|co\.uk)$", tail, re.IGNORECASE
        ):
            title = title[: seps[-1].start()]
        else:
            return title


def standfirst_from_description(description: str | None, body: str) -> str | None:
    """The page's declared description as standfirst - unless it is just the body's opening.

    Many sites use the lede (or its first 150 characters) as ``og:description``; a description
    that the body does not open with is a standfirst (dek) the extractor left out.
    """
    if not description or len(description.split()) < 5:
        return None
    key = _loose(description)[:80]
    if key and key in _loose(body[: len(description) * 3 + 200]):
        return None
    return " ".join(description.split())


def _loose(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


# --------------------------------------------------------------------------- date

_TEXT_DATE = re.compile(_DATE, re.IGNORECASE)
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_URL_DATE = [
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])"),
    re.compile(r"[/_-](?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"),
    re.compile(r"[/_-](?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"),
]


def _check_year(value: date, today: date) -> str | None:
    if value.year < MIN_YEAR:
        return f"year {value.year} is before {MIN_YEAR}"
    if value > today + timedelta(days=1):
        return f"{value.isoformat()} is in the future"
    return None


def parse_date(value: str) -> tuple[date, str] | None:
    """Parse a declared date into (date, ISO string); None when it is not a date.

    The ISO string keeps the time (and offset) when the value had one.
    """
    value = value.strip()
    m = _ISO.match(value)
    if m:
        try:
            day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
        if m["time"]:
            try:
                dt = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
                return day, dt.isoformat()
            except ValueError:
                pass
        return day, day.isoformat()
    try:  # RFC 2822, as RSS feeds write it
        dt = parsedate_to_datetime(value)
        return dt.date(), dt.isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    dt = _dateparser(value)
    if dt is None:
        return None
    has_time = bool(re.search(r"\d:\d\d", value))
    return dt.date(), dt.isoformat() if has_time else dt.date().isoformat()


def _dateparser(value: str) -> datetime | None:
    if len(value) > 80 or not re.search(r"\d", value):
        return None
    import dateparser  # slow to import: only for dates that are not ISO or RFC 2822

    return dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
    )


def find_publication_date(
    *, metadata: dict, url: str | None, cleaned: Cleaned | None, today: date | None = None
) -> tuple[str | None, str | None, list[str]]:
    """(ISO date or datetime, evidence, notes). Absurd dates are rejected with a note."""
    today = today or datetime.now(UTC).date()
    notes: list[str] = []
    candidates: list[tuple[str, str]] = []
    for key in DATE_KEYS:
        if metadata.get(key):
            candidates.append((str(metadata[key]), f"metadata: {key}"))
    if url:
        path = urlsplit(url).path
        for rx in _URL_DATE:
            m = rx.search(path)
            if m:
                candidates.append((f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}", "url"))
                break
    if cleaned:
        for line in cleaned.date_lines:
            # the first date of the line ("Published Jan 27, 2023 • Updated Jan 28, 2023")
            m = _TEXT_DATE.search(line)
            if m:
                candidates.append((m.group(0), "date line in text"))
        if cleaned.dateline and re.search(r"\b\d{4}\b", cleaned.dateline):
            m = re.search(r"[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*\d{4}", cleaned.dateline)
            if m:
                candidates.append((m.group(0), "dateline"))
    for value, evidence in candidates:
        text = re.sub(
            r"^(?:first\s+)?(?:published|updated|posted|last updated|modified|date)(?:\s+on)?\s*:?\s*",
            "", value, flags=re.IGNORECASE,
        )
        parsed = parse_date(text)
        if parsed is None:
            notes.append(f"unparseable date {value!r} ({evidence})")
            continue
        day, iso = parsed
        problem = _check_year(day, today)
        if problem:
            notes.append(f"rejected date {value!r} from {evidence}: {problem}")
            continue
        return iso, evidence, notes
    return None, ("; ".join(notes) if notes else None), notes


# --------------------------------------------------------------------------- language


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_LETTERS = re.compile(r"[^\W\d_]")


def detect_language(text: str, *, sample: int = 500) -> tuple[str | None, float | None]:
    """(ISO 639-1 code, probability) from py3langid; None for text too short to tell.

    The first ``sample`` characters are plenty for a language and keep ingest fast.
    """
    sample_text = text[:sample]
    if len(_LETTERS.findall(sample_text[:200])) < 20:
        return None, None
    lang, prob = _identifier().classify(sample_text)
    if lang == "und":
        return None, round(float(prob), 4)
    return lang, round(float(prob), 4)


# --------------------------------------------------------------------------- all at once


def describe(
    cleaned: Cleaned,
    *,
    metadata: dict | None = None,
    source: str | None = None,
    registry: OutletRegistry | None = None,
    today: date | None = None,
) -> Description:
    """Headline, standfirst, byline, outlet, date and language of a cleaned article."""
    metadata = metadata or {}
    registry = registry or default_registry()
    url = article_url(metadata, source)
    outlet, outlet_evidence = identify_outlet(
        metadata=metadata, url=url, cleaned=cleaned, registry=registry
    )
    published, date_evidence, notes = find_publication_date(
        metadata=metadata, url=url, cleaned=cleaned, today=today
    )
    headline = cleaned.headline
    if headline and _first(metadata, ("title",)):
        headline = clean_headline(headline, outlet, registry)
    byline = _first(metadata, ("author", "byline", "authors")) or cleaned.byline
    standfirst = cleaned.standfirst or standfirst_from_description(
        _first(metadata, ("standfirst", "description", "summary")), cleaned.text
    )
    language, score = detect_language(cleaned.text)
    if language is None and _first(metadata, ("language", "lang")):
        # too little text to tell: the page's declared language ("en-US" -> "en")
        language = _first(metadata, ("language", "lang")).split("-")[0].split("_")[0].lower()
    return Description(
        headline=headline,
        standfirst=standfirst,
        byline=byline,
        outlet=outlet,
        outlet_evidence=outlet_evidence,
        published=published,
        date_evidence=date_evidence,
        language=language,
        language_score=score,
        url=url,
        notes=notes,
    )
