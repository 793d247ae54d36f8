"""Property tests: any Article survives the store unchanged, and writes are idempotent."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.models import Article, Removal, article_id
from counterpoint.store import open_workspace

# Text as scrapes deliver it: any Unicode except surrogates (not encodable) and NUL.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=400,
).filter(lambda s: s.strip())
maybe = lambda strat: st.none() | strat
short = st.text(
    max_size=60, alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
)
iso_dates = st.dates().map(lambda d: d.isoformat())


@st.composite
def articles(draw) -> Article:
    text = draw(texts)
    raw = draw(st.text(max_size=200, alphabet=st.characters(blacklist_categories=("Cs",)))) + text
    n_removals = draw(st.integers(0, 3))
    removals = []
    for _ in range(n_removals):
        start = draw(st.integers(0, len(raw)))
        end = draw(st.integers(start, len(raw)))
        removals.append(
            Removal(
                start=start,
                end=end,
                reason=draw(st.sampled_from(["code", "furniture", "repeated"])),
                text=raw[start:end],
            )
        )
    return Article(
        id=article_id(text),
        text=text,
        raw_text=raw,
        raw_html=draw(maybe(st.text(max_size=200))),
        source=draw(st.text(min_size=1, max_size=80)),
        kind=draw(st.sampled_from(["text", "html", "url", "feed", "jsonl", "csv", "warc"])),
        url=draw(maybe(st.text(string.ascii_letters + ":/.", max_size=40))),
        headline=draw(maybe(short)),
        standfirst=draw(maybe(short)),
        byline=draw(maybe(short)),
        outlet=draw(maybe(short)),
        outlet_evidence=draw(maybe(short)),
        published=draw(maybe(iso_dates)),
        date_evidence=draw(maybe(short)),
        language=draw(maybe(st.sampled_from(["en", "fr", "ar", "he"]))),
        word_count=draw(st.integers(0, 10_000)),
        removals=removals,
        metadata=draw(st.dictionaries(short, maybe(short), max_size=4)),
    )


SETTINGS = settings(max_examples=60, deadline=None)


@SETTINGS
@given(batch=st.lists(articles(), min_size=1, max_size=6))
def test_articles_round_trip_and_rewrites_are_no_ops(batch):
    ws = open_workspace(":memory:")
    try:
        first_by_id = {}
        for a in batch:
            first_by_id.setdefault(a.id, a)
        new = ws.add_articles(batch)
        assert new == list(first_by_id)
        assert ws.add_articles(batch) == []
        assert ws.count_articles() == len(first_by_id)
        for a in first_by_id.values():
            assert ws.get_article(a.id) == a
        assert [a.id for a in ws.iter_articles(batch_size=2)] == list(first_by_id)
        assert ws.integrity_check() == "ok"
    finally:
        ws.close()


@SETTINGS
@given(article=articles())
def test_search_offsets_point_at_the_matched_words(article):
    ws = open_workspace(":memory:")
    try:
        ws.add_articles([article])
        words = [w for w in article.text.split() if w.isalpha() and w.isascii()]
        if not words:
            return
        hits = ws.search(words[0])
        assert [h.article_id for h in hits] == [article.id]
        found = [article.text[s:e] for s, e in hits[0].matches]
        # The offsets land on the word itself (an offset slip would cut it elsewhere).
        assert words[0].lower() in [f.lower() for f in found]
    finally:
        ws.close()
