"""The pages a person reads: stories, one story side by side, an article, add, exports.

Templates get plain data; Jinja2 escapes every string (no ``|safe`` on anything from an
article). The story page's behaviour (click a finding, see its evidence in every column) lives
in ``static/story.js``; the page works without it.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from counterpoint.render.charts import MAX_POINTS, stories_over_time
from counterpoint.render.sections import article_labels, coverage_matrix
from counterpoint.web.marks import (
    FINDING_ORDER,
    KIND_TITLES,
    analysis_spans,
    column_spans,
    ordered_findings,
    segments,
)

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 30


def _render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    context.setdefault("writable", bool(request.app.state.token))
    html = request.app.state.templates.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status)


def _date(value: str | None, name: str) -> str | None:
    """A date filter from a form: empty is no filter; anything else must be an ISO date."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise HTTPException(400, f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)") from None


def _clean(value: str | None) -> str | None:
    return value.strip()[:500] if value and value.strip() else None


def _story_or_404(request: Request, story_id: str):
    story = request.app.state.data.story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r} in the workspace")
    return story


# --------------------------------------------------------------------------- stories


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, q: str | None = None, since: str | None = None,
                 until: str | None = None, outlet: str | None = None,
                 entity: str | None = None, offset: int = Query(0, ge=0, le=1_000_000)):
    data = request.app.state.data
    filters = {"q": _clean(q), "since": _date(since, "since"), "until": _date(until, "until"),
               "outlet": _clean(outlet), "entity": _clean(entity)}
    page = data.list_stories(**filters, limit=PAGE_SIZE, offset=offset)
    kept = {k: v for k, v in filters.items() if v}
    next_url = (str(request.url.include_query_params(offset=offset + PAGE_SIZE))
                if page.has_next else None)
    prev_url = (str(request.url.include_query_params(offset=max(0, offset - PAGE_SIZE)))
                if offset else None)
    names = {s.id: data.story_names(s.id)[:6] for s in page.items}
    chart = None
    if not offset:
        # the whole listing (all pages) on a time axis, drawn once on its first page
        every = page.items if page.total is not None else data.list_stories(
            **filters, limit=MAX_POINTS).items
        chart = stories_over_time(every)
    return _render(request, "stories.html", title="Stories", stories=page.items, names=names,
                   filters=filters, filtered=bool(kept), outlets=data.outlets(),
                   next_url=next_url, prev_url=prev_url, offset=offset, chart=chart)


# --------------------------------------------------------------------------- one story


def _evidence_by_outlet(finding, labels: dict[str, str]) -> list[tuple[str, list]]:
    grouped: dict[str, list] = defaultdict(list)
    for e in finding.evidence:
        grouped[labels.get(e.article_id, e.outlet or "unknown")].append(e)
    return list(grouped.items())


def story_context(request: Request, story, comparison) -> dict:
    data = request.app.state.data
    labels = article_labels(comparison)
    columns = [{"ref": a, "label": labels[a.id], "index": i,
                "segments": segments(a.text, column_spans(comparison, a.id))}
               for i, a in enumerate(comparison.articles)]
    ordered = ordered_findings(comparison)
    ids = {id(f): fid for fid, f in ordered}
    groups = []
    for kind in FINDING_ORDER:
        items = [{"id": fid, "f": f, "by_outlet": _evidence_by_outlet(f, labels)}
                 for fid, f in ordered if f.kind == kind]
        if items:
            groups.append({"kind": kind, "title": KIND_TITLES[kind], "items": items})
    matrix_labels, rows = coverage_matrix(comparison)
    matrix = [{"id": ids[id(r.finding)], "f": r.finding, "cells": r.cells} for r in rows]
    quotes = [{"id": ids[id(f)], "f": f} for f in comparison.findings if f.kind == "quote_match"]
    framing = [{"id": ids[id(f)], "f": f} for f in comparison.findings
               if f.kind == "framing" and f.subtype in ("term-choice", "wording")]
    return {"story": story, "comparison": comparison, "columns": columns, "groups": groups,
            "matrix_labels": matrix_labels, "matrix": matrix, "quotes": quotes,
            "framing": framing, "labels": labels, "timeline": comparison.timeline,
            "names": data.story_names(story.id)[:12], "title": story.headline or "Story"}


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str):
    story = _story_or_404(request, story_id)
    cache = request.app.state.render_cache
    key = ("page", story.id, tuple(story.article_ids), bool(request.app.state.token))
    html = cache.get(key)
    if html is None:
        comparison = request.app.state.data.ready_comparison(story)
        if comparison is None:
            # Comparing needs the NLP models (seconds per article the first time): start it
            # and answer at once with a page that reloads itself until the result is there.
            error = request.app.state.data.start_comparison(story)
            return _render(request, "computing.html", status=500 if error else 200,
                           story=story, error=error, title=story.headline or "Story")
        context = story_context(request, story, comparison)
        context["writable"] = bool(request.app.state.token)
        html = request.app.state.templates.get_template("story.html").render(**context)
        cache.put(key, html)
    return HTMLResponse(html)


