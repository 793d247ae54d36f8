"""``counterpoint ingest --engine ray``: cleaning, analysis and embedding as Ray Data stages.

    inputs --(driver: read)--> ray.data.from_items
           --map_batches(PrepareBatch)-------> cleaned, described articles + MinHash signatures
           --map_batches(AnalyseBatch, actors)-> ArticleAnalysis + float16 sentence vectors
           --(driver: iter_batches, in order)--> near-duplicate links, one transaction per batch

The stages are the local engine's own code: :func:`counterpoint.ingest.prepare.prepare_article`
and the analysis pipeline (:class:`counterpoint.analysis.pipeline.AnalysisPipeline`, whose
stage classes load spaCy and the encoder once per actor). The driver commits each batch
through the local pipeline's own batch commit, so sources, duplicates, near-duplicate links and
rejections are decided exactly as with ``--engine local``; with ``preserve_order`` the articles
arrive in input order, so ``stories update`` afterwards groups them identically.

What stays serial, on the driver: reading/listing the inputs, the near-duplicate index (one
global MinHash index, consulted in input order) and the database writes. Everything else scales
with workers: on a cluster, ``ray.init(address="ray://head:10001")`` (or ``RAY_ADDRESS``) and
more analysis actors (``workers``).

Failures: an input that cannot be cleaned is a rejection (listed, its source not marked done,
so re-running the same command retries it); an article whose analysis fails is stored without
an analysis and listed in ``report.failed`` (re-running the command, or ``counterpoint
reanalyze``, retries it); a whole batch that raises is retried one article at a time, so one bad
article never costs its neighbours; an actor process that dies is restarted by Ray Data and its
batches resubmitted (its actor pools default to unlimited ``max_restarts`` and
``max_task_retries``).
"""

from __future__ import annotations

import logging
import os
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from counterpoint.errors import UsageError
from counterpoint.ingest import pipeline as local
from counterpoint.models import Article, RawInput, Rejection

if TYPE_CHECKING:
    from counterpoint.ingest.readers import ReadOptions
    from counterpoint.store import Workspace

log = logging.getLogger(__name__)

WINDOW = 20_000
"""Inputs per Ray dataset: bounds the driver's memory on huge corpora (actors reload per window)."""
ANALYSIS_BATCH = 32


@dataclass
class RayIngestReport(local.IngestReport):
    """An :class:`IngestReport` plus what the analysis stage did."""

    analysed: int = 0
    failed: list[dict] = field(default_factory=list)  # {"source", "article_id", "stage", "reason"}
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d = super().as_dict()
        d.update(engine="ray", analysed=self.analysed, failed=list(self.failed),
                 stage_seconds={k: round(v, 3) for k, v in self.stage_seconds.items()})
        return d


def init_ray(address: str | None = None, num_cpus: int | None = None) -> None:
    """Connect to a cluster (``address`` or ``RAY_ADDRESS``) or start Ray on this machine."""
    try:
        import ray
    except ImportError as exc:
        raise UsageError(
            "--engine ray needs Ray Data: pip install 'counterpoint[ray]'"
        ) from exc
    if ray.is_initialized():
        return
    logging.getLogger("ray").setLevel(logging.WARNING)  # the CLI prints its own summary
    address = address or os.environ.get("RAY_ADDRESS")
    env = {"env_vars": {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                        "TOKENIZERS_PARALLELISM": "false"}}
    if address:
        ray.init(address=address, runtime_env=env, log_to_driver=False)
    else:
        ray.init(num_cpus=num_cpus or os.cpu_count(), include_dashboard=False,
                 runtime_env=env, log_to_driver=False, configure_logging=False)


# ---------------------------------------------------------------------------- stages


class PrepareBatch:
    """Stage 1: clean and describe each raw input; its MinHash signature. Never raises."""

    def __init__(self, prepare: Callable[[RawInput], Article] | None = None,
                 signatures: bool = True):
        from counterpoint.ingest.dedup import minhash_signature

        self.prepare = prepare or local._default_preparer()
        self.signature = minhash_signature if signatures else None

    def __call__(self, batch: dict) -> dict:
        articles, sigs, errors = [], [], []
        for kind, payload in zip(batch["kind"], batch["payload"]):
            if kind != "raw":  # a stored article coming back for its analysis
                articles.append(payload)
                sigs.append(b"")
                errors.append("")
                continue
            result = local._prepare_one(self.prepare, self.signature,
                                        RawInput.model_validate_json(payload))
            if isinstance(result, Rejection):
                articles.append("")
                sigs.append(b"")
                errors.append(result.model_dump_json())
            else:
                article, sig = result
                articles.append(article.model_dump_json())
                sigs.append(sig or b"")
                errors.append("")
        return {**batch, "article": articles, "signature": sigs, "rejection": errors}


