"""`counterpoint serve`: binds to 127.0.0.1 by default, read-only unless given a token."""

import pytest
import typer
from typer.testing import CliRunner

from counterpoint.cli import serve
from counterpoint.cli.common import State


@pytest.fixture
def cli(tmp_path, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.delenv("COUNTERPOINT_TOKEN", raising=False)
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context):
        ctx.obj = State(db=str(tmp_path / "ws.db"))

    serve.register(app)
    return app, calls


def test_defaults_to_loopback_and_read_only(cli):
    app, calls = cli
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    web, kw = calls[0]
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8000
    assert web.state.token is None and web.state.jobs is None


def test_token_from_the_environment(cli, monkeypatch):
    app, calls = cli
    monkeypatch.setenv("COUNTERPOINT_TOKEN", "from-env-token")
    assert CliRunner().invoke(app, ["serve", "--port", "9001"]).exit_code == 0
    web, kw = calls[0]
    assert web.state.token == "from-env-token" and kw["port"] == 9001


def test_short_token_is_a_usage_error(cli):
    app, calls = cli
    result = CliRunner().invoke(app, ["serve", "--token", "abc"])
    assert result.exit_code == 2 and not calls