@router.get("/stories/{story_id}/explain", response_class=HTMLResponse)
def explain_page(request: Request, story_id: str):
    story = _story_or_404(request, story_id)
    info = request.app.state.data.explain(story.id)
    return _render(request, "explain.html", story=story, info=info,
                   title=f"Why grouped: {story.headline or story.id}")


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def findings_csv(comparison) -> str:
    """One row per piece of evidence: the finding, then where in which article it rests."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["finding", "kind", "subtype", "summary", "explanation", "confidence", "outlets",
                "missing_from", "article_id", "outlet", "start", "end", "evidence"])
    for fid, f in ordered_findings(comparison):  # contradictions first, as on the page
        for e in f.evidence or [None]:
            w.writerow([_cell(x) for x in (
                fid, f.kind, f.subtype, f.summary, f.explanation, round(f.confidence, 3),
                "; ".join(f.outlets), "; ".join(f.missing_from),
                e.article_id if e else "", e.outlet if e else "", e.start if e else "",
                e.end if e else "", e.text if e else "")])
    return out.getvalue()


@router.get("/stories/{story_id}/export.{fmt}")
def export_story(request: Request, story_id: str, fmt: str):
    if fmt not in ("json", "md", "html", "csv"):
        raise HTTPException(404, f"no export format {fmt!r}: json, md, html or csv")
    story = _story_or_404(request, story_id)
    comparison = request.app.state.data.comparison(story)
    name = re.sub(r"[^A-Za-z0-9_-]", "", story.id)[:40] or "story"
    headers = {"Content-Disposition": f'attachment; filename="story-{name}.{fmt}"'}
    if fmt == "json":
        from counterpoint.render.schema import to_json

        return Response(to_json(comparison), media_type="application/json", headers=headers)
    if fmt == "md":
        from counterpoint.render.markdown import to_markdown

        return Response(to_markdown(comparison), media_type="text/markdown; charset=utf-8",
                        headers=headers)
    if fmt == "csv":
        return Response(findings_csv(comparison), media_type="text/csv; charset=utf-8",
                        headers=headers)
    from counterpoint.render.html import to_html
    from counterpoint.web.security import REPORT_CSP

    headers["Content-Security-Policy"] = REPORT_CSP
    return Response(to_html(comparison, title=story.headline), media_type="text/html; charset=utf-8",
                    headers=headers)


# --------------------------------------------------------------------------- articles


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, q: str | None = None, outlet: str | None = None,
                  offset: int = Query(0, ge=0, le=1_000_000)):
    data = request.app.state.data
    q, outlet = _clean(q), _clean(outlet)
    if q:
        page = data.search_articles(q, limit=PAGE_SIZE, offset=offset)
        rows = [{"id": h.article_id, "headline": h.headline, "outlet": h.outlet,
                 "published": h.published, "snippet": h.snippet_marked} for h in page.items]
    else:
        page = data.list_articles(outlet=outlet, limit=PAGE_SIZE, offset=offset)
        rows = [{"id": a.id, "headline": a.headline, "outlet": a.outlet,
                 "published": a.published, "snippet": None} for a in page.items]
    for r in rows:
        # Search snippets mark matches between private-use characters: split, never parse HTML.
        r["snippet_parts"] = _snippet_parts(r.pop("snippet"))
    next_url = (str(request.url.include_query_params(offset=offset + PAGE_SIZE))
                if page.has_next else None)
    return _render(request, "articles.html", title="Articles", rows=rows, q=q, outlet=outlet,
                   outlets=data.outlets(), total=page.total, next_url=next_url)


def _snippet_parts(marked: str | None) -> list[tuple[str, bool]]:
    if not marked:
        return []
    parts = []
    for i, chunk in enumerate(re.split("[\ue000\ue001]", marked)):
        if chunk:
            parts.append((chunk, i % 2 == 1))
    return parts


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str):
    data = request.app.state.data
    article = data.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r} in the workspace")
    analysis = data.analysis(article)
    quotes = []
    if analysis is not None:
        for qi, q in enumerate(analysis.quotes):
            quotes.append({"id": f"q{qi}", "q": q,
                           "who": q.speaker_name or q.speaker_description or "unattributed"})
    entities = sorted(analysis.entities, key=lambda e: -len(e.mentions)) if analysis else []
    return _render(request, "article.html", title=article.headline or article.id,
                   article=article, analysis=analysis, quotes=quotes, entities=entities[:60],
                   segments=segments(article.text, analysis_spans(analysis)),
                   story_id=data.story_of(article.id))


# --------------------------------------------------------------------------- add


@router.get("/add", response_class=HTMLResponse)
def add_page(request: Request):
    if not request.app.state.token:
        raise HTTPException(404, "adding articles is off: this server is read-only (start it "
                                 "with --token to enable it)")
    return _render(request, "add.html", title="Add articles",
                   max_bytes=request.app.state.max_upload_bytes)


# --------------------------------------------------------------------------- API docs


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    """The OpenAPI document as a page, rendered here: no CDN, no inline script."""
    spec = request.app.openapi()
    schemas = spec.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "type": _type_name(p.get("schema", {})),
                       "description": p.get("description") or p.get("schema", {}).get("description")}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {})
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary"),
                "description": op.get("description"), "params": params,
                "body": [(ctype, _type_name(c.get("schema", {}))) for ctype, c in body.items()],
                "responses": [(code, r.get("description"), _type_name(
                    next(iter(r.get("content", {}).values()), {}).get("schema", {})))
                    for code, r in op.get("responses", {}).items()],
            })
    return _render(request, "docs.html", title="API", spec=spec, operations=operations,
                   schemas=sorted(schemas))


def _type_name(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type_name(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list[{_type_name(schema.get('items', {}))}]"
    return schema.get("format") or schema.get("type") or "any"
