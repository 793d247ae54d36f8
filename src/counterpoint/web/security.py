"""The web app's security model.

- Read-only unless the app was created with a write token; every write needs
  ``Authorization: Bearer <token>``, compared in constant time. No cookies, so no CSRF: the Add
  page sends the token from script (it is typed in by the user and kept in sessionStorage).
- Every response carries a Content-Security-Policy that forbids inline script (scripts are
  served as files from ``/static``), plus nosniff, no framing and no referrer.
- Request bodies are capped (``Content-Length`` checked up front, the stream counted as it is
  read), so an upload cannot exhaust memory or disk.
"""

from __future__ import annotations

import hmac
import json

from fastapi import HTTPException, Request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# The downloadable HTML report styles itself inline and runs no script at all.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
DEFAULT_MAX_BODY = 20 * 1024 * 1024


def check_token(request: Request) -> None:
    """A FastAPI dependency: pass only a request bearing the app's write token.

    403 when the app is read-only (no token configured) or the token is wrong; 401 (with
    ``WWW-Authenticate: Bearer``) when no bearer token was sent.
    """
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, "this server is read-only: start `counterpoint serve` with "
                                 "--token (or COUNTERPOINT_TOKEN) to allow writes")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "writes need an 'Authorization: Bearer <token>' header",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(403, "the bearer token is not the one this server was started with")


class _BodyTooLarge(Exception):
    pass


class SecurityMiddleware:
    """Pure ASGI middleware (cheap per request): security headers on every response, and a cap
    on request bodies."""

    def __init__(self, app, max_body: int = DEFAULT_MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                too_big = True
            if too_big:
                await self._error(send, 413, "request_too_large",
                                  f"the request body is larger than {self.max_body} bytes")
                return
        seen = 0
        started = False

        async def counted_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge()
            return message

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [h for h in HEADERS if h[0] not in names]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except _BodyTooLarge:
            if not started:
                await self._error(send, 413, "request_too_large",
                                  f"the request body is larger than {self.max_body} bytes")

    async def _error(self, send, status: int, code: str, message: str) -> None:
        body = json.dumps({"error": {"code": code, "message": message}}).encode()
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(body)).encode()),
                   (b"content-security-policy", CSP.encode()), *HEADERS]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
