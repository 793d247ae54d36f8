"""`counterpoint serve`: the web app and the HTTP API over the workspace.

    counterpoint serve                              http://127.0.0.1:8000, read-only
    COUNTERPOINT_TOKEN=s3cret counterpoint serve    writes (ingest) allowed with that bearer token
    counterpoint --db news.db serve --port 9000
"""

from __future__ import annotations

import typer

from counterpoint.cli.common import err_console, fail_usage, state

HELP = (
    "Serve the web app (stories, side-by-side comparisons, articles, exports) and the JSON API "
    "under /api/v1 (OpenAPI at /docs).\n\n"
    "Read-only unless a write token is given (--token or COUNTERPOINT_TOKEN); writes then need "
    "'Authorization: Bearer <token>'. Binds to 127.0.0.1 unless --host says otherwise.\n\n"
    "Examples:\n\n"
    "  counterpoint serve\n\n"
    "  COUNTERPOINT_TOKEN=s3cret counterpoint --db news.db serve --port 9000"
)


def serve_command(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="Interface to bind (0.0.0.0 exposes the app)."),
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port."),
    token: str = typer.Option(
        None, envvar="COUNTERPOINT_TOKEN", show_default=False,
        help="Write token: enables ingest from the web for requests bearing it. "
        "[env: COUNTERPOINT_TOKEN]",
    ),
    max_upload_mb: float = typer.Option(20.0, min=0.01, help="Largest request body, in MB."),
):
    try:
        import uvicorn

        from counterpoint.web import create_app
    except ImportError as exc:
        fail_usage(f"the web extra is not installed ({exc.name}): pip install 'counterpoint[web]'")
    from counterpoint.errors import WorkspaceError

    if token is not None and len(token.strip()) < 8:
        fail_usage("--token must be at least 8 characters (it guards writes to the workspace)")
    st = state(ctx)
    try:
        app = create_app(st.db, token=token.strip() if token else None,
                         max_upload_bytes=int(max_upload_mb * 1024 * 1024))
    except WorkspaceError as exc:
        fail_usage(str(exc))
    mode = "writable (bearer token required)" if token else "read-only"
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[yellow]warning:[/yellow] listening on {host}: other machines can "
                          "reach this workspace")
    err_console.print(f"counterpoint: {st.db} at http://{host}:{port}/ ({mode}); API docs at /docs")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve", help=HELP)(serve_command)
