"""The one data model every stage speaks.

An article enters as a :class:`RawInput`, is cleaned and described into an :class:`Article`,
analysed into an :class:`ArticleAnalysis` (sentences, entities, quotes, claims, times, events),
grouped into a :class:`Story`, and compared into a :class:`StoryComparison` made of
:class:`Finding` objects.

Every offset is a character offset into ``Article.text`` (the *cleaned* text), except
:class:`Removal` offsets, which point into ``Article.raw_text`` (what cleaning cut out).
Spans are half-open: ``text[start:end]``.

All models are pydantic models so that they serialise to JSON (``model_dump(mode="json")``),
validate on the way back in (``Model.model_validate(data)``) and yield a JSON Schema.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- spans


class Span(_Model):
    """A half-open character range ``[start, end)`` in an article's cleaned text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:  # pragma: no cover - trivial
        return max(0, self.end - self.start)


class Evidence(_Model):
    """A passage of one article that a finding rests on."""

    article_id: str
    start: int
    end: int
    text: str
    outlet: str | None = None


# --------------------------------------------------------------------------- ingest

InputKind = Literal["text", "html", "url", "feed", "jsonl", "csv", "warc"]


class RawInput(_Model):
    """One article as read from a source, before cleaning.

    ``source`` names where it came from precisely enough to find it again:
    a path, a URL, ``corpus.jsonl:1234`` (line), ``crawl.warc.gz@5678`` (record offset).
    ``metadata`` holds what the source itself declared (title, date, author, url, outlet, ...).
    ``cuts`` are spans of ``text`` the reader already judged not to be article (the HTML
    reader's furniture lines): cleaning drops them and records them as removals, so every
    cut stays auditable against ``Article.raw_text``.
    """

    source: str
    kind: InputKind
    text: str | None = None  # plain text input
    html: str | None = None  # HTML input (pages, WARC responses, feed entries with markup)
    metadata: dict[str, str | None] = Field(default_factory=dict)
    cuts: list[Removal] = Field(default_factory=list)


class Removal(_Model):
    """A piece of the raw text that cleaning cut out, and why (``code``, ``furniture``, ...)."""

    start: int
    end: int
    reason: str
    text: str


class Article(_Model):
    """A cleaned, described article. ``id`` is a hash of ``text`` (see :func:`article_id`)."""

    id: str
    text: str
    raw_text: str  # the text before cleaning; Removal offsets point into it
    raw_html: str | None = Field(default=None, repr=False)  # kept so extraction can be re-run
    source: str
    kind: InputKind
    url: str | None = None
    headline: str | None = None
    standfirst: str | None = None
    byline: str | None = None
    outlet: str | None = None  # None means unknown: never guessed
    outlet_evidence: str | None = None  # how the outlet was recognised ("domain", "signature: ...")
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime; None when unknown
    date_evidence: str | None = None
    language: str | None = None
    word_count: int = 0
    removals: list[Removal] = Field(default_factory=list)
    # Ids of articles whose text is a near-duplicate of this one (wire copies).
    near_duplicates: list[str] = Field(default_factory=list)
    metadata: dict[str, str | None] = Field(default_factory=dict)


def article_id(clean_text: str) -> str:
    """The workspace key of an article: a hash of its cleaned text (whitespace-normalised)."""
    norm = " ".join(clean_text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:20]


class Rejection(_Model):
    """An input that could not become an article: which one and why."""

    source: str
    reason: str


# --------------------------------------------------------------------------- analysis


class Sentence(Span):
    index: int


class Mention(Span):
    text: str


class Entity(_Model):
    """One canonical person, organisation, place, ... within an article.

    ``key`` is the cross-article canonical key (same person in two outlets -> same key).
    """

    key: str
    name: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, ...
    mentions: list[Mention] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)  # titles/roles the text gives
    aliases: list[str] = Field(default_factory=list)


QuoteKind = Literal["direct", "indirect", "partial", "mixed"]


class Quote(_Model):
    """An attribution: who said what, with which cue."""

    content: list[Span]
    content_text: str
    kind: QuoteKind
    cue: Span | None = None
    cue_text: str | None = None
    speaker_span: Span | None = None  # the words naming the speaker in this attribution
    speaker_key: str | None = None  # canonical entity key when resolved to a named entity
    speaker_name: str | None = None
    speaker_description: str | None = None  # kept for unnamed sources ("officials", "commentators")
    unnamed: bool = False
    addressee: str | None = None  # "told the Voice of Palestine radio station"
    confidence: float = 1.0


