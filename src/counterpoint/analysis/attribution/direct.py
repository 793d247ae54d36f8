"""Direct quotes, found by their quotation marks: the cue before or after a quotation,
quotes split around their attribution, continuations, signed quotes, headlines, and
quoted fragments echoing a speaker named just before."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from counterpoint.analysis.attribution.common import (
    _CLAUSE_END,
    _MINOR_WORDS,
    _SENT_END,
    Candidate,
    _breaks_paragraph,
    _cue_in,
    _cue_tokens,
    _head_region,
    _headline_line,
    _Index,
    _inner_last,
    _is_cue,
    _is_title,
    _leading_noun,
    _next_nonspace,
    _prev_nonspace,
    _ranges,
    _tail_region,
)
from counterpoint.analysis.attribution.cues import (
    COGNITION,
    DIRECT,
    NOUN,
    PARTIAL_ONLY,
    SPEECH,
)
from counterpoint.analysis.attribution.indirect import _EXPLETIVE, _inanimate
from counterpoint.analysis.attribution.marks import QUOTE_CHARS, Quotation
from counterpoint.analysis.attribution.speakers import find_subject, inverted_subject


def _prev_char(text: str, q: Quotation) -> str:
    """The character before a quotation's opening mark, past a stray doubled mark opening
    the paragraph ('"“If I was a donor ...”' -> a line break)."""
    prev = _prev_nonspace(text, q.start)
    if prev in QUOTE_CHARS:
        j = text.rfind(prev, 0, q.start)
        if j == 0 or text[j - 1] == "\n":
            return "\n"
    return prev


def _opens_clause(text: str, q: Quotation) -> bool:
    prev = _prev_char(text, q)
    if prev in QUOTE_CHARS:
        # right after another quotation that ended a sentence: “Fox and Friends.” “I mean ...”
        j = text.rfind(prev, 0, q.start)
        return j > 0 and text[j - 1] in ".?!"
    return prev in "\n.?!:,;—–-(…" or q.start == 0


def _closes_sentence(text: str, q: Quotation) -> bool:
    after = _next_nonspace(text, q.end)
    return _inner_last(text, q) in _SENT_END or after in "\n.?!" or q.end >= len(text.rstrip())


_DASHES = "―—–-"


_INVERTED_CUES = frozenset(
    {
        "said",
        "stated",
        "continued",
        "added",
        "wrote",
        "explained",
        "asked",
        "replied",
        "concluded",
        "noted",
    }
)


def _short_attribution(ix: _Index, q: Quotation) -> bool:
    """“... missing.” Trump said. -- a full stop inside the marks, then a bare attribution."""
    tail = _tail_region(ix, q.end)
    comma = next((k for k, t in enumerate(tail) if t.text == ","), None)
    if comma is not None and not _is_title(ix.text[q.start : q.end]):
        # “... No, Trump. -H” Clinton tweeted, quoting ... (but in “A.” He added, “B.” the
        # attribution introduces the next quotation)
        after = tail[comma].idx + 1
        if _next_nonspace(ix.text, after) in QUOTE_CHARS:
            return False
        tail = tail[: comma + 1]
    return (
        2 <= len(tail) <= 6 and tail[-1].text in (".", ",") and _cue_in(tail[:-1]) is not None
    )


def _dash_signature(ix: _Index, q: Quotation) -> tuple[Token, Token] | None:
    """A quote signed with a dash: "“...” ― Sonya Herridge" -> (dash token, name head)."""
    text = ix.text
    j = q.end
    while j < len(text) and text[j] in " \t\u00a0":
        j += 1
    line_start = False
    if j < len(text) and text[j] == "\n" and _inner_last(text, q) in _SENT_END + "”\"":
        # the signature on a line of its own: “...”\n\n- Bernie Sanders.
        while j < len(text) and text[j].isspace():
            j += 1
        line_start = True
        line_end = text.find("\n", j)
        if line_end < 0:
            line_end = len(text)
        if line_end - j > 80:
            return None
    if j >= len(text) or text[j] not in _DASHES:
        return None
    k = j
    while k < len(text) and text[k] in _DASHES:
        k += 1
    if text[j:k] == "-" and k < len(text) and text[k] != " " and not line_start:
        return None  # a hyphen, not a dash
    dash_i = ix.token_at(j)
    if dash_i >= len(ix.doc) or ix.doc[dash_i].idx > j:
        dash_i -= 1  # the dash is glued to the closing mark ("”―")
    first = ix.token_at(k)
    names = list(ix.doc[first : first + 12])
    head = _signature(names)
    if head is None:
        return None
    return ix.doc[dash_i], head


def _signature(tokens: list[Token]) -> Token | None:
    """The name signing a quote ("“...” ― Sonya Herridge"): its head token, or None."""
    name = []
    for t in tokens:
        if "\n" in t.text or t.text == ".":
            break
        if t.is_space:
            continue
        name.append(t)
        if "\n" in t.whitespace_:
            break
    # "― Sonya Herridge", "-Michelle Marks, Philadelphia.", "- President Obama, tweeting ...":
    # the name is what comes before the first comma
    comma = next((k for k, t in enumerate(name) if t.text == ","), len(name))
    own = name[:comma]
    if 0 < len(own) <= 6 and all(t.pos_ == "PROPN" or t.text == "." for t in own):
        heads = [t for t in own if t.pos_ == "PROPN"]
        return heads[-1] if heads else None
    return None


_CUE_FORMS = frozenset(
    {
        "said", "says", "read", "reads", "wrote", "writes", "added", "adds", "asked",
        "asks", "explained", "continued", "noted", "replied", "tweeted", "posted", "stated",
        "state", "states", "say", "write", "add", "note", "explain", "tweet", "post",
    }
)


def _mistagged_cue(tail: list[Token]) -> tuple[Token | None, Token | None]:
    """“...,” the email read. -- a speech verb the tagger read as a noun ("read", "says")
    closing a short attribution after the quotation: ``(cue, speaker head)``."""
    if len(tail) < 3 or tail[-1].text not in (".", ","):
        return None, None
    k = next(
        (k for k, t in enumerate(tail[:10]) if k >= 1 and t.lower_ in _CUE_FORMS and t.is_lower),
        None,
    )
    if k is None:
        return None, None
    cue, after = tail[k], tail[k + 1 : -1]
    if after and not (after[0].pos_ == "ADP" or after[0].ent_type_ in ("DATE", "TIME")):
        return None, None  # "the Saudis state in the white paper, ...", "... reads Monday."
    before = [t for t in tail[:k] if t.text != ","]
    if cue.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return None, None
    if not 1 <= len(before) <= 8:
        return None, None
    if before[-1].pos_ not in ("NOUN", "PROPN", "PRON") and not (
        # "the editorial read.", "the two write."
        before[-1].pos_ in ("ADJ", "NUM") and before[0].pos_ == "DET"
    ):
        return None, None
    if any(t.pos_ in ("VERB", "AUX") for t in before):
        return None, None
    adp = next((j for j, t in enumerate(before) if t.pos_ == "ADP"), None)
    if adp is None:
        return (cue, before[-1]) if len(before) <= 6 else (None, None)
    # "a voice-over in the ad states.": the speaker is the noun before the preposition
    if before[0].pos_ != "DET" or adp < 2 or before[adp - 1].pos_ not in ("NOUN", "PROPN"):
        return None, None
    return cue, before[adp - 1]


_WORK_VERBS = frozenset(
    {"read", "watch", "see", "write", "author", "pen", "publish", "host", "star", "film",
     "direct", "produce", "review"}
)
"""Verbs whose title-case object, when a person reads, watches or writes it, is the name of
a work ("reading “Crippled America”", "wrote “The Art of the Deal”"), not words said."""

_WORKS = frozenset(
    {"book", "film", "movie", "show", "series", "album", "song", "novel", "memoir", "play",
     "documentary", "program", "programme", "podcast", "column", "sitcom", "musical",
     "autobiography", "biography", "drama", "comedy", "thriller", "episode", "segment",
     "exhibit", "exhibition", "painting", "poem", "opera", "serial", "special"}
)
"""Things whose name in quotation marks is a title ("His book is called “...”")."""


def _names_a_work(ix: _Index, q: Quotation, verb: Token) -> bool:
    """Whether a quotation right after ``verb`` is the name of something: whatever follows
    "titled" or "entitled" ("The ad, titled “Unifier?”"), or a title-case name of a book,
    show or film that a person reads, watches or wrote (a sign "reading “Make Mexico Great
    Again Also”" carries words, and stays a quotation)."""
    if verb.lemma_.lower() in ("title", "entitle", "subtitle"):
        return True
    if not _is_title(ix.text[q.start : q.end]) or _inner_last(ix.text, q) in "!?":
        return False  # (“We Will Win Iowa!” is an exclamation, not a title)
    subj = find_subject(verb) or next(
        (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None
    )
    if verb.lemma_.lower() in ("call", "name", "dub"):
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.ent_type_ != "PERSON":
            return True  # "a segment called “Pimp My Chopper”"
        return subj is not None and subj.lemma_.lower() in _WORKS and _passive(verb)
    if verb.lemma_.lower() not in _WORK_VERBS:
        return False
    return subj is None or subj.ent_type_ == "PERSON" or subj.lower_ in (
        "he", "she", "they", "i", "we", "who"
    )


def _gloss(ix: _Index, q: Quotation) -> bool:
    """A quotation set off by dashes after a name, a translation or gloss ("The hashtag
    #PorteOuverte - ''open door'' - became ..."; not "When Trump wrapped up — “I will win!”
    — the balloons ...", after a verb)."""
    text = ix.text
    if not (
        _prev_nonspace(text, q.start) in _DASHES and _next_nonspace(text, q.end) in _DASHES
    ):
        return False
    i = ix.token_at(q.start) - 1
    while i >= 0 and (ix.doc[i].is_space or all(ch in _DASHES for ch in ix.doc[i].text)):
        i -= 1
    return i >= 0 and ix.doc[i].pos_ in ("NOUN", "PROPN", "X", "NUM")


_MENTIONS = frozenset(
    {"term", "phrase", "word", "label", "expression", "nickname", "moniker", "hashtag",
     "ad", "spot", "commercial", "headline", "wording"}
)
"""Nouns whose quotation in apposition is mentioned, not said: "the charged term, “radical
Islam,”", "a 45-second Web ad, “Playing Trump,”"."""


def _work_apposition(ix: _Index, q: Quotation) -> bool:
    """A quotation in apposition to a word or an ad ("the charged term, “radical Islam,”"),
    or a title-case one to a work ("In his new book, ''Doomed to Succeed,'' ...", "the PBS
    medical drama, “Mercy Street,”")."""
    i = ix.token_at(q.start) - 1
    if i >= 0 and ix.doc[i].text == ",":
        i -= 1
    if i < 0 or ix.token_quote[i] >= 0:
        return False
    tok = ix.doc[i]
    if tok.pos_ != "NOUN":
        return False
    lemma = tok.lemma_.lower()
    if lemma in _MENTIONS:
        return True
    # (a one-word title counts here: 'reality TV show, "The Apprentice,"')
    words = [w.strip("“”\"'‘’.,!?") for w in ix.text[q.start : q.end].split()]
    words = [w for w in words if w and w.lower() not in _MINOR_WORDS]
    return lemma in _WORKS and bool(words) and all(w[0].isupper() for w in words)


def _verb_before(ix: _Index, q: Quotation) -> Token | None:
    """The verb right before the opening mark when it has a subject and takes the quotation
    as its object: "saying “Too many.”", "Some chanted “USA! USA!”", "writing: “...”"."""
    i = ix.token_at(q.start) - 1
    doc = ix.doc
    while i >= 0 and doc[i].is_space and not _breaks_paragraph(doc[i]):
        i -= 1
    comma = i >= 0 and doc[i].text == ","
    dash = i >= 0 and doc[i].text in ("—", "–", "--")
    if i >= 0 and (doc[i].text in (",", ":") or dash):
        i -= 1
    if i < 0 or ix.token_quote[i] >= 0:
        return None
    tok = doc[i]
    if dash and tok.dep_ == "prt":
        tok = tok.head  # "wrapped up — “...”"
    if tok.pos_ != "VERB" or tok.lemma_.lower() in ("be", "have"):
        return None
    if comma and tok.lemma_.lower() in ("go", "begin"):
        return None  # "everywhere she went, “sending and receiving ...”": not her words
    if _is_cue(tok) and tok.lemma_.lower() in DIRECT:
        return tok
    if comma:
        return None  # "When I arrived, “...”": a verb before a comma takes no quotation
    subj = find_subject(tok)
    # (a subject that cannot speak: 'material whose release could cause “exceptionally grave
    # damage”', 'what's doing “well”')
    return tok if subj is not None and _may_speak(subj, strict=False) else None


_COPULAS = frozenset({"be", "’s", "'s", "is", "was", "are", "were"})


def _clause_subject_before(ix: _Index, cue: Token) -> Token | None:
    """The first subject outside quotation marks between the start of the cue's sentence and
    the cue, for a participle the parser hung on a quoted clause ("Mr. Trump hardly
    clarified the matter, treating her remark as a compliment -- ''That makes me smart'' --
    and ... asserting, ''...''", with "asserting" a conjunct of "makes")."""
    if cue.tag_ != "VBG":
        return None
    for tok in cue.sent:
        if tok.i >= cue.i:
            break
        if (
            tok.dep_ == "nsubj"
            and ix.token_quote[tok.i] < 0
            and tok.pos_ in ("PROPN", "NOUN", "PRON")
            and _may_speak(tok, strict=True)
        ):
            return tok
    return None


def _speaking_subject(verb: Token) -> bool:
    """Whether ``verb`` has a subject that can speak ("the deal he pushed for happened on
    his watch: “...”" -> not "the deal")."""
    subj = find_subject(verb)
    return subj is not None and _may_speak(subj, strict=False)


def _any_verb(tokens: list[Token], last: bool = False) -> Token | None:
    """A verb with a subject, whatever its lemma: the cue of "X released this statement: “...”"."""
    verbs = [
        t
        for t in tokens
        if t.pos_ == "VERB"
        and t.lemma_.lower() not in _COPULAS  # "Here’s the thing: “...”" names no speaker
        and t.lower_ not in _COPULAS
        and (_speaking_subject(t) or inverted_subject(t))
    ]
    if not verbs:
        return None
    return verbs[-1] if last else verbs[0]


def _transcript_speaker(head: list[Token]) -> tuple[Token | None, Token | None]:
    """A speaker named before a colon with no verb: a transcript or Q&A line ("Rep. Trey
    Gowdy (R-S.C.): “...”", "Bush: “...”"), or a speech noun with a possessor ("Clinton’s
    response was: “...”"). Returns ``(cue token, speaker head)``."""
    if len(head) < 2 or head[-1].text != ":":
        return None, None
    words = [t for t in head[:-1] if not t.is_space]
    noun = next((t for t in words if t.lemma_.lower() in NOUN and t.pos_ == "NOUN"), None)
    if noun is not None:
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is not None and owner.pos_ in ("PROPN", "PRON"):
            return noun, owner  # "Clinton’s response was:", "His reply:"
    words, source = _speaker_line(words)
    if source is not None:
        return head[-1], source
    if len(words) > 10 or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None, None
    paren = next((k for k, t in enumerate(words) if t.text == "("), len(words))
    name = words[:paren]
    # a description may come first ("Former secretary of state Hillary Rodham Clinton"); the
    # line ends with the name itself
    while name and name[-1].text == ".":
        name = name[:-1]
    if not name or not (name[-1].pos_ == "PROPN" or _named(name[-1])):
        return None, None
    if any(t.is_punct and t.text not in (".", "-", "'", "’") for t in name):
        return None, None
    speaker = name[-1]
    if speaker is None or speaker.ent_type_ not in ("PERSON", "ORG") and not _named(speaker):
        return None, None
    return head[-1], speaker


_PRESENTING = (("here", "’s"), ("here", "'s"), ("here", "is"), ("here", "are"), ("more", "from"))
"""Words presenting the speaker of the quotation after a colon: "Here’s Clinton in 1992:",
"More from Blumenthal and Cohen:"."""

_DOCUMENTS = frozenset(
    {"report", "study", "statement", "memo", "letter", "paper", "filing", "complaint",
     "ruling", "decision", "release", "post", "editorial", "transcript", "book", "article"}
)


def _speaker_line(words: list[Token]) -> tuple[list[Token], Token | None]:
    """The speaker part of a line before a colon, without the words around it: a heading
    before a dash ("HIGHER TURNOUT IN IOWA - Michael P. McDonald:"), a presenting phrase
    ("Here’s Clinton", "More from X"), a trailing date ("in December 1992"). A document
    after "from" ("From the report:") is the source itself: returned as the second item."""
    dashes = [
        k
        for k, t in enumerate(words)
        if t.text[0] in _DASHES and k > 0 and words[k - 1].whitespace_
    ]
    if dashes:
        k = dashes[-1]
        # "... all along -More from X:": a dash glued to the next word keeps that word
        words = words[k + 1 :] if words[k].text in _DASHES else words[k:]
    lowered = tuple(t.lower_.lstrip(_DASHES) for t in words[:2])
    presented = via_from = False
    if len(words) > 2 and lowered in _PRESENTING:
        words, presented, via_from = words[2:], True, lowered[1] == "from"
    elif len(words) > 1 and lowered[0] == "from":
        words, presented, via_from = words[1:], True, True
    if via_from and 1 <= len(words) <= 3:
        noun = words[-1]
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in _DOCUMENTS and all(
            t.pos_ in ("DET", "ADJ", "NOUN", "PROPN") for t in words
        ):
            return words, noun  # "From the report:", "More from the memo:"
    if presented:
        # "Clinton in December 1992": the date says when, the name is the speaker
        k = len(words)
        while k > 1 and words[k - 1].ent_type_ in ("DATE", "TIME"):
            k -= 1
        if k < len(words) and k > 1 and words[k - 1].pos_ == "ADP":
            words = words[: k - 1]
    return words, None


def _final_attribution(ix: _Index, q: Quotation) -> tuple[int, Token, Token] | None:
    """``(comma token index, cue, speaker head)`` when the sentence that a quotation opens
    ends with a short attribution after a comma (", says Evan Tracey, a consultant." /
    ", Wolverton wrote in a court filing.")."""
    tail = _tail_region(ix, q.end)
    if not tail or tail[-1].text[-1:] not in (".", "!", "?") or len(tail) > 45:
        return None
    commas = [k for k, t in enumerate(tail) if t.text == ","]
    for k in commas:
        after = tail[k + 1 : -1]
        if not 2 <= len(after) <= 20:
            continue
        cue = _cue_in(after[:12])
        if cue is None or cue.lemma_.lower() not in SPEECH:
            continue
        subj = find_subject(cue) or inverted_subject(cue)
        ids = {t.i for t in after}
        if subj is None or subj.i not in ids:
            subj = _leading_noun([t for t in after if t.i != cue.i])
        if subj is None or subj.i not in ids or subj.pos_ not in ("PROPN", "NOUN", "PRON"):
            continue
        return tail[k].i, cue, subj
    return None


def _as_follows(head: list[Token]) -> tuple[Token | None, Token | None]:
    """"Partial transcript as follows:", "The statement reads as follows:": the phrase
    before "as follows" is the source. Returns ``(cue, speaker head)``."""
    if len(head) < 3 or head[-1].text != ":" or head[-2].lower_ != "follows":
        return None, None
    cue = head[-2]
    verb = _any_verb(head[:-3], last=True)
    if verb is not None:
        return verb, None
    return cue, _leading_noun(head[:-3])


_VIEW_NOUNS = frozenset({"view", "words", "opinion", "estimation", "telling", "account"})


def _in_view_of(tail: list[Token]) -> tuple[Token | None, Token | None]:
    """“...,” in Bolton’s view. / “...,” in the words of one aide. -> (noun, speaker)."""
    words = [t for t in tail if t.text != ","]
    if len(words) < 3 or words[0].lower_ != "in":
        return None, None
    noun = next((t for t in words[1:5] if t.lemma_.lower() in _VIEW_NOUNS), None)
    if noun is None:
        return None, None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
    if owner is None or owner.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None, None
    return noun, owner


def _contentless_cue_before(ix: _Index, q: Quotation) -> tuple[Token | None, Token | None]:
    """“X said in a statement. “...”” / "Bystrom agreed. “...”": a quotation opening a
    sentence right after a sentence whose reporting verb has no content of its own."""
    doc = ix.doc
    i = ix.token_at(q.start) - 1
    if i < 1 or doc[i].text != ".":
        return None, None
    sent = doc[i].sent
    root = sent.root
    if sent.start >= i or any(ix.token_quote[t.i] >= 0 for t in sent):
        return None, None
    if any(_breaks_paragraph(t) for t in doc[sent.start : i]):
        return None, None
    if root.pos_ != "VERB" or root.lemma_.lower() not in SPEECH or i - sent.start > 40:
        return None, None
    if any(c.dep_ in ("ccomp", "dobj", "xcomp", "attr", "oprd") for c in root.children):
        return None, None  # "X said the talks failed." has its own content
    subj = find_subject(root)
    if subj is None or not _may_speak(subj, strict=False) or subj.lower_ in ("i", "we"):
        return None, None
    return root, subj


def _speaker_first_cue(ix: _Index, head: list[Token]) -> Token | None:
    if not head:
        return None
    if head[-1].text == ":" and 3 <= len(head) <= 6 and head[0].lower_ in _INVERTED_CUES:
        return head[0]  # "Stated Stone:", "Continued Stone:", "Said Ellis:"
    if head[-1].text in (":", ",") or _cue_in(head[-3:]):
        cue = _cue_in(head, last=True)
        if cue is not None and cue.lemma_.lower() in ("go", "begin"):
            cue = None  # "everywhere she went, “...”": motion, not speech
        if cue is None and head[-1].text == ":":
            cue = _any_verb(head, last=True)
        if cue is None:
            # "Trump issued a statement, “...”": a verb whose object is a speech noun
            cue = next(
                (
                    t for t in reversed(head)
                    if t.pos_ == "VERB"
                    and find_subject(t) is not None
                    and any(c.dep_ == "dobj" and c.lemma_.lower() in NOUN for c in t.children)
                ),
                None,
            )
        return cue
    return None


def _introduces_next(ix: _Index, q: Quotation) -> bool:
    """Whether the attribution after a quotation introduces the next one while this one has
    its own before it: 'Clinton responds with, “Why now?” Mills then writes back, “You look
    cute.”' -- the second speaker is not the first one's."""
    tail = _tail_region(ix, q.end)
    if len(tail) < 2 or tail[-1].text not in (",", ":"):
        return False
    if _next_nonspace(ix.text, tail[-1].idx + 1) not in QUOTE_CHARS:
        return False
    head = _head_region(ix, q.start)
    if not head or head[-1].text not in (",", ":"):
        return False
    cue = _speaker_first_cue(ix, head)
    return cue is not None and (find_subject(cue) or inverted_subject(cue)) is not None


def _clause_then_attribution(ix: _Index, q: Quotation) -> Candidate | None:
    """'The event “was the first time I walked away with that idea,” Sexton said.': a
    sentence whose quotation opens after its first words and closes on a comma before a
    short attribution with its own speaker is a mixed quote of that speaker, from the
    sentence start."""
    text, doc = ix.text, ix.doc
    if _inner_last(text, q) != "," or len(q.pieces) != 1:
        return None
    tail = _tail_region(ix, q.end)
    if not 2 <= len(tail) <= 12 or tail[-1].text != ".":
        return None
    cue = _cue_in(tail)
    if cue is None or cue.lemma_.lower() not in SPEECH or tail[0].pos_ in ("CCONJ", "SCONJ"):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > cue.i for c in cue.children):
        return None  # "..., and then the crowd said nothing."
    subj = find_subject(cue) or inverted_subject(cue)
    if subj is None or subj.i not in {t.i for t in tail}:
        return None
    head = _head_region(ix, q.start)
    if not 1 <= len(head) <= 15 or _cue_in(head) is not None:
        return None
    before = head[0].i - 1
    if before >= 0 and not (
        doc[before].text in _SENT_END or doc[before].is_space or "\n" in doc[before].whitespace_
    ):
        return None  # the head region stopped short of the sentence start
    content = [(head[0].idx, q.end)]
    return Candidate(content, "mixed", _cue_tokens(cue), subj, 0.7)


def _right_after(text: str, prev: Candidate, cue: Token) -> bool:
    """Whether ``cue`` is a participle following ``prev``'s last quotation with nothing but
    punctuation between ('...,” adding, “...”')."""
    if cue.tag_ != "VBG" or not prev.content:
        return False
    end = prev.content[-1][1]
    return 0 <= cue.idx - end <= 4 and not text[end : cue.idx].strip(" ,\u00a0”\"’'")


def find_direct(doc: Doc, ix: _Index) -> tuple[list[Candidate], set[int], list[Quotation]]:
    """Direct quotes: quotations that stand as a clause, with the cue before or after them.

    Returns the candidates, the token indices of the cues they used, and the sentence-like
    quotations that have no cue of their own (continuations, decided later).
    """
    text = doc.text
    out: list[Candidate] = []
    used: set[int] = set()
    orphans: list[Quotation] = []
    last: Candidate | None = None
    for q in ix.quotations:
        verb_before = _verb_before(ix, q)
        opens = _opens_clause(text, q)
        if not (opens or verb_before is not None):
            mixed = _clause_then_attribution(ix, q)
            if mixed is not None:
                out.append(mixed)
                used.add(mixed.cue[0].i)
                last = mixed
            continue
        if verb_before is not None and _names_a_work(ix, q, verb_before):
            continue
        if _work_apposition(ix, q) or _gloss(ix, q):
            continue
        pieces = list(q.pieces)
        cue: Token | None = None
        conf = 0.95 if q.balanced else 0.6
        # quote first: “...,” said X / “...,” X said / “...?” asked X
        tail_subject: Token | None = None
        signed = _dash_signature(ix, q)
        if signed is not None:
            cand = Candidate(pieces, "direct", [signed[0]], signed[1], conf)
            out.append(cand)
            last = cand
            continue
        introduces_next = _introduces_next(ix, q)
        # “When Trump wrapped up — “I will win!” — the balloons ...”: the verb before the
        # dash speaks, not the clause after the quotation
        dashed = verb_before is not None and _prev_nonspace(text, q.start) in _DASHES
        if not introduces_next and not dashed and (
            _inner_last(text, q) in _CLAUSE_END
            or _next_nonspace(text, q.end) in _DASHES + ","
            or _short_attribution(ix, q)
        ):
            tail = _tail_region(ix, q.end)
            cue = _cue_in(tail)
            if cue is not None and not opens:
                # a quotation inside a clause ('Cruz said that Trump represents “New York
                # values,” stating ...') takes only an attribution with its own speaker,
                # right after it ('told “Fox and Friends,” reminding them that Trump has
                # denounced ...' is not Trump's)
                own = find_subject(cue) or inverted_subject(cue)
                if own is None or own.i not in {t.i for t in tail} or cue.i - tail[0].i > 8:
                    cue = None
            if cue is None and opens:
                # any verb when the quotation opens the clause; a quotation that is a verb's
                # object ('Carson, who wrote “Gifted Hands,” spoke on Tuesday') needs a
                # reporting verb after it
                cue = _any_verb(tail[:5])
            if cue is None and opens:
                cue, tail_subject = _mistagged_cue(tail)
            if cue is None and opens:
                cue, tail_subject = _in_view_of(tail)
            if cue is not None and tail_subject is None:
                # “...,” X said: the speaker sits between the closing mark and the cue (or
                # right after it); the parser sometimes hangs X on the quote instead.
                subj = find_subject(cue) or inverted_subject(cue)
                ids = {t.i for t in tail}
                if subj is None or subj.i not in ids:
                    tail_subject = _leading_noun(tail) or _leading_noun(
                        [t for t in tail if t.i > cue.i]
                    )
        if cue is None and not _closes_sentence(text, q) and _opens_clause(text, q):
            # “...” but to take the lead in advertising, says Evan Tracey: the quotation runs
            # on unquoted to an attribution closing the sentence -> a mixed quote
            mixed = _final_attribution(ix, q)
            if mixed is not None:
                comma, mcue, msubj = mixed
                # the last piece runs on to the comma before the attribution
                content = pieces[:-1] + [(pieces[-1][0], doc[comma].idx)]
                cand = Candidate(content, "mixed", _cue_tokens(mcue), msubj, 0.8)
                out.append(cand)
                used.add(mcue.i)
                last = cand
                continue
        # speaker first: X said: “...” / X told reporters, “...” / saying “...”
        if cue is None and (_closes_sentence(text, q) or introduces_next):
            head = _head_region(ix, q.start)
            cue = _speaker_first_cue(ix, head) or verb_before
            if cue is None:
                # "Rep. Trey Gowdy (R-S.C.): “...”", "Clinton’s response was: “...”", or
                # "X said in a statement. “...”"
                cue, tail_subject = _as_follows(head)
            if cue is None:
                cue, tail_subject = _transcript_speaker(head)
                if cue is None and _prev_nonspace(text, q.start) == ".":
                    cue, tail_subject = _contentless_cue_before(ix, q)
            if cue is None and not head and _prev_nonspace(text, q.start) == "\n":
                # "Caddell continued:" closing the previous paragraph
                j = ix.token_at(q.start) - 1
                while j >= 0 and doc[j].is_space:
                    j -= 1
                if j >= 0 and doc[j].text == ":":
                    prev_head = _head_region(ix, doc[j].idx + 1)
                    cue = _speaker_first_cue(ix, prev_head)
                    if cue is None:
                        cue, tail_subject = _as_follows(prev_head)
                        if tail_subject is not None and tail_subject.lemma_.lower() in (
                            "transcript", "excerpt"
                        ):
                            # a transcript names its speakers inside it: no speaker here
                            cue, tail_subject = None, None
                    if cue is None:
                        cue, tail_subject = _transcript_speaker(prev_head)
        if cue is not None:
            subj = tail_subject or find_subject(cue) or inverted_subject(cue)
            if subj is not None and (
                ix.token_quote[subj.i] >= 0 or subj.ent_type_ in ("DATE", "TIME")
            ):
                # the parser took a word of the quotation ("That makes me smart") or a
                # date ("said Monday") for the speaker
                subj = (
                    _leading_noun([t for t in _tail_region(ix, q.end) if t.i != cue.i])
                    if cue.i > ix.token_at(q.start)
                    else _clause_subject_before(ix, cue)
                )
            if subj is None and cue.lower_ in _INVERTED_CUES and cue.i + 1 < len(doc):
                subj = _leading_noun(list(doc[cue.i + 1 : cue.i + 6]))
            if subj is None and cue.i < ix.token_at(q.start):
                # "Protesters marching through the streets chanted “...”" with the cue
                # misparsed as a modifier: the sentence opens with its speaker.
                subj = _leading_noun(_head_region(ix, q.start))
            if subj is None and last is not None and _right_after(text, last, cue):
                # “...,” adding, “...”: a participle right after the last quotation goes on
                # with its speaker, as a quotation of its own
                cand = Candidate(pieces, "direct", _cue_tokens(cue), None, conf, inherit_from=last)
                out.append(cand)
                used.add(cue.i)
                continue
            if subj is None or subj.lower_ == "you":
                # a quotation with a cue but no speaker we can trust: let the context decide
                orphans.append(q)
                continue
            # A second quotation straight after the attribution ("“A,” he said, “B.”")
            if last is not None and last.cue and last.cue[0].i == cue.i:
                last.content.extend(pieces)
                continue
            cand = Candidate(
                content=pieces, kind="direct", cue=_cue_tokens(cue), subject=subj, confidence=conf
            )
            out.append(cand)
            used.add(cue.i)
            last = cand
            continue
        if _closes_sentence(text, q) and _prev_char(text, q) in ".?!\n":
            orphans.append(q)
    return out, used, orphans


def attach_continuations(
    text: str, orphans: list[Quotation], cands: list[Candidate]
) -> list[Candidate]:
    """Quotations with no cue of their own continue the nearest attribution before them:
    in the same paragraph they join a direct quote ("“A,” he said. “B.”"); in the next
    paragraph they become a quote of the same speaker."""
    out: list[Candidate] = []
    ordered = sorted(cands, key=lambda c: c.position)
    for q in orphans:
        prev = None
        for c in ordered + out:
            if c.position < q.start and (prev is None or c.position > prev.position):
                prev = c
        if prev is None:
            continue
        prev_end = max(
            max(e for _, e in prev.content),
            prev.cue[-1].idx + len(prev.cue[-1].text) if prev.cue else 0,
        )
        if prev_end > q.start:
            continue
        between = text[prev_end : q.start]
        if "\n" not in between and len(between) < 400:
            if prev.kind == "direct" and prev.inherit_from is None:
                prev.content.extend(q.pieces)
            else:
                out.append(Candidate(list(q.pieces), "direct", [], None, 0.6, inherit_from=prev))
        elif between.strip() == "" or (
            between.count("\n") and "\n" not in between.strip() and len(between) < 400
        ):
            # next paragraph (or the rest of the attribution's paragraph, then the next one)
            out.append(Candidate(list(q.pieces), "direct", [], None, 0.6, inherit_from=prev))
    return out


def speaker_of_previous_sentence(
    doc: Doc, ix: _Index, orphans: list[Quotation], cands: list[Candidate]
) -> list[Candidate]:
    """A quotation standing as a sentence of its own, with no attribution before it in its
    paragraph, right after a sentence about a named person is that person's words ("On
    “Face the Nation,” Sen. Bernie Sanders identified young voters' exhaustion with bigotry
    as one of the reasons .... “The younger people are ... sick and tired of
    discrimination.”"). Low confidence: the reader infers the speaker."""
    text = ix.text
    covered = [r for c in cands for r in c.content]
    out: list[Candidate] = []
    for q in orphans:
        if any(s <= q.start < e for s, e in covered):
            continue
        k = ix.token_at(q.start)
        if k >= len(doc) or k == 0:
            continue
        # the quotation opens a sentence: a full stop right before it (the parser may put
        # the opening mark at the end of the sentence before)
        prev_end = doc[k - 1] if doc[k - 1].text in _SENT_END else None
        if prev_end is None or _breaks_paragraph(prev_end):
            continue
        prev = doc[prev_end.i].sent
        # (the parser may open the sentence with the closing mark of the paragraph before)
        start = max(prev.start_char, text.rfind("\n", 0, q.start) + 1)
        if any(start <= c.position < q.start for c in cands):
            continue  # it attributes words of its own
        subj = find_subject(prev.root)
        if (
            subj is None
            or subj.idx < start
            or subj.ent_type_ != "PERSON"
            or ix.token_quote[subj.i] >= 0
            or not _speaks_in(prev.root)
        ):
            continue
        out.append(Candidate(list(q.pieces), "direct", [], subj, 0.5))
    return out


def _speaks_in(verb: Token) -> bool:
    """Whether a sentence's main verb leaves room for the person to be talking: not a verb
    of motion or physical action, and a copula only with a stance ("Mr. Hannity is
    unapologetic about his aim. ''I'm not hiding the fact ...''")."""
    lemma = verb.lemma_.lower()
    if lemma == "be":
        return any(c.dep_ == "acomp" for c in verb.children)
    return verb.pos_ == "VERB" and lemma not in _NOT_TALKING


_NOT_TALKING = frozenset(
    {"be", "have", "go", "come", "walk", "run", "die", "kill", "shoot", "arrive", "leave",
     "sit", "stand", "win", "lose", "sign", "vote"}
)


def _named(tok: Token) -> bool:
    """A capitalised word the tagger missed as a name ("Trump: ‘I’m the Worst ...’" with
    "Trump" as a noun) that the article names elsewhere as a person or organisation."""
    if not tok.is_title or tok.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB"):
        return False  # ("Gillibrand on Hillary ...": the headline's name read as a verb)
    return any(
        tok.text in ent.text.split() for ent in tok.doc.ents if ent.label_ in ("PERSON", "ORG")
    )


def find_headline_quotes(doc: Doc, ix: _Index) -> list[Candidate]:
    """Headline style "Speaker Name: words with a ‘quoted’ part" on a line of its own."""
    out: list[Candidate] = []
    text = doc.text
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        colon = line.find(":")
        if 0 < colon < 100 and any(ch in line[colon:] for ch in "‘“\"«'"):
            i, j = ix.token_at(start), ix.token_at(start + colon)
            name = [t for t in doc[i:j] if not t.is_space]
            # "CNN President On Trump: ‘...’" -> the speaker is the part before "on"
            on = next((k for k, t in enumerate(name) if t.lower_ == "on" and k > 0), len(name))
            speaker = name[:on]
            if (
                0 < len(speaker) <= 6
                and len(name) <= 12
                and j < len(doc)
                and doc[j].text == ":"
                and all(t.pos_ == "PROPN" or t.text == "." or _named(t) for t in speaker)
            ):
                rest = _ranges(doc, set(range(j + 1, ix.token_at(end))))
                if rest:
                    cand = Candidate(rest, "mixed", [doc[j]], speaker[-1], 0.6)
                    out.append(cand)
        start = end + 1
    return out


def _cue_form(word: str) -> bool:
    """Whether a word, whatever its tag, is a form of a reporting verb ("Says", "Tells",
    "Warns", "Finds", "Said"): headline parses tag them as names."""
    w = word.lower()
    if w in ("said", "told", "found", "wrote", "thought"):
        return True
    lemmas = SPEECH | COGNITION
    for suffix, add in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", "")):
        if w.endswith(suffix) and w[: len(w) - len(suffix)] + add in lemmas:
            return True
    return False


def find_headline_attribution(doc: Doc, ix: _Index) -> list[Candidate]:
    """A headline that quotes first and names its speaker after: "Guns Are ‘The Ultimate
    Public Health Crisis,’ Howard Dean Tells Democratic Convention." -> Dean's mixed quote,
    from the start of the line to the closing mark."""
    text = doc.text
    end = text.find("\n")
    end = len(text) if end < 0 else end
    if end > 200:
        return []
    for q in ix.quotations:
        if q.start >= end or q.end > end or _inner_last(text, q) != ",":
            continue
        tail = [t for t in doc[ix.token_at(q.end) : ix.token_at(end)] if not t.is_space]
        k = next((k for k, t in enumerate(tail[:8]) if k >= 1 and _cue_form(t.text)), None)
        if k is None or not tail[0].is_title:
            continue
        speaker = tail[:k]
        if len(speaker) > 6 or not all(t.is_title or t.text == "." for t in speaker):
            continue
        first = ix.token_at(0)
        while first < len(doc) and doc[first].is_space:
            first += 1
        content = [(doc[first].idx, q.end)] if doc[first].idx < q.start else list(q.pieces)
        kind = "mixed" if doc[first].idx < q.start else "direct"
        of = next((j for j, t in enumerate(speaker) if t.lower_ == "of" and j > 0), len(speaker))
        return [Candidate(content, kind, [tail[k]], speaker[of - 1], 0.6)]  # "Board Of Election"
    return []


_TITLE_QUOTE = re.compile(r"(?<![\w’'])['‘“\"][^'‘’“”\"]{2,}['’”\"](?![\w])")


def find_title_quote(doc: Doc, ix: _Index) -> list[Candidate]:
    """A headline left at the top of the text: "Obama Sees 'Personal Insult' if ...",
    "Black Lawmakers Rip Donald Trump As A ‘Disgusting Fraud.’" -> the headline's subject
    said what follows its verb."""
    text = doc.text
    end = text.find("\n")
    end = len(text) if end < 0 else end
    line = text[:end]
    if not line.strip() or len(line) > 200 or not _TITLE_QUOTE.search(line):
        return []
    last = ix.token_at(end)
    for tok in doc[:last]:
        if tok.pos_ != "VERB" or tok.lemma_.lower() in ("be", "have"):
            continue
        subj = find_subject(tok)
        if subj is None or subj.i >= last or subj.pos_ not in ("PROPN", "NOUN"):
            continue
        ranges = _ranges(doc, set(range(tok.i + 1, last)))
        if ranges:
            return [Candidate(ranges, "partial", _cue_tokens(tok), subj, 0.5)]
    return []


_SPEAKER_POS = ("PROPN", "NOUN", "PRON")


def _may_speak(subj: Token, strict: bool, cue: Token | None = None) -> bool:
    """Whether a subject can be the speaker of a quoted fragment: not a date or a dateline,
    not "it"/"this", not a thing ("the deal", "the ban"). ``strict`` (the verb is not a
    reporting cue): it must name someone, a person, a group or a personal pronoun."""
    if subj.ent_type_ in ("DATE", "TIME", "CARDINAL"):
        return False
    if subj.pos_ not in _SPEAKER_POS and not (subj.ent_type_ == "PERSON" and subj.is_title):
        return False  # "Trump further summed up ...", with Trump tagged as a verb
    if subj.lower_ in _EXPLETIVE or subj.lower_ == "you" or _inanimate(subj, cue):
        return False
    if strict:
        return (
            subj.ent_type_ in ("PERSON", "ORG", "NORP")
            or subj.lower_ in ("he", "she", "they", "we", "i", "who")
            or (subj.pos_ == "PROPN" and not subj.ent_type_)
        )
    return True


_SLOGAN_VERBS = frozenset({"chant", "shout", "yell", "scream", "cry", "exclaim", "sing"})
"""Verbs whose quoted object is words said aloud even in title case ("chanting “Bernie or
Jill, No Hill”"), not the name of a work."""


_NAMING_VERBS = frozenset({"call", "dub", "label", "brand", "nickname", "term"})
"""Verbs that give someone a name: 'called Merkel “The Chancellor of the Free World”' is the
subject's words even in title case."""

_SLOGAN_NOUNS = frozenset(
    {"slogan", "motto", "mantra", "chant", "cry", "refrain", "catchphrase", "rallying"}
)
"""Nouns naming words said or used as a slogan: a quotation hanging on them is the
subject's words even in title case."""


def _of_head(subj: Token) -> Token:
    """"Hundreds of demonstrators" -> "demonstrators": a number or quantity word heading the
    subject gives way to the people it counts."""
    if subj.ent_type_ == "CARDINAL" or subj.pos_ == "NUM" or subj.lower_ in _QUANTITY_WORDS:
        for child in subj.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return subj


_QUANTITY_WORDS = frozenset(
    {"hundreds", "thousands", "dozens", "millions", "scores", "some", "many", "most", "all",
     "several", "a", "group", "crowd"}
)


def _adjacent_subject(verb: Token) -> Token | None:
    """The name right before a verb the parser left without a subject ("..., Obama and
    Clinton call them “lone wolves”", with the names hung on the previous clause)."""
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBP", "VBZ", "VBD"):
        return None
    j = verb.i - 1
    while j >= 0 and verb.doc[j].pos_ in ("ADV", "AUX", "PART"):
        j -= 1
    if j < 0:
        return None
    tok = verb.doc[j]
    if tok.pos_ == "PROPN" and tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return tok
    return None


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _names_as(root: Token) -> bool:
    """Whether a quoted phrase is what a verb calls or charges someone with (an object
    predicate, "as ...", "for ..."), not the thing acted on."""
    if root.dep_ in ("oprd", "attr", "acomp"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("as", "for")


def _describes(root: Token, subj: Token) -> bool:
    """Whether ``root`` hangs on ``subj`` through nouns and prepositions only (a name in
    the speaker's description), with no verb of its own between them."""
    tok = root
    for _ in range(12):
        if tok.i == subj.i:
            return True
        if tok.head.i == tok.i or tok.head.pos_ in ("VERB", "AUX"):
            return False
        tok = tok.head
    return False


def governed_fragments(doc: Doc, ix: _Index, cands: list[Candidate]) -> list[Candidate]:
    """Quoted fragments inside the clause of a verb whose subject can be the speaker:
    "Bush referred to Rubio as “a bright, charismatic leader”", "thanked Obama for “taking
    these steps”", "Trump told Newsmax that Romney “had a crazy policy”". The nearest
    ancestor verb that is a reporting cue wins, else the nearest verb with a subject
    (not "be"/"have": "the slogan is “I'm with her”" is a name, not speech). Titles and
    quotations no attribution could own (subject inside the quotation) are left alone."""
    text = doc.text
    spans = [r for c in cands for r in c.content]
    out: list[Candidate] = []
    for qi, q in enumerate(ix.quotations):
        if any(s <= q.start < e or q.start <= s < q.end for s, e in spans):
            continue
        title = _is_title(text[q.start : q.end])
        toks = [t for t in doc[ix.token_at(q.start) : ix.token_at(q.end)] if not t.is_space]
        roots = [
            t
            for t in toks
            if ix.token_quote[t.i] != qi or t.head.i == t.i or ix.token_quote[t.head.i] != qi
        ]
        if not toks or not roots:
            continue
        verb = None
        fallback = None
        slogan = False
        anc = roots[0].head if ix.token_quote[roots[0].head.i] != qi else None
        while anc is not None:
            if anc.pos_ == "NOUN" and anc.lemma_.lower() in _SLOGAN_NOUNS and verb is None:
                slogan = True  # "ran on the slogan “Experience Counts”", "chants of “...”"
            if anc.pos_ in ("VERB", "AUX"):
                # "Beck, who has described Trump as “...”": the relative's own subject
                subj = (
                    find_subject(anc)
                    or next((c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    or _adjacent_subject(anc)
                )
                if (
                    subj is not None
                    and (_is_cue(anc) or anc.lemma_.lower() in PARTIAL_ONLY)
                    and (fallback is None or _may_speak(_of_head(subj), strict=False))
                ):
                    # (a cue higher up whose subject cannot speak, "It echoes a controversy
                    # when Mr. Trump assailed a judge for his “Mexican heritage”", gives way
                    # to the verb below it)
                    verb = (anc, subj)
                    break
                if (
                    fallback is None
                    and subj is not None
                    and anc.pos_ == "VERB"
                    and anc.lemma_.lower() not in ("be", "have")
                ):
                    fallback = (anc, subj)
            if anc.head.i == anc.i:
                break
            anc = anc.head
        found = verb or fallback
        if found is None:
            continue
        cue, subj = found
        if _describes(roots[0], subj):
            # part of the speaker's description: 'Solovey, a contestant on the show, “The
            # Apprentice,” said ...' (but 'Trump, who called Cruz “Lyin’ Ted,” said' stays)
            continue
        subj = _of_head(subj)
        if (
            ix.token_quote[subj.i] >= 0
            or subj.i > cue.i
            or not _may_speak(subj, strict=found is not verb and not slogan, cue=cue)
            or (cue.is_title and _headline_line(text, q.start))
        ):
            continue
        if title and _passive(cue) and subj.lemma_.lower() in _WORKS:
            continue  # "His book is called “Crippled America”": the name of a work
        if title and not (found is verb and _names_as(roots[0])) and not (
            cue.lemma_.lower() in _SLOGAN_VERBS or slogan
            or (found is verb and cue.lemma_.lower() in _NAMING_VERBS)
        ):
            # “Meet the Press”, “Fox and Friends”: a title, unless a reporting verb calls
            # someone by it ("called his opponent ''Senator Cruz''", "for his ''Mexican
            # heritage''")
            continue
        conf = 0.5 if found is verb else 0.35
        out.append(Candidate(list(q.pieces), "partial", _cue_tokens(cue), subj, conf))
    return out


_SENTENCE_BREAK = re.compile(r"[.?!][\"”’']?\s")


def echo_fragments(doc: Doc, ix: _Index, cands: list[Candidate]) -> list[Candidate]:
    """Quoted fragments that no attribution covers, in a paragraph where someone was
    reported speaking just before: partial quotes of that speaker, at low confidence
    ("Reid has gone after Trump as a “human leech”" after "Reid said ...")."""
    text = doc.text
    spans = [r for c in cands for r in c.content]
    with_cue = sorted(
        (c for c in cands if c.cue and c.subject is not None), key=lambda c: c.position
    )
    out: list[Candidate] = []
    for q in ix.quotations:
        if any(s <= q.start < e for s, e in spans) or _is_title(text[q.start : q.end]):
            continue
        para = text.rfind("\n", 0, q.start)
        para_end = text.find("\n", q.end)
        para_end = len(text) if para_end < 0 else para_end
        prev = None
        for c in with_cue:
            if para < c.position < q.start:
                prev = c
        conf = 0.3
        if prev is None:
            # the paragraph's speaker is named after the fragment ("... a “disaster,” Reid
            # said of the deal"): the first attribution that follows in the paragraph
            prev = next((c for c in with_cue if q.end <= c.position < para_end), None)
            conf = 0.25
            words = len(text[q.start : q.end].split())
            if prev is not None and (
                words < 2 or _SENTENCE_BREAK.search(text, q.end, prev.position) is not None
            ):
                prev = None  # a single word ("high", "Butch") or another sentence: too loose
        if prev is None:
            continue
        if prev.subject is not None:
            left, right = prev.subject.left_edge.idx, prev.subject.right_edge.idx
            if left <= q.start <= right:
                continue  # in the speaker's own description: 'X, star of “Scandal,” said'
        out.append(Candidate(list(q.pieces), "partial", [], None, conf, inherit_from=prev))
    return out
