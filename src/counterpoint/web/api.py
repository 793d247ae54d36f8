"""``/api/v1``: the CLI's operations as JSON (articles, stories, comparisons, ingest).

Listings are paginated with ``limit``/``offset`` and carry a ``next`` link (``null`` on the last
page). Errors are ``{"error": {"code": ..., "message": ...}}``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from counterpoint import __version__
from counterpoint.models import Article, Story, StoryComparison
from counterpoint.web.security import check_token

MAX_LIMIT = 200
MAX_TEXT_CHARS = 2_000_000
MAX_URLS = 50
MAX_FILES = 50


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: Any | None = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


ERRORS = {status: {"model": ErrorResponse, "description": desc} for status, desc in
          [(400, "Bad request"), (404, "Not found"), (422, "Invalid parameters"),
           (500, "Internal error")]}
WRITE_ERRORS = {**ERRORS, **{status: {"model": ErrorResponse, "description": desc} for status, desc
                             in [(401, "No bearer token"), (403, "Read-only server or wrong token"),
                                 (413, "Body too large")]}}

router = APIRouter(prefix="/api/v1", responses=ERRORS)


class ArticleBrief(BaseModel):
    id: str
    outlet: str | None
    headline: str | None
    published: str | None
    language: str | None
    word_count: int
    source: str
    url: str | None
    near_duplicates: list[str]


class ArticlePage(BaseModel):
    total: int | None
    limit: int
    offset: int
    next: str | None
    items: list[ArticleBrief]


class SearchHitModel(BaseModel):
    article_id: str
    headline: str | None
    outlet: str | None
    published: str | None
    snippet: str
    rank: float
    matches: list[list[int]]
    headline_matches: list[list[int]]


class SearchPage(BaseModel):
    query: str
    limit: int
    offset: int
    next: str | None
    items: list[SearchHitModel]


class StorySummary(BaseModel):
    id: str
    headline: str | None
    outlets: list[str]
    first_date: str | None
    last_date: str | None
    size: int


class StoryPage(BaseModel):
    limit: int
    offset: int
    next: str | None
    items: list[StorySummary]


class StoryDetail(Story):
    members: list[ArticleBrief] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)


class Status(BaseModel):
    version: str
    writable: bool
    articles: int
    stories: int
    outlets: list[dict]


class TextIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    published: date | None = None


class UrlsIn(BaseModel):
    urls: list[str] = Field(min_length=1, max_length=MAX_URLS)


class JobOut(BaseModel):
    id: str
    kind: str
    state: str
    total: int
    processed: int
    added: int
    already_present: int
    rejected: list[dict]
    article_ids: list[str]
    stories: list[str]
    message: str | None


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
IsoDate = Annotated[date | None, Query(description="ISO date, YYYY-MM-DD.")]


def _next(request: Request, page) -> str | None:
    if not page.has_next:
        return None
    return str(request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit))


def brief(a) -> dict:
    return {"id": a.id, "outlet": a.outlet, "headline": a.headline, "published": a.published,
            "language": a.language, "word_count": a.word_count, "source": a.source, "url": a.url,
            "near_duplicates": a.near_duplicates}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _data(request: Request):
    return request.app.state.data


def _story_or_404(request: Request, story_id: str) -> Story:
    story = _data(request).story(story_id) if story_id else None
    if story is None:
        raise HTTPException(404, f"no story {story_id!r} in the workspace")
    return story


# --------------------------------------------------------------------------- status


@router.get("", response_model=Status, summary="What this server holds and whether it writes")
def status(request: Request):
    data = _data(request)
    outlets = [{"outlet": o, "articles": n} for o, n in data.outlets()]
    return {"version": __version__, "writable": bool(request.app.state.token),
            "articles": sum(o["articles"] for o in outlets), "stories": data.count_stories(),
            "outlets": outlets}


# --------------------------------------------------------------------------- articles


@router.get("/articles", response_model=ArticlePage, summary="List articles, newest first")
def list_articles(request: Request, outlet: str | None = Query(None, max_length=200),
                  since: IsoDate = None, until: IsoDate = None, limit: Limit = 50,
                  offset: Offset = 0):
    page = _data(request).list_articles(outlet=outlet, since=_iso(since), until=_iso(until),
                                        limit=limit, offset=offset)
    return {"total": page.total, "limit": limit, "offset": offset, "next": _next(request, page),
            "items": [brief(a) for a in page.items]}


@router.get("/articles/search", response_model=SearchPage,
            summary="Full-text search over headlines and texts (FTS5 syntax)")
def search_articles(request: Request, q: str = Query(..., min_length=1, max_length=500),
                    limit: Limit = 20, offset: Offset = 0):
    page = _data(request).search_articles(q, limit=limit, offset=offset)
    return {"query": q, "limit": limit, "offset": offset, "next": _next(request, page),
            "items": [h.as_dict() for h in page.items]}


@router.get("/articles/{article_id}", response_model=Article,
            summary="One article (id or a unique prefix of at least 4 characters)")
def show_article(request: Request, article_id: str, raw_html: bool = False):
    article = _data(request).article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r} in the workspace")
    return article if raw_html else article.model_copy(update={"raw_html": None})


# --------------------------------------------------------------------------- stories


@router.get("/stories", response_model=StoryPage,
            summary="List stories newest first, with full-text search and filters")
def list_stories(request: Request, q: str | None = Query(None, max_length=500),
                 since: IsoDate = None, until: IsoDate = None,
                 outlet: str | None = Query(None, max_length=200),
                 entity: str | None = Query(None, max_length=200),
                 min_size: int = Query(1, ge=1, le=100_000), limit: Limit = 50,
                 offset: Offset = 0):
    page = _data(request).list_stories(q=q, since=_iso(since), until=_iso(until), outlet=outlet,
                                       entity=entity, min_size=min_size, limit=limit,
                                       offset=offset)
    return {"limit": limit, "offset": offset, "next": _next(request, page),
            "items": [s.model_dump(exclude={"article_ids"}) for s in page.items]}


@router.get("/stories/{story_id}", response_model=StoryDetail, summary="One story and its articles")
def show_story(request: Request, story_id: str):
    story = _story_or_404(request, story_id)
    data = _data(request)
    members = [a for a in (data.article(i) for i in story.article_ids) if a is not None]
    return {**story.model_dump(), "members": [brief(a) for a in members],
            "names": data.story_names(story.id)}


@router.get("/stories/{story_id}/explain", response_model=dict[str, Any],
            summary="Why these articles are grouped together")
def explain_story(request: Request, story_id: str):
    story = _story_or_404(request, story_id)
    return _data(request).explain(story.id)


@router.get("/stories/{story_id}/comparison",
            responses={200: {"model": StoryComparison, "description": "The story comparison"}},
            summary="The story comparison (the JSON export; slow the first time)")
def story_comparison(request: Request, story_id: str):
    story = _story_or_404(request, story_id)
    cache = request.app.state.render_cache
    key = ("json", request.app.state.data.ws.url, story.id, tuple(story.article_ids))
    body = cache.get(key)
    if body is None:
        from counterpoint.render.schema import to_json

        body = to_json(_data(request).comparison(story), indent=None).encode("utf-8")
        cache.put(key, body)
    return Response(body, media_type="application/json")


# --------------------------------------------------------------------------- ingest (writes)


def _runner(request: Request):
    runner = request.app.state.jobs
    if runner is None:  # pragma: no cover - check_token refuses first
        raise HTTPException(403, "this server is read-only")
    return runner


@router.post("/ingest/text", response_model=JobOut, status_code=202, responses=WRITE_ERRORS,
             dependencies=[Depends(check_token)], summary="Ingest one pasted article")
def ingest_text(request: Request, body: TextIn):
    from counterpoint.web.jobs import raw_from_paste

    if not body.text.strip():
        raise HTTPException(422, "text: the text is empty")
    raw = raw_from_paste(body.text, title=body.title, outlet=body.outlet, url=body.url,
                         published=_iso(body.published))
    return _runner(request).submit("text", [raw]).as_dict()


@router.post("/ingest/files", response_model=JobOut, status_code=202, responses=WRITE_ERRORS,
             dependencies=[Depends(check_token)],
             summary="Ingest uploaded files (plain text or HTML pages)")
async def ingest_files(request: Request, files: Annotated[list[UploadFile], File()]):
    from counterpoint.web.jobs import raw_from_upload

    if len(files) > MAX_FILES:
        raise HTTPException(422, f"files: at most {MAX_FILES} files per request")
    cap = request.app.state.max_upload_bytes
    items, used = [], 0
    for f in files:
        data = await f.read(cap + 1)
        used += len(data)
        if used > cap:
            raise HTTPException(413, f"the uploads are larger than {cap} bytes")
        items.append(raw_from_upload(f.filename, data))
    return _runner(request).submit("files", items).as_dict()


@router.post("/ingest/urls", response_model=JobOut, status_code=202, responses=WRITE_ERRORS,
             dependencies=[Depends(check_token)],
             summary="Ingest article pages or RSS/Atom feeds by URL")
def ingest_urls(request: Request, body: UrlsIn):
    from counterpoint.web.jobs import check_url

    urls = [u.strip() for u in body.urls if u.strip()]
    bad = [(u, why) for u in urls if (why := check_url(u))]
    if bad or not urls:
        u, why = bad[0] if bad else ("", "no URL given")
        raise HTTPException(422, f"urls: {u[:200]!r}: {why}")
    return _runner(request).submit("urls", urls, urls=True).as_dict()


@router.get("/jobs/{job_id}", response_model=JobOut, responses=WRITE_ERRORS,
            dependencies=[Depends(check_token)], summary="Progress of an ingest job")
def job_status(request: Request, job_id: str):
    job = _runner(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r}")
    return job.as_dict()


# --------------------------------------------------------------------------- corrections (writes)


class ChangeOut(BaseModel):
    action: str
    story_id: str
    other_story_id: str | None
    article_ids: list[str]


class Changes(BaseModel):
    changes: list[ChangeOut]


class MoveIn(BaseModel):
    story: str = Field(min_length=1, max_length=100, description="The story to move it into.")
    note: str | None = Field(default=None, max_length=1000)


class MergeIn(BaseModel):
    other: str = Field(min_length=1, max_length=100, description="The story merged into this one.")
    note: str | None = Field(default=None, max_length=1000)


class SplitIn(BaseModel):
    articles: list[str] = Field(min_length=1, max_length=1000,
                                description="Articles split off into a story of their own.")
    note: str | None = Field(default=None, max_length=1000)


def _changes(changes) -> dict:
    return {"changes": [{"action": c.action, "story_id": c.story_id,
                         "other_story_id": c.other_story_id, "article_ids": list(c.article_ids)}
                        for c in changes]}


@router.post("/articles/{article_id}/move", response_model=Changes, responses=WRITE_ERRORS,
             dependencies=[Depends(check_token)],
             summary="Move an article into another story (a correction that survives regrouping)")
def move_article(request: Request, article_id: str, body: MoveIn):
    from counterpoint.stories.service import move_article as move

    return _changes(move(_data(request).ws, article_id, body.story, note=body.note))


@router.post("/stories/{story_id}/merge", response_model=Changes, responses=WRITE_ERRORS,
             dependencies=[Depends(check_token)], summary="Merge another story into this one")
def merge_stories(request: Request, story_id: str, body: MergeIn):
    from counterpoint.stories.service import merge_stories as merge

    return _changes(merge(_data(request).ws, story_id, body.other, note=body.note))


@router.post("/stories/{story_id}/split", response_model=Changes, responses=WRITE_ERRORS,
             dependencies=[Depends(check_token)],
             summary="Split articles off a story into a story of their own")
def split_story(request: Request, story_id: str, body: SplitIn):
    from counterpoint.stories.service import split_story as split

    return _changes(split(_data(request).ws, story_id, body.articles, note=body.note))
