"""dashboard.vendor: idempotent, offline-safe when files are present, clear without npm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import vendor, vendor_links, vendor_sources

ALL_ASSETS = vendor.assets()


def _only(source: str) -> list[vendor.Asset]:
    return [a for a in ALL_ASSETS if a.source == source]


def test_xstatic_files_are_copied_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vendor, "assets", lambda: _only("xstatic"))
    lines: list[str] = []
    vendor.vendor(tmp_path, log=lines.append)
    assert (tmp_path / "leaflet" / "leaflet.js").stat().st_size > 100_000
    assert (tmp_path / "leaflet" / "images" / "marker-icon.png").exists()
    assert (tmp_path / "leaflet.markercluster" / "leaflet.markercluster.js").exists()
    assert (tmp_path / "jquery" / "jquery.min.js").exists()
    assert all(line.startswith("fetched") for line in lines)
    stamp = (tmp_path / "leaflet" / "leaflet.js").stat().st_mtime_ns

    lines.clear()
    vendor.vendor(tmp_path, log=lines.append)
    assert all(line.startswith("ok") for line in lines)
    assert (tmp_path / "leaflet" / "leaflet.js").stat().st_mtime_ns == stamp
    assert vendor.missing(tmp_path) == []


def test_a_changed_file_is_fetched_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vendor, "assets", lambda: _only("xstatic"))
    vendor.vendor(tmp_path, log=lambda _: None)
    (tmp_path / "jquery" / "jquery.min.js").write_text("tampered")
    assert vendor.missing(tmp_path) == ["jquery"]
    vendor.vendor(tmp_path, log=lambda _: None)
    assert vendor.missing(tmp_path) == []


def _fake_npm_install(asset: vendor.Asset, vendor_dir: Path) -> None:
    """Put an npm asset in place as a previous install would have (no network)."""
    hashes = {}
    for _, dest in asset.files:
        target = vendor_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"/* {dest} */")
        hashes[dest] = vendor_sources.file_sha256(target)
    manifest = vendor.read_manifest(vendor_dir)
    manifest[asset.name] = {"spec": asset.spec, "version": "x", "files": hashes}
    (vendor_dir / vendor.MANIFEST).write_text(json.dumps(manifest))


def test_present_npm_files_need_no_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vendor, "PINS_PATH", tmp_path / "no-pins.json")  # fake files, no pins
    for asset in _only("npm"):
        _fake_npm_install(asset, tmp_path)

    def offline(*_: object) -> None:
        raise AssertionError("npm must not be called when the files are in place")

    monkeypatch.setattr(vendor, "npm_pack", offline)
    monkeypatch.setattr(vendor_sources.shutil, "which", lambda _: None)
    monkeypatch.setattr(vendor, "assets", lambda: _only("npm"))
    vendor.vendor(tmp_path, log=lambda _: None)


def test_missing_npm_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(vendor_sources.shutil, "which", lambda _: None)
    monkeypatch.setattr(vendor, "assets", lambda: _only("npm")[:1])
    with pytest.raises(vendor.VendorError, match="npm was not found"):
        vendor.vendor(tmp_path, log=lambda _: None)
    assert vendor.main(["--dir", str(tmp_path)]) == 2
    assert "npm was not found" in capsys.readouterr().err
    assert vendor.main(["--dir", str(tmp_path), "--check"]) == 1


def test_plotly_bundle_follows_the_installed_plotly() -> None:
    from plotly.offline import get_plotlyjs_version

    spec = next(a.spec for a in vendor.assets() if a.name == "plotly.js")
    assert spec == f"plotly.js-{vendor.PLOTLY_FLAVOUR}-dist-min@{get_plotlyjs_version()}"
    manifest = vendor.read_manifest()
    if "plotly.js" in manifest:  # an installed checkout: the bundle on disk matches too
        assert manifest["plotly.js"]["version"] == get_plotlyjs_version()


def test_pages_link_only_local_files() -> None:
    for url in (
        vendor_links.page_stylesheets() + vendor_links.page_scripts() + [vendor_links.PLOTLY_JS]
    ):
        assert url.startswith(vendor_links.URL_PREFIX + "/")
        relative = url.removeprefix(vendor_links.URL_PREFIX + "/").split("?v=")[0]
        assert any(dest == relative for a in vendor.assets() for _, dest in a.files)


# ------------------------------------------------------------------ SHA-256 pins
def test_every_vendored_file_is_pinned() -> None:
    pins = vendor.read_pins()
    for asset in ALL_ASSETS:
        pinned = pins[asset.name]["files"]
        assert {dest for _, dest in asset.files} == set(pinned), asset.name
        assert all(len(digest) == 64 for digest in pinned.values())


def test_a_file_that_differs_from_its_pin_is_refused_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pins = vendor.read_pins()
    pins["jquery"]["files"]["jquery/jquery.min.js"] = "0" * 64  # upstream "changed"
    pins_path = tmp_path / "pins.json"
    pins_path.write_text(json.dumps(pins))
    monkeypatch.setattr(vendor, "PINS_PATH", pins_path)
    monkeypatch.setattr(vendor, "assets", lambda: _only("xstatic"))
    target = tmp_path / "vendor"
    with pytest.raises(vendor.VendorError, match="does not match dashboard/vendor_pins"):
        vendor.vendor(target, log=lambda _: None)
    assert not (target / "jquery" / "jquery.min.js").exists()  # nothing installed
    assert vendor.main(["--dir", str(target)]) == 2
    assert "sha256" in capsys.readouterr().err
    assert "jquery" in vendor.missing(target)


def test_pinned_files_pass_and_pages_link_them_fingerprinted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vendor, "assets", lambda: _only("xstatic"))
    vendor.vendor(tmp_path, log=lambda _: None)  # the real pins: xstatic files match
    assert vendor.missing(tmp_path) == []
    (tmp_path / "leaflet" / "leaflet.js").write_text("tampered")
    assert vendor.missing(tmp_path) == ["leaflet"]
    if vendor.read_manifest():  # an installed checkout: page URLs carry the file's hash
        assert all(
            "?v=" in url for url in vendor_links.page_scripts() + vendor_links.page_stylesheets()
        )
