import pytest


@pytest.fixture(scope="session")
def story_extractor():
    """The real feature extractor (MiniLM), loaded once for the session."""
    from counterpoint.stories.features import FeatureExtractor

    return FeatureExtractor()
