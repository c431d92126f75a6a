"""Where vendored files come from: an npm package (`npm pack` into a temporary folder) or an
xstatic PyPI package (files inside the installed module). Used by dashboard.vendor at install
time; it decides what to fetch and checks the pins, this module only gets and copies files."""

from __future__ import annotations

import hashlib
import importlib
import json
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from dashboard.vendor_links import VENDOR_DIR


class VendorError(RuntimeError):
    """A vendored file cannot be put in place; the message says what to do."""


@dataclass(frozen=True)
class Asset:
    """One upstream package and the files taken from it.

    `source` is "npm" (spec like `bootstrap@5`) or "xstatic" (an importable module with a
    BASE_DIR). `files` maps a path inside the package to a path under assets/vendor/.
    """

    name: str
    source: str
    spec: str
    files: tuple[tuple[str, str], ...]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def npm_executable() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError(
            "npm was not found on PATH. It is needed once, at install time, to fetch "
            "Bootstrap, axe-core and the partial plotly.js bundle (`npm pack`). Install Node.js "
            "(e.g. `apt-get install npm`) and run `python -m dashboard.vendor` again, or copy an "
            f"existing {VENDOR_DIR} (with its manifest.json) from another installation."
        )
    return npm


def npm_pack(spec: str, workdir: Path) -> tuple[Path, str]:
    """`npm pack SPEC` into workdir; returns the extracted package root and its version."""
    npm = npm_executable()
    proc = subprocess.run(
        [npm, "pack", spec, "--json", "--pack-destination", str(workdir)],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        raise VendorError(
            f"`npm pack {spec}` failed (exit {proc.returncode}): {proc.stderr.strip()[-800:]}"
        )
    info = json.loads(proc.stdout)[0]
    extract_to = workdir / info["name"].replace("/", "_")
    extract_to.mkdir()
    with tarfile.open(workdir / info["filename"]) as tar:
        tar.extractall(extract_to, filter="data")
    return extract_to, str(info["version"])


def xstatic_root(module: str) -> tuple[Path, str]:
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise VendorError(f"{module} is not installed: pip install -r requirements.txt") from exc
    return Path(mod.BASE_DIR), str(mod.VERSION)


def source_hashes(asset: Asset, root: Path) -> dict[str, str]:
    hashes = {}
    for src, dest in asset.files:
        source = root / src
        if not source.is_file():
            raise VendorError(f"{asset.spec} has no {src}: the package layout changed")
        hashes[dest] = file_sha256(source)
    return hashes


def copy_files(asset: Asset, root: Path, vendor_dir: Path) -> dict[str, str]:
    hashes = {}
    for src, dest in asset.files:
        source = root / src
        target = vendor_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".part")
        shutil.copyfile(source, tmp)
        tmp.replace(target)  # atomic: a half-copied file is never served
        hashes[dest] = file_sha256(target)
    return hashes
