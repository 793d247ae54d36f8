"""``ingest --engine ray``: reading, cleaning, analysis and embedding as Ray Data stages.

    driver: list the input files (names, sizes; URLs fetched here) --> ray.data.from_items
      --map_batches(read_tasks)-----------> one row per article, rejection or stored source
                                            (a file per task; big JSONL: a byte range per task)
      --map_batches(PrepareBatch, actors)-> cleaned, described articles + MinHash signatures
      --map_batches(AnalyseBatch, actors)-> ArticleAnalysis + float16 sentence vectors
      --driver: iter_batches, in order----> near-duplicate links, one transaction per batch

The stages are the local engine's own code: the readers
(:func:`counterpoint.ingest.readers.iter_inputs`, see :mod:`counterpoint.ingest.ray_read`),
:func:`counterpoint.ingest.prepare.prepare_article` and the analysis pipeline
(:class:`counterpoint.analysis.pipeline.AnalysisPipeline`, whose stage classes load spaCy and
the encoder once per actor). The driver commits each batch through the local pipeline's own
batch commit, so sources, duplicates, near-duplicate links and rejections are decided exactly
as with ``--engine local``; with ``preserve_order`` the articles arrive in input order, so
``stories update`` afterwards groups them identically.

What stays serial, on the driver: listing the inputs (and fetching URLs), the near-duplicate
index (one MinHash index, consulted in input order inside the write transaction) and the
database writes. Everything else scales with workers: on a cluster,
``ray.init(address="ray://head:10001")`` (``--ray-address`` or ``RAY_ADDRESS``; the input
files must then be on a file system every node sees) and more actors (``workers``).

Failures: an input that cannot be read or cleaned is a rejection (listed with its source and
reason, its source not marked done, so re-running the same command retries it and only it);
an article whose analysis fails is stored without an analysis and listed in ``report.failed``
(re-running the command retries it); a whole batch that raises is retried one article at a
time, so one bad article never costs its neighbours; an actor process that dies is restarted
by Ray Data and its batch resubmitted (up to :data:`ACTOR_RESTARTS` times).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import time
import warnings
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from counterpoint.errors import UsageError
from counterpoint.ingest import pipeline as local
from counterpoint.ingest.readers.base import SkippedInput
from counterpoint.models import Article, RawInput, Rejection

if TYPE_CHECKING:
    from counterpoint.ingest.readers import ReadOptions
    from counterpoint.store import Workspace

log = logging.getLogger(__name__)

ANALYSIS_BATCH = 32
MAX_READ_BLOCKS = 1000
"""At most this many blocks of read tasks (files or byte ranges) in the dataset."""
ACTOR_RESTARTS = 3
"""An actor that dies (out of memory, a crash in native code) is restarted and its batch
retried this many times; then the run stops with every batch committed so far kept."""


@dataclass
class RayIngestReport(local.IngestReport):
    """An :class:`IngestReport` plus what the analysis stage did."""

    analysed: int = 0
    failed: list[dict] = field(default_factory=list)  # {"source", "article_id", "stage", "reason"}
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def failed_sources(self) -> list[str]:
        """Rejected inputs and articles whose analysis failed, in input order."""
        return super().failed_sources() + [f["source"] for f in self.failed]

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
    """Stage 2: clean and describe each raw input; its MinHash signature. Never raises.

    Rows that are not raw inputs pass through: a reader's rejection, a source stored by an
    earlier run, reader counters, or a stored article coming back for its analysis.
    """

    def __init__(self, prepare: Callable[[RawInput], Article] | None = None,
                 signatures: bool = True):
        from counterpoint.ingest.dedup import minhash_signature

        self.prepare = prepare or local._default_preparer()
        self.signature = minhash_signature if signatures else None

    def __call__(self, batch: dict) -> dict:
        articles, sigs, errors = [], [], []
        for kind, payload in zip(batch["kind"], batch["payload"]):
            article, sig, error = "", b"", ""
            if kind == "raw":
                result = local._prepare_one(self.prepare, self.signature,
                                            RawInput.model_validate_json(payload))
                if isinstance(result, Rejection):
                    error = result.model_dump_json()
                else:
                    article, sig = result[0].model_dump_json(), result[1] or b""
            elif kind == "rejected":
                error = payload
            elif kind == "stored":
                article = payload
            articles.append(article)
            sigs.append(sig)
            errors.append(error)
        return {**batch, "article": articles, "signature": sigs, "rejection": errors}


class AnalyseBatch:
    """Stage 3 (an actor: models load once): the analysis pipeline over a batch of articles.

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
        except Exception:
            results = []
            for a in arts:
                try:
                    results.extend(self._analyse([a]))
                except Exception as exc:
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
             analyser: type = AnalyseBatch, options: ReadOptions | None = None):
    import ray

    from counterpoint.ingest.ray_read import read_tasks

    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # same arrival order as --engine local
    ctx.enable_progress_bars = False
    read_cpus, prepare_cpus, analyse_cpus = _cpu_shares(workers, analyse)
    # One block per read task (a file or a byte range) up to a bound: reading is spread.
    ds = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), MAX_READ_BLOCKS)))
    if options is not None:
        ds = ds.map_batches(read_tasks, fn_kwargs={"options": options}, batch_size=1,
                            batch_format="default", num_cpus=read_cpus)
    # Constructor arguments only when needed: Ray cannot restart an actor whose arguments
    # lived in the object store and were lost. Finite restarts (Ray Data's default is
    # unlimited): an input that kills its actor every time must end the run, not loop; Ray
    # 2.60 warns that these arguments will move, and offers no other spelling yet.
    kwargs = {} if prepare is None and signatures else {
        "fn_constructor_kwargs": {"prepare": prepare, "signatures": signatures}}
    warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated")
    ds = ds.map_batches(PrepareBatch, batch_size=ANALYSIS_BATCH, batch_format="default",
                        compute=ray.data.ActorPoolStrategy(size=max(1, workers)),
                        num_cpus=prepare_cpus, max_restarts=ACTOR_RESTARTS,
                        max_task_retries=ACTOR_RESTARTS, **kwargs)
    if analyse:
        ds = ds.map_batches(analyser, batch_size=ANALYSIS_BATCH, batch_format="default",
                            compute=ray.data.ActorPoolStrategy(size=max(1, workers)),
                            num_cpus=analyse_cpus, max_restarts=ACTOR_RESTARTS,
                            max_task_retries=ACTOR_RESTARTS)
    return ds


