"""Canonical entities: one per person, organisation, place or group within an article.

Two jobs:

1. :func:`repair_entities` fixes what spaCy's small model gets wrong in news text before any
   later stage reads ``doc.ents`` (quotes, claims, events): nationalities tagged as places,
   "Jenin Refugee Camp" tagged as an organisation, "Saleh Ra’fat" cut to "Saleh", "the PA’s
   Voice of Palestine" as one entity, acronyms it never tags ("PA"), surnames it misses on
   second mention, page-script debris.
2. :func:`canonical_entities` groups the mentions into :class:`~counterpoint.models.Entity`
   objects with a cross-article ``key``::

       "Mahmoud Abbas", "Abbas", "PA President Mahmoud Abbas"  -> person:mhmd-abs
       "Salhi", "Bassam al-Salhi"                             -> person:bsm-slh
       "the PA", "Palestinian Authority"                      -> org:palestinian-authority
       "ICJ", "International Court of Justice"                -> org:international-court-of-justice
       "Nabil Abu Rudaineh" / "Nabil Abu Rudeineh"            -> person:nbl-ab-rdnh (both)

Person keys are a consonant skeleton of the folded name (case, diacritics, hyphens and "al-"
particles removed, vowels after the first letter dropped, doubled letters collapsed), so the
usual transliteration variants (Rudaineh/Rudeineh, Yusef/Yousef, Mohammed/Muhammad) agree.
Organisation and place keys are slugs of the canonical name after alias resolution
(``data/entity_aliases.json``, acronyms defined in the text such as "Central Intelligence
Agency (CIA)", and initials of full names in the same article).
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from counterpoint.models import Entity, Mention

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
_KEY_PREFIX = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}

# Words that are a title when they stand before a name ("President Mahmoud Abbas").
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "secretary", "general", "director", "chairman",
    "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy",
    "king", "queen", "prince", "princess", "sheikh", "chief", "head", "leader", "mayor",
    "governor", "senator", "sen.", "rep.", "representative", "gen.", "col.", "lt.", "maj.",
    "capt.", "sgt.", "commander", "judge", "justice", "pope", "rabbi", "imam", "ceo",
    "chancellor", "adviser", "advisor", "official", "member", "deputy", "assistant", "former",
    "acting", "foreign", "defense", "defence", "interior", "finance", "speaker", "dr.", "dr",
    "mr.", "mrs.", "ms.", "mr", "mrs", "ms", "professor", "prof.", "colonel", "lieutenant",
    "major", "sergeant", "captain", "emir", "crown", "president-elect", "coordinator", "negotiator", "attorney", "commissioner", "analyst", "correspondent",
    "sen", "rep", "gov", "gov.", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "adm.",
    "amb", "amb.", "supt", "supt.",
}
# Particles that belong to the surname that follows them ("Nabil Abu Rudaineh").
_SURNAME_PARTICLES = {"abu", "bin", "ibn", "ben", "abd", "abdel", "van", "von", "de", "da",
                      "del", "della", "di", "du", "le", "la", "st", "mac", "bar"}
_HONORIFICS = {"mr", "mrs", "ms", "dr", "sheikh", "sir", "lord", "lady"}
# Short forms of given names that outlets use for the same person ("Bernie Sanders" /
# "Bernard Sanders", "Chuck Schumer" / "Charles Schumer"): a key uses the full form.
_GIVEN_NAME_FORMS = {
    "bernie": "bernard", "joe": "joseph", "bill": "william", "billy": "william",
    "will": "william", "mike": "michael", "bob": "robert", "rob": "robert", "bobby": "robert",
    "jim": "james", "jimmy": "james", "tom": "thomas", "tommy": "thomas", "chuck": "charles",
    "charlie": "charles", "dick": "richard", "rick": "richard", "rich": "richard",
    "dan": "daniel", "danny": "daniel", "dave": "david", "steve": "steven", "tony": "anthony",
    "andy": "andrew", "nick": "nicholas", "pat": "patrick", "ben": "benjamin",
    "bibi": "benjamin", "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine",
    "kathy": "katherine", "jen": "jennifer", "jenny": "jennifer", "sam": "samuel",
    "alex": "alexander", "matt": "matthew", "greg": "gregory", "jeff": "jeffrey",
    "ken": "kenneth", "larry": "lawrence", "ron": "ronald", "don": "donald", "ed": "edward",
    "eddie": "edward", "fred": "frederick", "hank": "henry", "jack": "john", "johnny": "john",
    "jon": "jonathan", "josh": "joshua",
}
_GENERATION_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_FACILITY_HEADS = {
    "camp", "crossing", "checkpoint", "square", "mosque", "airport", "bridge", "street",
    "road", "compound", "hospital", "prison", "base", "port", "gate",
}
_DEMONYM_RE = re.compile(r"^[A-Z][a-z]+(?:ian|ians|ean|eans|ese|ish|i|is|an|ans)$")
_NAME_PARTICLES = {"al", "el", "ad", "ash", "as", "at", "az", "an", "ar", "ad-din"}
_POSSESSIVE_RE = re.compile(r"(?:['’]s|['’])$")
_ACRONYM_DEF_RE = re.compile(
    r"((?:[A-Z][\w’'.-]*)(?:\s+(?:of|for|and|the|on|de|[A-Z][\w’'.-]*))*)\s+\(([A-Z][A-Za-z.]{1,9})\)"
)
_SMALL_WORDS = {"of", "for", "and", "the", "on", "de", "in", "to"}


# --------------------------------------------------------------------------- normalisation


def fold(text: str) -> str:
    """Lower case, no diacritics, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("ʼ", "'").replace("`", "'")
    return " ".join(text.lower().split())


