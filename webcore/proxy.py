"""Running behind a reverse proxy: who the client is, and what the site's address is.

TRUSTED_PROXIES=n wraps the app in werkzeug's ProxyFix with n trusted hops: the client address
(rate limit, logs) and the scheme come from the last n entries of X-Forwarded-For and
X-Forwarded-Proto, set by our own proxies; anything a client put further left is ignored.
With 0 (the default) the headers are ignored entirely, so a client cannot forge them when the
app is reached directly.

PUBLIC_URL=https://host fixes the host and scheme every absolute link is built from (API
`links`, the API index, datapackage.json paths, og:url/twitter:url): the request's Host header
is replaced before Flask sees it, so `Host: evil.example` never shows up in a response. Only an
address at the root of a host is supported (the dashboard is mounted at `/`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from data.settings import Config

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class PublicURL:
    """WSGI middleware: the request's host and scheme are those of the configured address."""

    def __init__(self, app: WSGIApp, public_url: str) -> None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"PUBLIC_URL must be http(s)://host[:port], not {public_url!r}")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValueError(f"PUBLIC_URL must be the root of a host, not {public_url!r}")
        self.app = app
        self.scheme = parts.scheme
        self.host = parts.netloc.rsplit("@", 1)[-1]
        default_port = 443 if parts.scheme == "https" else 80
        self.server_name = parts.hostname
        self.server_port = str(parts.port or default_port)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        environ["HTTP_HOST"] = self.host
        environ["SERVER_NAME"] = self.server_name
        environ["SERVER_PORT"] = self.server_port
        environ["wsgi.url_scheme"] = self.scheme
        return self.app(environ, start_response)


def init_proxy(server: Flask, config: Config) -> None:
    if config.trusted_proxies < 0:
        raise ValueError("TRUSTED_PROXIES must be 0 or more")
    if config.public_url:
        # inside ProxyFix: runs after it, so a forwarded scheme cannot override this one
        server.wsgi_app = PublicURL(server.wsgi_app, config.public_url)  # type: ignore[method-assign]
    if config.trusted_proxies:
        hops = config.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
