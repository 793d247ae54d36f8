"""The JSON form of a story comparison and its versioned JSON Schema.

The schema is generated from :class:`counterpoint.models.StoryComparison` and checked in as
``counterpoint/render/comparison.schema.json``; a test fails when the model changes without the
file being regenerated (``python -m counterpoint.render.schema --write``).

Versioning: ``schema_version`` in every output names the schema it follows
(:data:`counterpoint.models.SCHEMA_VERSION`). Adding an optional field keeps the version; removing
or renaming a field, or changing its meaning, bumps it.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from counterpoint.models import SCHEMA_VERSION, StoryComparison

SCHEMA_FILE = Path(__file__).with_name("comparison.schema.json")

_DESCRIPTION = (
    "A counterpoint story comparison: the articles compared (with their cleaned text), notes, "
    "findings and a timeline. Every finding has a kind (shared, omission, contradiction, "
    "quote_match, framing, sourcing, inconsistency, note), a confidence in [0, 1] and evidence: "
    "passages of the articles given as half-open character offsets [start, end) into the "
    "article's cleaned text (ArticleRef.text), with the passage itself in `text`."
)


def comparison_schema() -> dict:
    """The JSON Schema of :class:`StoryComparison` output, with id, title and version."""
    schema = StoryComparison.model_json_schema(mode="serialization")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://counterpoint.invalid/schema/comparison/v{SCHEMA_VERSION}.json",
        "title": "StoryComparison",
        "description": _DESCRIPTION,
        "x-schema-version": SCHEMA_VERSION,
        **{k: v for k, v in schema.items() if k not in {"title", "description"}},
    }
    return schema


def checked_in_schema() -> dict:
    text = resources.files("counterpoint.render").joinpath("comparison.schema.json").read_text("utf-8")
    return json.loads(text)


def to_json_data(comparison: StoryComparison) -> dict:
    """The comparison as JSON-ready data."""
    return comparison.model_dump(mode="json")


def to_json(comparison: StoryComparison, indent: int | None = 2) -> str:
    return json.dumps(to_json_data(comparison), ensure_ascii=False, indent=indent)


def validate(data: dict) -> None:
    """Raise :class:`jsonschema.ValidationError` when ``data`` does not follow the schema."""
    import jsonschema

    jsonschema.validate(data, checked_in_schema())


def write_schema(path: Path = SCHEMA_FILE) -> None:
    path.write_text(json.dumps(comparison_schema(), indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if "--write" in sys.argv:
        write_schema()
        print(f"wrote {SCHEMA_FILE}")
    else:
        print(json.dumps(comparison_schema(), indent=2))
