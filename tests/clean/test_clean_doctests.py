"""The examples in the cleaning modules' docstrings run, so they cannot drift from the code."""

import doctest

import pytest

from counterpoint.ingest import clean, dedup, describe, outlets, prepare


@pytest.mark.parametrize("module", [clean, dedup, describe, outlets, prepare], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
