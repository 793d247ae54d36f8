"""Turn attribution candidates into :class:`~counterpoint.models.Quote` objects."""

from __future__ import annotations

from spacy.tokens import Doc

from counterpoint.analysis.attribution.extract import Candidate, find_candidates
from counterpoint.analysis.attribution.speakers import (
    SpeakerResolver,
    addressee_of,
    noun_phrase,
)
from counterpoint.models import Quote, Span


def attribute_quotes(doc: Doc) -> list[Quote]:
    """Every attribution in a parsed article, in text order.

    ``doc`` must come from a pipeline with a parser and NER (``load_spacy()``). Offsets in
    the returned quotes index ``doc.text``. Direct quotes are found by their quotation marks
    (curly or straight, across sentences and paragraphs, unbalanced marks tolerated);
    indirect, mixed and partial quotes and "according to" by the dependency parse and the
    cue lexicon. Speakers given as pronouns or definite descriptions ("he added", "the
    spokesman said") are resolved to the last compatible named speaker; unnamed sources
    ("officials said") keep their description and ``unnamed=True``.
    """
    if len(doc) == 0:
        return []
    text = doc.text
    resolver = SpeakerResolver(doc)
    built: dict[int, Quote] = {}
    quotes: list[tuple[int, Quote]] = []
    candidates = find_candidates(doc)
    spans = [r for c in candidates for r in c.content]
    later: list[Candidate] = []
    for cand in candidates:
        if cand.inherit_from is not None and id(cand.inherit_from) not in built:
            later.append(cand)  # its speaker is named further on in the paragraph
            continue
        nested = bool(cand.cue) and any(s <= cand.cue[0].idx < e for s, e in spans)
        quote = _build(text, cand, resolver, built, remember=not nested)
        if quote is None:
            continue
        built[id(cand)] = quote
        quotes.append((cand.position, quote))
    for cand in later:
        quote = _build(text, cand, resolver, built)
        if quote is not None:
            built[id(cand)] = quote
            quotes.append((cand.position, quote))
    quotes.sort(key=lambda pq: pq[0])
    return [q for _, q in quotes]


def _build(
    text: str,
    cand: Candidate,
    resolver: SpeakerResolver,
    built: dict[int, Quote],
    remember: bool = True,
) -> Quote | None:
    content = [Span(start=s, end=e) for s, e in cand.content]
    content_text = " … ".join(text[s:e] for s, e in cand.content)
    fields: dict = {}
    if cand.cue:
        start, end = cand.cue[0].idx, cand.cue[-1].idx + len(cand.cue[-1].text)
        fields["cue"] = Span(start=start, end=end)
        fields["cue_text"] = text[start:end]
        addressee = addressee_of(cand.cue[0])
        if addressee:
            fields["addressee"] = addressee
    conf = cand.confidence
    if cand.subject is not None:
        doc = cand.subject.doc
        s, e = noun_phrase(cand.subject)
        span = doc[s:e]
        start, end, words = span.start_char, span.end_char, span.text
        if words[:1] in ("-", "–", "—") and len(words) > 1:
            # "-Michelle Marks": a signature's dash glued to the name
            start, words = start + 1, words[1:]
        fields["speaker_span"] = Span(start=start, end=end)
        name, description, unnamed, sconf = resolver.resolve(cand.subject, words, remember)
        fields["speaker_name"] = name
        fields["speaker_description"] = description if unnamed else None
        fields["unnamed"] = unnamed
        conf *= sconf
    elif cand.inherit_from is not None:
        prev = built.get(id(cand.inherit_from))
        if prev is None:
            return None
        fields.update(
            speaker_span=prev.speaker_span,
            speaker_name=prev.speaker_name,
            speaker_description=prev.speaker_description,
            unnamed=prev.unnamed,
        )
        conf = min(conf, prev.confidence)
    else:
        return None
    return Quote(
        content=content,
        content_text=content_text,
        kind=cand.kind,
        confidence=round(conf, 3),
        **fields,
    )
