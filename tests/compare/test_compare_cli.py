"""`counterpoint compare` end to end: files in, JSON on stdout, Markdown and HTML files out."""

import json

import pytest
from typer.testing import CliRunner

from counterpoint.cli.main import app

pytestmark = pytest.mark.slow

A = ("Seven people were killed in a fire at the Main Street warehouse in Springfield on Monday, "
     "Fire Chief Dana Ortiz said. The blaze started shortly after midnight and burned for six "
     "hours before firefighters brought it under control.\n")
B = ("Nine people were killed in a fire at the Main Street warehouse in Springfield on Monday, "
     "Fire Chief Dana Ortiz said. Crews from three neighbouring towns were called in.\n")


def test_compare_files_to_json_markdown_and_html(tmp_path):
    from counterpoint.render.schema import validate

    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    md, html = tmp_path / "out" / "r.md", tmp_path / "out" / "r.html"
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                      "--json", "--markdown", str(md), "--html", str(html)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout[result.stdout.index("{"):])
    validate(data)
    assert len(data["articles"]) == 2
    assert any(f["kind"] == "contradiction" and f["subtype"] == "number" for f in data["findings"])
    assert "## Contradictions" in md.read_text(encoding="utf-8")
    assert "<script" not in html.read_text(encoding="utf-8").lower()


def test_compare_reports_unreadable_inputs(tmp_path):
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "a.txt"), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "Only one article" in result.stdout
