"""Ingest: read inputs, prepare articles, link near-duplicates, and store them in batches.

>>> from counterpoint.store import open_workspace
>>> from counterpoint.ingest.pipeline import ingest
>>> report = ingest(["examples/seeds"], open_workspace("news.db"))  # doctest: +SKIP
>>> report.added, [r.reason for r in report.rejected]                # doctest: +SKIP
(2, [])

Crash safety comes from one rule: an input's source is marked done in the *same transaction*
that stores its article (:meth:`Workspace.commit_batch`). Killing the process loses at most the
batch in flight; re-running the same command skips every source already done and stores the
rest, and content-hash ids make a re-stored article a no-op rather than a duplicate.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counterpoint.errors import InputError
from counterpoint.ingest.readers.base import SkippedInput
from counterpoint.models import Article, RawInput, Rejection
from counterpoint.store import SourceRecord, Workspace

if TYPE_CHECKING:
    from counterpoint.ingest.readers import ReadOptions

DEFAULT_BATCH_SIZE = 200
ALREADY_INGESTED = "already ingested by an earlier run"
# Per-input outcomes are kept for small runs only, so a huge corpus keeps memory flat.
MAX_OUTCOMES = 1000

Reader = Callable[..., Iterator["RawInput | Rejection"]]
Preparer = Callable[[RawInput], Article]


@dataclass
class Outcome:
    """What became of one input: ``added``, ``already_present`` (same cleaned text stored
    before), ``already_ingested`` (source done by an earlier run) or ``rejected``."""

    source: str
    status: str
    article_id: str | None = None
    reason: str | None = None


@dataclass
class IngestReport:
    """What one ingest run did.

    ``added``: new articles stored; ``already_present``: inputs whose cleaned text was already
    stored (same article id); ``near_duplicates_linked``: near-duplicate pairs linked;
    ``rejected``: inputs that could not become articles, with the reason; ``skipped``: inputs
    deliberately passed over, by reason (including sources done by an earlier run).
    """

    run_id: str | None = None
    processed: int = 0
    added: int = 0
    already_present: int = 0
    near_duplicates_linked: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    read: Counter = field(default_factory=Counter)
    added_ids: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)  # the first MAX_OUTCOMES inputs
    seconds: float = 0.0
    near_duplicate_detection: bool = True
    # Where the serial part goes: seconds in the batch commits (waiting for the write lock
    # included) and, of those, deciding duplicates and near-duplicates behind the lock.
    commit_seconds: float = 0.0
    dedup_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no input was rejected."""
        return not self.rejected

    @property
    def articles_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def failed_sources(self) -> list[str]:
        """Sources of the inputs that failed (rejected), in input order."""
        return [r.source for r in self.rejected]

    def retry_inputs(self) -> list[str]:
        """The inputs to give ``counterpoint ingest`` again to retry what failed: each file,
        URL or spec once, in order. Re-reading a corpus retries only its failed records (the
        records stored already are skipped before cleaning)."""
        return list(dict.fromkeys(input_of(s) for s in self.failed_sources()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "processed": self.processed,
            "added": self.added,
            "already_present": self.already_present,
            "near_duplicates_linked": self.near_duplicates_linked,
            "rejected": [r.model_dump() for r in self.rejected],
            "skipped": dict(self.skipped),
            "read": dict(self.read),
            "added_ids": list(self.added_ids),
            "outcomes": [o.__dict__ for o in self.outcomes],
            "seconds": round(self.seconds, 3),
            "near_duplicate_detection": self.near_duplicate_detection,
            "retry": self.retry_inputs(),
            "commit_seconds": round(self.commit_seconds, 3),
            "dedup_seconds": round(self.dedup_seconds, 3),
        }


class _NearDuplicates:
    """The MinHash index of every stored article, loaded once per run.

    Uses :mod:`counterpoint.ingest.dedup`; when it is unavailable, detection is off (and the
    report says so) rather than the ingest failing.
    """

    def __init__(self, workspace: Workspace, enabled: bool = True):
        self.signature: Callable[[str], bytes] | None = None
        self.index = None
        if not enabled:
            return
        try:
            from counterpoint.ingest.dedup import NearDuplicateIndex, minhash_signature
        except ModuleNotFoundError as exc:
            # Only a missing module turns detection off; a broken one is a bug to see.
            if exc.name != "counterpoint.ingest.dedup":
                raise
            return
        self.signature = minhash_signature
        self.index = NearDuplicateIndex()
        # The high-water mark first: whatever commits while the index loads is read again by
        # the first refresh (adding a known id is a no-op), never missed.
        with workspace.read() as conn:
            self.seq = _max_seq(conn)
        for article_id, sig in workspace.iter_signatures():
            self.index.add(article_id, sig)

    def refresh(self, conn) -> list[tuple[str, bytes]]:
        """Index the signatures other processes committed since this one last looked; return
        them (``(article_id, signature)``).

        Writers commit one at a time behind the workspace write lock and ``articles.seq`` is
        drawn inside it, so seq only grows in commit order and ``seq > last seen`` is exactly
        what is new: in a read transaction, what was committed before it began; behind the
        write lock, everything.
        """
        if self.index is None:
            return []
        import sqlalchemy as sa

        from counterpoint.store import schema as t

        q = (
            sa.select(t.articles.c.seq, t.article_signatures.c.article_id,
                      t.article_signatures.c.signature)
            .join(t.articles, t.articles.c.id == t.article_signatures.c.article_id)
            .where(t.articles.c.seq > self.seq)
            .order_by(t.articles.c.seq)
        )
        added = []
        for seq, article_id, sig in conn.execute(q):
            self.seq = max(self.seq, seq)
            if article_id not in self.index:
                self.index.add(article_id, bytes(sig))
                added.append((article_id, bytes(sig)))
        return added

    def link_to(self, fresh: list[tuple[str, bytes]], articles: list[Article],
                sigs: list[bytes | None]) -> None:
        """Add to each article's near_duplicates those among ``fresh`` (just indexed)."""
        if self.index is None or not fresh:
            return
        ids = {article_id for article_id, _ in fresh}  # indexed by refresh() already
        for article, sig in zip(articles, sigs):
            found = [o for o in self.index.query(sig) if o in ids and o != article.id] if sig else []
            if found:
                article.near_duplicates = sorted(set(article.near_duplicates) | set(found))

    @property
    def enabled(self) -> bool:
        return self.index is not None

    def link(self, article: Article, sig: bytes | None) -> None:
        """Set the article's near_duplicates from the index, then add it to the index."""
        if self.index is None or sig is None:
            return
        found = [other for other in self.index.query(sig) if other != article.id]
        if found:
            article.near_duplicates = sorted(set(article.near_duplicates) | set(found))
        self.index.add(article.id, sig)


_RECORD = re.compile(r"^(.*)[:#]\d+$")


def input_of(source: str) -> str:
    """The input (file, URL or what was typed) a source names: ``corpus.jsonl:12`` and
    ``crawl.warc.gz#3301`` are records of ``corpus.jsonl`` and ``crawl.warc.gz``."""
    if "://" not in source and not Path(source).exists():
        m = _RECORD.match(source)
        if m and Path(m.group(1)).exists():
            return m.group(1)
    elif "://" in source and (m := _RECORD.match(source)) and "#" in source:
        return m.group(1)  # a feed entry's link: ``feed.xml#3`` or ``https://x/feed#3``
    return source


def _max_seq(conn) -> int:
    import sqlalchemy as sa

    from counterpoint.store import schema as t

    return conn.execute(sa.select(sa.func.max(t.articles.c.seq))).scalar() or 0


def _default_reader() -> Reader:
    from counterpoint.ingest.readers import iter_inputs

    return iter_inputs


def _default_preparer() -> Preparer:
    from counterpoint.ingest.prepare import prepare_article

    return prepare_article


def _reason(exc: BaseException) -> str:
    text = (
        exc.reason
        if isinstance(exc, InputError)
        else f"internal error: {type(exc).__name__}: {exc}"
    )
    return " ".join(str(text).split())[:300]


def _prepare_one(
    prepare: Preparer, signature: Callable[[str], bytes] | None, raw: RawInput
) -> tuple[Article, bytes | None] | Rejection:
    """Prepare one input (and its MinHash signature); any exception becomes its Rejection, so
    one bad input never ends a batch. Module-level so that worker processes can run it.
    """
    try:
        article = prepare(raw)
        return article, (signature(article.text) if signature is not None else None)
    except Exception as exc:
        source = exc.source if isinstance(exc, InputError) and exc.source else raw.source
        return Rejection(source=source, reason=_reason(exc))


class _Preparers:
    """Runs ``prepare`` over a batch: in this process, or across worker processes.

    Cleaning is CPU-bound pure Python, so processes (not threads) are what scale. Only the main
    process writes to the workspace, so crash safety does not depend on the workers.
    """

    def __init__(self, prepare: Preparer, signature: Callable[[str], bytes] | None, workers: int):
        self.one = functools.partial(_prepare_one, prepare, signature)
        self.workers = workers
        self.pool = None
        if workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # Not plain fork: forking a process that runs threads (the pool's own, BLAS's)
            # can leave a child waiting forever on a lock copied mid-use; it did, in the tests.
            # A fork server is single-threaded; it preloads the cleaning code once and forks
            # clean workers from it.
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if ctx.get_start_method() == "forkserver":
                ctx.set_forkserver_preload(
                    [m for m in (getattr(prepare, "__module__", None), __name__) if m]
                )
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)

    def map(self, raws: list[RawInput]) -> Iterator[tuple[Article, bytes | None] | Rejection]:
        if self.pool is None or len(raws) < 2:
            return map(self.one, raws)
        chunk = max(1, len(raws) // (self.workers * 4))
        return self.pool.map(self.one, raws, chunksize=chunk)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def ingest(
    specs: Iterable[str],
    workspace: Workspace,
    read_options: ReadOptions | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[IngestReport, str | None], None] | None = None,
    reader: Reader | None = None,
    prepare: Preparer | None = None,
    near_duplicates: bool = True,
    workers: int = 1,
    skip_done: bool = True,
) -> IngestReport:
    """Ingest every input named by ``specs`` (paths, directories, globs, URLs) into ``workspace``.

    One bad input is reported in ``report.rejected`` and skipped; the rest is stored, committed
    every ``batch_size`` inputs. ``progress(report, source)`` is called after each input.
    ``reader`` and ``prepare`` default to :func:`counterpoint.ingest.readers.iter_inputs` and
    :func:`counterpoint.ingest.prepare.prepare_article` (tests pass small fakes). ``workers``
    > 1 prepares each batch in that many processes (``prepare`` must then be importable by
    name, and a script calling this needs the usual ``if __name__ == "__main__":`` guard).
    ``skip_done=False`` re-reads and re-cleans sources an earlier run stored (after cleaning
    improved): an unchanged result is a no-op, a changed one is stored as a new article. With
    ``skip_done`` (the default) the reader is told which sources are stored
    (``ReadOptions.skip_source``), so it does not even read, fetch or extract them.
    """
    from counterpoint.ingest.readers import ReadOptions, ReadStats

    specs = [str(s) for s in specs]
    options = read_options or ReadOptions()
    if skip_done and options.skip_source is None:
        options = dataclasses.replace(options, skip_source=_stored_source(workspace))
    reader = reader or _default_reader()
    prepare = prepare or _default_preparer()
    batch_size = max(1, int(batch_size))
    started = time.perf_counter()

    report = IngestReport(run_id=workspace.start_run(specs))
    dups = _NearDuplicates(workspace, enabled=near_duplicates)
    report.near_duplicate_detection = dups.enabled
    stats = ReadStats()
    preparers = _Preparers(prepare, dups.signature if dups.enabled else None, max(1, int(workers)))
    try:
        pending: list[RawInput | Rejection] = []
        for item in reader(specs, options, stats=stats):
            pending.append(item)
            if len(pending) >= batch_size:
                _flush(pending, workspace, preparers, dups, report, progress, skip_done)
                pending = []
        if pending:
            _flush(pending, workspace, preparers, dups, report, progress, skip_done)
    finally:
        preparers.close()

    report.read.update(stats.read)
    report.skipped.update(stats.skipped)
    report.seconds = time.perf_counter() - started
    summary = report.as_dict()
    summary.pop("added_ids")
    workspace.finish_run(report.run_id, summary)
    return report


