"""A fresh worker answers its first requests fully set up, however many arrive at once.

Dash sets itself up in a before_request hook that marks itself done before it lists the
component scripts. Under gunicorn's threaded workers a request arriving meanwhile was served
half set up: dash_bootstrap_components' bundle answered 404 and the page never came alive
(the cold-start browser-test failures of CI runs 4 and 6).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from data.settings import Config

SUITE = re.compile(r'"(/_dash-component-suites/[^"]+)"')


def _page_scripts(client) -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get("/regions/KZ-59?lang=kk")
    assert page.status_code == 200
    urls = sorted(set(SUITE.findall(page.get_data(as_text=True))))
    assert any("dash_bootstrap_components" in u for u in urls), urls
    return urls


def test_a_new_app_is_set_up_before_its_first_request(warehouse_config: Config) -> None:
    from app import create_app

    dash_app = create_app(warehouse_config).extensions["dash"]
    assert dash_app._got_first_request["setup_server"]  # noqa: SLF001
    assert dash_app.registered_paths["dash_bootstrap_components"]
    assert dash_app.callback_map


def test_concurrent_first_requests_all_get_their_scripts(client, warehouse_config: Config) -> None:  # type: ignore[no-untyped-def]
    from app import create_app

    urls = _page_scripts(client)  # named by "worker A"
    fresh = create_app(warehouse_config)  # "worker B": not one request served yet
    requests = urls * 4 + ["/_dash-dependencies", "/_dash-layout"] * 4

    def status(url: str) -> int:
        return fresh.test_client().get(url).status_code

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        statuses = dict(zip(requests, pool.map(status, requests)))
    assert statuses == dict.fromkeys(requests, 200)


def test_a_worker_starts_and_serves_its_scripts_with_the_warehouse_down(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app import create_app
    from tests.conftest import make_config
    from tests.test_faults import DEAD_PG

    server = create_app(make_config(DEAD_PG, tmp_path))
    dash_app = server.extensions["dash"]
    assert dash_app.registered_paths["dash_bootstrap_components"]
    assert dash_app.callback_map