class TimeExpr(Span):
    """A temporal expression, normalised when an anchor allows it; relative otherwise."""

    text: str
    value: str | None = None  # ISO date when resolved, else None
    relative: str | None = None  # e.g. "weekday:THU", "last-week", "same-day"
    weekday: str | None = None
    anchor: Literal["publication", "text", "none"] = "none"
    confidence: float = 0.5


class Quantity(Span):
    """A number and what it counts: "nine Palestinians" -> value 9, counts "Palestinians"."""

    text: str
    value: float | None
    counts: str | None = None  # head noun counted
    predicate: str | None = None  # "killed", "injured", ...
    approximate: bool = False
    subset_of: str | None = None  # "eight of whom" -> refers to an enclosing count


class Claim(Span):
    """One statement of fact or assertion (a sentence or clause) with comparison slots."""

    text: str
    sentence_index: int
    actors: list[str] = Field(default_factory=list)  # entity keys
    targets: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    entities: list[str] = Field(default_factory=list)  # every entity key mentioned
    quantities: list[Quantity] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    negated: bool = False
    hedges: list[str] = Field(default_factory=list)  # "likely", "it is unclear whether"
    voice: str = "outlet"  # "outlet" or the speaker key/description of an attribution
    quote_index: int | None = None  # index into ArticleAnalysis.quotes when attributed


class Event(_Model):
    """Who did what to whom, when, where, as one article states it."""

    action: str  # PLOVER type: ASSAULT, AGREE, ...
    mode: str | None = None
    trigger: Span
    trigger_text: str
    # the verb phrase as the article words it, for summaries: "will hold more meetings",
    # "expressed its opposition to" (ends with the preposition of the argument shown next)
    wording: str | None = None
    actor: str | None = None
    actor_key: str | None = None
    actor_type: str | None = None
    actor_country: str | None = None
    target: str | None = None
    target_key: str | None = None
    target_type: str | None = None
    theme: str | None = None  # what was acted on when it is not an actor ("security coordination")
    place: str | None = None
    time: TimeExpr | None = None
    evidence: Span
    voice: str = "outlet"
    negated: bool = False
    confidence: float = 0.5


class ArticleAnalysis(_Model):
    article_id: str
    pipeline_version: str
    models: dict[str, str] = Field(default_factory=dict)
    language: str | None = None
    flags: list[str] = Field(default_factory=list)  # "non-english", "no-sentences", "truncated"
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


# --------------------------------------------------------------------------- stories


class Story(_Model):
    id: str
    headline: str | None = None
    article_ids: list[str] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    size: int = 0


# --------------------------------------------------------------------------- comparison

FindingKind = Literal[
    "shared",  # a fact every outlet carries
    "omission",  # a fact only some outlets carry
    "contradiction",
    "quote_match",  # same statement, same speaker, across outlets
    "framing",  # different words for the same referent, scare quotes, hedges
    "sourcing",  # unnamed sources, whose voices are heard
    "inconsistency",  # within one article
    "note",  # e.g. "articles look unrelated"
]

ContradictionType = Literal[
    "number", "date", "person", "institution", "place", "negation", "quote"
]


class Finding(_Model):
    """One thing the comparison found, with its evidence in each article it cites."""

    kind: FindingKind
    subtype: str | None = None  # contradiction type, framing kind, ...
    summary: str
    explanation: str | None = None
    confidence: float
    evidence: list[Evidence]
    outlets: list[str] = Field(default_factory=list)  # outlets that carry it
    missing_from: list[str] = Field(default_factory=list)  # outlets that do not
    centrality: float | None = None
    data: dict = Field(default_factory=dict)  # kind-specific details (terms, values, ...)


class ArticleRef(_Model):
    id: str
    outlet: str | None
    headline: str | None
    published: str | None
    language: str | None
    source: str
    text: str


class TimelineEntry(_Model):
    action: str
    summary: str
    time: str | None = None  # normalised, or None: unknown stays unknown
    time_text: list[str] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    place: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    disagreements: list[str] = Field(default_factory=list)
    # Added for the timeline (issue 6); all optional so older JSON still validates.
    mode: str | None = None  # PLOVER mode when the manual defines one
    order: int | None = None  # position in the timeline (0 first); relative order when undated
    time_basis: str | None = None  # "date", "month-day", "relative", "same-day", "unknown"
    relative: str | None = None  # e.g. "last-week", "weekday:FRI" when no date is known
    versions: list[dict] = Field(default_factory=list)  # what each source says (actor, time, ...)


class StoryComparison(_Model):
    """Everything ``counterpoint compare`` shows about one story."""

    schema_version: str = SCHEMA_VERSION
    story_id: str | None = None
    articles: list[ArticleRef]
    notes: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]
