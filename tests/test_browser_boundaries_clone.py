"""A fresh clone, with no ../shared beside it, draws region polygons on /map.

The repository's HEAD is cloned into an empty temporary folder; only the vendored front-end files
(not in git, made by `python -m dashboard.vendor` at set-up) are copied in. The clone runs the
demo and the real `etl run` on a new SQLite warehouse without BOUNDARIES_PATH, then serves the
site with gunicorn; headless Chromium opens /map and counts the region polygons and reads the
credit. This is what a user's machine sees, as opposed to CI's, where ../shared exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import ARTIFACTS, ROOT, gunicorn
from tests.test_browser_pages import browser, chromium  # noqa: F401 - the shared fixtures

pytestmark = pytest.mark.browser


COUNT_POLYGONS = """() => {
    const m = window.portalMap;
    let polygons = 0;
    m.regions.eachLayer(layer => { if (layer.getLatLngs) polygons += 1; });
    return {mode: m.mode, polygons: polygons,
            paths: document.querySelectorAll('.leaflet-overlay-pane path').length,
            credit: document.querySelector('.leaflet-control-attribution').innerText,
            licence: [...document.querySelectorAll('.leaflet-control-attribution a')]
                     .map(a => a.href)};
}"""


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> None:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def clone_server(
    chromium: Path,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    base = tmp_path_factory.mktemp("fresh_machine")
    clone = base / "portal"
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", head], check=True)
    assert not (clone.parent / "shared").exists()  # nothing to fall back on
    shutil.copytree(ROOT / "assets" / "vendor", clone / "assets" / "vendor")

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("BOUNDARIES_PATH", "PYTHONPATH", "DATABASE_URL")
    }
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{base / 'warehouse.sqlite'}",
            "MAP_TILES": "none",
            "RATELIMIT_ENABLED": "false",
            "CACHE_REDIS_URL": "",
            "QUARANTINE_DIR": str(base / "quarantine"),
            "EXPORT_DIR": str(base / "exports"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    _run(
        [
            sys.executable,
            "-m",
            "etl",
            "demo",
            "--out",
            str(base / "landing"),
            "--days",
            "2",
            "--scale",
            "small",
            "--end",
            "2026-10-31",
        ],
        clone,
        env,
        300,
    )
    _run([sys.executable, "-m", "etl", "run", "--landing", str(base / "landing")], clone, env, 300)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with gunicorn(clone, env, ARTIFACTS / "gunicorn-clone.log", 1, "app:server", "/healthz") as url:
        yield url


def test_fresh_clone_draws_region_polygons(clone_server: str, browser: Any) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((clone_server, "data:", "about:", "blob:"))
            else foreign.append(r.url)
        ),
    )
    page.goto(f"{clone_server}/map?lang=kk")
    page.wait_for_function(
        "() => { const f = document.getElementById('map-frame');"
        " return f && f.contentWindow && f.contentWindow.portalMap; }",
        timeout=60_000,
    )
    frame = page.frame_locator("#map-frame")
    counts = frame.locator("body").evaluate(COUNT_POLYGONS.replace("() =>", "(_) =>"))
    page.screenshot(path=str(ARTIFACTS / "clone-map-kk.png"))
    context.close()
    assert counts["mode"] == "polygons"
    assert counts["polygons"] == 20 and counts["paths"] >= 20
    assert "geokz" in counts["credit"] and "CC BY 4.0" in counts["credit"]
    assert any("creativecommons.org/licenses/by/4.0" in href for href in counts["licence"])
    assert foreign == []
