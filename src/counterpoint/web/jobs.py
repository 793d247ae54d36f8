"""Ingest from the web: pasted text, uploaded files and URLs become articles in a background job.

Nothing from the request becomes a filesystem path. Pasted text and uploaded files are read
into memory and handed to the ingest pipeline as :class:`RawInput` objects through its
``reader`` hook; URLs must be ``http(s)`` and go to the pipeline's URL reader. One worker thread
runs the jobs in order (the workspace has one writer); a job's progress is polled by the Add
page through ``GET /api/v1/jobs/{id}``.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from counterpoint.models import RawInput, Rejection

MAX_JOBS_KEPT = 200
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Job:
    id: str
    kind: str  # "text", "files" or "urls"
    total: int
    state: str = "queued"  # queued, running, done, failed
    processed: int = 0
    added: int = 0
    already_present: int = 0
    rejected: list[dict] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    message: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def as_dict(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "state": self.state, "total": self.total,
            "processed": self.processed, "added": self.added,
            "already_present": self.already_present, "rejected": self.rejected,
            "article_ids": self.article_ids, "stories": self.stories, "message": self.message,
        }


def upload_source(filename: str | None) -> str:
    """A label for an uploaded file (never opened as a path): ``upload:<id>/<safe name>``."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _SAFE_NAME.sub("_", name).strip("._")[:80] or "file"
    return f"upload:{uuid.uuid4().hex[:8]}/{name}"


def raw_from_upload(filename: str | None, data: bytes) -> RawInput | Rejection:
    """An uploaded file as a :class:`RawInput` (HTML by name or content, else text)."""
    from counterpoint.errors import InputError

    source = upload_source(filename)
    lower = (filename or "").lower()
    head = data[:512].lstrip().lower()
    try:
        if lower.endswith((".html", ".htm", ".xhtml")) or head.startswith((b"<!doctype html", b"<html")):
            from counterpoint.ingest.readers.html import html_to_raw

            return html_to_raw(data, source, "html")
        from counterpoint.ingest.readers.text import decode_text

        return RawInput(source=source, kind="text", text=decode_text(data, source))
    except InputError as exc:
        return Rejection(source=source, reason=exc.reason)


def raw_from_paste(text: str, *, title: str | None = None, outlet: str | None = None,
                   url: str | None = None, published: str | None = None) -> RawInput:
    metadata = {k: v.strip() for k, v in
                {"title": title, "outlet": outlet, "url": url, "date": published}.items()
                if v and v.strip()}
    return RawInput(source=f"paste:{uuid.uuid4().hex[:12]}", kind="text",
                    text=text.replace("\r\n", "\n"), metadata=metadata)


def check_url(url: str) -> str | None:
    """Why ``url`` cannot be ingested, or None when it can (only absolute http(s) URLs)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "not a URL"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "only http:// and https:// URLs can be ingested"
    return None


class JobRunner:
    """Runs ingest jobs one at a time against the workspace, then groups the new articles."""

    def __init__(self, workspace, *, group: bool = True):
        self.ws = workspace
        self.group = group
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counterpoint-ingest")

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def submit(self, kind: str, items: list, *, urls: bool = False) -> Job:
        job = Job(id=uuid.uuid4().hex[:16], kind=kind, total=len(items))
        with self.lock:
            self.jobs[job.id] = job
            while len(self.jobs) > MAX_JOBS_KEPT:
                self.jobs.pop(next(iter(self.jobs)))
        self.pool.submit(self._run, job, items, urls)
        return job

    def _run(self, job: Job, items: list, urls: bool) -> None:
        from counterpoint.ingest.pipeline import ingest

        job.state = "running"

        def progress(report, source):
            job.processed = report.processed
            job.added = report.added

        try:
            if urls:
                report = ingest(items, self.ws, progress=progress)
            else:
                def reader(specs, options, stats=None):
                    yield from items

                report = ingest([i.source for i in items], self.ws, progress=progress,
                                reader=reader)
            job.processed, job.added = report.processed, report.added
            job.already_present = report.already_present
            job.rejected = [r.model_dump() for r in report.rejected]
            job.article_ids = [o.article_id for o in report.outcomes if o.article_id]
            if self.group and job.article_ids:
                job.message = "grouping into stories"
                from counterpoint.stories.repository import StoryRepository
                from counterpoint.stories.service import update_stories

                update_stories(self.ws)
                repo = StoryRepository(self.ws)
                job.stories = list(dict.fromkeys(
                    s for s in (repo.story_of(a) for a in job.article_ids) if s))
            job.message = None
            job.state = "done"
        except Exception as exc:
            job.state = "failed"
            job.message = f"{type(exc).__name__}: {exc}"
        finally:
            job.finished = time.time()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
