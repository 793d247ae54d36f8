"""From a :class:`RawInput` to an :class:`Article`: clean, describe, key.

This is the one call the ingest pipeline makes per input. It is plain Python with regular
expressions and a small language model (py3langid) - no spaCy - so that ingest runs at hundreds
of articles per second.

Example::

    >>> from counterpoint.models import RawInput
    >>> art = prepare_article(RawInput(source="a.txt", kind="text", text="Talks collapse\\nBy Jane Doe\\n"
    ...     "JERUSALEM (Reuters) - Talks between the two sides collapsed on Monday, officials said."))
    >>> art.outlet, art.headline, art.byline, [r.reason for r in art.removals]
    ('Reuters', 'Talks collapse', 'Jane Doe', ['headline', 'byline', 'dateline'])
"""

from __future__ import annotations

import re
from collections import Counter

from counterpoint.errors import UnreadableInput
from counterpoint.ingest.clean import clean_text
from counterpoint.ingest.describe import describe
from counterpoint.ingest.outlets import OutletRegistry, default_registry
from counterpoint.models import Article, RawInput, article_id

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def count_words(text: str) -> int:
    """Words as a reader counts them ("al-Salhi's" is one word)."""
    return len(_WORD.findall(text))


def prepare_article(raw: RawInput, *, registry: OutletRegistry | None = None) -> Article:
    """Clean and describe one input. Raises :class:`UnreadableInput` when no article remains.

    The headline and standfirst are moved out of ``Article.text`` into their fields (recorded
    as removals with reason ``headline``/``standfirst``), so that spans in the body text are
    always about body text. When the metadata has a title, it is the headline, and a line of
    the text repeating it is removed.
    """
    registry = registry or default_registry()
    text = raw.text
    if text is None:
        if raw.html:
            raise UnreadableInput(
                raw.source, "HTML input without extracted text (the reader must fill RawInput.text)"
            )
        raise UnreadableInput(raw.source, "no text in this input")
    if not text.strip():
        raise UnreadableInput(raw.source, "the text is empty")
    metadata = dict(raw.metadata)
    # raw.cuts: what the reader already judged debris (HTML furniture), recorded with the rest
    cleaned = clean_text(text, title=metadata.get("title"), registry=registry, cuts=raw.cuts)
    if not cleaned.text.strip():
        what = Counter(r.reason for r in cleaned.removals)
        summary = ", ".join(f"{n} {reason}" for reason, n in what.most_common()) or "nothing"
        raise UnreadableInput(
            raw.source, f"nothing left after cleaning (removed: {summary}); not an article"
        )
    desc = describe(cleaned, metadata=metadata, source=raw.source, registry=registry)

    extra: dict[str, str | None] = {}
    if cleaned.captions:
        extra["captions"] = "\n".join(cleaned.captions)
    if cleaned.credits:
        extra["credits"] = "\n".join(cleaned.credits)
    if cleaned.dateline:
        extra["dateline"] = cleaned.dateline
    if desc.notes:
        extra["date_notes"] = "; ".join(desc.notes)
    if desc.language_score is not None:
        extra["language_score"] = f"{desc.language_score:.4f}"
    metadata.update({k: v for k, v in extra.items() if k not in metadata})

    return Article(
        id=article_id(cleaned.text),
        text=cleaned.text,
        raw_text=text,
        raw_html=raw.html,
        source=raw.source,
        kind=raw.kind,
        url=desc.url,
        headline=desc.headline,
        standfirst=desc.standfirst,
        byline=desc.byline,
        outlet=desc.outlet,
        outlet_evidence=desc.outlet_evidence,
        published=desc.published,
        date_evidence=desc.date_evidence,
        language=desc.language,
        word_count=count_words(cleaned.text),
        removals=cleaned.removals,
        metadata=metadata,
    )
