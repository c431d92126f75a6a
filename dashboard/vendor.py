"""Put every third-party static file the pages need under `assets/vendor/`, at install time.

`python -m dashboard.vendor` (run by scripts/setup.sh) fetches npm packages with `npm pack` into a
temporary folder and copies files out of the xstatic PyPI packages, so that no page ever asks a
CDN for anything. It is idempotent and offline-safe: a file already present with the requested
version (recorded in `assets/vendor/manifest.json`) is left alone and npm is not called at all.

The URLs pages link them by live in dashboard.vendor_links; where the files come from (npm,
xstatic) in dashboard.vendor_sources. This module decides what is vendored and checks the pins.

Supply chain: every file is pinned by SHA-256 in dashboard/vendor_pins.json (in git), with the
upstream version it came from. npm packages are fetched at the pinned version, and a file whose
hash differs from its pin is never put in place: set-up fails loudly (exit 2) instead. After a
deliberate upgrade (or a new asset), review the files and run
`python -m dashboard.vendor --update-pins`, then commit vendor_pins.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from dashboard.vendor_links import MANIFEST, PLOTLY_FLAVOUR, VENDOR_DIR, Manifest, read_manifest
from dashboard.vendor_sources import (
    Asset,
    VendorError,
    copy_files,
    file_sha256,
    npm_pack,
    source_hashes,
    xstatic_root,
)

PINS_PATH = Path(__file__).resolve().parent / "vendor_pins.json"


def plotly_js_version() -> str:
    """The plotly.js version the installed plotly package writes figures for."""
    from plotly.offline import get_plotlyjs_version

    return str(get_plotlyjs_version())


def _leaflet_images() -> tuple[tuple[str, str], ...]:
    names = (
        "layers.png",
        "layers-2x.png",
        "marker-icon.png",
        "marker-icon-2x.png",
        "marker-shadow.png",
    )
    return tuple((f"images/{n}", f"leaflet/images/{n}") for n in names)


def assets() -> list[Asset]:
    """Everything vendored; the plotly spec follows the installed plotly package."""
    plotly_pkg = f"plotly.js-{PLOTLY_FLAVOUR}-dist-min"
    return [
        Asset(
            "bootstrap",
            "npm",
            "bootstrap@5",
            (
                ("package/dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css"),
                ("package/LICENSE", "bootstrap/LICENSE"),
            ),
        ),
        Asset(
            "plotly.js",
            "npm",
            f"{plotly_pkg}@{plotly_js_version()}",
            (
                (
                    f"package/plotly-{PLOTLY_FLAVOUR}.min.js",
                    f"plotly/plotly-{PLOTLY_FLAVOUR}.min.js",
                ),
                ("package/LICENSE", "plotly/LICENSE"),
            ),
        ),
        Asset(
            "axe-core",
            "npm",
            "axe-core@4",
            (
                ("package/axe.min.js", "axe/axe.min.js"),
                ("package/LICENSE", "axe/LICENSE"),
            ),
        ),
        Asset(
            "leaflet",
            "xstatic",
            "xstatic.pkg.leaflet",
            (
                ("leaflet.js", "leaflet/leaflet.js"),
                ("leaflet.css", "leaflet/leaflet.css"),
                *_leaflet_images(),
            ),
        ),
        Asset(
            "leaflet.markercluster",
            "xstatic",
            "xstatic.pkg.leaflet_markercluster",
            (
                ("leaflet.markercluster.js", "leaflet.markercluster/leaflet.markercluster.js"),
                ("MarkerCluster.css", "leaflet.markercluster/MarkerCluster.css"),
                ("MarkerCluster.Default.css", "leaflet.markercluster/MarkerCluster.Default.css"),
            ),
        ),
        Asset(
            "jquery", "xstatic", "xstatic.pkg.jquery", (("jquery.min.js", "jquery/jquery.min.js"),)
        ),
    ]


# ------------------------------------------------------------------ manifest and pins
def _write_manifest(vendor_dir: Path, manifest: Manifest) -> None:
    path = vendor_dir / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_pins(path: Path | None = None) -> Manifest:
    """asset name -> {"version", "files": {dest: sha256}}: what the project accepts."""
    path = path or PINS_PATH
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write_pins(manifest: Manifest, path: Path | None = None) -> None:
    pins = {
        name: {"version": entry["version"], "files": dict(sorted(entry["files"].items()))}
        for name, entry in sorted(manifest.items())
    }
    (path or PINS_PATH).write_text(
        json.dumps(pins, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def pin_problems(asset: Asset, hashes: dict[str, str], pins: Manifest) -> list[str]:
    """Why these file hashes are not the pinned ones (empty when they are)."""
    pinned = (pins.get(asset.name) or {}).get("files") or {}
    problems = []
    for dest, digest in sorted(hashes.items()):
        if dest not in pinned:
            problems.append(f"{dest} is not pinned")
        elif pinned[dest] != digest:
            problems.append(f"{dest}: sha256 {digest} but pinned {pinned[dest]}")
    return problems


def is_current(
    asset: Asset, vendor_dir: Path, manifest: Manifest, pins: Manifest | None = None
) -> bool:
    """True when every file of `asset` is present, unchanged, from the requested spec, and
    (when the project pins it) the pinned file."""
    entry = manifest.get(asset.name)
    if not entry or entry.get("spec") != asset.spec:
        return False
    hashes = entry.get("files") or {}
    pinned = ((pins or {}).get(asset.name) or {}).get("files") or {}
    for _, dest in asset.files:
        target = vendor_dir / dest
        if not target.is_file() or hashes.get(dest) != file_sha256(target):
            return False
        if pinned and pinned.get(dest) != hashes.get(dest):
            return False
    return True


# ------------------------------------------------------------------ fetch
def _pinned_spec(asset: Asset, pins: Manifest) -> str:
    """`name@<pinned version>` when the spec asks for a range the pin satisfies (`bootstrap@5`
    and pin 5.3.9), so that a new upstream release is not fetched behind the project's back."""
    name, _, wanted = asset.spec.rpartition("@")
    pinned = (pins.get(asset.name) or {}).get("version")
    if name and pinned and (pinned == wanted or pinned.startswith(wanted + ".")):
        return f"{name}@{pinned}"
    return asset.spec


