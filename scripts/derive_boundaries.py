"""Derive the project's own web-sized region boundaries from the geokz file (CC BY 4.0).

    python scripts/derive_boundaries.py [SOURCE] [--out data/geo/kz_regions_web.geojson]

SOURCE is the full geokz file kz_adm1_2024.geojson, a maintainer-only input (geokz v1.0.2 by A. Rodionov, based on
OCHA COD-AB; ~26 000 vertices, ~1 MB). The output keeps the 20 units, their ISO 3166-2 code
and names, and is small enough for a phone (<= 300 KB):

- Cleaned into an exact coverage (shapely.coverage_clean: the source's city borders and the
  holes left for them in the surrounding region differ by a few metres), then
- simplified as a *coverage* (shapely.coverage_simplify, GEOS): every border shared by two
  regions is simplified once, the same way for both, so neighbours still meet exactly — no
  gaps or overlaps appear between regions, which ring-by-ring Douglas-Peucker would create.
- Coordinates rounded to DECIMALS places (~10 m): shared vertices round to the same value, so
  the shared borders stay identical after rounding too.
- Checked before writing: every polygon valid, the 20 codes present, the total area within
  0.5 % of the source's, and pairwise overlaps negligible.

Re-running it on the same source gives the same bytes (sorted features, fixed precision).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "geo" / "kz_adm1_2024.geojson"
OUT = ROOT / "data" / "geo" / "kz_regions_web.geojson"
TOLERANCE_DEG = 0.01  # ~1 km: below a pixel at the national zoom, shapes still recognisable
DECIMALS = 4
MAX_BYTES = 300_000
ATTRIBUTION = "Boundaries: geokz (A. Rodionov), CC BY 4.0, based on OCHA COD-AB"
KEEP = {
    "ISO3166_2_2023": "iso_code",
    "KATO": "kato",
    "ADM1_KK": "name_kk",
    "ADM1_RU": "name_ru",
    "ADM1_EN": "name_en",
}


def _round(coords: Any) -> Any:
    if isinstance(coords[0], (int, float)):
        return [round(float(coords[0]), DECIMALS), round(float(coords[1]), DECIMALS)]
    return [_round(c) for c in coords]


def derive(source: dict[str, Any], tolerance: float = TOLERANCE_DEG) -> dict[str, Any]:
    features = sorted(source["features"], key=lambda f: f["properties"]["ISO3166_2_2023"])
    geometries = [shape(f["geometry"]) for f in features]
    # The source's city borders do not match their region's holes vertex for vertex: make it
    # an exact coverage first, or each side would be simplified differently and overlap.
    cleaned = shapely.coverage_clean(geometries)  # an array of polygons is one coverage
    simplified = shapely.coverage_simplify(cleaned, tolerance)
    # Snap to the output grid with GEOS (not by rounding the numbers alone): a ring that
    # collapses on the grid — a tiny exclave and the hole it leaves in its neighbour — is
    # dropped from both sides alike, and what remains is valid.
    simplified = shapely.set_precision(simplified, 10.0**-DECIMALS)
    out = []
    for feature, geometry in zip(features, simplified, strict=True):
        shaped = mapping(geometry)
        rounded = {"type": shaped["type"], "coordinates": _round(shaped["coordinates"])}
        properties = {new: feature["properties"][old] for old, new in KEEP.items()}
        properties["ISO3166_2_2023"] = properties["iso_code"]  # what etl.boundaries reads
        out.append({"type": "Feature", "properties": properties, "geometry": rounded})
    return {
        "type": "FeatureCollection",
        "name": "kz_regions_web",
        "attribution": ATTRIBUTION,
        "license": "CC-BY-4.0",
        "derived_from": "geokz kz_adm1_2024.geojson (v1.0.2); scripts/derive_boundaries.py "
        f"(shapely.coverage_simplify, tolerance {tolerance} deg, "
        f"{DECIMALS} decimals)",
        "features": out,
    }


def check(source: dict[str, Any], derived: dict[str, Any]) -> list[str]:
    """Problems that must stop the derivation (empty list: fine)."""
    problems = []
    shapes = [shape(f["geometry"]) for f in derived["features"]]
    codes = sorted(f["properties"]["iso_code"] for f in derived["features"])
    if len(set(codes)) != 20:
        problems.append(f"{len(set(codes))} units instead of 20")
    problems += [
        f"{c}: invalid polygon ({shapely.is_valid_reason(s)})"
        for c, s in zip(codes, shapes, strict=True)
        if not s.is_valid
    ]
    before = sum(shape(f["geometry"]).area for f in source["features"])
    after = sum(s.area for s in shapes)
    if abs(after - before) / before > 0.005:
        problems.append(f"total area changed by {100 * (after - before) / before:.2f} %")
    overlap = sum(
        a.intersection(b).area
        for i, a in enumerate(shapes)
        for b in shapes[i + 1 :]
        if a.intersects(b)
    )
    if overlap > 1e-6 * after:
        problems.append(f"regions overlap by {overlap:.6f} square degrees")
    return problems


def count_vertices(document: dict[str, Any]) -> int:
    return sum(int(shapely.get_num_coordinates(shape(f["geometry"]))) for f in document["features"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", default=str(SOURCE))
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--tolerance", type=float, default=TOLERANCE_DEG)
    args = parser.parse_args(argv)
    source = json.loads(Path(args.source).read_text(encoding="utf-8"))
    derived = derive(source, args.tolerance)
    problems = check(source, derived)
    text = json.dumps(derived, ensure_ascii=False, separators=(",", ":")) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        problems.append(f"{size} bytes, more than {MAX_BYTES}")
    if problems:
        print("not written: " + "; ".join(problems), file=sys.stderr)
        return 1
    Path(args.out).write_text(text, encoding="utf-8")
    print(
        f"{args.out}: {len(derived['features'])} units, {count_vertices(source)} -> "
        f"{count_vertices(derived)} vertices, {size} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