def clean_mention(text: str) -> str:
    """Strip a leading article and a trailing possessive: "the PA’s" -> "PA"."""
    text = " ".join(text.split())
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = _POSSESSIVE_RE.sub("", text).strip()
    return text


def name_tokens(name: str) -> list[str]:
    """Folded tokens of a person's name without "al-" particles or possessives.

    >>> name_tokens("Bassam al-Salhi")
    ['bassam', 'salhi']
    """
    text = fold(clean_mention(name))
    text = re.sub(r"\b(?:al|el|ad|ash|as|at|az|an|ar)-", "", text)
    text = text.replace("'", "")
    tokens = [t for t in re.split(r"[^a-z0-9]+", text) if t]
    return [t for t in tokens if t not in _NAME_PARTICLES]


def skeleton(token: str) -> str:
    """A transliteration-tolerant key for one name token: first letter plus consonants.

    >>> skeleton("rudaineh"), skeleton("rudeineh"), skeleton("yousef"), skeleton("yusef")
    ('rdnh', 'rdnh', 'ysf', 'ysf')
    """
    t = token.lower()
    for a, b in (("ph", "f"), ("ck", "k"), ("q", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i")):
        t = t.replace(a, b)
    if not t:
        return t
    rest = re.sub(r"[aeiouy]", "", t[1:])
    out = t[0] + rest
    return re.sub(r"(.)\1+", r"\1", out)


def slug(text: str) -> str:
    text = fold(clean_mention(text)).replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def key_tokens(name: str) -> list[str]:
    """The name tokens a person's key is made of: first name and surname (with its particles),
    without initials or middle names, so "Donald J. Trump" and "Donald Trump" agree."""
    toks = [t for t in name_tokens(name) if len(t) > 1 or len(name_tokens(name)) == 1]
    while len(toks) > 2 and toks[-1] in _GENERATION_SUFFIXES:
        toks = toks[:-1]  # "Joseph R. Biden Jr." is "Joseph Biden"
    if len(toks) > 1:
        toks[0] = _GIVEN_NAME_FORMS.get(toks[0], toks[0])
    if len(toks) <= 2:
        return toks
    last = len(toks) - 1
    start = last
    while start - 1 > 0 and toks[start - 1] in _SURNAME_PARTICLES:
        start -= 1
    return [toks[0], *toks[start:]]


def person_key(name: str) -> str:
    """The cross-article key of a person: "Nabil Abu Rudeineh" -> "person:nbl-ab-rdnh"."""
    return "person:" + "-".join(skeleton(t) for t in key_tokens(name))


def initials(name: str) -> str:
    """Initials of the capitalised words: "International Court of Justice" -> "ICJ"."""
    words = [w for w in re.split(r"[\s-]+", clean_mention(name)) if w]
    return "".join(w[0] for w in words if w[0].isupper() and w.lower() not in _SMALL_WORDS)


def _is_acronym(text: str) -> bool:
    bare = text.replace(".", "")
    return 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper()


def _alias_lookup_key(text: str) -> str:
    text = clean_mention(text)
    if _is_acronym(text):
        return "ACR:" + text.replace(".", "")
    return "NAME:" + fold(text).replace(".", "")


@lru_cache(maxsize=1)
def load_aliases() -> dict[str, tuple[str, str]]:
    """``lookup key -> (canonical name, label)`` from ``data/entity_aliases.json``."""
    raw = json.loads(
        resources.files("counterpoint").joinpath("data/entity_aliases.json").read_text("utf-8")
    )
    table: dict[str, tuple[str, str]] = {}
    for label, entries in raw.items():
        if label.startswith("_"):
            continue
        for canonical, aliases in entries.items():
            for alias in [canonical, *aliases]:
                table.setdefault(_alias_lookup_key(alias), (canonical, label))
    return table


@lru_cache(maxsize=1)
def _known_people() -> dict[str, str]:
    """Surname skeleton -> full name, for the people in the alias file (unique surnames only)."""
    by_surname: dict[str, list[str]] = {}
    for canonical, label in load_aliases().values():
        if label == "PERSON":
            toks = name_tokens(canonical)
            if len(toks) > 1:
                names = by_surname.setdefault(skeleton(toks[-1]), [])
                if canonical not in names:
                    names.append(canonical)
    return {k: v[0] for k, v in by_surname.items() if len(v) == 1}


def known_person(name: str) -> str | None:
    """The full name of a well-known person from a nickname or a bare surname: "Abu Mazen",
    "Netanyahu" -> "Benjamin Netanyahu". None when unknown."""
    hit = resolve_alias(name)
    if hit is not None and hit[1] == "PERSON":
        return hit[0]
    toks = name_tokens(name)
    if len(toks) == 1:
        return _known_people().get(skeleton(toks[0]))
    return None


def resolve_alias(text: str) -> tuple[str, str] | None:
    """``(canonical name, label)`` when the shipped alias table knows ``text``."""
    return load_aliases().get(_alias_lookup_key(text))


def strip_country(name: str) -> str:
    """Drop a leading country from an organisation's name: "U.S. Internal Revenue Service" ->
    "Internal Revenue Service" (outlets at home leave it out)."""
    words = name.split()
    for n in (3, 2, 1):
        if len(words) > n and words[n][:1].isupper():
            hit = resolve_alias(" ".join(words[:n]))
            if hit is not None and hit[1] == "GPE":
                return " ".join(words[n:])
    return name


def expand_acronyms(name: str, local: dict[str, str] | None = None) -> str:
    """Spell out known acronyms inside a longer name: "U.N. Security Council" ->
    "United Nations Security Council"."""
    words = name.split()
    if len(words) < 2:
        return name
    out = []
    for w in words:
        if _is_acronym(w):
            bare = w.replace(".", "")
            if local and bare in local:
                out.append(local[bare])
                continue
            hit = load_aliases().get("ACR:" + bare)
            if hit and hit[1] == "ORG":
                out.append(hit[0])
                continue
        out.append(w)
    return " ".join(out)


def same_person(a: str, b: str, threshold: float = 88.0) -> bool:
    """Whether two person names from different articles are likely the same person.

    Exact on the skeleton key, else a fuzzy match (rapidfuzz) of the folded names that also
    requires the surnames' skeletons to agree: "Abu Yousef" / "Wasel Abu Yusef" -> True.
    """
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    sa, sb = [skeleton(t) for t in ta], [skeleton(t) for t in tb]
    if sa == sb:
        return True
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if long_[-len(short) :] == short:
        return True
    if sa[-1] != sb[-1]:
        return False
    return fuzz.token_sort_ratio(" ".join(ta), " ".join(tb)) >= threshold


def learned_acronyms(text: str) -> dict[str, str]:
    """Acronyms the article defines: "Central Intelligence Agency (CIA)" -> {"CIA": ...}."""
    found: dict[str, str] = {}
    for m in _ACRONYM_DEF_RE.finditer(text):
        full, acr = m.group(1), m.group(2).replace(".", "")
        words = full.split()
        # Keep only as many trailing words as the acronym needs ("... officials including
        # Central Intelligence Agency (CIA)" -> "Central Intelligence Agency").
        for i in range(len(words)):
            cand = " ".join(words[i:])
            if cand.split()[0].lower() in _SMALL_WORDS:
                continue
            if initials(cand) == acr:
                found[acr] = cand
                break
        else:
            if initials(full).startswith(acr[0]):
                found.setdefault(acr, full)
    return found


# --------------------------------------------------------------------------- repair


def repair_entities(doc) -> None:
    """Fix spaCy's entity spans on ``doc`` in place (see the module docstring)."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    text = doc.text
    aliases = load_aliases()
    local_acr = learned_acronyms(text)
    spans: list = []
    for ent in doc.ents:
        spans.extend(_repair_one(doc, ent, Span))

    # Acronyms of full organisation names in this article ("PIJ" for "Palestinian Islamic Jihad").
    for sp in spans:
        if sp.label_ == "ORG" and len(sp) > 1:
            ini = initials(sp.text)
            if len(ini) >= 2:
                local_acr.setdefault(ini, clean_mention(sp.text))

    taken = {i for sp in spans for i in range(sp.start, sp.end)}
    persons = [sp for sp in spans if sp.label_ == "PERSON" and len(sp) > 1]
    surnames = {}
    for sp in persons:
        toks = name_tokens(sp.text)
        if toks:
            surnames[toks[-1]] = sp
    for tok in doc:
        if tok.i in taken or not tok.text[:1].isupper():
            continue
        word = _POSSESSIVE_RE.sub("", tok.text)
        if _is_acronym(word):
            bare = word.replace(".", "")
            hit = aliases.get("ACR:" + bare)
            if bare in local_acr or (hit is not None):
                label = hit[1] if hit else "ORG"
                spans.append(Span(doc, tok.i, tok.i + 1, label=label))
                taken.add(tok.i)
                continue
        if tok.pos_ == "PROPN":
            toks = name_tokens(word)
            if len(toks) == 1 and toks[0] in surnames:
                start = tok.i
                # Take the preceding first-name/particle tokens of the same person too.
                full = name_tokens(surnames[toks[0]].text)
                while (
                    start > 0
                    and start - 1 not in taken
                    and doc[start - 1].pos_ == "PROPN"
                    and any(t in full for t in name_tokens(doc[start - 1].text))
                ):
                    start -= 1
                spans.append(Span(doc, start, tok.i + 1, label="PERSON"))
                taken.update(range(start, tok.i + 1))
    # spaCy tags a surname ORG on a later mention ("Preston said"): the person wins. (Not
    # GPE: "Jordan" the country stays a country beside a "Michael Jordan".)
    spans = [
        Span(doc, sp.start, sp.end, label="PERSON")
        if sp.label_ == "ORG" and len(sp) == 1 and not _is_acronym(sp.text)
        and name_tokens(sp.text)[-1:] and name_tokens(sp.text)[-1] in surnames
        and resolve_alias(sp.text) is None
        else sp
        for sp in spans
    ]
    doc.ents = filter_spans(spans)


def _repair_one(doc, ent, Span) -> list:
    """The corrected span(s) for one spaCy entity: none, itself, relabelled, split or extended."""
    label = ent.label_
    if label not in KEPT_LABELS:
        return [ent]
    if not re.search(r"[A-Za-z]", ent.text) or re.search(r"[=&;{}()<>|]|\w\.[a-z]\w*\.\w", ent.text):
        return []  # page-script debris: "null &&", "divWithLink.style.border"
    start, end = ent.start, ent.end
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    # Trailing lower-case words, dangling "of", punctuation: "Martinez’s old", "51st State of".
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].lower_ in _SMALL_WORDS
        or (doc[end - 1].text[:1].islower() and label != "PERSON" and end - start > 1)
    ):
        end -= 1
    if start >= end or not doc[start].text[:1].isupper() and not doc[start].like_num:
        return []  # "denser urban coast", "state"
    # Split on an inner possessive: "the PA’s Voice of Palestine" -> "PA" + "Voice of Palestine".
    for i in range(start, end - 1):
        if (doc[i].tag_ == "POS" or doc[i].text in {"’s", "'s"}) and (
            end - i - 1 >= 2 or _is_acronym(doc[start:i].text) or resolve_alias(doc[start:i].text)
        ):
            left = [Span(doc, start, i, label=_label_for(doc[start:i].text, label))]
            return [s for s in left if len(s)] + _repair_one(
                doc, Span(doc, i + 1, end, label=label), Span
            )
    if doc[start].lower_.rstrip(".") in _HONORIFICS and end - start > 1 and label != "PERSON":
        label = "PERSON"  # "Ms Haspel" tagged ORG
    if label == "PERSON" and doc[start].lower_.rstrip(".") in _HONORIFICS and end - start > 1:
        start += 1
    span_text = doc[start:end].text
    words = span_text.split()
    if label == "PERSON" and (
        any(c.isdigit() for c in span_text) or _label_for(span_text, "PERSON") != "PERSON"
    ):
        # "MS-13" is a gang, "Twitter" a company, "Gaza" a place.
        label = "ORG" if any(c.isdigit() for c in span_text) else _label_for(span_text, "ORG")
    if label == "PERSON":
        if not all(w[:1].isupper() or w[:3].lower() in {"al-", "el-", "bin", "ibn", "abu", "da", "de", "van", "von"} for w in words):
            return []  # "ffffff", lower-case debris
        # A title inside the span belongs to the role, not the name; a sentence-initial verb
        # is not a name either ("Citing Biden", "Meet Gina").
        while end - start > 1 and (
            doc[start].lower_ in TITLE_WORDS
            or doc[start].pos_ in {"VERB", "AUX", "ADP", "ADV", "PRON", "SCONJ", "CCONJ", "DET"}
        ):
            start += 1
        # Extend over the rest of a compound name spaCy cut: "Saleh" + "Ra’fat".
        while (
            end < len(doc)
            and doc[end].pos_ == "PROPN"
            and doc[end].text[:1].isupper()
            and not doc[end].ent_type_
            and any(doc[k].head.i == end for k in range(start, end))
        ):
            end += 1
        return [Span(doc, start, end, label="PERSON")]
    if label == "ORG":
        if len(words) == 1 and words[0] in {"State", "Department", "Council", "Court", "Party"}:
            return []
        if re.match(r"^\w+(?:ization|isation)\b", words[0]):
            return []  # "the Judaization of Jerusalem"
    if words[-1].lower() in _FACILITY_HEADS and label in {"ORG", "GPE", "PERSON", "LOC"}:
        label = "FAC"
    elif end - start == 1 and label in {"ORG", "GPE", "PERSON"} and (
        doc[start].pos_ == "ADJ" or (_DEMONYM_RE.match(words[0]) and doc[start].tag_ == "NNPS")
    ):
        label = "NORP"
    hit = resolve_alias(span_text)
    if hit is not None and hit[1] != label and label in {"ORG", "GPE", "NORP"} and hit[1] != "PERSON":
        label = hit[1]
    return [Span(doc, start, end, label=label)]


def _label_for(text: str, default: str) -> str:
    hit = resolve_alias(text)
    return hit[1] if hit else default


# --------------------------------------------------------------------------- roles


def _is_title_token(tok) -> bool:
    return tok.lower_ in TITLE_WORDS or (tok.pos_ == "NOUN" and tok.text.islower())


def roles_for(ent) -> list[str]:
    """Titles and roles the text gives a person at this mention.

    Before the name ("PA presidential spokesperson Nabil Abu Rudaineh"), as an appositive after
    it ("Saleh Ra’fat, another senior PLO official") or before it ("PA President Mahmoud Abbas’
    spokesperson, Nabil Abu Rudaineh").
    """
    doc = ent.doc
    roles: list[str] = []
    sent_start = ent.sent.start if doc.has_annotation("SENT_START") else 0
    # 1. Premodifying title: walk back over proper nouns, nouns, adjectives, "of"/"for" inside
    #    proper names, and a parenthesised acronym.
    i = ent.start - 1
    begin = ent.start
    while i >= sent_start:
        tok = doc[i]
        if tok.ent_type_ == "PERSON":
            break
        if tok.pos_ in {"PROPN", "NOUN", "ADJ"} or tok.text in {"(", ")"} or (
            tok.pos_ == "NUM" and i + 1 < ent.start
        ):
            begin = i
        elif tok.lower_ in {"of", "for", "and", "&"} and i > sent_start and doc[i - 1].pos_ == "PROPN" and (
            tok.lower_ != "and" or doc[i + 1].pos_ == "PROPN"
        ):
            begin = i  # "Secretary of State", "House Ways and Means Committee Chairman"
        elif tok.text in {"-", "–"} and i > sent_start:
            begin = i
        else:
            break
        i -= 1
    while begin < ent.start and (doc[begin].lower_ in _SMALL_WORDS or doc[begin].text in {"(", ")"}):
        begin += 1
    if begin < ent.start and any(_is_title_token(t) for t in doc[begin : ent.start]):
        roles.append(doc[begin : ent.start].text)
    # 2. Appositive after the name: "Bassam al-Salhi, member of the PLO Executive Committee and ...".
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end and child.pos_ in {"NOUN", "PROPN"}:
            roles.extend(_appositive_roles(child, exclude=ent))
    # 3. The name is the appositive of a role before it: "Abbas’ spokesperson, Nabil Abu Rudaineh".
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN":
        head = root.head
        left = head.left_edge.i
        while left < head.i and doc[left].pos_ == "DET":
            left += 1
        roles.append(doc[left : head.i + 1].text)
    out = []
    for r in roles:
        for part in _split_roles(_clean_role(r)):
            if (
                part
                and part not in out
                and len(part.split()) <= 12
                and not part.lower().startswith("formerly")
                and part.lower().rstrip(".") not in _HONORIFICS
            ):
                out.append(part)
    return out


def _split_roles(role: str) -> list[str]:
    """"member of X and Secretary-General of Y" -> two roles."""
    parts = re.split(r"\s+and\s+", role)
    if len(parts) > 1 and all(re.split(r"[\s-]", p)[0].lower() in TITLE_WORDS for p in parts[1:]):
        return parts
    return [role]


def _appositive_roles(head, exclude) -> list[str]:
    doc = head.doc
    conj_heads = [c for c in head.children if c.dep_ == "conj"]
    skip = set()
    for c in conj_heads:
        skip.update(t.i for t in c.subtree)
    skip.update(c.i for c in head.children if c.dep_ in {"cc", "punct"})
    # Relative and participial clauses describe, they are not the title: "founder of the
    # movement, who told me ...".
    for c in head.subtree:
        if c.dep_ in {"relcl", "acl", "advcl"}:
            skip.update(t.i for t in c.subtree)
    # Parenthesised asides ("(formerly the Palestinian Communist Party)") are not the role.
    for t in head.subtree:
        if t.text == "(":
            depth_start = t.i
            for u in doc[depth_start:]:
                skip.add(u.i)
                if u.text == ")":
                    break
    toks = [t for t in head.subtree if t.i not in skip and not (exclude.start <= t.i < exclude.end)]
    out = []
    if toks:
        out.append(doc[toks[0].i : toks[-1].i + 1].text if _contiguous(toks) else " ".join(t.text for t in toks))
    for c in conj_heads:
        if c.pos_ in {"NOUN", "PROPN"}:
            out.extend(_appositive_roles(c, exclude))
    return out


def _contiguous(toks) -> bool:
    return all(b.i == a.i + 1 for a, b in itertools.pairwise(toks))


def _clean_role(role: str) -> str:
    role = " ".join(role.split()).strip(" ,;:-–")
    role = re.split(r"\s*[,;:“”\"—]\s*", role)[0]
    role = re.sub(r"^(?:another|a|an|the|its|his|her|their)\s+", "", role, flags=re.IGNORECASE)
    role = re.sub(r"\s*\($", "", role)
    if role.count("(") != role.count(")"):
        role = role.replace("(", "").replace(")", "")
    return role.strip()


# --------------------------------------------------------------------------- canonical entities


@dataclass
class _Cluster:
    label: str
    name: str
    key: str
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    skel: list[str] = field(default_factory=list)

    def add(self, mention: Mention, roles: list[str]) -> None:
        self.mentions.append(mention)
        for r in roles:
            if r not in self.roles:
                self.roles.append(r)
        alias = clean_mention(mention.text)
        if alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)

    def entity(self) -> Entity:
        self.mentions.sort(key=lambda m: m.start)
        return Entity(
            key=self.key,
            name=self.name,
            label=self.label,
            mentions=self.mentions,
            roles=self.roles,
            aliases=self.aliases,
        )


def canonical_entities(doc) -> list[Entity]:
    """The article's canonical entities, in order of first mention.

    Call :func:`repair_entities` on ``doc`` first (the pipeline does).
    """
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    others = [e for e in doc.ents if e.label_ in KEPT_LABELS and e.label_ != "PERSON"]
    clusters = _cluster_persons(persons) + _cluster_others(doc, others)
    entities = [c.entity() for c in clusters if c.mentions]
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities


def _mention(ent) -> Mention:
    return Mention(start=ent.start_char, end=ent.end_char, text=ent.text)


def _cluster_persons(ents) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    last_seen: dict[int, int] = {}  # cluster index -> char offset of its last full mention
    # Longest names first so that "Abbas" finds "Mahmoud Abbas" wherever it stands.
    order = sorted(ents, key=lambda e: (-len(name_tokens(e.text)), e.start_char))
    assigned: dict[int, int] = {}
    for ent in order:
        toks = name_tokens(ent.text)
        if not toks:
            continue
        skel = [skeleton(t) for t in toks]
        candidates = [
            i for i, c in enumerate(clusters)
            if c.skel[-len(skel):] == skel and len(skel) <= len(c.skel)
        ]
        if candidates:
            # Prefer the person mentioned most recently before this mention.
            before = [i for i in candidates if last_seen.get(i, 10**12) <= ent.start_char]
            idx = max(before, key=lambda i: last_seen[i]) if before else candidates[0]
        else:
            name = clean_mention(ent.text)
            clusters.append(_Cluster("PERSON", name, person_key(name), skel=skel))
            idx = len(clusters) - 1
            last_seen[idx] = ent.start_char
        assigned[ent.start_char] = idx
        if len(skel) > 1:
            last_seen[idx] = min(last_seen.get(idx, ent.start_char), ent.start_char)
    for ent in sorted(ents, key=lambda e: e.start_char):
        idx = assigned.get(ent.start_char)
        if idx is not None:
            clusters[idx].add(_mention(ent), roles_for(ent))
    # A bare surname or a nickname of a well-known person: use the full name, so that the key
    # agrees with outlets that spell it out ("Netanyahu" -> "Benjamin Netanyahu").
    for c in clusters:
        full = known_person(c.name) if len(c.skel) == 1 or resolve_alias(c.name) else None
        if full and full != c.name and not any(
            o is not c and o.skel[-1:] == [skeleton(name_tokens(full)[-1])] for o in clusters
        ):
            c.aliases.insert(0, c.name)
            c.name, c.key = full, person_key(full)
    return clusters


def _cluster_others(doc, ents) -> list[_Cluster]:
    local_acr = learned_acronyms(doc.text)
    full_by_initials: dict[str, str] = {}
    for e in ents:
        if e.label_ == "ORG" and len(e) > 1:
            full = strip_country(clean_mention(e.text))
            full_by_initials.setdefault(initials(full), full)
    by_key: dict[str, _Cluster] = {}
    for ent in ents:
        raw = clean_mention(ent.text)
        if not raw:
            continue
        label = ent.label_
        if label == "ORG":
            raw = strip_country(raw)
        name = raw
        hit = resolve_alias(raw)
        if hit is not None and hit[1] == "PERSON":
            hit = None  # a person spaCy tagged otherwise keeps its own label here
        if hit is None and _is_acronym(raw):
            bare = raw.replace(".", "")
            full = local_acr.get(bare) or full_by_initials.get(bare)
            if full:
                hit = resolve_alias(full) or (full, "ORG")
        if hit is None and len(raw.split()) > 1:
            expanded = expand_acronyms(raw, local_acr)
            hit = resolve_alias(expanded) or ((expanded, label) if expanded != raw else None)
        if hit is not None:
            name, label = hit[0], (hit[1] if label != "FAC" else label)
        if label == "NORP":
            key_name = re.sub(r"s$", "", fold(name)) if fold(name).endswith(("ians", "is", "ans")) else name
        else:
            key_name = name
        key = f"{_KEY_PREFIX.get(label, 'other')}:{slug(key_name)}"
        cluster = by_key.get(key)
        if cluster is None:
            cluster = by_key[key] = _Cluster(label, name, key)
        elif len(name) > len(cluster.name) and hit is None and label != "NORP":
            cluster.aliases.append(cluster.name)
            cluster.name = name
        cluster.add(_mention(ent), [])
    return list(by_key.values())


def entity_at(entities: list[Entity], start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping ``[start, end)``, people first, longest overlap."""
    best, best_score = None, 0
    for e in entities:
        for m in e.mentions:
            ov = min(end, m.end) - max(start, m.start)
            if ov > 0:
                score = ov + (1000 if e.label == "PERSON" else 0)
                if score > best_score:
                    best, best_score = e, score
    return best


def entity_by_name(entities: list[Entity], name: str) -> Entity | None:
    """The person (or organisation) in ``entities`` that ``name`` refers to, if any."""
    if not name:
        return None
    for e in entities:
        if e.label == "PERSON" and (name == e.name or name in e.aliases or same_person(name, e.name)):
            return e
    key = slug(name)
    for e in entities:
        if e.key.endswith(":" + key) or any(slug(a) == key for a in e.aliases):
            return e
    return None


def link_speakers(quotes: list, entities: list[Entity]) -> list:
    """Give each quote the canonical key and name of its speaker when it is a known entity.

    The speaker is found by the quote's ``speaker_span`` (a mention of the entity), else by
    ``speaker_name`` ("Salhi" -> "Bassam al-Salhi"). Unnamed sources are left as they are.
    """
    out = []
    for q in quotes:
        ent = entity_by_name(entities, q.speaker_name) if q.speaker_name else None
        if ent is None and q.speaker_span is not None and not q.unnamed:
            ent = entity_at(entities, q.speaker_span.start, q.speaker_span.end)
            if ent is not None and ent.label not in {"PERSON", "ORG", "GPE"}:
                ent = None
        if ent is not None:
            q = q.model_copy(update={"speaker_key": ent.key, "speaker_name": ent.name})
        out.append(q)
    return out
