"""The outlet registry: shipped data, user files, the environment variable."""

import json

import pytest

from counterpoint.ingest.outlets import ENV_VAR, OutletRegistry


def test_shipped_registry_is_useful():
    reg = OutletRegistry.load(use_env=False)
    assert 60 <= len(reg) <= 150
    for name in ["The Jerusalem Post", "The Times of Israel", "Haaretz", "Reuters", "Associated Press",
                 "Agence France-Presse", "BBC News", "CNN", "Fox News", "The New York Times",
                 "The Washington Post", "The Guardian", "Al Jazeera", "WAFA", "Ma'an News Agency",
                 "Xinhua", "HuffPost"]:
        assert reg.by_name(name) is not None, name
    for outlet in reg.outlets:
        assert outlet.domains, outlet.name
        assert outlet.language and outlet.country, outlet.name
    assert reg.by_domain("jpost.com").signatures[0] == "Jerusalem Post Store"


def test_lookups():
    reg = OutletRegistry.load(use_env=False)
    assert reg.by_domain("https://www.bbc.co.uk/news/world-middle-east-1").name == "BBC News"
    assert reg.by_domain("notanewssite.example") is None
    assert reg.by_domain("") is None
    assert reg.by_name("Fox Online News").name == "Fox News"
    assert reg.by_name("the  guardian").name == "The Guardian"
    assert reg.by_name("Completely Unknown Daily") is None
    hits = reg.find_signatures("x\nJerusalem Post Store\ny")
    assert [(h.outlet.name, h.start, h.end) for h in hits] == [("The Jerusalem Post", 2, 22)]
    assert reg.find_signatures("The Jerusalem Post Storefront") == []


def test_user_file_adds_and_overrides(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"outlets": [
        {"name": "Example Gazette", "domains": ["https://www.example-gazette.com"],
         "signatures": ["Example Gazette Shop"], "country": "US", "language": "en"},
        {"name": "Reuters", "domains": ["reuters.example"], "country": "GB", "language": "en"},
    ]}), encoding="utf-8")
    reg = OutletRegistry.load([path], use_env=False)
    assert reg.by_domain("example-gazette.com").name == "Example Gazette"
    assert reg.find_signatures("Example Gazette Shop")[0].outlet.name == "Example Gazette"
    assert reg.by_domain("reuters.example").name == "Reuters"
    assert reg.by_domain("reuters.com") is None  # the user's entry replaced the shipped one


def test_env_var(tmp_path, monkeypatch):
    path = tmp_path / "env.json"
    path.write_text(json.dumps([{"name": "Env Times", "domains": ["envtimes.test"]}]), encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(path))
    assert OutletRegistry.load().by_domain("envtimes.test").name == "Env Times"
    assert OutletRegistry.load(use_env=False).by_domain("envtimes.test") is None


@pytest.mark.parametrize("content", ["{not json", '{"outlets": [{"domains": ["x.com"]}]}', '{"outlets": 3}'])
def test_bad_user_file_says_which(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json"):
        OutletRegistry.load([path], use_env=False)
