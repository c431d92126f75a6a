"""Application factory: wires the warehouse, the open-data API and the dashboard.

`gunicorn app:server` serves the product; `python app.py` runs it locally on port 8050.
Nothing here computes anything: each part registers itself on the Flask server.
"""

from __future__ import annotations

import os

from flask import Flask

from data.db import make_engine
from data.settings import Config


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    server = Flask(__name__, static_folder=None)
    server.config["PORTAL"] = config
    server.extensions["warehouse"] = make_engine(config.database_url)

    from webcore import init_web

    init_web(server, config)  # cache, compression, security headers

    from api import init_api

    init_api(server, config)

    from dashboard import init_dashboard

    init_dashboard(server, config)

    from webcore.headers import init_script_hashes

    init_script_hashes(server)  # last: it must see the pages before compression
    return server


def __getattr__(name: str) -> Flask:
    # `gunicorn app:server` builds the app on first access, not at import time, so importing
    # this module (tests, tools) stays cheap and side-effect free.
    if name == "server":
        global server
        server = create_app()
        return server
    raise AttributeError(name)


if __name__ == "__main__":
    create_app().run(
        host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050"))
    )
