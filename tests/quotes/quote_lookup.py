"""Lookups the quote tests share: the quote holding some words, and its speaker's words."""


def speaker_of(text, q):
    """The words naming ``q``'s speaker in ``text`` (None when it has no speaker span)."""
    return q.speaker_span.of(text) if q.speaker_span else None


def quote_of(quotes, text, words):
    """The first quote whose content holds ``words``; fails the test when there is none."""
    found = [q for q in quotes if any(words in c.of(text) for c in q.content)]
    assert found, f"no quote holds {words!r}: {[q.content_text for q in quotes]}"
    return found[0]


def no_quote_of(quotes, text, words):
    """Fails the test when a quote's content holds ``words``."""
    held = [q.content_text for q in quotes if any(words in c.of(text) for c in q.content)]
    assert not held, f"{words!r} should be no quote's words: {held}"
