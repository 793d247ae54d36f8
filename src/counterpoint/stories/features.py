"""Cheap per-article features for grouping: a dense vector, lexical terms, names, a date.

Grouping must keep up with ingest (100,000 articles in minutes on two cores), so nothing here
parses: the dense vector is the sentence encoder run once on *headline + lead* (cut to about
35 word pieces), the lexical signal is a hashed bag of words over the first few thousand
characters, and the names are capitalised word sequences found by a regular expression.
The workspace path (:mod:`counterpoint.stories.service`) uses these cheap names for every
article, analysed or not, so that two articles are always compared on the same kind of names;
stored analysis entities only tell which names are places (for ``story explain``).
``FeatureExtractor.extract(analyses=...)`` can take the analysis entities instead.

Measured on the shared 2-core machine while ~8 others worked on it (CPU time per article,
so contention inflates it less than wall time): MiniLM float32 on 300 characters of headline +
lead 33 ms, int8-quantised on 160 characters 12.5 ms; spaCy NER alone on the lead ~6 ms wall
at light load; terms and names well under 1 ms. On the development files the int8 / 160-character
encoder groups as well as float32 / 300 (B-cubed F1 0.855 vs 0.858 AllSides, 0.862 vs 0.864
ECB+), so it is the default (``QUANTIZED``, ``EMBED_CHARS``); ``bench/bench_stories.py`` has the
throughput figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import numpy as np

from counterpoint.models import Article, ArticleAnalysis

#: characters of headline + lead fed to the encoder (~35 word pieces: the headline and the
#: start of the lead; measured on the dev files, 300 characters were no better)
EMBED_CHARS = 160
#: run the encoder quantised to int8 (see :func:`quantized_encoder`)
QUANTIZED = True
#: characters of body text the lexical terms and names are taken from
BODY_CHARS = 3000
#: hashed vocabulary size for lexical terms
N_TERMS = 1 << 20
#: dates further than this after "now" (or before 1900) are absurd and ignored as a signal
FUTURE_SLACK_DAYS = 2

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT"}

_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[a-z][a-z'’-]{2,}")
# A capitalised word: "Reid", "McCain", "O'Rourke", "U.S.", "al-Assad".
_CAP = r"(?:[A-Z][a-zA-Z'’\-]*[a-zA-Z]|[A-Z]\.(?:[A-Z]\.)+|[A-Z]{2,})"
_NAME = re.compile(rf"{_CAP}(?:[ \t]+(?:(?:of|de|del|la|van|von|bin|al)[ \t]+)?{_CAP})*")

# Capitalised words that are not names: sentence openers, titles, calendar words.
_NOT_NAMES = set(
    """a an the this that these those there here he she it they we i you his her its their our my
    your in on at of for from to by with and but or nor so yet if when while after before as
    because since although though despite during about above across against among around
    between into through under over until upon within without also however meanwhile mr mrs ms
    dr sir prof president senator sen rep gov governor mayor minister secretary chief officer
    judge king queen prince general gen col lt sgt capt pope saint st new breaking update
    updated read more click share watch video photo advertisement related monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july august
    september october november december today yesterday tomorrow am pm et gmt utc said says
    according what who why how where which one two three first last next many some all most no
    not yes it's i'm we're don't can't us tv ap""".split()
)
_STOP = None


def _stopwords() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        _STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "according", "would"}
    return _STOP


@dataclass
class ArticleFeatures:
    """What grouping knows about one article. ``seq`` is its arrival number."""

    article_id: str
    seq: int
    headline: str | None
    outlet: str | None
    day: int | None  # days since 1970-01-01, None when unknown or absurd
    date_note: str | None  # why the date was not used ("no date", "absurd date 2203-01-01")
    vector: np.ndarray  # unit float32, the encoder's output on headline + lead
    term_ids: np.ndarray  # sorted unique hashed term ids (int64)
    term_tf: np.ndarray  # their log-scaled counts (float32)
    names: dict[str, str] = field(default_factory=dict)  # key -> display name
    places: set[str] = field(default_factory=set)  # keys of names known to be places
    near_duplicates: list[str] = field(default_factory=list)
    text_chars: int = 0

    @property
    def date(self) -> str | None:
        return day_to_iso(self.day)


def day_to_iso(day: int | None) -> str | None:
    if day is None:
        return None
    return date.fromordinal(day + _EPOCH).isoformat()


