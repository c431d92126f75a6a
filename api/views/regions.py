"""/regions, /regions/{code} and /facilities (GeoJSON; nearest first with `near=`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Response, request, url_for

from api.blueprint import bp
from api.context import meta_block, published
from api.errors import ApiError, bad_param
from api.formats import geojson_stream, negotiate, to_plain
from api.http import publication_bound
from api.params import (
    PUBLIC_FACILITY_TYPES,
    check_known,
    parse_filters,
    parse_near,
    region_code,
    values_of,
)
from api.responses import (
    Closer,
    cached_json,
    download_response,
    engine,
    envelope,
    streamed_rows,
)
from data.catalog import DATASETS
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
        "centre": {"name": {lang: region[f"centre_{lang}"] for lang in ("kk", "ru", "en")},
                   "lat": region["centre_lat"], "lon": region["centre_lon"]},
        "links": {"self": url_for("api.region", code=region["iso_code"], _external=True)},
    }


def _latest_by_region() -> dict[str, list[dict[str, Any]]]:
    table = cached_query("regional_table", regional_table)
    out: dict[str, list[dict[str, Any]]] = {}
    for record in to_plain(table.to_dict("records")):
        out.setdefault(record["region"], []).append({
            "indicator": record["indicator"],
            "month": record.get("month"),
            "value": record.get("value"),
            "suppressed": bool(record.get("suppressed") or False),
            "population": record.get("population"),
            "rate_per_100k": record.get("rate_per_100k"),
            "rank": record.get("rank"),
        })
    return out


@bp.get("/regions")
def regions() -> Response:
    check_known(request.args, ("format",))
    fmt = negotiate(request, ["json", "geojson"])
    pub = published()
    if (early := publication_bound(fmt.name)) is not None:
        return early

    def regions_data() -> list[dict[str, Any]]:
        with engine().connect() as conn:
            regions_list = _region_rows(conn)
        latest = _latest_by_region()
        return [{**_describe(r), "indicators": latest.get(r["iso_code"], [])}
                for r in regions_list]

    if fmt.name == "json":
        def produce() -> dict[str, Any]:
            data = regions_data()
            return envelope(data, meta_block(None, pub, count=len(data)))

        return cached_json("regions", produce)

    def make() -> tuple[Iterator[bytes], Closer]:
        features = [{**item, "lat": item["centre"]["lat"], "lon": item["centre"]["lon"]}
                    for item in regions_data()]
        return geojson_stream(features, ["code", "kato_prefix", "name", "centre", "indicators"],
                              lat="lat", lon="lon", id_field="code",
                              metadata=meta_block(None, pub)), None

    return download_response(fmt, "regions.geojson", make)


@bp.get("/regions/<code>", endpoint="region")
def region_view(code: str) -> Response:
    check_known(request.args, ())
    negotiate(request, ["json"])
    region = region_code(code)
    if region is None:
        raise ApiError(404, f"unknown region '{code}': use an ISO 3166-2 code (KZ-59) or a "
                            "KATO code (59 or 590000000)", param="code")
    pub = published()
    if (early := publication_bound()) is not None:
        return early

    def produce() -> dict[str, Any]:
        with engine().connect() as conn:
            rows = [r for r in _region_rows(conn) if r["iso_code"] == region]
        if not rows:
            raise ApiError(404, f"region '{region}' is not in the warehouse", param="code")
        summary = to_plain(cached_query("region_summary", region_summary, region))
        summary.pop("region", None)
        return envelope({**_describe(rows[0]), **summary}, meta_block(None, pub))

    return cached_json("region", produce)


@bp.get("/facilities")
def facilities() -> Response:
    check_known(request.args, ("type", "region", "status", "format", "near", "limit"))
    fmt = negotiate(request, ["geojson"])
    dataset = DATASETS["facilities"]
    near, limit = parse_near(request.args)
    for kind in values_of(request.args, "type") if "type" in request.args else []:
        if kind.lower() not in PUBLIC_FACILITY_TYPES:
            raise bad_param("type", f"type must be one of {', '.join(PUBLIC_FACILITY_TYPES)}"
                                    " (camera locations are not published)")
    filters = parse_filters(dataset, request.args)
    if near is not None and "status" not in request.args:
        # "Nearest" answers where to go: a closed facility is left out unless asked for.
        filters.equals["status"] = list(OPEN_STATUSES)
    pub = published()
    if (early := publication_bound(fmt.name)) is not None:
        return early

    def make() -> tuple[Iterator[bytes], Closer]:
        source = streamed_rows(dataset, filters, pub)
        if near is not None and limit is not None:
            return _nearest_stream(source, near, limit, pub), source.close
        chunks = geojson_stream(source, dataset.field_names, lat="lat", lon="lon",
                                id_field="facility_id", metadata=meta_block(dataset, pub))
        return chunks, source.close

    return download_response(fmt, "facilities.geojson", make)



def _nearest_stream(source: Iterator[dict[str, Any]], near: tuple[float, float], limit: int,
                    pub: Any) -> Iterator[bytes]:
    """The `limit` facilities nearest to `near`, nearest first, with `distance_m` (metres,
    great circle) in each feature. The filtered registry is at most a few thousand rows."""
    dataset = DATASETS["facilities"]
    rows = [r for r in source if r.get("lat") is not None and r.get("lon") is not None]
    if rows:
        metres = haversine_m(near[0], near[1], [float(r["lat"]) for r in rows],
                             [float(r["lon"]) for r in rows])
        for row, distance in zip(rows, metres, strict=True):
            row["distance_m"] = round(float(distance))
    rows.sort(key=lambda r: (r["distance_m"], r["facility_id"]))
    metadata = {**meta_block(dataset, pub), "near": {"lat": near[0], "lon": near[1]},
                "limit": limit}
    yield from geojson_stream(rows[:limit], [*dataset.field_names, "distance_m"], lat="lat",
                              lon="lon", id_field="facility_id", metadata=metadata)
