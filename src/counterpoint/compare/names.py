"""Name normalisation shared by the comparison: canonical keys, acronyms, institution types.

The analysis stage gives cross-article entity keys when it runs; these helpers are the comparison's
own, simpler fallback and are also used to decide whether a name from one article occurs anywhere
in another (an ICC in one outlet is not "absent" from an outlet that says "International Criminal
Court").
"""

from __future__ import annotations

import re
import unicodedata

_DOTS = re.compile(r"(?<=\b[A-Za-z])\.")
_SPACES = re.compile(r"\s+")
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s$")

# Spelled-out forms that outlets abbreviate inconsistently ("U.N.", "UN", "United Nations").
_EQUIVALENTS = {
    "united nations": "un",
    "united states": "us",
    "united states of america": "us",
    "america": "us",
    "united kingdom": "uk",
    "britain": "uk",
    "great britain": "uk",
    "european union": "eu",
    "israel defense forces": "idf",
    "israel defence forces": "idf",
    "israeli army": "idf",
}

# Nouns that name what kind of institution an organisation is: two *different* institutions of
# the same kind in the same slot is what an institution contradiction looks like.
INSTITUTION_TYPES = (
    "court", "tribunal", "council", "assembly", "parliament", "congress", "senate", "ministry",
    "department", "agency", "bureau", "commission", "committee", "party", "army", "police",
    "bank", "fund", "union", "university", "hospital", "office", "service", "authority",
    "organization", "organisation", "federation", "league", "movement", "front", "brigade",
    "company", "corporation", "newspaper", "network", "board", "foundation",
)

_STOP_INITIALS = {"of", "the", "for", "and", "on", "in", "de", "la", "to", "at"}


def fold(text: str) -> str:
    """Lower-case, strip accents and typographic quotes, collapse spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    return _SPACES.sub(" ", text).strip().lower()


def normalise_name(name: str) -> str:
    """A comparison key for a name: ``"the U.N. Security Council"`` -> ``"un security council"``."""
    text = fold(name)
    text = _LEADING.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = _DOTS.sub("", text)
    text = re.sub(r"[^\w\s'-]", " ", text)
    text = _SPACES.sub(" ", text).strip()
    for long, short in sorted(_EQUIVALENTS.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"\b{re.escape(long)}\b", short, text)
    return text


def initials(name: str) -> str:
    """``"International Court of Justice"`` -> ``"icj"``; ``"Central Intelligence Agency"`` -> ``"cia"``."""
    words = [w for w in re.split(r"[\s-]+", normalise_name(name)) if w]
    return "".join(w[0] for w in words if w not in _STOP_INITIALS)


def is_acronym(name: str) -> bool:
    bare = name.replace(".", "").strip()
    return 2 <= len(bare) <= 6 and bare.isupper() and bare.isalpha()


def institution_type(name: str) -> str | None:
    """The kind of institution a name denotes, from its head noun (``"court"``, ``"council"``)."""
    words = normalise_name(name).split()
    # The head of "International Court of Justice" is "court": the last word before "of".
    if "of" in words:
        words = words[: words.index("of")]
    for word in reversed(words):
        stem = word[:-1] if word.endswith("s") and word[:-1] in INSTITUTION_TYPES else word
        if stem in INSTITUTION_TYPES:
            return stem
    return None


def person_key(name: str) -> str:
    """People are keyed by surname, without Arabic article prefixes (al-Salhi -> salhi)."""
    words = normalise_name(name).split()
    if not words:
        return ""
    last = words[-1]
    last = re.sub(r"^(al|el|ad|ar|as|an|at|az)-", "", last)
    # Multi-word surnames ("Abu Rudaineh", "Abu Yusef", "bin Salman") keep their particle.
    if len(words) >= 2 and words[-2] in {"abu", "bin", "ben", "ibn", "van", "von", "de", "del"}:
        last = f"{words[-2]} {last}"
    return last


def entity_key(name: str, label: str) -> str:
    """The comparison's cross-article key for an entity named ``name`` with spaCy ``label``."""
    if label == "PERSON":
        return f"person:{person_key(name)}"
    norm = normalise_name(name)
    if label in {"GPE", "LOC", "FAC"}:
        return f"place:{norm}"
    if label == "NORP":
        return f"group:{norm.rstrip('s')}"
    return f"org:{norm}"