_EPOCH = date(1970, 1, 1).toordinal()


def parse_day(published: str | None, *, today: date | None = None) -> tuple[int | None, str | None]:
    """``(day number, note)`` for an ISO date; never guesses, ignores absurd dates."""
    if not published:
        return None, "no date"
    try:
        d = date.fromisoformat(published[:10])
    except ValueError:
        try:
            d = datetime.fromisoformat(published.replace("Z", "+00:00")).date()
        except ValueError:
            return None, f"unreadable date {published!r}"
    today = today or datetime.now(timezone.utc).date()
    if d.year < 1900 or d.toordinal() > today.toordinal() + FUTURE_SLACK_DAYS:
        return None, f"absurd date {d.isoformat()} ignored"
    return d.toordinal() - _EPOCH, None


def split_lead(text: str, headline: str | None, n_sentences: int = 2) -> str:
    """The first ``n_sentences`` of the body (skipping a first line that repeats the headline)."""
    body = text.strip()
    first, _, rest = body.partition("\n")
    if headline and first.strip() and (
        first.strip().lower() == headline.strip().lower() or len(first) < 120 and rest
    ):
        # a short first line is a headline or a dateline, not the lead
        if first.strip().lower() == (headline or "").strip().lower() or not first.rstrip().endswith("."):
            body = rest.strip()
    head = body[:1500]
    parts = _SENT_END.split(head, maxsplit=n_sentences)
    return " ".join(p.strip() for p in parts[:n_sentences]).strip()


def guess_headline(article: Article) -> str | None:
    """The article's headline, or a short first line standing in for it; None when neither."""
    if article.headline:
        return article.headline.strip()
    first = article.text.strip().split("\n", 1)[0].strip()
    if 0 < len(first) <= 160:
        return first
    return None


def embed_text(headline: str | None, lead: str, chars: int = EMBED_CHARS) -> str:
    """What the encoder reads: headline and lead, cut to ``chars`` characters."""
    text = f"{headline}. {lead}" if headline else lead
    return text[:chars]


def extract_names(text: str) -> dict[str, str]:
    """Capitalised word sequences that look like names: ``{key: display}``.

    Keys are lower-case with possessives and dots removed. A name never spans a line break
    (that is a headline running into a dateline). A single capitalised word is dropped when the
    same word also occurs in lower case in the text ("Piracy" / "piracy": an ordinary word) or
    when it only ever opens sentences ("Sadly", "Perennial") — unless it is part of a longer
    name in the same text ("Reid" after "Tara Reid").
    """
    out: dict[str, str] = {}
    singles: dict[str, list[bool]] = {}
    lower_words = None
    for m in _NAME.finditer(text):
        words = m.group(0).replace("’", "'").split()
        while words and words[0].lower().strip(".") in _NOT_NAMES:
            words = words[1:]
        while words and words[-1].lower().strip(".") in _NOT_NAMES:
            words = words[:-1]
        if not words:
            continue
        words = [w[:-2] if w.endswith("'s") else w for w in words]
        display = " ".join(words)
        if len(display) < 3 and not display.isupper():
            continue
        key = display.lower().replace(".", "")
        if len(words) == 1:
            if key in _stopwords():
                continue
            start = m.start()
            before = text[max(0, start - 3) : start]
            opens = start == 0 or bool(re.search(r"[.!?:\"“\n]\s*$", before))
            singles.setdefault(key, []).append(opens)
        out.setdefault(key, display)
    in_longer = {w for k in out if " " in k for w in k.split()}
    for key, opens in singles.items():
        if key in in_longer:
            continue  # "Reid" after "Tara Reid": a name even when it opens a sentence
        if all(opens):
            out.pop(key, None)
            continue
        if lower_words is None:
            lower_words = set(_WORD.findall(text))
        if key in lower_words:
            out.pop(key, None)
    return out


def names_from_analysis(analysis: ArticleAnalysis) -> tuple[dict[str, str], set[str]]:
    """Canonical entity keys (and which are places) from a stored analysis."""
    names: dict[str, str] = {}
    places: set[str] = set()
    for ent in analysis.entities:
        if ent.label not in NAME_LABELS:
            continue
        names[ent.key] = ent.name
        if ent.label in PLACE_LABELS:
            places.add(ent.key)
    return names, places


