"""Security headers on every response of the server (API, dashboard, static files).

A response that already carries a header keeps it: the API sets a stricter
Content-Security-Policy on its own responses, the dashboard may set its own.
The default policy below is written for Dash pages (inline bootstrap script,
plotly's use of eval, folium maps in srcdoc iframes, map tiles over https).
"""

from __future__ import annotations

from flask import Flask, Response, request

DEFAULT_CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self' blob: data:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
))

SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)",
}


# Pages other sites may show in an <iframe> (dashboard/embed.py): no X-Frame-Options, and
# `frame-ancestors *` in their policy. Every other response may only be framed by the portal.
FRAMEABLE_PREFIXES = ("/embed/",)


def frameable(path: str) -> bool:
    return path.startswith(FRAMEABLE_PREFIXES)


def init_security_headers(server: Flask) -> None:
    server.config.setdefault("WEB_CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    @server.after_request
    def _security_headers(response: Response) -> Response:
        present = {name.lower() for name, _ in response.headers.items()}
        defaults = [*SECURITY_HEADERS.items(),
                    ("Content-Security-Policy", server.config["WEB_CONTENT_SECURITY_POLICY"])]
        if frameable(request.path):
            defaults = [(name, value.replace("frame-ancestors 'self'", "frame-ancestors *"))
                        for name, value in defaults if name != "X-Frame-Options"]
        for name, value in defaults:
            if name.lower() not in present:
                response.headers.add(name, value)
        if request.is_secure and "strict-transport-security" not in present:
            response.headers.add("Strict-Transport-Security",
                                 "max-age=31536000; includeSubDomains")
        return response
