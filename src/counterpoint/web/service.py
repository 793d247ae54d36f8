"""What the pages and the API read: stories, articles, comparisons, over one workspace.

The web layer never computes anything the other stages do not: it calls the store, the stories
repository and :func:`counterpoint.compare.story.compare_articles`. What it adds is caching —
a comparison needs the NLP models and takes seconds, so a story's comparison is computed once per
set of member articles and kept (in this process) until the story changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from counterpoint.models import Article, ArticleAnalysis, Story, StoryComparison

# Comparisons kept in memory; each holds its articles' texts, so a few hundred is plenty.
COMPARISON_CACHE_SIZE = 256
ANALYSIS_CACHE_SIZE = 512


class _LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int):
        self.size = size
        self.data: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)


# Process-wide so that several apps over one workspace (tests, reloads) share the work.
_COMPARISONS = _LRU(COMPARISON_CACHE_SIZE)
_ANALYSES = _LRU(ANALYSIS_CACHE_SIZE)
# Story pages ask for comparisons in the background so a person sees progress, not a hang.
_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counterpoint-compare")
_PENDING: set = set()
_FAILED: dict = {}
_PENDING_LOCK = threading.Lock()
_COMPUTE = threading.RLock()  # re-entrant: a comparison computes its missing analyses inside it


@dataclass
class Page:
    """One page of a listing: ``items`` plus what is needed for a next link."""

    items: list
    total: int | None
    limit: int
    offset: int

    @property
    def has_next(self) -> bool:
        if self.total is not None:
            return self.offset + len(self.items) < self.total
        return len(self.items) >= self.limit


class WebData:
    """The read (and ingest) operations the web app offers, over one open workspace."""

    def __init__(self, workspace):
        from counterpoint.stories.repository import StoryRepository

        self.ws = workspace
        self.repo = StoryRepository(workspace)
        if getattr(workspace, "get_story", None) is None:
            # compare_story and the timeline look stories up through the workspace.
            workspace.get_story = self.repo.get_story
        # Serialises the model work (process-wide): two requests for one story compute it once.
        self._compute_lock = _COMPUTE

    # ------------------------------------------------------------------ stories

    def list_stories(
        self,
        *,
        q: str | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        min_size: int = 1,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Stories newest first, filtered; ``q`` is a full-text search over the member articles'
        headlines and texts (FTS5) as well as the story headlines."""
        wanted = offset + limit + 1
        if not q:
            found = self.repo.list_stories(since=since, until=until, outlet=outlet, entity=entity,
                                           min_size=min_size, limit=wanted)
        else:
            hit_stories = self._stories_matching(q)
            every = self.repo.list_stories(since=since, until=until, outlet=outlet, entity=entity,
                                           min_size=min_size, limit=1_000_000)
            by_headline = {s.id for s in self.repo.list_stories(search=q, limit=1_000_000)}
            found = [s for s in every if s.id in hit_stories or s.id in by_headline]
            # Best full-text matches first, then the rest newest first (the listing's order).
            rank = {sid: i for i, sid in enumerate(hit_stories)}
            found.sort(key=lambda s: rank.get(s.id, len(rank)))
        items = found[offset : offset + limit]
        return Page(items=items, total=None if len(found) >= wanted else len(found),
                    limit=limit, offset=offset)

    def _stories_matching(self, q: str) -> list[str]:
        """Story ids holding an article that matches ``q``, best match first."""
        from counterpoint.errors import CounterpointError

        try:
            hits = self.ws.search(q, limit=500)
        except CounterpointError:
            return []
        except Exception:
            hits = self.ws.search(_plain_query(q), limit=500) if _plain_query(q) else []
        out: dict[str, None] = {}
        for h in hits:
            sid = self.repo.story_of(h.article_id)
            if sid:
                out.setdefault(sid, None)
        return list(out)

    def story(self, story_id: str) -> Story | None:
        return self.repo.get_story(story_id)

    def story_members(self, story_id: str) -> list[dict]:
        return self.repo.members(story_id)

    def story_names(self, story_id: str) -> list[str]:
        return self.repo.story_names(story_id)

    def explain(self, story_id: str) -> dict:
        from counterpoint.stories.service import explain_story

        return explain_story(self.ws, story_id)

    def outlets(self) -> list[tuple[str | None, int]]:
        return self.ws.outlets()

    def count_stories(self) -> int:
        return len(self.repo.list_stories(limit=1_000_000))

    # ------------------------------------------------------------------ articles

    def article(self, id_or_prefix: str) -> Article | None:
        if not id_or_prefix or len(id_or_prefix) < 4:
            return None
        return self.ws.get_article(id_or_prefix)

    def list_articles(self, *, outlet=None, since=None, until=None, limit=50, offset=0) -> Page:
        rows = self.ws.list_articles(limit=limit, offset=offset, outlet=outlet, since=since,
                                     until=until)
        total = self.ws.count_articles(outlet=outlet, since=since, until=until)
        return Page(items=rows, total=total, limit=limit, offset=offset)

    def search_articles(self, q: str, *, limit: int = 20, offset: int = 0) -> Page:
        from counterpoint.errors import CounterpointError

        try:
            hits = self.ws.search(q, limit=offset + limit + 1)
        except CounterpointError:
            raise
        except Exception:
            plain = _plain_query(q)
            hits = self.ws.search(plain, limit=offset + limit + 1) if plain else []
        items = hits[offset : offset + limit]
        return Page(items=items, total=None if len(hits) > offset + limit else len(hits),
                    limit=limit, offset=offset)

    def story_of(self, article_id: str) -> str | None:
        return self.repo.story_of(article_id)

    def analysis(self, article: Article) -> ArticleAnalysis | None:
        """The stored analysis, or one computed now (kept in memory, not written: the app may
        be read-only); ``None`` when the analysis stage cannot run."""
        stored = self.ws.get_analysis(article.id)
        if stored is not None:
            return stored
        return self._fresh_analyses([article])[0][0]

    def _fresh_analyses(self, articles: list[Article]) -> list[tuple]:
        out: list = [None] * len(articles)
        todo = []
        for i, a in enumerate(articles):
            cached = _ANALYSES.get(a.id)
            if cached is not None:
                out[i] = cached
            else:
                todo.append(i)
        if todo:
            from counterpoint.compare.story import _analyse

            with self._compute_lock:
                analyses, vectors = _analyse([articles[i] for i in todo])
            for i, an, v in zip(todo, analyses, vectors):
                out[i] = (an, v)
                if an is not None:
                    _ANALYSES.put(articles[i].id, (an, v))
        return [o if o is not None else (None, None) for o in out]

    # ------------------------------------------------------------------ comparison

    def _key(self, story: Story) -> tuple:
        return (self.ws.url, story.id, tuple(story.article_ids))

    def ready_comparison(self, story: Story) -> StoryComparison | None:
        """The comparison when it is already computed, else None (and nothing is started)."""
        return _COMPARISONS.get(self._key(story))

    def start_comparison(self, story: Story) -> str | None:
        """Compute the comparison in the background (once per story, however many ask);
        returns the error of an earlier attempt that failed, if any."""
        key = self._key(story)
        with _PENDING_LOCK:
            if key in _FAILED:
                return _FAILED.pop(key)
            if key in _PENDING:
                return None
            _PENDING.add(key)

        def work():
            try:
                self.comparison(story)
            except Exception as exc:
                with _PENDING_LOCK:
                    _FAILED[key] = f"{type(exc).__name__}: {exc}"
            finally:
                with _PENDING_LOCK:
                    _PENDING.discard(key)

        _BACKGROUND.submit(work)
        return None

    def comparison(self, story: Story) -> StoryComparison:
        """The story's comparison, computed once per set of members (see the module doc)."""
        key = self._key(story)
        cached = _COMPARISONS.get(key)
        if cached is not None:
            return cached
        with self._compute_lock:
            cached = _COMPARISONS.get(key)
            if cached is not None:
                return cached
            from counterpoint.compare.story import compare_articles

            articles = [a for a in (self.ws.get_article(i) for i in story.article_ids) if a]
            analyses = [self.ws.get_analysis(a.id) for a in articles]
            vectors = [self.ws.get_sentence_vectors(a.id) if an is not None else None
                       for a, an in zip(articles, analyses)]
            missing = [i for i, an in enumerate(analyses) if an is None]
            if missing:
                fresh = self._fresh_analyses([articles[i] for i in missing])
                for i, (an, v) in zip(missing, fresh):
                    analyses[i], vectors[i] = an, v
            result = compare_articles(articles, analyses, story_id=story.id, vectors=vectors)
            _COMPARISONS.put(key, result)
        return result


def _plain_query(q: str) -> str:
    """``q`` as plain words (FTS5 operators and quotes dropped), for a query FTS5 rejected."""
    words = ["".join(ch for ch in w if ch.isalnum()) for w in q.split()]
    return " ".join(f'"{w}"' for w in words if w)