_QUANTIZED = None


def quantized_encoder():
    """MiniLM with its linear layers quantised to int8 (dynamic quantisation), as an
    ``encode``-like callable; ``None`` when this torch cannot quantise.

    A private copy: the shared encoder used by analysis keeps float32. On the 2-core machine it
    halves the encoder's CPU time; vectors keep a cosine of ~0.94 with the float32 ones, which
    is why grouping stores its own vectors rather than mixing the two.
    """
    global _QUANTIZED
    if _QUANTIZED is None:
        import copy
        import warnings

        import torch

        from counterpoint.analysis.nlp import load_encoder

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(
                    copy.deepcopy(load_encoder()), {torch.nn.Linear}, dtype=torch.qint8
                )
        except Exception:  # pragma: no cover - depends on the torch build
            _QUANTIZED = False
            return None

        def encode(texts: list[str]):
            if not texts:
                return np.zeros((0, 384), dtype=np.float32)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                vecs = model.encode(texts, batch_size=64, normalize_embeddings=True,
                                    show_progress_bar=False)
            return np.asarray(vecs, dtype=np.float32)

        _QUANTIZED = encode
    return _QUANTIZED or None


class FeatureExtractor:
    """Turns articles into :class:`ArticleFeatures`, in batches (the encoder likes batches).

    ``encoder`` is a callable ``list[str] -> (n, d) unit float32``; the default is the project's
    MiniLM (:func:`counterpoint.analysis.nlp.encode`). Tests may pass a cheap stand-in.
    """

    def __init__(
        self,
        encoder=None,
        *,
        today: date | None = None,
        embed_chars: int = EMBED_CHARS,
        quantized: bool = QUANTIZED,
    ):
        if encoder is None:
            encoder = quantized_encoder() if quantized else None
        if encoder is None:
            from counterpoint.analysis.nlp import encode as encoder
        self.encoder = encoder
        self.today = today
        self.embed_chars = embed_chars
        from sklearn.feature_extraction.text import HashingVectorizer

        self._hasher = HashingVectorizer(
            n_features=N_TERMS,
            alternate_sign=False,
            norm=None,
            # words of 3+ letters and numbers: counts and years tell two events of a kind apart
            token_pattern=r"(?u)\b(?:[a-zA-Z][a-zA-Z'-]{2,}|\d[\d.,]*\d|\d)\b",
            stop_words=list(_stopwords()),
            lowercase=True,
        )

    def extract(
        self,
        articles: list[Article],
        *,
        first_seq: int = 0,
        analyses: dict[str, ArticleAnalysis] | None = None,
    ) -> list[ArticleFeatures]:
        if not articles:
            return []
        analyses = analyses or {}
        heads = [guess_headline(a) for a in articles]
        leads = [split_lead(a.text, h) for a, h in zip(articles, heads)]
        vectors = self.encoder(
            # (embed_text used to cut at EMBED_CHARS whatever embed_chars said, so a longer
            # setting silently encoded 160 characters: the 600-character check of 22 Nov
            # produced vectors identical to the 160-character ones)
            [embed_text(h, lead, self.embed_chars) or (h or "")[: self.embed_chars]
             for h, lead in zip(heads, leads)]
        )
        bodies = [f"{h or ''}\n{a.text[:BODY_CHARS]}" for a, h in zip(articles, heads)]
        counts = self._hasher.transform(bodies).tocsr()
        out = []
        for i, (a, h) in enumerate(zip(articles, heads)):
            row = counts.getrow(i)
            order = np.argsort(row.indices)
            ids = row.indices[order].astype(np.int64)
            tf = (1.0 + np.log(row.data[order])).astype(np.float32)
            day, note = parse_day(a.published, today=self.today)
            an = analyses.get(a.id)
            if an is not None and an.entities:
                names, places = names_from_analysis(an)
            else:
                names, places = extract_names(bodies[i]), set()
            out.append(
                ArticleFeatures(
                    article_id=a.id,
                    seq=first_seq + i,
                    headline=h,
                    outlet=a.outlet,
                    day=day,
                    date_note=note,
                    vector=np.asarray(vectors[i], dtype=np.float32),
                    term_ids=ids,
                    term_tf=tf,
                    names=names,
                    places=places,
                    near_duplicates=list(a.near_duplicates),
                    text_chars=len(a.text),
                )
            )
        return out
