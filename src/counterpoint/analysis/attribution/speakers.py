"""Who is speaking: the subject of a cue, its name, and pronoun/description resolution."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from counterpoint.analysis.attribution.cues import (
    ADDRESSEE_OBJECT,
    FIRST_SECOND_PERSON,
    PERSONAL_PRONOUNS,
    TITLES,
)

NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_GROUP_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_NP_CUT_DEPS = frozenset({"relcl", "acl", "advcl"})


def find_subject(cue: Token, depth: int = 0) -> Token | None:
    """The token heading the speaker of ``cue``, walking up participles, conjuncts and
    infinitives ("..., accusing", "went on to say", "paused and said")."""
    subjects = [c for c in cue.children if c.dep_ in _SUBJECT_DEPS and c.dep_ != "nsubjpass"]
    # the subject nearest the cue first: "LONDON (Reuters) - Donald Trump said" parses the
    # dateline as a second subject
    for child in sorted(subjects, key=lambda c: abs(cue.i - c.i)):
        if not _crosses_paragraph(child, cue):
            return child  # (a second subject in the cue's paragraph wins over a dateline)
    if subjects:
        # "12:15 p.m.\n\nPresident Obama says": the parser ran a dateline or a headline
        # into the sentence; the speaker opens the cue's own paragraph.
        return _paragraph_subject(cue)
    for child in cue.children:
        if child.dep_ == "mark" and child.lower_ == "as":
            # "As Akhil Amar, professor of law, put it," with the name parsed as the object
            # of "as"
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
                return obj
    if cue.dep_ == "ROOT" and _crosses_paragraph(cue.sent[0], cue):
        # "... the first Super Tuesday polls\nTrump, in Kentucky, said": a paragraph
        # without a full stop ran into this one and the parser lost the subject
        return _paragraph_subject(cue)
    if depth >= 4:
        return None
    if cue.dep_ == "xcomp" and cue.tag_ == "VB":
        # "Mr. Trump was prompted to say, ...": the passive subject of a verb of asking or
        # making speaks
        passive = [c for c in cue.head.children if c.dep_ == "nsubjpass"]
        if passive and not _crosses_paragraph(passive[0], cue):
            return passive[0]
    if cue.dep_ in ("acomp", "conj") or (
        cue.dep_ in ("advcl", "xcomp") and cue.tag_ in ("VBG", "VB", "VBN")
    ) or (
        # "Protesters marching through the streets chanted ...": the parser made the
        # participle the root and hung the finite verb on it
        cue.dep_ == "advcl" and cue.tag_ == "VBD" and cue.head.dep_ == "ROOT"
        and cue.head.tag_ == "VBG" and cue.head.i < cue.i
    ):
        return find_subject(cue.head, depth + 1)
    if cue.dep_ in ("relcl", "acl") and cue.head.pos_ in ("NOUN", "PROPN"):
        noun = cue.head
        if (
            cue.dep_ == "acl"
            and noun.lemma_.lower() in _CARRIERS
            and noun.dep_ == "dobj"
            and noun.head.pos_ == "VERB"
            and depth < 4
        ):
            # "Black Lives Matter issued a statement saying ...": who issued it speaks
            owner = find_subject(noun.head, depth + 1)
            if owner is not None:
                return owner
        return noun
    if cue.dep_ == "pcomp" and cue.head.dep_ == "prep":
        return find_subject(cue.head.head, depth + 1)
    return None


_CARRIERS = frozenset(
    {"statement", "letter", "tweet", "message", "email", "e-mail", "post", "note", "memo",
     "release", "video", "ad", "advertisement", "op-ed", "editorial", "column", "press"}
)
"""Things that carry someone's words ("issued a statement saying ..."): the subject of the
verb that sends them is the speaker."""


def _crosses_paragraph(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.text or "\n" in t.whitespace_ for t in a.doc[lo:hi])


def _paragraph_subject(cue: Token) -> Token | None:
    doc = cue.doc
    i = cue.i
    while i > 0 and not ("\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_):
        i -= 1
    head = None
    while i < cue.i and (
        doc[i].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON") or doc[i].text == "."
    ):
        if doc[i].pos_ in ("PROPN", "NOUN", "PRON"):
            head = doc[i]
        i += 1
    return head


def inverted_subject(cue: Token) -> Token | None:
    """A proper noun after a speech verb that the parser did not label nsubj ("said Caddell")."""
    for child in cue.rights:
        if (
            child.dep_ in ("dobj", "attr", "npadvmod", "dative", "appos", "oprd", "nsubj")
            and child.pos_ == "PROPN"
            and child.ent_type_ not in ("DATE", "TIME")
        ):
            return child
    return None


def noun_phrase(head: Token) -> tuple[int, int]:
    """Token range ``[start, end)`` of the phrase headed by ``head``, without relative clauses
    and trailing punctuation (appositives are kept: "spokesperson, Nabil Abu Rudaineh")."""
    keep = [head]
    stack = list(head.children)
    while stack:
        tok = stack.pop()
        if tok.dep_ in _NP_CUT_DEPS and tok.head.i == head.i:
            continue
        keep.append(tok)
        stack.extend(tok.children)
    idx = sorted(t.i for t in keep)
    # keep the contiguous run around the head
    start = end = head.i
    s = set(idx)
    while start - 1 in s:
        start -= 1
    while end + 1 in s:
        end += 1
    doc = head.doc
    # never across a paragraph break ("12:15 p.m.:\n\nPresident Obama says")
    for i in range(head.i - 1, start - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            start = i + 1
            break
        spaced = i > 0 and doc[i].whitespace_ and doc[i - 1].whitespace_
        if spaced and doc[i].text in ("-", "–", "—"):
            start = i + 1  # nor across a spaced dash ("HEADING - Michael P. McDonald:")
            break
        closing = doc[i].text in ("”", '"', "’", "'")
        if closing and i > 0 and doc[i - 1].text in (",", ".", "?", "!"):
            start = i + 1  # nor into the quotation closing before it ('...,” a voice-over')
            break
    for i in range(head.i, end + 1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            end = i
            break
    while end > start and (doc[end].is_space or "\n" in doc[end].text):
        end -= 1
    while (
        end > start
        and doc[end].is_punct
        and not (doc[end].text == ")" and any(t.text == "(" for t in doc[start:end]))
    ):
        end -= 1
    while start < end and doc[start].is_punct:
        start += 1
    return start, end + 1


def entity_name(tok: Token) -> str | None:
    """The named entity (person, organisation, place, group) that ``tok`` belongs to."""
    if tok.ent_type_ in NAMED_LABELS:
        doc = tok.doc
        start = tok.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = tok.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return _strip_titles(_strip_det(doc[start:end].text.strip()))
    return None


def _strip_titles(name: str) -> str:
    """ "Mayor Ana Ruiz" -> "Ana Ruiz", "Mr. Obama" -> "Obama" (titles are roles, not names)."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return " ".join(words)


