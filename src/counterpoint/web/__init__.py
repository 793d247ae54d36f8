"""The web app: ``counterpoint serve`` (see :func:`create_app`)."""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name):  # lazy: `counterpoint --help` must not import FastAPI
    if name == "create_app":
        from counterpoint.web.app import create_app

        return create_app
    raise AttributeError(name)
