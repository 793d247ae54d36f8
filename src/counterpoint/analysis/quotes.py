"""Quote attribution over a spaCy Doc: the pipeline's entry point.

The implementation lives in :mod:`counterpoint.analysis.attribution` (quotation marks,
cue lexicon, direct/indirect finders, speaker resolution).
"""

from counterpoint.analysis.attribution import attribute_quotes

__all__ = ["attribute_quotes"]