def _strip_det(name: str) -> str:
    for det in ("the ", "The "):
        if name.startswith(det):
            return name[len(det) :]
    return name.rstrip("’'s").strip() if name.endswith(("’", "'")) else name


def name_of(head: Token) -> tuple[str | None, str | None]:
    """``(name, label)`` of the speaker headed by ``head`` when the phrase names one.

    Possessors are skipped on purpose: "Abbas’ spokesperson, Nabil Abu Rudaineh" is
    Abu Rudaineh speaking, not Abbas.
    """
    name = entity_name(head)
    if name:
        return name, head.ent_type_
    for child in head.children:
        if child.dep_ == "appos":
            name = entity_name(child)
            if name:
                return name, child.ent_type_
            if child.pos_ == "PROPN":
                return _propn_chain(child), "PERSON"
    if head.pos_ == "PROPN":
        return _propn_chain(head), None
    return None, None


def _propn_chain(head: Token) -> str:
    toks = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [head]
    start = min(t.i for t in toks)
    return _strip_titles(head.doc[start : head.i + 1].text.strip())


def addressee_of(cue: Token) -> str | None:
    """Whom the words were addressed to: "told reporters", "said to the BBC"."""
    lemma = cue.lemma_.lower()
    for child in cue.rights:
        if child.dep_ in ("dobj", "dative") and lemma in ADDRESSEE_OBJECT:
            s, e = noun_phrase(child)
            return cue.doc[s:e].text
        if (
            child.dep_ == "prep"
            and child.lower_ == "to"
            and lemma in ("say", "write", "speak", "explain")
        ):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    s, e = noun_phrase(pobj)
                    return cue.doc[s:e].text
    return None


