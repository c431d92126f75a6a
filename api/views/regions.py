"""/regions, /regions/{code} and /facilities (GeoJSON; nearest first with `near=`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import Response, request, url_for
from sqlalchemy import select

from api.blueprint import bp
from api.context import meta_block
from api.errors import ApiError, bad_param
from api.formats import Format, feature_collection, geojson_stream, to_json, to_plain
from api.params import (
    PUBLIC_FACILITY_TYPES,
    parse_filters,
    parse_lang,
    parse_near,
    region_code,
    values_of,
)
from api.regionnames import label_rows
from api.responses import (
    Closer,
    cached_json,
    download_response,
    engine,
    envelope,
    streamed_rows,
)
from api.viewkit import Call, publication_view
from data import schema
from data.catalog import DATASETS, INDICATORS
from data.finder import OPEN_STATUSES, haversine_m
from data.indicators import region_summary, regional_table
from data.queries import Filters, iter_rows
from webcore.cache import cached_query

REGION_FIELDS = DATASETS["regions"].field_names


def _region_rows(conn: Any) -> list[dict[str, Any]]:
    return list(iter_rows(conn, DATASETS["regions"], Filters()))


def _describe(region: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": region["iso_code"],
        "kato_prefix": region["kato_prefix"],
        "name": {lang: region[f"name_{lang}"] for lang in ("kk", "ru", "en")},
        "centre": {
            "name": {lang: region[f"centre_{lang}"] for lang in ("kk", "ru", "en")},
            "lat": region["centre_lat"],
            "lon": region["centre_lon"],
        },
        "links": {"self": url_for("api.region", code=region["iso_code"], _external=True)},
    }


def _latest_by_region() -> dict[str, list[dict[str, Any]]]:
    table = cached_query("regional_table", regional_table)
    out: dict[str, list[dict[str, Any]]] = {}
    for record in to_plain(table):
        out.setdefault(record["region"], []).append(
            {
                "indicator": record["indicator"],
                "month": record.get("month"),
                "value": record.get("value"),
                "suppressed": bool(record.get("suppressed") or False),
                "population": record.get("population"),
                "rate_per_100k": record.get("rate_per_100k"),
                "rank": record.get("rank"),
            }
        )
    return out


GEOMETRIES = ("polygon", "centre")
INDICATOR_COLUMNS = ("value", "suppressed", "rate_per_100k", "rank")


def _multipolygon(text: str) -> str:
    """Every region as a MultiPolygon, so that the layer has one geometry type (GDAL reports
    "Multi Polygon", not "Unknown", and converts it to Shapefile or GeoPackage as it is)."""
    geometry = json.loads(text)
    if geometry.get("type") == "Polygon":
        geometry = {"type": "MultiPolygon", "coordinates": [geometry["coordinates"]]}
    return json.dumps(geometry, separators=(",", ":"))


def _boundaries(conn: Any) -> dict[str, Any]:
    """Region polygons loaded by `etl load-boundaries` (GeoJSON text) and their credit."""
    t = schema.region_boundaries
    rows = conn.execute(select(t.c.region, t.c.geometry, t.c.attribution)).all()
    return {
        "geometries": {r.region: _multipolygon(r.geometry) for r in rows},
        "attribution": "; ".join(sorted({r.attribution for r in rows})) or None,
    }


def _geometry_choice(fmt_name: str, loaded: bool) -> str:
    """`geometry=polygon|centre`; by default the polygons when loaded, else the centres."""
    asked = values_of(request.args, "geometry") if "geometry" in request.args else []
    if not asked:
        return "polygon" if loaded else "centre"
    if fmt_name != "geojson":
        raise bad_param("geometry", "geometry applies to the GeoJSON output only (format=geojson)")
    if len(asked) > 1 or asked[0].lower() not in GEOMETRIES:
        raise bad_param("geometry", f"geometry must be one of: {', '.join(GEOMETRIES)}")
    choice = asked[0].lower()
    if choice == "polygon" and not loaded:
        raise ApiError(
            404,
            "no region boundaries are loaded in this portal; use "
            "geometry=centre for the regional centres as points",
            code="boundaries_not_loaded",
            param="geometry",
        )
    return choice


def flat_properties(region: dict[str, Any], indicators: list[dict[str, Any]]) -> dict[str, Any]:
    """Scalar properties only, the same keys for every region, so GDAL, QGIS and pandas
    read them as columns (`<indicator>_rate_per_100k` rather than a nested list)."""
    props: dict[str, Any] = {"code": region["iso_code"], "kato_prefix": region["kato_prefix"]}
    for lang in ("kk", "ru", "en"):
        props[f"name_{lang}"] = region[f"name_{lang}"]
    for lang in ("kk", "ru", "en"):
        props[f"centre_{lang}"] = region[f"centre_{lang}"]
    props["centre_lat"], props["centre_lon"] = region["centre_lat"], region["centre_lon"]
    by_name = {item["indicator"]: item for item in indicators}
    props["population"] = next(
        (i["population"] for i in indicators if i.get("population") is not None), None
    )
    props["month"] = next((i["month"] for i in indicators if i.get("month")), None)
    for name in INDICATORS:
        item = by_name.get(name, {})
        for column in INDICATOR_COLUMNS:
            key = name if column == "value" else f"{name}_{column}"
            props[key] = bool(item.get(column)) if column == "suppressed" else item.get(column)
    return props


def _regions_query(fmt: Format, _: Any) -> tuple[dict[str, Any], str]:
    """The loaded boundaries and the geometry asked for."""
    boundaries = cached_query("region_boundaries", _boundaries)
    return boundaries, _geometry_choice(fmt.name, bool(boundaries["geometries"]))


@bp.get("/regions")
@publication_view(
    formats=("json", "geojson"),
    params=("format", "geometry"),
    parse=_regions_query,
    etag_per_format=True,
)
def regions(call: Call) -> Response:
    fmt, pub = call.fmt, call.pub
    boundaries, geometry = call.query

    def region_list() -> list[dict[str, Any]]:
        with engine().connect() as conn:
            return _region_rows(conn)

    if fmt.name == "json":

        def produce() -> dict[str, Any]:
            latest = _latest_by_region()
            data = [
                {**_describe(r), "indicators": latest.get(r["iso_code"], [])} for r in region_list()
            ]
            return envelope(data, meta_block(None, pub, count=len(data)))

        return cached_json("regions", produce)

    def make() -> tuple[Iterator[bytes], Closer]:
        latest = _latest_by_region()
        features = []
        for region in region_list():
            code = region["iso_code"]
            shape = boundaries["geometries"].get(code) if geometry == "polygon" else None
            point = {"type": "Point", "coordinates": [region["centre_lon"], region["centre_lat"]]}
            features.append(
                (
                    code,
                    shape.encode() if shape else to_json(point),
                    flat_properties(region, latest.get(code, [])),
                )
            )
        metadata = meta_block(None, pub, count=len(features), geometry=geometry)
        if geometry == "polygon":
            metadata["boundaries_attribution"] = boundaries["attribution"]
        return feature_collection(features, metadata), None

    return download_response(fmt, "regions.geojson", make)


def _region_query(*_: Any) -> str:
    """The region's ISO code from the URL's ISO or KATO code (404 for anything else)."""
    code = (request.view_args or {})["code"]
    region = region_code(code)
    if region is None:
        raise ApiError(
            404,
            f"unknown region '{code}': use an ISO 3166-2 code (KZ-59) or a "
            "KATO code (59 or 590000000)",
            param="code",
        )
    return region


@bp.get("/regions/<code>", endpoint="region")
@publication_view(parse=_region_query)
def region_view(call: Call, code: str) -> Response:
    region, pub = call.query, call.pub

    def produce() -> dict[str, Any]:
        with engine().connect() as conn:
            rows = [r for r in _region_rows(conn) if r["iso_code"] == region]
        if not rows:
            raise ApiError(404, f"region '{region}' is not in the warehouse", param="code")
        summary = to_plain(cached_query("region_summary", region_summary, region))
        summary.pop("region", None)
        return envelope({**_describe(rows[0]), **summary}, meta_block(None, pub))

    return cached_json("region", produce)


FACILITY_PARAMS = ("type", "region", "status", "format", "lang", "near", "limit")


@dataclass(frozen=True)
class FacilitiesQuery:
    filters: Filters
    lang: str
    near: tuple[float, float] | None
    limit: int | None


def _facilities_query(*_: Any) -> FacilitiesQuery:
    dataset = DATASETS["facilities"]
    near, limit = parse_near(request.args)
    for kind in values_of(request.args, "type") if "type" in request.args else []:
        if kind.lower() not in PUBLIC_FACILITY_TYPES:
            raise bad_param(
                "type",
                f"type must be one of {', '.join(PUBLIC_FACILITY_TYPES)}"
                " (camera locations are not published)",
            )
    filters = parse_filters(dataset, request.args)
    lang = parse_lang(request.args)
    if near is not None and "status" not in request.args:
        # "Nearest" answers where to go: a closed facility is left out unless asked for.
        filters.equals["status"] = list(OPEN_STATUSES)
    return FacilitiesQuery(filters, lang, near, limit)


@bp.get("/facilities")
@publication_view(
    formats=("geojson",), params=FACILITY_PARAMS, parse=_facilities_query, etag_per_format=True
)
def facilities(call: Call) -> Response:
    fmt, pub, query = call.fmt, call.pub, call.query
    dataset = DATASETS["facilities"]
    filters, lang, near, limit = query.filters, query.lang, query.near, query.limit

    def make() -> tuple[Iterator[bytes], Closer]:
        source = streamed_rows(dataset, filters, pub)
        if near is not None and limit is not None:
            return _nearest_stream(source, near, limit, pub, lang), source.close
        rows, names = label_rows(dataset, source, dataset.field_names, lang)
        chunks = geojson_stream(
            rows,
            names,
            lat="lat",
            lon="lon",
            id_field="facility_id",
            metadata=meta_block(dataset, pub),
        )
        return chunks, source.close

    return download_response(fmt, "facilities.geojson", make)


def _nearest_stream(
    source: Iterator[dict[str, Any]], near: tuple[float, float], limit: int, pub: Any, lang: str
) -> Iterator[bytes]:
    """The `limit` facilities nearest to `near`, nearest first, with `distance_m` (metres,
    great circle) in each feature. The filtered registry is at most a few thousand rows."""
    dataset = DATASETS["facilities"]
    rows = [r for r in source if r.get("lat") is not None and r.get("lon") is not None]
    if rows:
        metres = haversine_m(
            near[0], near[1], [float(r["lat"]) for r in rows], [float(r["lon"]) for r in rows]
        )
        for row, distance in zip(rows, metres, strict=True):
            row["distance_m"] = round(float(distance))
    rows.sort(key=lambda r: (r["distance_m"], r["facility_id"]))
    metadata = {
        **meta_block(dataset, pub),
        "near": {"lat": near[0], "lon": near[1]},
        "limit": limit,
    }
    labelled, names = label_rows(
        dataset, iter(rows[:limit]), [*dataset.field_names, "distance_m"], lang
    )
    yield from geojson_stream(
        labelled, names, lat="lat", lon="lon", id_field="facility_id", metadata=metadata
    )
