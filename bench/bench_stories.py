"""Grouping throughput and peak memory at 10,000 / 30,000 / 100,000 articles.

    .venv/bin/python bench/bench_stories.py [--sizes 10000,30000] [--features-only]

Articles are real texts from ``../shared/data`` (AllSides, ECB+, BASIL, PolNeAR) reused with
perturbations: each copy renames its people and places (the same substitution in headline and
body, as a same-kind event elsewhere would read), changes its numbers, drops and reorders some
sentences and headline words, and is dated weeks after the previous copy, so the encoder never
sees the same text twice and the index fills with similar-but-out-of-window articles (the hard
case for candidate search). Each size runs in a fresh process (peak RSS is per process), with
torch on 2 threads. Reported: features (encoder + terms + names) and assignment separately,
articles/s, the cost per article at 10%, 50% and 100% of the run (the growth curve: it must stay
flat), peak memory, CPU time and the load average (the machine is shared). A text chart is
printed; a PNG is written when matplotlib is installed. Results go to
``bench/out/bench_stories.json``; ``--profile`` writes a cProfile summary beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SOURCES = ["stories-allsides.jsonl", "stories-ecbplus.jsonl", "framing-basil.jsonl",
           "quotes-polnear-train.jsonl"]


def base_texts() -> list[tuple[str, str | None]]:
    out = []
    for name in SOURCES:
        path = DATA / name
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            r = json.loads(line)
            if len(r.get("text") or "") > 200:
                out.append((r["text"][:6000], r.get("title")))
    return out


_CAPWORD = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\b\d+\b")


def _name_pool(bases) -> list[str]:
    """Capitalised words seen in the base headlines: the replacement names for copies."""
    seen: dict[str, int] = {}
    for _, title in bases:
        for w in _CAPWORD.findall(title or ""):
            seen[w] = seen.get(w, 0) + 1
    return sorted(seen) or ["Smith"]


def perturb(text: str, title: str | None, rng: random.Random, pool: list[str]):
    """A same-kind variant of one article: names swapped (consistently in headline and body),
    numbers changed, ~20% of sentences dropped, two swapped, one headline word dropped."""
    names = list(dict.fromkeys(_CAPWORD.findall(title or "") + _CAPWORD.findall(text[:600])))
    swap = {w: rng.choice(pool) for w in names if rng.random() < 0.6}

    def rename(s: str) -> str:
        s = _CAPWORD.sub(lambda m: swap.get(m.group(0), m.group(0)), s)
        return _NUMBER.sub(lambda m: str(int(m.group(0)) + rng.randint(1, 9))
                           if rng.random() < 0.5 else m.group(0), s)

    sents = re.split(r"(?<=[.!?])\s+", text)
    keep = [s for s in sents if rng.random() > 0.2] or sents
    if len(keep) > 3:
        j = rng.randrange(1, len(keep) - 1)
        keep[j], keep[j + 1] = keep[j + 1], keep[j]
    words = (title or "").split()
    if len(words) > 4:
        del words[rng.randrange(1, len(words))]
    return rename(" ".join(keep)), rename(" ".join(words)) or None


def corpus(n: int, seed: int = 0):
    """``n`` articles: copy k of a base text is perturbed and dated ~3 weeks after copy k-1."""
    from datetime import date, timedelta

    from counterpoint.models import Article, article_id

    rng = random.Random(seed)
    bases = base_texts()
    pool = _name_pool(bases)
    start = date(2015, 1, 1)
    out = []
    for i in range(n):
        copy, b = divmod(i, len(bases))
        text, title = bases[b]
        if copy:
            text, title = perturb(text, title, rng, pool)
        day = start + timedelta(days=(b % 300) + copy * 21)
        out.append(Article(id=article_id(f"{i}:{text}"), text=text, raw_text=text,
                           source=f"bench:{i}", kind="text", headline=title,
                           published=day.isoformat()))
    rng.shuffle(out)
    out.sort(key=lambda a: a.published)
    return out


def _at(per_block: list[tuple[float, float]], frac: float) -> dict:
    """Cost per article (ms) in the 5%-block that ends at ``frac`` of the run."""
    i = min(len(per_block) - 1, max(0, round(frac * len(per_block)) - 1))
    feat, assign = per_block[i]
    return {"features_ms": round(feat, 2), "assign_ms": round(assign, 3),
            "total_ms": round(feat + assign, 2)}


def run_one(n: int, batch: int = 512, profile: bool = False) -> dict:
    import torch

    from counterpoint.stories.features import FeatureExtractor
    from counterpoint.stories.grouping import Grouper

    torch.set_num_threads(2)  # the target machine has 2 cores
    t0 = time.perf_counter()
    articles = corpus(n)
    t_corpus = time.perf_counter() - t0
    fx = FeatureExtractor()
    fx.extract(articles[:8])  # load the model outside the timing
    g = Grouper()
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t_feat = t_assign = 0.0
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    block = max(batch, n // 20)
    per_block: list[tuple[float, float]] = []
    bf = ba = 0.0
    bn = 0
    seq = 0
    loads = []
    for s in range(0, n, batch):
        chunk = articles[s : s + batch]
        t = time.perf_counter()
        feats = fx.extract(chunk, first_seq=seq)
        dt_f = time.perf_counter() - t
        seq += len(feats)
        t = time.perf_counter()
        for f in feats:
            g.assign(f)
        dt_a = time.perf_counter() - t
        t_feat += dt_f
        t_assign += dt_a
        bf, ba, bn = bf + dt_f, ba + dt_a, bn + len(chunk)
        if bn >= block or s + batch >= n:
            per_block.append((1000 * bf / bn, 1000 * ba / bn))
            loads.append(os.getloadavg()[0])
            bf = ba = 0.0
            bn = 0
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    if prof is not None:
        import io
        import pstats

        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(40)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"bench_stories_profile_{n}.txt").write_text(buf.getvalue())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": n,
        "stories": len(g.stories),
        "seconds_total": round(wall, 1),
        "articles_per_s": round(n / wall, 1),
        "features_ms_per_article": round(1000 * t_feat / n, 2),
        "assign_ms_per_article": round(1000 * t_assign / n, 3),
        "growth": {"10%": _at(per_block, 0.1), "50%": _at(per_block, 0.5),
                   "100%": _at(per_block, 1.0)},
        "per_block_ms": [[round(f, 2), round(a, 3)] for f, a in per_block],
        "peak_rss_mb": round(peak_mb),
        # CPU seconds used (both threads): on a shared machine wall time mostly measures the
        # neighbours; CPU time / 2 is what the run would take on 2 idle cores.
        "cpu_seconds": round(cpu, 1),
        "idle_2core_estimate_s": round(cpu / 2, 1),
        "load_average_during": [round(x, 1) for x in loads],
        "load_average_at_end": round(os.getloadavg()[0], 1),
        "torch_threads": torch.get_num_threads(),
        "corpus_build_s": round(t_corpus, 1),
    }


def run_assign_only(n: int, n_base: int = 1500, seed: int = 0) -> dict:
    """Assignment alone at size ``n``: features of ``n_base`` real articles are computed once
    (cached in bench/out), then copied with noise — vector jitter, a random 80% of the terms,
    dates three weeks further per copy — so that the index and the name blocks grow to ``n``
    with realistic near-neighbours. Shows how the per-article assignment cost grows."""
    import pickle

    import numpy as np

    from counterpoint.stories.features import ArticleFeatures, FeatureExtractor
    from counterpoint.stories.grouping import Grouper

    cache = OUT / f"stories_base_features_{n_base}.pkl"
    if cache.exists():
        base = pickle.loads(cache.read_bytes())
    else:
        base = FeatureExtractor().extract(corpus(n_base))
        OUT.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(base))
    rng = np.random.default_rng(seed)
    g = Grouper()
    per_block, t_all, cpu0 = [], 0.0, time.process_time()
    block = max(1, n // 20)
    feats = []
    for i in range(n):
        copy, b = divmod(i, len(base))
        f = base[b]
        if copy:
            v = f.vector + rng.normal(0, 0.02, f.vector.shape).astype(np.float32)
            keep = rng.random(len(f.term_ids)) < 0.8
            f = ArticleFeatures(article_id=f"{f.article_id}:{copy}", seq=i, headline=f.headline,
                                outlet=f.outlet, day=None if f.day is None else f.day + 21 * copy,
                                date_note=f.date_note, vector=v / np.linalg.norm(v),
                                term_ids=f.term_ids[keep], term_tf=f.term_tf[keep],
                                names=f.names)
        else:
            f = ArticleFeatures(**{**f.__dict__, "seq": i})
        feats.append(f)
    for s0 in range(0, n, block):
        t = time.perf_counter()
        for f in feats[s0 : s0 + block]:
            g.assign(f)
        dt = time.perf_counter() - t
        t_all += dt
        per_block.append(round(1000 * dt / len(feats[s0 : s0 + block]), 3))
    cpu = time.process_time() - cpu0
    return {
        "articles": n, "mode": "assign-only", "stories": len(g.stories),
        "assign_seconds": round(t_all, 1), "assign_cpu_seconds": round(cpu, 1),
        "assign_ms_per_article_by_5pct_block": per_block,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average_at_end": round(os.getloadavg()[0], 1),
    }


def _stand_in_encoder():
    """Word-hash vectors instead of MiniLM: building a 50,000-article workspace with the real
    encoder would take most of an hour here, and an update's encoder cost (the new articles
    only) does not depend on the workspace size, which is what this measures."""
    import zlib

    import numpy as np

    cache: dict[str, np.ndarray] = {}
    token = re.compile(r"[a-z]+")

    def encode(texts):
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in token.findall(t.lower()):
                v = cache.get(w)
                if v is None:
                    rng = np.random.default_rng(zlib.crc32(w.encode()))
                    v = cache[w] = rng.standard_normal(384).astype(np.float32)
                out[i] += v
            out[i] /= np.linalg.norm(out[i]) or 1.0
        return out

    return encode


def run_update_cost(n: int, new: int = 100, per_day: int = 500) -> dict:
    """Time one update of ``new`` articles on a workspace of ``n`` grouped ones.

    The stream has a constant daily volume (``per_day`` articles a day, so 10,000 articles are
    20 days and 50,000 are 100), and the new articles are the next day's: the update's window
    holds the same number of articles at both sizes, as in a daily update of a growing
    workspace. Also timed: loading the whole grouping state, which is what every update paid
    before (``load_grouper`` without ``around``)."""
    import tempfile
    from datetime import date, timedelta

    from counterpoint.store import open_workspace
    from counterpoint.stories.features import FeatureExtractor
    from counterpoint.stories.repository import StoryRepository
    from counterpoint.stories.service import load_grouper, update_stories

    arts = corpus(n + new)
    # Shuffled before dating: the perturbed copies of one base text are then spread evenly
    # over the stream, so a 15-day window holds as many near-copies at 10,000 as at 50,000
    # (in date order they would crowd together as n grows and make the stories bigger).
    random.Random(1).shuffle(arts)
    start = date(2020, 1, 1)
    arts = [a.model_copy(update={"published": (start + timedelta(days=i // per_day)).isoformat()})
            for i, a in enumerate(arts)]
    fx = FeatureExtractor(encoder=_stand_in_encoder())
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        ws = open_workspace(Path(tmp) / "w.db")
        t = time.perf_counter()
        for s in range(0, n, 2000):
            ws.add_articles(arts[s : min(n, s + 2000)])
        update_stories(ws, extractor=fx, batch_size=1000)
        build = time.perf_counter() - t
        ws.add_articles(arts[n:])
        repo = StoryRepository(ws)
        ids = repo.ungrouped_ids()
        t, c = time.perf_counter(), time.process_time()
        g = load_grouper(repo, around=ids)
        t_window_load = time.perf_counter() - t
        t, c = time.perf_counter(), time.process_time()
        summary = update_stories(ws, extractor=fx)
        t_update, c_update = time.perf_counter() - t, time.process_time() - c
        t = time.perf_counter()
        full = load_grouper(repo)
        t_full_load = time.perf_counter() - t
        db_mb = (Path(tmp) / "w.db").stat().st_size / 1e6
        ws.close()
    return {
        "workspace_articles": n, "new_articles": summary.grouped, "loaded": summary.loaded,
        "window_articles_loaded_by_load_grouper": len(g.features),
        "update_seconds": round(t_update, 2), "update_cpu_seconds": round(c_update, 2),
        "window_load_seconds": round(t_window_load, 2),
        "full_state_load_seconds_old_behaviour": round(t_full_load, 2),
        "full_state_articles": len(full.features),
        "build_seconds": round(build, 1), "db_mb": round(db_mb),
        "encoder": "word-hash stand-in (see _stand_in_encoder)",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average_at_end": round(os.getloadavg()[0], 1),
    }


def growth_chart(results: list[dict], width: int = 40) -> str:
    """A text chart: cost per article (features + assignment) at 10/50/100% of each run."""
    rows = [(r["articles"], p, r["growth"][p]) for r in results for p in ("10%", "50%", "100%")]
    top = max((g["total_ms"] for _, _, g in rows), default=1.0) or 1.0
    lines = ["cost per article (ms, wall; # features, = assignment) at 10/50/100% of the run"]
    for n, p, g in rows:
        f = round(width * g["features_ms"] / top)
        a = max(1 if g["assign_ms"] else 0, round(width * g["assign_ms"] / top))
        lines.append(f"{n:>7} @{p:>4} |{'#' * f}{'=' * a:<{width - f}} {g['total_ms']:7.2f} "
                     f"({g['features_ms']:.2f} + {g['assign_ms']:.2f})")
    return "\n".join(lines)


def growth_png(results: list[dict], path: Path) -> bool:
    """The same curve as a PNG; False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for r in results:
        n = r["articles"]
        xs = [n * (i + 1) / len(r["per_block_ms"]) for i in range(len(r["per_block_ms"]))]
        ax.plot(xs, [f + a for f, a in r["per_block_ms"]], marker=".", label=f"{n:,} articles")
    ax.set_xlabel("articles grouped")
    ax.set_ylabel("ms per article (wall)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    return True


def update_cost_main(sizes: list[int]) -> int:
    results = []
    for n in sizes:
        cmd = [sys.executable, __file__, "--one", str(n), "--update-cost", "1"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(proc.stderr[-2000:])
            return 1
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"workspace {n:>7,}: update of {r['new_articles']} new articles {r['update_seconds']} s "
              f"wall ({r['update_cpu_seconds']} s CPU), {r['loaded']} stored articles read back; "
              f"loading the whole state (old behaviour) {r['full_state_load_seconds_old_behaviour']} s; "
              f"load average {r['load_average_at_end']}", flush=True)
        (OUT / "bench_stories_update.json").write_text(json.dumps(results, indent=2))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size
    ap.add_argument("--assign-only", action="store_true",
                    help="time assignment alone on noisy copies of real features")
    ap.add_argument("--profile", action="store_true",
                    help="cProfile each run (bench/out/bench_stories_profile_N.txt)")
    ap.add_argument("--update-cost", metavar="SIZES",
                    help="time an update of 100 new articles on workspaces of these sizes "
                         "(e.g. 10000,50000) instead")
    ap.add_argument("--out", default=str(OUT / "bench_stories.json"))
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"bench_stories: {DATA} is absent; nothing to run (this is not an error).")
        return 0
    if args.one:
        if args.update_cost:
            r = run_update_cost(args.one)
        elif args.assign_only:
            r = run_assign_only(args.one)
        else:
            r = run_one(args.one, profile=args.profile)
        print(json.dumps(r))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    if args.update_cost:
        return update_cost_main([int(x) for x in args.update_cost.split(",")])
    results = []
    for n in [int(x) for x in args.sizes.split(",")]:
        cmd = [sys.executable, __file__, "--one", str(n)]
        cmd += ["--assign-only"] if args.assign_only else []
        cmd += ["--profile"] if args.profile else []
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(proc.stderr[-2000:])
            return 1
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(r)
        if args.assign_only:
            print(f"{n:>7} articles, assignment only: {r['assign_seconds']} s wall, "
                  f"{r['assign_cpu_seconds']} s CPU, ms/article by 5% block "
                  f"{r['assign_ms_per_article_by_5pct_block']}, peak {r['peak_rss_mb']} MB, "
                  f"load average {r['load_average_at_end']}", flush=True)
            (OUT / "bench_stories_assign.json").write_text(json.dumps(results, indent=2))
            continue
        print(f"{n:>7} articles: {r['seconds_total']:>7.1f} s  {r['articles_per_s']:>6.1f}/s  "
              f"features {r['features_ms_per_article']} ms/article, assign "
              f"{r['assign_ms_per_article']} ms/article  peak {r['peak_rss_mb']} MB  "
              f"{r['stories']} stories; CPU {r['cpu_seconds']} s "
              f"(idle 2-core estimate {r['idle_2core_estimate_s']} s), load average "
              f"{min(r['load_average_during'])}-{max(r['load_average_during'])}", flush=True)
        Path(args.out).write_text(json.dumps(results, indent=2))
    if results and not args.assign_only:
        print(growth_chart(results))
        png = Path(args.out).with_suffix(".png")
        print(f"chart: {png}" if growth_png(results, png) else "(matplotlib not installed: no PNG)")
        big = max(results, key=lambda r: r["articles"])
        ok = big["seconds_total"] <= 600 and big["peak_rss_mb"] <= 4096
        print(f"target (100,000 in <= 600 s, <= 4 GB): largest run {big['articles']:,} articles "
              f"in {big['seconds_total']} s wall, {big['peak_rss_mb']} MB -> "
              f"{'met' if ok and big['articles'] >= 100_000 else 'not met/not run'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
