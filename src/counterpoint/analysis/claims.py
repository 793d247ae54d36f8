"""Claims: one statement of fact or assertion per sentence or independent clause.

Each :class:`~counterpoint.models.Claim` carries the slots comparison needs:

- quantities with what they count and the predicate they belong to ("nine Palestinians"
  killed -> 9, "Palestinians", "killed"; "eight of whom were terrorists" -> 8 "terrorists",
  ``subset_of="Palestinians"``; "mostly gunmen" -> approximate, no value);
- times (the :class:`TimeExpr` objects inside the clause);
- entities by role: ``actors`` (subjects, passive agents), ``targets`` (objects, passive
  subjects, "against X"), ``places`` (GPE/LOC/FAC), and every entity mentioned;
- ``negated`` (a negation on a verb of the clause, "no longer", "no one");
- ``hedges`` ("likely", "may", "reportedly", "it is unclear whether", ...);
- ``voice``: ``"outlet"``, or the speaker key (or description) of the quote the clause lies
  in, with ``quote_index``.

>>> from counterpoint.analysis import analyze_text
>>> c = analyze_text("Twenty more people were injured.").claims[0]
>>> c.quantities[0].value, c.quantities[0].counts, c.quantities[0].predicate
(20.0, 'people', 'injured')
"""

from __future__ import annotations

import re

from counterpoint.models import Claim, Entity, Quantity, Quote, Sentence, TimeExpr

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "single": 1,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {
    "dozens": None, "dozen": 12, "hundreds": None, "thousands": None, "scores": None,
    "millions": None, "several": None, "many": None, "most": None, "mostly": None,
    "mainly": None, "majority": None, "some": None, "few": None, "numerous": None,
    "largely": None,
}
_APPROX_WORDS = {"about", "around", "approximately", "nearly", "almost", "roughly", "some",
                 "over", "more", "than", "at", "least", "up", "to", "estimated", "an"}
