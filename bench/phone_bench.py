"""Benchmark: the public pages on a slow phone (issue 10 goals: LCP <= 2.5 s, CLS <= 0.1, first
load <= 600 KB compressed without charts, <= 900 KB with them).

    python -m bench.phone_bench [--runs 5] [--base URL | --port N] [--lang kk] [--rebuild]

Not a test. Headless Chromium through Playwright, 375 x 812 mobile viewport, Chrome DevTools
protocol throttling: 4x CPU slowdown and "Fast 3G" (562.5 ms latency, 180,000 B/s down, 84,375 B/s
up), browser cache disabled, a fresh context per load (cold). Without --base it builds (once) the
dashboard benchmark's demo warehouse and serves it with gunicorn on 127.0.0.1 (MAP_TILES=none).

How each load is measured (Playwright + CDP throttling, as below): Dash renders the page
with JavaScript after a first idle moment, so waiting for "networkidle" alone would read the LCP
of the "loading" placeholder. We go to the URL, wait for a visible <h1>, then for the network to
go idle, then 1.5 s more, and read (the page is also waited for until Dash has drawn it and,
where the server sent a first view, taken over from it: "live page", seconds after navigation):
- LCP: the last `largest-contentful-paint` entry (buffered PerformanceObserver);
- CLS: the largest session window of `layout-shift` entries without recent input (the
  Core Web Vitals definition: shifts less than 1 s apart, a window at most 5 s long);
- bytes: the sum of `encodedDataLength` of every response (headers included, compressed as sent;
  the map's srcdoc iframe included), from the CDP `Network.loadingFinished` events;
- whether the charting library (plotly) was requested.
The median of the runs is reported for each page. Prints a Markdown table and writes
bench/out/phone_bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.browser_support import CHROMIUM, LAUNCH_ARGS, free_port, wait_until_up  # same set-up

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PAGES = {"/": False, "/map": False, "/regions/KZ-59": True}  # path -> shows charts
FAST_3G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 180_000,
    "uploadThroughput": 84_375,
}
CPU_SLOWDOWN = 4
GOAL_LCP_S = 2.5
GOAL_CLS = 0.1
GOAL_BYTES = {False: 600_000, True: 900_000}

# The Dash page is drawn (and, with a server-rendered first view, has replaced it).
LIVE = """() => {
  const content = document.querySelector('#react-entry-point #_pages_content');
  return !document.getElementById('prerender') && !!content && content.children.length > 0;
}"""

# Installed before any page script: collects LCP and layout-shift entries from the start.
OBSERVERS = """
window.__vitals = {lcp: [], shifts: []};
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__vitals.lcp.push(
    {t: e.renderTime || e.loadTime || e.startTime, size: e.size,
     el: e.element ? (e.element.tagName + '#' + e.element.id + '.' + e.element.className) : ''});
}).observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__vitals.shifts.push(
    {t: e.startTime, v: e.value,
     src: (e.sources || []).map(s => s.node ? (s.node.nodeName + '#' + (s.node.id || '') + '.'
       + (s.node.className && s.node.className.baseVal === undefined ? s.node.className : ''))
       : '').slice(0, 3)});
}).observe({type: 'layout-shift', buffered: true});
"""


def session_cls(shifts: list[dict[str, Any]]) -> float:
    """Largest session window: shifts < 1 s apart, the window no longer than 5 s."""
    best = current = 0.0
    start = previous = None
    for shift in sorted(shifts, key=lambda s: s["t"]):
        t = shift["t"]
        if previous is None or t - previous >= 1000 or t - start >= 5000:
            start, current = t, 0.0
        current += shift["v"]
        previous = t
        best = max(best, current)
    return best


# ------------------------------------------------------------------ server
def start_server(port: int, rebuild: bool) -> tuple[subprocess.Popen[bytes], str]:
    from bench.dashboard_bench import WORK, build_warehouse

    db = build_warehouse(120, rebuild)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "MAP_TILES": "none",
        "RATELIMIT_ENABLED": "false",
        "CACHE_REDIS_URL": "",
        "EXPORT_DIR": str(WORK / "exports"),
        "QUARANTINE_DIR": str(WORK / "quarantine"),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--bind",
            f"127.0.0.1:{port}",
            "app:server",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/healthz", proc, None, timeout=90)
    return proc, base


# ------------------------------------------------------------------ one cold load
def cold_load(browser: Any, url: str) -> dict[str, Any]:
    context = browser.new_context(
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    context.add_init_script(OBSERVERS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    received: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: received.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    # An <iframe srcdoc> "loads" its document too, with no request: those bytes already came in
    # the response that carried the srcdoc, so only requests with an http(s) URL are counted.
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    try:
        started = time.monotonic()
        page.goto(url, wait_until="commit", timeout=120_000)
        page.wait_for_selector("h1", state="visible", timeout=120_000)
        # The live (Dash) page has taken over from the server-rendered first view, and has
        # drawn the page's content: only then is the "first load" complete.
        page.wait_for_function(LIVE, timeout=120_000)
        live = page.evaluate("performance.now()") / 1000
        page.wait_for_load_state("networkidle", timeout=120_000)
        page.wait_for_timeout(1500)
        wall = time.monotonic() - started
        vitals = page.evaluate("window.__vitals")
    finally:
        context.close()
    lcp = vitals["lcp"][-1] if vitals["lcp"] else {"t": float("nan"), "el": ""}
    requested = list(urls.values())
    return {
        "lcp_s": lcp["t"] / 1000,
        "lcp_element": lcp["el"],
        "live_s": live,
        "cls": session_cls(vitals["shifts"]),
        "shifts": [s for s in vitals["shifts"] if s["v"] >= 0.005],
        "bytes": sum(
            n
            for rid, n in received.items()
            if urls.get(rid, "").startswith(("http://", "https://"))
        ),
        "requests": len(requested),
        "plotly": any("plotly" in u for u in requested),
        "wall_s": wall,
    }


def measure(base: str, lang: str, runs: int) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            for path, charts in PAGES.items():
                url = f"{base}{path}?lang={lang}"
                urllib.request.urlopen(url, timeout=60).read()  # noqa: S310 - warm the server cache
                loads = [cold_load(browser, url) for _ in range(runs)]
                med = {
                    key: statistics.median(load[key] for load in loads)
                    for key in ("lcp_s", "live_s", "cls", "bytes", "requests", "wall_s")
                }
                rows.append(
                    {
                        "page": path,
                        "charts": charts,
                        **med,
                        "plotly": any(load["plotly"] for load in loads),
                        "loads": loads,
                    }
                )
        finally:
            browser.close()
    return rows


def verdict(row: dict[str, Any]) -> str:
    missed = []
    if not row["lcp_s"] <= GOAL_LCP_S:
        missed.append("LCP")
    if not row["cls"] <= GOAL_CLS:
        missed.append("CLS")
    if not row["bytes"] <= GOAL_BYTES[row["charts"]]:
        missed.append("bytes")
    return "met" if not missed else "MISSED " + ", ".join(missed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold loads per page (median)")
    parser.add_argument("--base", help="measure a running server instead of starting one")
    parser.add_argument("--port", type=int, default=0, help="port of the server we start")
    parser.add_argument("--lang", default="kk", choices=("kk", "ru", "en"))
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo warehouse")
    args = parser.parse_args(argv)
    proc = None
    base = args.base
    if base is None:
        proc, base = start_server(args.port or free_port(), args.rebuild)
    try:
        rows = measure(base.rstrip("/"), args.lang, args.runs)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
    print(
        f"375 px, {CPU_SLOWDOWN}x CPU, Fast 3G, cache off; median of {args.runs} cold loads; "
        f"lang={args.lang}\n"
    )
    print("| page | LCP (s) | live page (s) | CLS | first load (KB) | requests | plotly | goal |")
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for row in rows:
        print(
            f"| `{row['page']}` | {row['lcp_s']:.2f} | {row['live_s']:.1f} | {row['cls']:.3f} | "
            f"{row['bytes'] / 1000:.0f} | {row['requests']:.0f} | "
            f"{'yes' if row['plotly'] else 'no'} | {verdict(row)} |"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "phone_bench.json").write_text(
        json.dumps({"runs": args.runs, "lang": args.lang, "pages": rows}, indent=2, default=str)
    )
    return 0 if all(verdict(r) == "met" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
