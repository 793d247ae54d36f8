"""The FastAPI application: pages for people, ``/api/v1`` for programs, one error shape.

>>> from counterpoint.web import create_app
>>> app = create_app("counterpoint.db")                 # read-only   # doctest: +SKIP
>>> app = create_app("counterpoint.db", token="s3cret")  # writable    # doctest: +SKIP

Every API error is ``{"error": {"code": ..., "message": ...}}`` (404, 405, 413, 422, 500 alike);
a page request that fails gets a small HTML page saying the same thing.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from counterpoint import __version__
from counterpoint.errors import CounterpointError, UsageError
from counterpoint.web.security import DEFAULT_MAX_BODY, SecurityMiddleware, _BodyTooLarge

HERE = Path(__file__).resolve().parent
log = logging.getLogger("counterpoint.web")

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 409: "conflict", 413: "request_too_large",
          415: "unsupported_media_type", 422: "invalid_request", 500: "internal_error",
          503: "unavailable"}


def error_body(status: int, message: str, code: str | None = None, details=None) -> dict:
    err = {"code": code or _CODES.get(status, HTTPStatus(status).phrase.lower().replace(" ", "_")),
           "message": message}
    if details is not None:
        err["details"] = details
    return {"error": err}


def templates_env() -> Environment:
    # autoescape on for every template: article strings are never marked safe.
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    from counterpoint.render.sections import display_time

    env.filters["when"] = display_time
    return env


def create_app(workspace_url: str, *, token: str | None = None,
               max_upload_bytes: int = DEFAULT_MAX_BODY, group_after_ingest: bool = True) -> FastAPI:
    """The web app over the workspace at ``workspace_url`` (a path or a database URL).

    With ``token`` the app accepts writes (ingest) from requests bearing it; without, it is
    read-only. ``max_upload_bytes`` caps any request body.
    """
    from counterpoint.store import open_workspace
    from counterpoint.web import api, pages
    from counterpoint.web.jobs import JobRunner
    from counterpoint.web.service import _LRU, COMPARISON_CACHE_SIZE, WebData

    ws = open_workspace(workspace_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if app.state.jobs is not None:
            app.state.jobs.close()

    app = FastAPI(
        lifespan=lifespan,
        title="counterpoint",
        version=__version__,
        description=(
            "How different news outlets report the same story: stories, articles and story "
            "comparisons (shared facts, omissions, contradictions, quotes, framing, timeline). "
            "Every error is `{\"error\": {\"code\", \"message\"}}`. Writes (ingest) need "
            "`Authorization: Bearer <token>` and a server started with a token."
        ),
        docs_url=None,  # Swagger UI loads from a CDN with inline script: /docs is ours (pages.py)
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.token = token or None
    app.state.data = WebData(ws)
    app.state.jobs = JobRunner(ws, group=group_after_ingest) if token else None
    app.state.templates = templates_env()
    app.state.max_upload_bytes = max_upload_bytes
    app.state.render_cache = _LRU(COMPARISON_CACHE_SIZE)

    def _is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def _error(request: Request, status: int, message: str, code: str | None = None,
               headers=None, details=None):
        if _is_api(request) or "text/html" not in request.headers.get("accept", ""):
            return JSONResponse(error_body(status, message, code, details), status_code=status,
                                headers=headers)
        html = app.state.templates.get_template("error.html").render(
            status=status, message=message, writable=bool(app.state.token), title="Error")
        return HTMLResponse(html, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        details = [{"loc": [str(x) for x in e.get("loc", ())], "message": e.get("msg", "")}
                   for e in exc.errors()]
        first = details[0] if details else {"loc": [], "message": "invalid request"}
        where = ".".join(first["loc"][1:] or first["loc"])
        return _error(request, 422, f"{where}: {first['message']}" if where else first["message"],
                      details=details)

    @app.exception_handler(UsageError)
    async def _usage(request: Request, exc: UsageError):
        return _error(request, 400, str(exc))

    @app.exception_handler(_BodyTooLarge)
    async def _too_large(request: Request, exc: _BodyTooLarge):
        return _error(request, 413, f"the request body is larger than {max_upload_bytes} bytes")

    @app.exception_handler(CounterpointError)
    async def _ours(request: Request, exc: CounterpointError):
        return _error(request, 500, str(exc))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return _error(request, 500, "internal error: the server log has the details")

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(SecurityMiddleware, max_body=max_upload_bytes)

    return app
