"""Cross-outlet comparison: alignment, shared facts and omissions, contradictions, quotes, framing.

The entry points are :func:`compare_articles` (a list of articles treated as one story) and
:func:`compare_story` (a story stored in the workspace).
"""

from counterpoint.compare.story import compare_articles, compare_story

__all__ = ["compare_articles", "compare_story"]
