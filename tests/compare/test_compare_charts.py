"""The stories-over-time picture (render/charts.py): valid SVG, one linked dot per dated story,
headlines escaped, nothing drawn when there is nothing to place."""

import xml.etree.ElementTree as ET

from counterpoint.models import Story
from counterpoint.render.charts import stories_over_time

NS = {"svg": "http://www.w3.org/2000/svg"}


def _story(i, first_date, size=2, outlets=("A", "B"), headline=None):
    return Story(id=f"s{i}", headline=headline or f"Story {i}", first_date=first_date,
                 last_date=first_date, size=size, outlets=list(outlets))


def test_one_linked_dot_per_dated_story_and_undated_counted():
    stories = [_story(1, "2024-03-01"), _story(2, "2024-03-09", size=9, outlets="ABCDE"),
               _story(3, None), _story(4, "2024-05-20", outlets=("A",))]
    svg = stories_over_time(stories)
    root = ET.fromstring(svg)
    dots = root.findall(".//svg:a/svg:circle", NS)
    assert len(dots) == 3
    links = {a.get("href") for a in root.findall(".//svg:a", NS)}
    assert links == {"/stories/s1", "/stories/s2", "/stories/s4"}
    assert "1 undated not shown" in svg
    by_title = {c.find("svg:title", NS).text.split(" —")[0]: c for c in dots}
    # more outlets: higher (smaller y); more articles: larger
    assert float(by_title["Story 2"].get("cy")) < float(by_title["Story 1"].get("cy"))
    assert float(by_title["Story 2"].get("r")) > float(by_title["Story 1"].get("r"))
    # later first date: further right
    assert float(by_title["Story 4"].get("cx")) > float(by_title["Story 2"].get("cx"))


def test_headlines_are_escaped():
    evil = '<script>alert(1)</script> & "quotes"'
    svg = stories_over_time([_story(1, "2024-01-01", headline=evil), _story(2, "2024-01-02")])
    assert "<script>" not in svg
    root = ET.fromstring(svg)  # still well-formed XML
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert any(evil in t for t in titles)


def test_nothing_to_draw():
    assert stories_over_time([]) is None
    assert stories_over_time([_story(1, "2024-01-01"), _story(2, None)]) is None
    assert stories_over_time([_story(1, "not a date"), _story(2, "2203-99-01")]) is None


def test_axis_labels_follow_the_span():
    days = stories_over_time([_story(1, "2024-01-01"), _story(2, "2024-01-04")])
    assert "01 Jan" in days
    years = stories_over_time([_story(1, "2016-05-01"), _story(2, "2020-07-01")])
    assert ">2018<" in years