_EVENT_NOUNS = {
    "killing": "killed", "killings": "killed", "death": "killed", "deaths": "killed",
    "injury": "injured", "injuries": "injured", "wounding": "wounded", "arrest": "arrested",
    "arrests": "arrested", "detention": "detained", "release": "released",
    "evacuation": "evacuated", "displacement": "displaced", "casualties": "casualties",
}
_HEDGE_PATTERNS = [
    (r"\bit (?:is|was|remains|remained) (?:still )?unclear (?:whether|if|how|why|who|what|when)\b",
     "it is unclear whether"),
    (r"\bit (?:is|was)(?: not|n't) (?:yet )?clear\b", "it is not clear"),
    (r"\bunclear\b", "unclear"),
    (r"\b(?:un)?likely\b", None),
    (r"\bpossibly\b|\bpossible\b", "possibly"),
    (r"\bprobably\b", "probably"),
    (r"\breportedly\b", "reportedly"),
    (r"\ballegedly\b|\balleged\b", "allegedly"),
    (r"\bapparently\b", "apparently"),
    (r"\b(?:appears?|appeared|seems?|seemed) to\b", "appears to"),
    (r"\b(?:is|are|was|were) (?:believed|thought|suspected|said|expected|estimated) to\b", None),
    (r"\bunconfirmed\b", "unconfirmed"),
    (r"\bperhaps\b|\bmaybe\b", "perhaps"),
]
_MODALS = {"may", "might", "could"}
_NEG_WORDS = {"not", "n't", "never", "no", "nobody", "none", "nothing", "neither", "nor"}
_SUBJ = {"nsubj", "csubj", "expl"}
_OBJ = {"dobj", "dative", "obj", "iobj", "oprd"}
_TARGET_PREPS = {"against", "on", "at", "upon", "toward", "towards"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def extract_claims(
    doc,
    sentences: list[Sentence],
    entities: list[Entity],
    quotes: list[Quote],
    times: list[TimeExpr],
) -> list[Claim]:
    """The claims of one parsed article, in text order (see the module docstring)."""
    mentions = sorted(
        ((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda t: t[0]
    )
    claims: list[Claim] = []
    for sent in sentences:
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if span is None or not any(t.pos_ in {"VERB", "AUX"} or t.like_num for t in span):
            continue
        for clause in split_clauses(span):
            claims.append(_claim(clause, sent.index, mentions, quotes, times))
    return claims


def split_clauses(sent) -> list:
    """The sentence, or its independent clauses when coordinated verbs have their own
    subjects ("X was killed, and Y was injured")."""
    root = sent.root
    cuts = []
    for child in root.children:
        if (
            child.dep_ == "conj"
            and child.pos_ in {"VERB", "AUX"}
            and child.i > root.i
            and any(g.dep_ in _SUBJ | {"nsubjpass"} for g in child.children)
        ):
            left = child.left_edge.i
            # Drop the joining comma and conjunction from the second clause.
            while left > sent.start and sent.doc[left - 1].dep_ in {"cc", "punct"}:
                left -= 1
            cuts.append((left, child.left_edge.i))
    if not cuts:
        return [sent]
    doc = sent.doc
    out, start = [], sent.start
    for end, next_start in cuts:
        if end > start:
            out.append(doc[start:end])
        start = next_start
    out.append(doc[start : sent.end])
    return [c for c in out if any(t.is_alpha for t in c)]


def _claim(clause, sentence_index: int, mentions, quotes: list[Quote], times) -> Claim:
    start, end = clause.start_char, clause.end_char
    text = clause.text
    inside = [(s, e, ent) for s, e, ent in mentions if s >= start and e <= end]
    actors, targets, places, keys = [], [], [], []
    doc = clause.doc
    for s, e, ent in inside:
        _add(keys, ent.key)
        span = doc.char_span(s, e, alignment_mode="expand")
        role = _role_of(span.root, clause) if span is not None else None
        if role == "actor":
            _add(actors, ent.key)
        elif role == "target":
            _add(targets, ent.key)
        elif ent.label in _PLACE_LABELS:
            _add(places, ent.key)
    voice, quote_index = _voice(start, end, quotes)
    return Claim(
        start=start,
        end=end,
        text=text,
        sentence_index=sentence_index,
        actors=actors,
        targets=targets,
        places=places,
        entities=keys,
        quantities=find_quantities(clause),
        times=[t for t in times if t.start >= start and t.end <= end],
        negated=is_negated(clause),
        hedges=find_hedges(clause),
        voice=voice,
        quote_index=quote_index,
    )


def _add(seq: list, item) -> None:
    if item not in seq:
        seq.append(item)


def _role_of(tok, clause) -> str | None:
    """"actor", "target" or None for the entity whose head token is ``tok``."""
    cur = tok
    for _ in range(8):
        head = cur.head
        if cur.dep_ in _SUBJ and head.pos_ in {"VERB", "AUX"}:
            return "actor"
        if cur.dep_ == "nsubjpass":
            return "target"
        if cur.dep_ in _OBJ:
            return "target"
        if cur.dep_ == "pobj" and head.dep_ == "agent":
            return "actor"
        if cur.dep_ == "pobj" and head.lower_ in _TARGET_PREPS and head.head.pos_ == "VERB":
            return "target"
        if cur.dep_ in {"compound", "poss", "appos", "conj", "amod", "nmod", "flat"}:
            if head == cur or not (clause.start <= head.i < clause.end):
                return None
            cur = head
            continue
        return None
    return None


def _voice(start: int, end: int, quotes: list[Quote]) -> tuple[str, int | None]:
    """Whose voice a clause is in: the quote holding most of it, else the outlet's."""
    best, best_overlap = None, 0
    for i, q in enumerate(quotes):
        overlap = sum(max(0, min(end, c.end) - max(start, c.start)) for c in q.content)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    if best is None or best_overlap < 0.3 * (end - start) and best_overlap < 40:
        return "outlet", None
    q = quotes[best]
    voice = q.speaker_key or q.speaker_name or q.speaker_description or "unknown source"
    return voice, best


# --------------------------------------------------------------------------- quantities


def parse_number(words: str) -> float | None:
    """"nine" -> 9, "Twenty" -> 20, "1,200" -> 1200, "2.5 million" -> 2500000,
    "twenty-five" -> 25, "a dozen" -> 12. None when the words are not a number."""
    w = words.lower().replace(",", "").strip()
    if not w or re.search(r"\d\s*[-–]\s*\d", w):
        return None  # "51-49" is a score or a range, not one number
    w = w.replace("-", " ")
    try:
        return float(w)
    except ValueError:
        pass
    total, current, seen = 0.0, 0.0, False
    for tok in w.split():
        if tok in {"and"}:
            continue
        try:
            current += float(tok)
            seen = True
            continue
        except ValueError:
            pass
        if tok in _UNITS:
            current += _UNITS[tok]
            seen = True
        elif tok == "dozen":
            current = (current or 1) * 12
            seen = True
        elif tok in _SCALES:
            current = (current or 1) * _SCALES[tok]
            if _SCALES[tok] >= 1000:
                total += current
                current = 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def find_quantities(clause) -> list[Quantity]:
    """Numbers in the clause with what they count (dates, times, ordinals, laws excluded)."""
    out: list[Quantity] = []
    used: set[int] = set()
    for tok in clause:
        if tok.i in used:
            continue
        # Numbers inside names and dates are not counts: "Agenda 21", "Chapter 7", "1941".
        if tok.ent_type_ and tok.ent_type_ not in {"CARDINAL", "QUANTITY", "PERCENT", "MONEY"}:
            continue
        lower = tok.lower_
        if tok.like_num or (tok.pos_ == "NUM" and parse_number(tok.text) is not None):
            num_toks = _number_tokens(tok)
            used.update(t.i for t in num_toks)
            words = " ".join(t.text for t in num_toks if t.text != "-")
            value = parse_number(words)
            if value is None:
                continue
            q = _quantity(num_toks, value, approximate=_approximate(num_toks))
            if words.lower() == "one" and q.counts is None and q.subset_of is None:
                continue  # the pronoun: "if one believes", "one must"
            out.append(q)
        elif lower in _VAGUE and tok.pos_ in {"ADJ", "ADV", "NOUN", "DET", "NUM"}:
            q = _vague_quantity(tok)
            if q is not None:
                used.add(tok.i)
                out.append(q)
    return out


def _number_tokens(tok) -> list:
    """The run of number words a token belongs to ("twenty five", "2.5 million")."""
    doc = tok.doc
    start = end = tok.i
    while end + 1 < len(doc):
        nxt = doc[end + 1]
        if nxt.like_num or nxt.lower_ in _SCALES:
            end += 1
        elif (
            nxt.text == "-"
            and end + 2 < len(doc)
            and doc[end].lower_ in _UNITS
            and doc[end + 2].lower_ in _UNITS
        ):
            end += 2  # "Fifty-one" split by the tokenizer
        else:
            break
    return list(doc[start : end + 1])


def _approximate(num_toks) -> bool:
    first = num_toks[0]
    prev = first.doc[first.i - 1] if first.i > 0 else None
    return bool(prev is not None and prev.lower_ in {"about", "around", "approximately",
                                                      "nearly", "almost", "roughly", "some",
                                                      "over", "least", "than", "up"})


def _quantity(num_toks, value: float, approximate: bool) -> Quantity:
    doc = num_toks[0].doc
    last = num_toks[-1]
    head_num = max(num_toks, key=lambda t: t.dep_ == "nummod" or t.head not in num_toks)
    counts_tok = None
    subset_of = None
    if head_num.dep_ in {"nummod", "quantmod"} and head_num.head.pos_ in {"NOUN", "PROPN"}:
        counts_tok = head_num.head
    else:
        # "eight of whom were terrorists", "Twenty more were injured", "one of them".
        of = next((c for c in head_num.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lower_ in {"whom", "which", "them", "those", "these"}:
                subset_of = _antecedent(head_num)
            elif pobj is not None:
                subset_of = pobj.text
                counts_tok = pobj
        verb = head_num.head
        if head_num.dep_ in _SUBJ | {"nsubjpass"} and verb.lemma_ == "be":
            attr = next((c for c in verb.children if c.dep_ in {"attr", "acomp"}), None)
            if attr is not None and attr.pos_ in {"NOUN", "PROPN"}:
                counts_tok = attr
    counts = _noun_text(counts_tok) if counts_tok is not None else None
    start = num_toks[0].idx
    end = last.idx + len(last.text)
    if counts_tok is not None and counts_tok.i > last.i and counts_tok.i - last.i <= 4:
        end = counts_tok.idx + len(counts_tok.text)
    return Quantity(
        start=start,
        end=end,
        text=_doc_text(doc)[start:end],
        value=value,
        counts=counts,
        predicate=_predicate(counts_tok or head_num),
        approximate=approximate,
        subset_of=subset_of,
    )


def _vague_quantity(tok) -> Quantity | None:
    """"mostly gunmen", "most of whom PIJ terrorists", "dozens of Palestinians"."""
    doc = tok.doc
    counts_tok, subset_of = None, None
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.lower_ in {"whom", "which", "them", "those", "these"}:
            subset_of = _antecedent(tok)
            counts_tok = next((c for c in tok.children if c.dep_ in {"conj", "appos"}
                               and c.pos_ in {"NOUN", "PROPN"}), None)
            if counts_tok is None and tok.i + 2 < len(doc):
                nxt = [t for t in doc[pobj.i + 1 : pobj.i + 5] if t.pos_ in {"NOUN", "PROPN"}]
                counts_tok = nxt[-1] if nxt and nxt[-1].dep_ != "compound" else (nxt[0] if nxt else None)
        elif pobj is not None:
            counts_tok = pobj
    elif tok.dep_ in {"amod", "advmod", "nummod", "det", "quantmod"} and tok.head.pos_ in {"NOUN", "PROPN"}:
        counts_tok = tok.head
        if tok.lower_ in {"mostly", "mainly", "largely"}:
            # "nine Palestinians, mostly gunmen": a share of the enclosing count.
            anchor = counts_tok.head if counts_tok.dep_ == "appos" else None
            subset_of = _noun_text(anchor) if anchor is not None else None
    elif tok.lower_ in {"mostly", "mainly", "largely"}:
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.pos_ in {"NOUN", "PROPN"}:
            counts_tok = nxt
    if counts_tok is None:
        return None
    if subset_of is None and tok.lower_ in {"mostly", "mainly", "largely"}:
        prev_nouns = [t for t in doc[max(_sent_start(tok), tok.i - 6) : tok.i] if t.pos_ in {"NOUN", "PROPN"}]
        if prev_nouns:
            subset_of = prev_nouns[-1].text
    start, end = min(tok.idx, counts_tok.idx), max(tok.idx + len(tok.text), counts_tok.idx + len(counts_tok.text))
    return Quantity(
        start=start,
        end=end,
        text=_doc_text(doc)[start:end],
        value=_VAGUE.get(tok.lower_),
        counts=_noun_text(counts_tok),
        predicate=_predicate(counts_tok),
        approximate=True,
        subset_of=subset_of,
    )


def _doc_text(doc) -> str:
    """``doc.text``, joined once per doc (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("counterpoint_text")
    if text is None:
        text = doc.user_data["counterpoint_text"] = doc.text
    return text


def _sent_start(tok) -> int:
    """Index of the first token of ``tok``'s sentence (``tok.sent`` walks the whole doc)."""
    doc, i = tok.doc, tok.i
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def _antecedent(tok) -> str | None:
    """The noun a relative clause hangs from: "nine Palestinians – eight of whom ..."."""
    cur = tok
    for _ in range(6):
        if cur.dep_ == "relcl" or (cur.head.pos_ in {"NOUN", "PROPN"} and cur.head.i < tok.i):
            head = cur.head
            if head.pos_ in {"NOUN", "PROPN"}:
                return _noun_text(head)
        if cur.head == cur:
            break
        cur = cur.head
    # Fallback: the nearest counted noun before it in the sentence.
    prev = [t for t in tok.doc[_sent_start(tok) : tok.i] if t.pos_ in {"NOUN", "PROPN"}
            and any(c.dep_ == "nummod" for c in t.children)]
    return prev[-1].text if prev else None


def _noun_text(tok) -> str:
    """The counted noun with its compounds: "PIJ terrorists" -> "terrorists" head kept plain."""
    return tok.text


def _predicate(tok) -> str | None:
    """The verb (or event noun) a counted noun belongs to: "killed", "injured"."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in {"VERB"} and cur.dep_ != "amod":
            return cur.lower_ if cur.tag_ in {"VBD", "VBN"} else cur.lemma_.lower()
        if cur.pos_ == "AUX" and cur.dep_ in {"ROOT", "relcl", "conj", "ccomp"}:
            attr = next((c for c in cur.children if c.dep_ in {"attr", "acomp"}), None)
            return f"be {attr.lower_}" if attr is not None and attr is not tok else "be"
        if cur.lower_ in _EVENT_NOUNS and cur is not tok:
            return _EVENT_NOUNS[cur.lower_]
        if cur.head == cur:
            break
        cur = cur.head
    return None


# --------------------------------------------------------------------------- negation and hedges


def is_negated(clause) -> bool:
    """A negation on a verb of the clause ("did not provide", "no longer exists"), or "no"
    determining its subject or object ("no one was killed")."""
    for tok in clause:
        if tok.dep_ == "neg" and tok.head.pos_ in {"VERB", "AUX"}:
            return True
        if tok.lower_ == "no" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "longer":
            return True
        if tok.lower_ in {"no", "never", "nobody", "none", "nothing"} and tok.dep_ in {
            "det", "neg", "nsubj", "nsubjpass", "dobj", "advmod"
        } and (tok.dep_ != "advmod" or tok.lower_ == "never"):
            return True
    return False


def find_hedges(clause) -> list[str]:
    """Hedging and modality markers in the clause, as canonical phrases."""
    text = clause.text.lower().replace("’", "'")
    found: list[str] = []
    for pattern, name in _HEDGE_PATTERNS:
        for m in re.finditer(pattern, text):
            label = name or " ".join(m.group(0).split())
            if label == "unclear" and "it is unclear whether" in found:
                continue
            if label not in found:
                found.append(label)
    for tok in clause:
        if tok.tag_ == "MD" and tok.lower_ in _MODALS and tok.lower_ not in found:
            found.append(tok.lower_)
    return found
