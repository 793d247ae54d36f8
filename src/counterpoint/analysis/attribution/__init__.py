"""Quote attribution: who said what, with which cue. See :func:`attribute_quotes`."""

from counterpoint.analysis.attribution.build import attribute_quotes

__all__ = ["attribute_quotes"]