@dataclass
class _Antecedent:
    name: str | None
    description: str | None
    label: str | None
    head_lemma: str
    phrase: str
    plural: bool
    gender: str | None = None


@dataclass
class SpeakerResolver:
    """Resolves speakers in text order: pronouns and definite descriptions point back to
    the last compatible speaker ("He added" -> the last named person who spoke)."""

    doc: Doc
    history: list[_Antecedent] = field(default_factory=list)
    ents: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ents = list(self.doc.ents)  # Doc.ents is rebuilt on every access

    def resolve(
        self, head: Token, phrase: str, remember: bool = True
    ) -> tuple[str | None, str | None, bool, float]:
        """``(speaker_name, description, unnamed, confidence)`` for a speaker phrase.

        ``remember=False`` for attributions nested in another one's content: "Salhi said
        that Abbas briefed ..." must not make Abbas the antecedent of the next "he".
        """
        saved = list(self.history)
        result = self._resolve(head, phrase)
        if not remember:
            self.history = saved
        return result

    def _resolve(self, head: Token, phrase: str) -> tuple[str | None, str | None, bool, float]:
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            # "Graham, who said ..." -> Graham
            noun = head.head.head
            return self._resolve(noun, noun.doc[slice(*noun_phrase(noun))].text)
        lower = head.lower_
        if lower in FIRST_SECOND_PERSON:
            return None, phrase, True, 0.3
        if head.pos_ == "PRON" and lower in PERSONAL_PRONOUNS:
            return self._pronoun(head, PERSONAL_PRONOUNS[lower], phrase)
        name, label = name_of(head)
        plural = head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children)
        if name:
            name = self._full_name(head, name, label)
            self._remember(_Antecedent(name, None, label, head.lemma_.lower(), phrase, plural))
            return name, None, False, 1.0
        # A common-noun description: "the spokesman" may name the last spokesman who spoke.
        lemma = head.lemma_.lower()
        definite = any(c.lower_ in ("the", "this") for c in head.children if c.dep_ == "det")
        if definite and not plural:
            for ante in reversed(self.history):
                if ante.name and lemma in ante.phrase.lower():
                    self._remember(ante)
                    return ante.name, phrase, False, 0.7
        self._remember(_Antecedent(None, phrase, None, lemma, phrase, plural))
        return None, phrase, True, 0.9

    def _full_name(self, head: Token, name: str, label: str | None) -> str:
        """A short mention ("Salhi") expanded to the full name given earlier
        ("Bassam al-Salhi"), looking at earlier speakers first, then earlier entities."""
        if label not in (None, "PERSON") or " " in name.strip():
            return name
        last = name.split()[-1].lower()
        for ante in reversed(self.history):
            if ante.name and ante.name != name and ante.name.split()[-1].lower() == last:
                return ante.name
        for ent in self.ents:
            if ent.start >= head.i:
                break
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].lower_ == last:
                return _strip_det(ent.text)
        return name

    def _pronoun(self, head: Token, kind: str, phrase: str):
        for ante in reversed(self.history):
            if kind in ("male", "female"):
                if ante.plural or ante.label not in (None, "PERSON") or not ante.name:
                    continue
                if ante.gender and ante.gender != kind:
                    continue
                ante.gender = kind
                self._remember(ante)
                return ante.name, None, False, 0.85
            if kind == "plural" and (ante.plural or ante.label in _GROUP_LABELS):
                self._remember(ante)
                if ante.name:
                    return ante.name, None, False, 0.7
                return None, ante.description, True, 0.7
            if kind == "neuter" and ante.label in _GROUP_LABELS:
                self._remember(ante)
                return ante.name, None, False, 0.7
        if kind in ("male", "female"):
            # No earlier speaker: fall back to the last person the article named.
            for ent in reversed([e for e in self.ents if e.end <= head.i]):
                if ent.label_ == "PERSON":
                    return ent.text, None, False, 0.5
        return None, phrase, True, 0.4

    def _remember(self, ante: _Antecedent) -> None:
        if self.history and self.history[-1] is ante:
            return
        self.history.append(ante)