def _cpu_shares(workers: int, analyse: bool) -> tuple[float, float, float]:
    """Logical CPUs per read task, prepare actor and analysis actor.

    Actors hold their CPUs for the whole run, so the pools must leave room for the read tasks:
    with whole CPUs, 2 prepare + 2 analysis actors on a 2-CPU machine wait forever for CPUs
    and no read task ever runs. The shares (analysis 60 %, cleaning 25 %, reading the rest)
    only reserve; the operating system still shares the cores as the load comes.
    """
    import ray

    cpus = max(1.0, float(ray.cluster_resources().get("CPU", 1)))
    workers = max(1, workers)
    if not analyse:
        return min(1.0, 0.3 * cpus / workers), min(1.0, 0.6 * cpus / workers), 0.0
    return (min(1.0, 0.15 * cpus / workers), min(1.0, 0.25 * cpus / workers),
            min(1.0, 0.6 * cpus / workers))


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
    address: str | None = None,
    analyser: type = AnalyseBatch,
    split_bytes: int | None = None,
) -> RayIngestReport:
    """Ingest (and analyse) ``specs`` with Ray Data; the same arguments as
    :func:`counterpoint.ingest.pipeline.ingest`, plus ``analyse`` (run the analysis stage),
    ``address`` (a Ray cluster; default: Ray on this machine) and ``split_bytes`` (JSONL
    files larger than this are read as several byte ranges; default
    :data:`counterpoint.ingest.ray_read.SPLIT_BYTES`). ``workers``: tasks/actors per stage.
    Articles stored before whose analysis is missing (a failed earlier run) are analysed
    again when their source comes up.
    """
    from counterpoint.analysis.pipeline import PIPELINE_VERSION
    from counterpoint.ingest import ray_read
    from counterpoint.ingest.readers import ReadOptions, ReadStats

    init_ray(address)
    specs = [str(s) for s in specs]
    options = read_options or ReadOptions()
    started = time.perf_counter()
    report = RayIngestReport(run_id=workspace.start_run(specs))
    dups = local._NearDuplicates(workspace, enabled=near_duplicates)
    report.near_duplicate_detection = dups.enabled
    stats = ReadStats()
    timing = defaultdict(float)

    t0 = time.perf_counter()
    driver_options = dataclasses.replace(
        options, skip_source=local._stored_source(workspace) if skip_done else None)
    listed = list(ray_read.list_files(specs, driver_options, stats))
    rows = ray_read.read_task_rows(listed, workspace if skip_done else None,
                                   split_bytes or ray_read.SPLIT_BYTES)
    timing["list (driver)"] += time.perf_counter() - t0
    worker_options = dataclasses.replace(options, transport=None, skip_source=None,
                                         extract_workers=1)
    out = _Committer(workspace, dups, report, progress, skip_done, batch_size, timing, stats)
    if rows:
        ds = _dataset(rows, prepare, analyse, workers, dups.enabled, analyser, worker_options)
        out.consume(ds, analyse)
    out.commit()

    # Articles an earlier run stored without an analysis (it failed): analysed now.
    if analyse and out.skipped_sources:
        missing = set(workspace.articles_without_analysis(PIPELINE_VERSION))
        again: dict[str, str] = {}  # article id -> the source it came from
        if missing:
            for chunk in _chunks(sorted(out.skipped_sources), 500):
                for source, aid in workspace.source_articles(chunk).items():
                    if aid in missing:
                        again.setdefault(aid, source)
        rows = []
        for aid in sorted(again):
            article = workspace.get_article(aid)
            if article is not None:
                rows.append({"kind": "stored", "source": again[aid],
                             "payload": article.model_dump_json()})
        if rows:
            out.consume(_dataset(rows, prepare, analyse, workers, False, analyser), analyse)
            out.commit()

    report.read.update(stats.read)
    report.skipped.update(stats.skipped)
    report.seconds = time.perf_counter() - started
    report.stage_seconds = dict(timing)
    summary = report.as_dict()
    summary.pop("added_ids")
    workspace.finish_run(report.run_id, summary)
    return report


