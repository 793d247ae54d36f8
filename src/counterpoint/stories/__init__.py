"""Stories: incremental grouping of articles into real-world events, with explanations and
user corrections that survive regrouping.

- :mod:`~counterpoint.stories.features` — cheap per-article features (vector, terms, names, date)
- :mod:`~counterpoint.stories.index` — candidate search (HNSW + name blocking)
- :mod:`~counterpoint.stories.grouping` — ``Grouper.assign(features) -> Decision``
- :mod:`~counterpoint.stories.consolidate` — merge/split pass, every change returned
- :mod:`~counterpoint.stories.corrections` — move/merge/split replayed after regrouping
- :mod:`~counterpoint.stories.repository` — the tables of migration ``m0003_stories``
- :mod:`~counterpoint.stories.service` — ``update_stories``, ``regroup``, ``explain_story``, ...
"""

from __future__ import annotations

__all__ = [
    "update_stories", "regroup", "explain_story", "move_article", "merge_stories", "split_story",
    "get_story", "list_stories",
]


def __getattr__(name):  # lazy: importing the package must not load numpy/usearch for `--help`
    if name in ("update_stories", "regroup", "explain_story", "move_article", "merge_stories",
                "split_story"):
        from counterpoint.stories import service

        return getattr(service, name)
    if name in ("get_story", "list_stories"):
        from counterpoint.stories.repository import StoryRepository

        return lambda ws, *a, **k: getattr(StoryRepository(ws), name)(*a, **k)
    raise AttributeError(name)
