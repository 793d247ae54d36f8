"""The outlet registry: which outlet a domain, a site name or a furniture phrase belongs to.

The registry ships as ``counterpoint/data/outlets.json`` and is meant to be edited. Users add
their own outlets (or override shipped ones, matched by ``name``) with files of the same shape::

    {"outlets": [{"name": "Example Gazette", "aliases": ["Gazette"],
                  "domains": ["example-gazette.com"],
                  "signatures": ["Example Gazette Shop"],
                  "country": "US", "language": "en"}]}

either passed to :meth:`OutletRegistry.load` or named by the environment variable
``COUNTERPOINT_OUTLETS`` (one path, or several separated by ``os.pathsep``).

*Signatures* are phrases of site furniture that name the outlet ("Jerusalem Post Store"). They
are evidence only when they stand on a short furniture line, never inside an article sentence
(an article may well quote another outlet). Example::

    >>> reg = OutletRegistry.load()
    >>> reg.by_domain("https://www.jpost.com/middle-east/article-730000").name
    'The Jerusalem Post'
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

ENV_VAR = "COUNTERPOINT_OUTLETS"


@dataclass(frozen=True)
class Outlet:
    """One news outlet as the registry knows it."""

    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()
    country: str | None = None
    language: str | None = None

    @classmethod
    def from_dict(cls, data: dict) -> Outlet:
        if not isinstance(data, dict) or not str(data.get("name") or "").strip():
            raise ValueError(f"outlet entry needs a non-empty 'name': {data!r}")
        return cls(
            name=data["name"].strip(),
            aliases=tuple(a.strip() for a in data.get("aliases") or () if a.strip()),
            domains=tuple(_bare_host(d) for d in data.get("domains") or () if d.strip()),
            signatures=tuple(s.strip() for s in data.get("signatures") or () if s.strip()),
            country=data.get("country"),
            language=data.get("language"),
        )


@dataclass(frozen=True)
class SignatureHit:
    outlet: Outlet
    phrase: str
    start: int
    end: int


def _bare_host(value: str) -> str:
    """``https://www.JPost.com/x`` -> ``jpost.com``; ``edition.cnn.com`` stays as it is."""
    value = value.strip().lower()
    if "//" in value:
        value = urlsplit(value).hostname or ""
    else:
        value = value.split("/", 1)[0]
    value = value.split(":", 1)[0].rstrip(".")
    return value.removeprefix("www.")


def _name_key(value: str) -> str:
    """Loose key for site names: case, punctuation, a leading "the" and ".com" do not matter."""
    value = value.lower().replace("’", "'")
    value = re.sub(r"\.(com|org|net|co\.uk)\b", "", value)
    value = re.sub(r"[^\w]+", " ", value).strip()
    return value.removeprefix("the ")


@dataclass
class OutletRegistry:
    """Outlets indexed by domain, by name/alias, and by signature phrase."""

    outlets: list[Outlet] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._reindex()

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, extra_paths: list[str | Path] | None = None, *, use_env: bool = True) -> OutletRegistry:
        """The shipped registry, then ``$COUNTERPOINT_OUTLETS``, then ``extra_paths``.

        Later files override earlier entries of the same name.
        """
        shipped = resources.files("counterpoint").joinpath("data/outlets.json").read_text("utf-8")
        entries = _entries(json.loads(shipped), "counterpoint/data/outlets.json")
        paths: list[str | Path] = []
        if use_env and os.environ.get(ENV_VAR):
            paths += [p for p in os.environ[ENV_VAR].split(os.pathsep) if p]
        paths += list(extra_paths or [])
        for path in paths:
            try:
                data = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise ValueError(f"outlet registry {path}: cannot read it ({exc})") from exc
            entries += _entries(data, str(path))
        by_name: dict[str, Outlet] = {}
        for outlet in entries:
            by_name[outlet.name] = outlet
        return cls(list(by_name.values()))

    def _reindex(self) -> None:
        self._domains: dict[str, Outlet] = {}
        self._names: dict[str, Outlet] = {}
        self._signatures: dict[str, Outlet] = {}
        for outlet in self.outlets:
            for domain in outlet.domains:
                self._domains[domain] = outlet
            for name in (outlet.name, *outlet.aliases):
                self._names.setdefault(_name_key(name), outlet)
            for phrase in outlet.signatures:
                self._signatures[phrase] = outlet
        phrases = sorted(self._signatures, key=len, reverse=True)
        self._signature_re = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")
            if phrases
            else None
        )

    # ------------------------------------------------------------------ lookups

    def __len__(self) -> int:
        return len(self.outlets)

    def by_domain(self, url_or_host: str | None) -> Outlet | None:
        """The outlet owning a URL's host, trying parent domains (``edition.cnn.com``)."""
        if not url_or_host:
            return None
        host = _bare_host(url_or_host)
        parts = host.split(".")
        for i in range(len(parts) - 1):
            outlet = self._domains.get(".".join(parts[i:]))
            if outlet:
                return outlet
        return None

    def by_name(self, name: str | None) -> Outlet | None:
        """The outlet a site name or alias refers to ("Fox Online News", "fox", "JPost.com").

        Site names like "The Jerusalem Post | JPost.com" are tried part by part.
        """
        if not name or not name.strip():
            return None
        outlet = self._names.get(_name_key(name))
        if outlet:
            return outlet
        for part in re.split(r"\s+[|\-–—:]\s+", name):
            outlet = self._names.get(_name_key(part))
            if outlet:
                return outlet
        return None

    def find_signatures(self, text: str) -> list[SignatureHit]:
        """Every signature phrase in ``text`` with its offsets (case-sensitive, whole words)."""
        if not self._signature_re or not text:
            return []
        return [
            SignatureHit(self._signatures[m.group(0)], m.group(0), m.start(), m.end())
            for m in self._signature_re.finditer(text)
        ]

    @property
    def signature_phrases(self) -> list[str]:
        return list(self._signatures)


def _entries(data: object, where: str) -> list[Outlet]:
    items = data.get("outlets") if isinstance(data, dict) else data
    if not isinstance(items, list):
        # a malformed file is a bad value, reported like every other registry problem
        raise ValueError(f"outlet registry {where}: expected {{'outlets': [...]}} or a list")  # noqa: TRY004
    try:
        return [Outlet.from_dict(item) for item in items]
    except ValueError as exc:
        raise ValueError(f"outlet registry {where}: {exc}") from exc


@lru_cache(maxsize=1)
def default_registry() -> OutletRegistry:
    """The registry every call shares unless given another (shipped + ``$COUNTERPOINT_OUTLETS``)."""
    return OutletRegistry.load()
