import pytest


@pytest.fixture(scope="module")
def attribute():
    """``attribute(text) -> (text, quotes)``: the quote attribution of one parsed text."""
    from counterpoint.analysis.nlp import load_spacy
    from counterpoint.analysis.quotes import attribute_quotes

    nlp = load_spacy()

    def run(text):
        return text, attribute_quotes(nlp(text))

    return run
