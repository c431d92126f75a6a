"""Gunicorn settings of the portal. Gunicorn reads this file from the working directory
(the repository) by itself; options on the command line (`-w`, `-b`, `--timeout`) win.

Why gthread: with the default sync worker a request owns the whole process, and the arbiter
kills a worker that has not checked in for `timeout` seconds, even when it is busy sending a
large export to a slow client (a 52 MB CSV at 1 MB/s was cut at the 30 s timeout, an XLSX of
300 k rows answered 500). In a gthread worker the main thread keeps checking in while request
threads stream, so a download runs to its end however long it takes; `timeout` only catches
a worker whose main loop is really stuck. Each slow download holds one thread (and one
warehouse connection), so `threads` x workers bounds the downloads in flight; a reverse proxy
that buffers responses (nginx does by default, up to proxy_max_temp_file_size) frees the
thread early. See README, "Running in production".
"""

worker_class = "gthread"
threads = 8            # per worker: concurrent requests, slow downloads included
timeout = 60           # heartbeat of the worker's main loop, not a limit on a request
graceful_timeout = 120  # on reload/stop, downloads in flight get this long to finish
keepalive = 5
