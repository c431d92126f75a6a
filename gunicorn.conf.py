"""Gunicorn reads this file from the working directory (the repository) by itself, so
`gunicorn app:server` anywhere in the checkout runs with the production settings of
deploy/gunicorn.conf.py (gthread workers: a download streams to a slow client to its end; see
that file and README, "Running in production"). Options on the command line win.
"""

import runpy
from pathlib import Path

_settings = runpy.run_path(str(Path(__file__).resolve().parent / "deploy" / "gunicorn.conf.py"))
globals().update({name: value for name, value in _settings.items() if not name.startswith("_")})