def _stored_source(workspace: Workspace) -> Callable[[str], bool]:
    """``skip_source`` for the reader: whether an earlier run stored this source."""

    def stored(source: str) -> bool:
        return bool(workspace.source_articles([source]))

    return stored


def _flush(
    items: list[RawInput | Rejection | SkippedInput],
    workspace: Workspace,
    preparers: _Preparers,
    dups: _NearDuplicates,
    report: IngestReport,
    progress: Callable[[IngestReport, str | None], None] | None,
    skip_done: bool = True,
) -> None:
    """Prepare one batch of inputs and commit everything it produced in one transaction."""
    raws = [i for i in items if isinstance(i, RawInput)]
    unread = [i.source for i in items if isinstance(i, SkippedInput)]
    # a source the reader passed over was found stored; asked again for its article id
    done = workspace.source_articles([r.source for r in raws] + unread) if skip_done or unread else {}
    todo = [r for r in raws if r.source not in done]
    prepared = preparers.map(todo)
    articles: list[Article] = []
    sigs: list[bytes | None] = []
    sources: list[SourceRecord] = []
    rejections: list[Rejection] = []
    outcomes: list[Outcome] = []
    for item in items:
        report.processed += 1
        if isinstance(item, Rejection):
            rejections.append(item)
        elif isinstance(item, SkippedInput) or item.source in done:
            report.skipped[ALREADY_INGESTED] += 1
            outcomes.append(Outcome(item.source, "already_ingested", done.get(item.source)))
        else:
            result = next(prepared)  # results come back in input order
            if isinstance(result, Rejection):
                rejections.append(result)
            else:
                article, sig = result
                articles.append(article)
                sigs.append(sig)
                sources.append(SourceRecord(item.source, article.id))
        if progress is not None:
            progress(report, getattr(item, "source", None))

    # Most of the near-duplicate work happens here, outside the write lock, against
    # everything committed when this read began; behind the lock, ``decide`` only adds what
    # other processes committed meanwhile (usually one batch or none).
    with workspace.read() as conn:
        dups.refresh(conn)
        existing = workspace._existing_ids(conn, [a.id for a in articles])
    new: list[Article] = []
    new_sigs: list[bytes | None] = []
    new_sources: list[SourceRecord] = []
    seen: set[str] = set()
    for article, sig, src in zip(articles, sigs, sources):
        if article.id in existing or article.id in seen:
            src.status = "duplicate"
            report.already_present += 1
            continue
        seen.add(article.id)
        dups.link(article, sig)
        new.append(article)
        new_sigs.append(sig)
        new_sources.append(src)
    signatures: dict[str, bytes] = {a.id: g for a, g in zip(new, new_sigs) if g is not None}

    def decide(conn) -> None:
        """Behind the write lock: what another ingest process committed since the read above
        is now visible (and nothing else is being written), so the batch's articles it stored
        are duplicates and the near-duplicates among its articles are linked. Two processes
        neither store one text twice nor miss a near-duplicate pair split between them."""
        t0 = time.perf_counter()
        fresh = dups.refresh(conn)
        stored = workspace._existing_ids(conn, [a.id for a in new])
        for i in reversed(range(len(new))):
            if new[i].id in stored:
                new_sources[i].status = "duplicate"
                report.already_present += 1
                signatures.pop(new[i].id, None)
                del new[i], new_sigs[i], new_sources[i]
        dups.link_to(fresh, new, new_sigs)
        report.dedup_seconds += time.perf_counter() - t0

    t0 = time.perf_counter()
    added = workspace.commit_batch(
        new, sources=sources, rejections=rejections, signatures=signatures,
        run_id=report.run_id, before=decide,
    )
    report.commit_seconds += time.perf_counter() - t0
    added_set = set(added)
    report.added += len(added)
    report.added_ids.extend(added)
    report.near_duplicates_linked += sum(len(a.near_duplicates) for a in new if a.id in added_set)
    report.rejected.extend(rejections)
    room = MAX_OUTCOMES - len(report.outcomes)
    if room > 0:
        outcomes += [
            Outcome(s.source, "added" if s.status == "stored" else "already_present", s.article_id)
            for s in sources
        ]
        outcomes += [Outcome(r.source, "rejected", None, r.reason) for r in rejections]
        report.outcomes.extend(outcomes[:room])
    if progress is not None:
        progress(report, None)