class AnalyseBatch:
    """Stage 2 (an actor: models load once): the analysis pipeline over a batch of articles.

    A batch that raises as a whole is redone one article at a time, so only the bad article
    fails (its error is recorded; the rest are analysed).
    """

    def __init__(self, batch_size: int = ANALYSIS_BATCH):
        from counterpoint.analysis.pipeline import AnalysisPipeline

        self.pipeline = AnalysisPipeline(batch_size=batch_size)

    def _analyse(self, articles: list[Article]) -> list:
        return self.pipeline.analyze(articles)

    def __call__(self, batch: dict) -> dict:
        n = len(batch["article"])
        analyses, vectors, errors = [""] * n, [b""] * n, [""] * n
        todo = [i for i in range(n) if batch["article"][i]]
        arts = [Article.model_validate_json(batch["article"][i]) for i in todo]
        try:
            results = self._analyse(arts) if arts else []
        except Exception:  # noqa: BLE001 - isolate the article that breaks the batch
            results = []
            for a in arts:
                try:
                    results.extend(self._analyse([a]))
                except Exception as exc:  # noqa: BLE001
                    from counterpoint.analysis.pipeline import AnalysisResult

                    results.append(AnalysisResult(a.id, None, None,
                                                  f"{type(exc).__name__}: {exc}"[:300]))
        for i, r in zip(todo, results):
            if r.ok:
                analyses[i] = r.analysis.model_dump_json()
                vectors[i] = r.vectors.astype("<f2").tobytes() if r.vectors is not None else b""
            else:
                errors[i] = r.error or "analysis failed"
        return {**batch, "analysis": analyses, "vectors": vectors, "analysis_error": errors}


# ---------------------------------------------------------------------------- the run


class _Precomputed:
    """Stands in for the local engine's preparers: hands ``_flush`` what Ray computed."""

    def __init__(self):
        self.by_source: dict[str, deque] = defaultdict(deque)

    def put(self, source: str, result) -> None:
        self.by_source[source].append(result)

    def map(self, raws: list[RawInput]):
        return iter([self.by_source[r.source].popleft() for r in raws])