def _chunks(seq: list, size: int):
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


class _Committer:
    """Commits the rows Ray delivers, in input order, ``batch_size`` inputs at a time, through
    the local engine's own batch commit: the driver's writes overlap the parallel stages."""

    def __init__(self, workspace, dups, report, progress, skip_done, batch_size, timing, stats):
        self.workspace, self.dups, self.report = workspace, dups, report
        self.progress, self.skip_done = progress, skip_done
        self.batch_size, self.timing, self.stats = max(1, batch_size), timing, stats
        self.pre = _Precomputed()
        self.analysed: dict[str, tuple[str, bytes, str, str]] = {}
        self.items: list[RawInput | Rejection | SkippedInput] = []
        self.skipped_sources: set[str] = set()

    def consume(self, ds, analyse: bool) -> None:
        t0, w0 = time.perf_counter(), self.timing["write (driver)"]
        for batch in ds.iter_batches(batch_size=self.batch_size, batch_format="default"):
            self._collect(batch, analyse)
            if len(self.items) >= self.batch_size:
                self.commit(whole_batches=True)
        # Time spent waiting for Ray, i.e. not in the driver's own writes.
        waited = time.perf_counter() - t0 - (self.timing["write (driver)"] - w0)
        self.timing["read+prepare+analyse (ray)"] += waited

    def _collect(self, batch: dict, analyse: bool) -> None:
        for j, kind in enumerate(batch["kind"]):
            source = str(batch["source"][j])
            if kind == "stats":
                self.stats.read.update(json.loads(batch["payload"][j])["read"])
                self.stats.skipped.update(json.loads(batch["payload"][j])["skipped"])
                continue
            if kind == "skipped":
                self.items.append(SkippedInput(source))
                self.skipped_sources.add(source)
                continue
            if kind == "rejected":
                self.items.append(Rejection.model_validate_json(batch["rejection"][j]))
                continue
            if kind == "raw":
                self.items.append(RawInput.model_construct(source=source))  # only its source
                if batch["rejection"][j]:
                    self.pre.put(source, Rejection.model_validate_json(batch["rejection"][j]))
                    continue
                article = Article.model_validate_json(batch["article"][j])
                self.pre.put(source, (article, bytes(batch["signature"][j]) or None))
                aid = article.id
            else:  # "stored": an earlier run's article, back for its analysis
                aid = Article.model_validate_json(batch["payload"][j]).id
            if analyse:
                self.analysed.setdefault(aid, (batch["analysis"][j], bytes(batch["vectors"][j]),
                                               batch["analysis_error"][j], source))

    def commit(self, whole_batches: bool = False) -> None:
        """The local engine's own batch commit, in input order, ``batch_size`` at a time."""
        t0 = time.perf_counter()
        while self.items and (len(self.items) >= self.batch_size or not whole_batches):
            chunk, self.items = self.items[: self.batch_size], self.items[self.batch_size :]
            local._flush(chunk, self.workspace, self.pre, self.dups, self.report, self.progress,
                         self.skip_done)
        _save_analyses(self.workspace, self.analysed, self.report)
        self.timing["write (driver)"] += time.perf_counter() - t0


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