def fetch(
    asset: Asset, vendor_dir: Path, workdir: Path, pins: Manifest | None = None
) -> dict[str, Any]:
    """Copy the asset's files into vendor_dir; returns its manifest entry. With `pins`, files
    whose SHA-256 is not the pinned one are refused before anything is copied."""
    if asset.source == "npm":
        root, version = npm_pack(_pinned_spec(asset, pins or {}), workdir)
    elif asset.source == "xstatic":
        root, version = xstatic_root(asset.spec)
    else:
        raise VendorError(f"unknown source {asset.source!r} for {asset.name}")
    if pins is not None:
        problems = pin_problems(asset, source_hashes(asset, root), pins)
        if problems:
            raise VendorError(
                f"{asset.name} {version} ({asset.spec}) does not match dashboard/vendor_pins.json:"
                f" {'; '.join(problems)}. Nothing was installed. If this upgrade is intended, "
                "review the files and run `python -m dashboard.vendor --update-pins`."
            )
    source_hashes(asset, root)  # a missing file fails before anything is copied
    hashes = copy_files(asset, root, vendor_dir)
    return {"spec": asset.spec, "version": version, "files": hashes}


def vendor(
    vendor_dir: Path = VENDOR_DIR,
    *,
    force: bool = False,
    log: Callable[[str], None] = print,
    update_pins: bool = False,
) -> Manifest:
    """Make assets/vendor complete; fetch only what is missing, stale or changed. Every file
    must match its pin (dashboard/vendor_pins.json) unless `update_pins` rewrites the pins."""
    vendor_dir.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(vendor_dir)
    pins = None if update_pins else read_pins()
    wanted = assets()
    with tempfile.TemporaryDirectory(prefix="portal-vendor-") as tmp:
        for asset in wanted:
            if not force and is_current(asset, vendor_dir, manifest, pins):
                log(f"ok       {asset.name} {manifest[asset.name]['version']}")
                continue
            workdir = Path(tmp) / asset.name.replace("/", "_")
            workdir.mkdir()
            manifest[asset.name] = fetch(asset, vendor_dir, workdir, pins)
            _write_manifest(vendor_dir, manifest)  # keep progress if a later fetch fails
            log(f"fetched  {asset.name} {manifest[asset.name]['version']} ({asset.spec})")
    for stale in set(manifest) - {a.name for a in wanted}:
        del manifest[stale]
    _write_manifest(vendor_dir, manifest)
    if update_pins:
        write_pins(manifest)
        log(f"pinned   {len(manifest)} assets in {PINS_PATH.name}")
    return manifest


def missing(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Names of assets not (or not correctly, or not as pinned) in place; no network."""
    manifest = read_manifest(vendor_dir)
    pins = read_pins()
    return [a.name for a in assets() if not is_current(a, vendor_dir, manifest, pins)]


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.vendor", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--dir", type=Path, default=VENDOR_DIR, help="target folder")
    parser.add_argument("--force", action="store_true", help="fetch everything again")
    parser.add_argument(
        "--check",
        action="store_true",
        help="only report what is missing or differs from its pin (exit 1 if "
        "anything does); no network",
    )
    parser.add_argument(
        "--update-pins",
        action="store_true",
        help="fetch and record the SHA-256 of every file in vendor_pins.json "
        "(after reviewing an upgrade)",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.check:
        absent = missing(args.dir)
        for name in absent:
            print(f"missing  {name}", file=sys.stderr)
        return 1 if absent else 0
    try:
        vendor(args.dir, force=args.force or args.update_pins, update_pins=args.update_pins)
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