def _dataset(rows: list[dict], prepare, analyse: bool, workers: int, signatures: bool,
             analyser: type = AnalyseBatch):
    import ray

    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # same arrival order as --engine local
    ctx.enable_progress_bars = False
    blocks = max(1, min(len(rows) // ANALYSIS_BATCH, 4 * max(workers, 2)))
    ds = ray.data.from_items(rows, override_num_blocks=blocks)
    # Constructor arguments only when needed: Ray cannot restart an actor whose arguments
    # lived in the object store and were lost.
    kwargs = {} if prepare is None and signatures else {
        "fn_constructor_kwargs": {"prepare": prepare, "signatures": signatures}}
    ds = ds.map_batches(PrepareBatch, batch_size=ANALYSIS_BATCH, batch_format="default",
                        compute=ray.data.ActorPoolStrategy(size=max(1, workers)), **kwargs)
    if analyse:
        ds = ds.map_batches(analyser, batch_size=ANALYSIS_BATCH, batch_format="default",
                            compute=ray.data.ActorPoolStrategy(size=max(1, workers)),
                            num_cpus=1)
    return ds


def ingest_ray(
    specs: Iterable[str],
    workspace: Workspace,
    read_options: ReadOptions | None = None,
    *,
    batch_size: int = local.DEFAULT_BATCH_SIZE,
    progress: Callable[[local.IngestReport, str | None], None] | None = None,
    workers: int = 1,
    skip_done: bool = True,
    analyse: bool = True,
    near_duplicates: bool = True,
    prepare: Callable[[RawInput], Article] | None = None,
    reader=None,
    address: str | None = None,
    analyser: type = AnalyseBatch,
) -> RayIngestReport:
    """Ingest (and analyse) ``specs`` with Ray Data; the same arguments as
    :func:`counterpoint.ingest.pipeline.ingest`, plus ``analyse`` (run the analysis stage)
    and ``address`` (a Ray cluster; default: Ray on this machine). ``workers``: actors per
    stage. Articles stored before whose analysis is missing (a failed earlier run) are
    analysed again when their source comes up.
    """
    from counterpoint.analysis.pipeline import PIPELINE_VERSION
    from counterpoint.ingest.readers import ReadOptions, ReadStats

    init_ray(address)
    specs = [str(s) for s in specs]
    options = read_options or ReadOptions()
    reader = reader or local._default_reader()
    started = time.perf_counter()
    report = RayIngestReport(run_id=workspace.start_run(specs))
    dups = local._NearDuplicates(workspace, enabled=near_duplicates)
    report.near_duplicate_detection = dups.enabled
    stats = ReadStats()
    timing = defaultdict(float)

    t0 = time.perf_counter()
    items = list(reader(specs, options, stats=stats))
    timing["read (driver)"] += time.perf_counter() - t0
    for start in range(0, len(items), WINDOW):
        window = items[start : start + WINDOW]
        raws = [i for i in window if isinstance(i, RawInput)]
        done = workspace.source_articles([r.source for r in raws]) if skip_done else {}
        rows = [{"kind": "raw", "source": r.source, "payload": r.model_dump_json()}
                for r in raws if r.source not in done]
        unanalysed: set[str] = set()
        if analyse and done:
            missing = set(workspace.articles_without_analysis(PIPELINE_VERSION))
            unanalysed = {a for a in done.values() if a in missing}
            for aid in sorted(unanalysed):
                art = workspace.get_article(aid)
                if art is not None:
                    rows.append({"kind": "stored", "source": f"<stored {aid}>",
                                 "payload": art.model_dump_json()})
        out = _Committer(window, done, workspace, dups, report, progress, skip_done,
                         batch_size, timing)
        if rows:
            ds = _dataset(rows, prepare, analyse, workers, dups.enabled, analyser)
            t0, w0 = time.perf_counter(), timing["write (driver)"]
            for b in ds.iter_batches(batch_size=batch_size, batch_format="default"):
                _collect(b, out.pre, out.analysed, analyse)
                out.commit_ready()
            # Time spent waiting for Ray, i.e. not in the driver's own writes.
            waited = time.perf_counter() - t0 - (timing["write (driver)"] - w0)
            timing["prepare+analyse (ray)"] += waited
        out.commit(len(window))

    report.read.update(stats.read)
    report.skipped.update(stats.skipped)
    report.seconds = time.perf_counter() - started
    report.stage_seconds = dict(timing)
    summary = report.as_dict()
    summary.pop("added_ids")
    workspace.finish_run(report.run_id, summary)
    return report


class _Committer:
    """Commits a window's inputs in order, a batch at a time, as soon as Ray has delivered
    every input of the batch: the driver's writes overlap the parallel stages."""

    def __init__(self, window, done, workspace, dups, report, progress, skip_done, batch_size,
                 timing):
        self.window, self.done, self.workspace, self.dups = window, done, workspace, dups
        self.report, self.progress, self.skip_done = report, progress, skip_done
        self.batch_size, self.timing = batch_size, timing
        self.pre = _Precomputed()
        self.analysed: dict[str, tuple[str, bytes, str, str]] = {}
        self.pos = 0  # window[:pos] is committed

    def _ready(self, item) -> bool:
        return (not isinstance(item, RawInput) or item.source in self.done
                or bool(self.pre.by_source.get(item.source)))

    def commit_ready(self) -> None:
        end = self.pos
        while end < len(self.window) and self._ready(self.window[end]):
            end += 1
        whole = (end - self.pos) // self.batch_size * self.batch_size
        if whole:
            self.commit(self.pos + whole)

    def commit(self, upto: int) -> None:
        """The local engine's own batch commit, in input order, ``batch_size`` at a time."""
        t0 = time.perf_counter()
        while self.pos < upto:
            chunk = self.window[self.pos : min(self.pos + self.batch_size, upto)]
            local._flush(chunk, self.workspace, self.pre, self.dups, self.report, self.progress,
                         self.skip_done)
            self.pos += len(chunk)
        _save_analyses(self.workspace, self.analysed, self.report)
        self.timing["write (driver)"] += time.perf_counter() - t0


def _collect(batch: dict, pre: _Precomputed, analysed: dict, analyse: bool) -> None:
    for j, source in enumerate(batch["source"]):
        kind = batch["kind"][j]
        if kind == "raw":
            if batch["rejection"][j]:
                pre.put(source, Rejection.model_validate_json(batch["rejection"][j]))
                continue
            article = Article.model_validate_json(batch["article"][j])
            pre.put(source, (article, bytes(batch["signature"][j]) or None))
            aid = article.id
        else:
            aid = Article.model_validate_json(batch["payload"][j]).id
        if analyse:
            analysed.setdefault(aid, (batch["analysis"][j], bytes(batch["vectors"][j]),
                                      batch["analysis_error"][j], source))


def _save_analyses(workspace: Workspace, analysed: dict, report: RayIngestReport) -> None:
    """Store the analyses of the articles now in the workspace, in input order."""
    import numpy as np

    from counterpoint.models import ArticleAnalysis

    if not analysed:
        return
    stored = workspace.existing_ids(list(analysed))
    for aid in [a for a in analysed if a in stored]:  # the rest: not committed yet
        analysis_json, vec, error, source = analysed.pop(aid)
        if error or not analysis_json:
            report.failed.append({"source": source, "article_id": aid, "stage": "analysis",
                                  "reason": error or "no analysis"})
            continue
        analysis = ArticleAnalysis.model_validate_json(analysis_json)
        vectors = None
        if vec and analysis.sentences:
            vectors = np.frombuffer(vec, dtype="<f2").reshape(len(analysis.sentences), -1)
        workspace.save_analysis(analysis, vectors)
        report.analysed += 1
