"""Web benchmark: requests/s and p50/p99 latency of the story page and the story API.

uvicorn serves the app in its own process on 127.0.0.1 (so client and server do not share a
GIL); 50 concurrent httpx clients send a bounded number of requests to each endpoint. The
comparison is computed once before timing (the first request warms it, as in real use): what is
measured is serving a known story.

    .venv/bin/python bench/bench_web.py                      # a temp workspace with the seeds
    .venv/bin/python bench/bench_web.py --db news.db --story s1a2b3 --requests 5000

Prints the numbers and writes them to bench/out/bench_web.json. Exit code 1 on any error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
OUT = ROOT / "bench" / "out" / "bench_web.json"


def seeds_workspace(directory: Path) -> Path:
    from counterpoint.ingest.pipeline import ingest
    from counterpoint.store import open_workspace
    from counterpoint.stories.service import update_stories

    path = directory / "seeds.db"
    ws = open_workspace(path)
    ingest([str(SEEDS)], ws)
    update_stories(ws)
    ws.close()
    return path


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), to report server CPU per request
    independently of how busy the machine is."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    code = ("import uvicorn; from counterpoint.web import create_app; "
            f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, "
            "log_level='warning', access_log=False)")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1", timeout=2)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


async def load(url: str, total: int, concurrency: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    queue: asyncio.Queue = asyncio.Queue()
    for _ in range(total):
        queue.put_nowait(None)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        async def worker():
            while True:
                try:
                    queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t = time.perf_counter()
                try:
                    r = await client.get(url)
                    await r.aread()
                    if r.status_code != 200:
                        errors.append(f"status {r.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(type(exc).__name__)
                latencies.append(time.perf_counter() - t)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {"requests": total, "concurrency": concurrency, "seconds": round(elapsed, 3),
            "requests_per_second": round(total / elapsed, 1), "p50_ms": round(pct(0.50), 1),
            "p99_ms": round(pct(0.99), 1), "errors": len(errors),
            "error_kinds": sorted(set(errors))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an existing workspace (default: a temp one with the seeds)")
    parser.add_argument("--story", help="story id (default: the first listed)")
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else seeds_workspace(Path(tmp))
        port = free_port()
        proc = start_server(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            story = args.story or httpx.get(f"{base}/api/v1/stories").json()["items"][0]["id"]
            t = time.perf_counter()
            # The API computes the comparison before answering (the page would show progress).
            httpx.get(f"{base}/api/v1/stories/{story}/comparison", timeout=900).raise_for_status()
            first = time.perf_counter() - t
            warm = httpx.get(f"{base}/stories/{story}", timeout=60)
            warm.raise_for_status()
            assert 'http-equiv="refresh"' not in warm.text, "the story page is not ready"
            results = {"story": story, "first_comparison_seconds": round(first, 2),
                       "story_page_bytes": len(warm.content), "cpus": os.cpu_count(),
                       "load_average": os.getloadavg()[0]}
            for name, path in [("story_page", f"/stories/{story}"),
                               ("story_api", f"/api/v1/stories/{story}/comparison"),
                               ("stories_page", "/")]:
                cpu = cpu_seconds(proc.pid)
                results[name] = asyncio.run(load(base + path, args.requests, args.concurrency))
                used = cpu_seconds(proc.pid) - cpu
                results[name]["server_cpu_ms_per_request"] = round(used / args.requests * 1000, 2)
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    for name in ("story_page", "story_api", "stories_page"):
        r = results[name]
        print(f"{name:13s} {r['requests_per_second']:8.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
              f"p99 {r['p99_ms']:7.1f} ms  errors {r['errors']}  "
              f"server CPU {r['server_cpu_ms_per_request']} ms/request "
              f"({r['requests']} requests, {r['concurrency']} clients)")
    print(f"first comparison (models loaded, computed): {results['first_comparison_seconds']} s; "
          f"load average {results['load_average']:.1f} on {results['cpus']} CPUs")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    return 1 if any(results[n]["errors"] for n in ("story_page", "story_api", "stories_page")) else 0


if __name__ == "__main__":
    sys.exit(main())
