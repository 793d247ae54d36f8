"""Constants and helpers the web tests share (a uniquely named module: every test directory
has its own conftest, so tests must not import from ``conftest``)."""


import socket
import threading
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
TOKEN = "test-write-token-123"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Payloads that would run if any article string reached the page unescaped.
XSS = "<script>window.__xss = 1; alert(1)</script>"
XSS_IMG = '<img src=x onerror="window.__xss = 2; alert(2)">'
XSS_OUTLET = 'Evil <script>window.__xss=3</script> News<img src=y onerror="window.__xss=4">'


def evil_text(n: int) -> str:
    if n == 3:
        return (
            "Officials said on Tuesday that the bridge over the river Tamar was closed after "
            f"inspectors found cracks in two of its supports.\n\n{XSS_IMG} The regional "
            "transport authority said repairs would take three weeks and cost about 4 million "
            "pounds.\n\nDrivers were told to use the ferry at Torpoint instead. \"We cannot take "
            f"any risk with public safety,\" said the authority's chief engineer, Mary Collins. "
            f"{XSS_IMG}\n\nLocal businesses said the closure would hurt trade. "
            f"</textarea></title>{XSS}"
        )
    return (
        "The Tamar bridge will stay shut for four weeks, the transport authority announced on "
        f"Tuesday, after engineers discovered cracks in its supports.\n\n{XSS}\n\n"
        f"\"We cannot take any risk with public safety,\" chief engineer Mary Collins told "
        f"reporters. {XSS_IMG} Repairs are expected to cost 5 million pounds.\n\n"
        "Commuters face long detours, and the Torpoint ferry expects queues through the month. "
        f"Shop owners in Saltash fear a fall in trade. {XSS_IMG}"
    )


def wait_job(client, job_id: str, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}",
                         headers={"Authorization": f"Bearer {TOKEN}"}).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"ingest job {job_id} did not finish")


class LiveServer:
    """uvicorn in a thread on 127.0.0.1 and a free port."""

    def __init__(self, app):
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


def poison_comparison(app, story_id: str) -> None:
    """Cleaning cuts tags out of article texts, so to see how the story page treats markup
    inside a text, put a comparison whose texts and findings carry raw payloads in the app's
    cache (the page renders whatever the comparison holds)."""
    from counterpoint.web import service

    data = app.state.data
    story = data.story(story_id)
    comparison = data.comparison(story)
    articles = [a.model_copy(update={"text": f"{XSS} {a.text} {XSS_IMG}",
                                     "source": f"{a.source}{XSS_IMG}"})
                for a in comparison.articles]
    shift = len(XSS) + 1
    findings = []
    for f in comparison.findings:
        evidence = [e.model_copy(update={"start": e.start + shift, "end": e.end + shift})
                    for e in f.evidence]
        findings.append(f.model_copy(update={"summary": f"{f.summary} {XSS}",
                                             "explanation": XSS_IMG, "evidence": evidence}))
    poisoned = comparison.model_copy(update={"articles": articles, "findings": findings,
                                             "notes": [*comparison.notes, XSS]})
    service._COMPARISONS.put((data.ws.url, story.id, tuple(story.article_ids)), poisoned)
    app.state.render_cache.data.clear()
