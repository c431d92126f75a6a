"""gunicorn settings of the portal (`gunicorn -c deploy/gunicorn.conf.py`).

Two instances run from this one file (see deploy/systemd): `portal-web` serves pages, the API
and /healthz; `portal-downloads` serves whole-table files (rows.csv/.xlsx/..., the bulk zip),
which nginx routes to it, so that a journalist's 20-second XLSX never holds a worker a page
needs. Both use threaded workers (gthread): a request waiting on PostgreSQL or on a slow client
holds one thread, not a whole process.

Environment (all optional): PORTAL_BIND (127.0.0.1:8050), PORTAL_WORKERS (2), PORTAL_THREADS (4),
PORTAL_TIMEOUT (seconds, 120), PORTAL_ACCESS_LOG ("-": stdout, the journal).
"""

import os

wsgi_app = "app:server"
bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("PORTAL_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("PORTAL_THREADS", "4"))
timeout = int(os.environ.get("PORTAL_TIMEOUT", "120"))
graceful_timeout = 120  # on reload/stop, downloads in flight get this long
keepalive = 5
# Workers are replaced now and then so that a slow leak (pandas, fragmentation) stays bounded.
max_requests = 5000
max_requests_jitter = 500
# Request size limits below nginx's: an oversize request line gets gunicorn's 414 at worst.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = os.environ.get("PORTAL_ACCESS_LOG", "-")
errorlog = "-"
# No personal data is ever in a URL; the client address is the proxy's unless TRUSTED_PROXIES.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def post_worker_init(worker):  # noqa: ARG001 - gunicorn's hook signature
    """The app's own log lines (circuit breaker state changes, warehouse unreachable) go to
    stderr, i.e. the journal, at INFO; without a handler Python drops everything below WARNING.
    gunicorn's access and error logs keep their own settings above."""
    import logging
    import sys

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
