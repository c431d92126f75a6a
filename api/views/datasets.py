"""/datasets, /datasets/{id}, /datasets/{id}/rows[.ext], /datasets/{id}/aggregate[.ext]."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Response, request, url_for

from api.blueprint import bp
from api.context import meta_block, portal_config
from api.errors import ApiError
from api.formats import (
    FORMATS,
    XLSX_MAX_ROWS,
    Format,
    csv_stream,
    geo_columns,
    geojson_stream,
    ndjson_stream,
    temporary_file_body,
    to_json,
    write_xlsx,
)
from api.metadata import catalogue_entry, dataset_detail, formats_for, xlsx_metadata
from api.params import AggregateQuery, RowsQuery, parse_aggregate, parse_rows
from api.regionnames import add_region_names, label_rows, region_field, with_region_name
from api.responses import (
    Closer,
    PrimedRows,
    cached_body,
    cached_json,
    download_response,
    engine,
    envelope,
    json_response,
    streamed_rows,
    url_with,
)
from api.viewkit import Call, publication_view
from data.catalog import CHANGELOG, DATASETS, Dataset
from data.packaging import output_fields
from data.parquet import file_metadata, write_parquet
from data.queries import (
    aggregate,
    dataset_row_counts,
    fetch_page,
    time_range,
)
from webcore.cache import Publication, cached_query

AGGREGATE_COLUMNS = ["value", "suppressed", "suppressed_cells", "cells", "complete"]


@bp.get("/datasets")
@publication_view()
def datasets(call: Call) -> Response:
    pub = call.pub

    def produce() -> dict[str, Any]:
        counts = cached_query("dataset_row_counts", dataset_row_counts)
        data = [catalogue_entry(ds, pub, counts.get(ds.id)) for ds in DATASETS.values()]
        # Retired ids (410 Gone) and what replaced them: the catalogue's changelog.
        return envelope(data, meta_block(None, pub, count=len(data), changelog=list(CHANGELOG)))

    return cached_json("datasets", produce)


@bp.get("/datasets/<dataset_id>", endpoint="dataset_detail")
@publication_view()
def dataset_detail_view(call: Call) -> Response:
    dataset, pub = call.dataset, call.pub
    assert dataset is not None

    def produce() -> dict[str, Any]:
        counts = cached_query("dataset_row_counts", dataset_row_counts)
        span = cached_query("time_range", _time_range, dataset.id)
        detail = dataset_detail(dataset, pub, counts.get(dataset.id), span)
        if dataset.suppression:  # issue 8: what suppression cost in this table
            detail["suppression_loss"] = cached_query("loss_figures", _loss).get(dataset.id)
        return envelope(detail, meta_block(dataset, pub))

    return cached_json("dataset", produce)


def _loss(conn: Any) -> dict[str, Any]:
    from data.loss import loss_figures

    return loss_figures(conn)


def _time_range(conn: Any, dataset_id: str) -> tuple[Any, Any]:
    return time_range(conn, DATASETS[dataset_id])


def _rows_query(fmt: Format, dataset: Dataset | None) -> RowsQuery:
    assert dataset is not None
    return parse_rows(dataset, request.args, paged=fmt.name == "json")


@bp.get("/datasets/<dataset_id>/rows")
@publication_view(
    formats=formats_for,
    params=None,
    parse=_rows_query,
    extensions=tuple(FORMATS),
    etag_per_format=True,
)
def rows(call: Call) -> Response:
    dataset, fmt, pub, query = call.dataset, call.fmt, call.pub, call.query
    assert dataset is not None
    names = output_fields(dataset, query.fields)
    if fmt.name == "json":
        return _rows_json(dataset, query, names, pub)
    return _rows_download(dataset, query, names, pub, fmt)


bp.add_url_rule("/datasets/<dataset_id>/rows.<ext>", "rows_ext", rows)


def _rows_json(dataset: Dataset, query: RowsQuery, names: list[str], pub: Publication) -> Response:
    def produce() -> bytes:
        with engine().connect() as conn:
            page = fetch_page(
                conn,
                dataset,
                query.filters,
                fields=names,
                sort=query.sort,
                limit=query.limit or 100,
                cursor=query.cursor,
                publication_id=pub.id,
                include_total=query.include_total,
            )
        rows, fields = label_rows(dataset, page.rows, page.fields, query.lang)
        extra: dict[str, Any] = {"count": len(page.rows), "fields": fields}
        if query.include_total:
            extra["total"] = page.total
        next_url = url_with(cursor=page.next_cursor) if page.next_cursor else None
        return to_json(envelope(list(rows), meta_block(dataset, pub, **extra), next_url))

    return json_response(cached_body("rows", produce))


def _row_source(
    dataset: Dataset, query: RowsQuery, fields: list[str], pub: Publication
) -> tuple[PrimedRows | list[dict[str, Any]], str | None]:
    """Rows of a download: one page when `limit`/`cursor` ask for it, else the whole
    filtered table, fetched in keyset chunks and never held in memory."""
    if query.limit is not None:
        with engine().connect() as conn:
            page = fetch_page(
                conn,
                dataset,
                query.filters,
                fields=fields,
                sort=query.sort,
                limit=query.limit,
                cursor=query.cursor,
                publication_id=pub.id,
            )
        return page.rows, page.next_cursor

    return streamed_rows(dataset, query.filters, pub, fields=fields, sort=query.sort), None


def _filename(stem: str, fmt: Format, pub: Publication) -> str:
    return f"{stem}-publication-{pub.id}{'-DEMO' if pub.is_demo else ''}.{fmt.name}"


def _rows_download(
    dataset: Dataset, query: RowsQuery, fields_asked: list[str], pub: Publication, fmt: Format
) -> Response:
    names = fields_asked
    geo = geo_columns(dataset.field_names) if fmt.name == "geojson" else None
    fields = list(dict.fromkeys(names + list(geo))) if geo else names
    headers = {"Link": '</api/v1/datapackage.json>; rel="describedby"'}
    if fmt.name == "xlsx":
        _check_xlsx_size(dataset, query, pub)  # before any work, for HEAD too

    def make() -> tuple[Iterator[bytes], Closer]:
        source, next_cursor = _row_source(dataset, query, fields, pub)
        if next_cursor:
            headers["Link"] += f', <{url_with(cursor=next_cursor)}>; rel="next"'
        closer = source.close if isinstance(source, PrimedRows) else None
        source, names = label_rows(dataset, source, fields_asked, query.lang)
        if fmt.name == "csv":
            return csv_stream(source, names, bom=query.bom), closer
        if fmt.name == "ndjson":
            return ndjson_stream(source, names), closer
        if fmt.name == "geojson" and geo:
            id_field = "facility_id" if "facility_id" in dataset.field_names else None
            return geojson_stream(
                source,
                names,
                lat=geo[0],
                lon=geo[1],
                id_field=id_field,
                metadata=meta_block(dataset, pub),
            ), closer
        try:  # xlsx, parquet: a temporary file in bounded memory, then sent with its length
            path = _write_file(fmt, dataset, source, names, pub)
        finally:
            if closer:
                closer()
        chunks, size = temporary_file_body(path)
        headers["Content-Length"] = str(size)
        return chunks, None

    return download_response(
        fmt,
        _filename(dataset.id, fmt, pub),
        make,
        cacheable=fmt.name in ("csv", "ndjson", "geojson") and query.limit is None,
        headers=headers,
    )


def _write_file(
    fmt: Format, dataset: Dataset, source: Any, names: list[str], pub: Publication
) -> Path:
    k = portal_config().suppression_k
    if fmt.name == "xlsx":
        return write_xlsx(
            source,
            names,
            sheet=dataset.id,
            metadata=xlsx_metadata(dataset, pub, k),
            types={f.name: f.type for f in dataset.fields},
        )
    handle, name = tempfile.mkstemp(prefix="api-export-", suffix=".parquet")
    path = Path(name)
    try:
        with open(handle, "wb") as sink:
            publication = {"id": pub.id, "published_at": pub.published_at, "is_demo": pub.is_demo}
            write_parquet(
                source, dataset, names, sink, metadata=file_metadata(dataset, publication, k)
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _check_xlsx_size(dataset: Dataset, query: RowsQuery, pub: Publication) -> None:
    """413 before producing anything when the rows would not fit in one Excel sheet."""
    if query.limit is not None:
        return  # one page: at most MAX_LIMIT rows
    with engine().connect() as conn:
        total = (
            fetch_page(
                conn,
                dataset,
                query.filters,
                fields=[dataset.field_names[0]],
                limit=1,
                publication_id=pub.id,
                include_total=True,
            ).total
            or 0
        )
    if total <= XLSX_MAX_ROWS:
        return
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "format"]
    suffix = f"?{urlencode(args)}" if args else ""
    alternatives = {
        ext: url_for("api.rows_ext", dataset_id=dataset.id, ext=ext, _external=True) + suffix
        for ext in ("csv", "parquet")
    }
    alternatives["bulk"] = url_for("api.bulk", _external=True)
    raise ApiError(
        413,
        f"{total:,} rows match, more than the {XLSX_MAX_ROWS:,} an Excel sheet holds "
        f"below its header. Download them as CSV ({alternatives['csv']}) or Parquet "
        f"({alternatives['parquet']}), take the whole catalogue as the bulk zip "
        f"({alternatives['bulk']}), or narrow the request (date_from, date_to, region).",
        code="too_many_rows_for_xlsx",
        param="format",
        headers={"Link": ", ".join(f'<{url}>; rel="alternate"' for url in alternatives.values())},
    )


def _aggregate_query(fmt: Format, dataset: Dataset | None) -> AggregateQuery:
    assert dataset is not None
    return parse_aggregate(dataset, request.args)


@bp.get("/datasets/<dataset_id>/aggregate")
@publication_view(
    formats=("json", "csv"),
    params=None,
    parse=_aggregate_query,
    extensions=("json", "csv"),
    etag_per_format=True,
)
def aggregate_view(call: Call) -> Response:
    dataset, fmt, pub, query = call.dataset, call.fmt, call.pub, call.query
    assert dataset is not None
    measure = query.measure or (dataset.measure_fields[0] if dataset.measure_fields else None)

    def compute() -> list[dict[str, Any]]:
        with engine().connect() as conn:
            groups = aggregate(conn, dataset, query.group_by, query.measure, query.filters)
        if (field := region_field(dataset)) in query.group_by:
            groups = list(add_region_names(groups, field, query.lang))
        for group in groups:
            # A group made only of suppressed cells has no published value: null, never 0.
            withheld = (
                measure != "rows"
                and group["cells"] > 0
                and group["suppressed_cells"] == group["cells"]
            )
            if withheld:
                group["value"] = None
            group["suppressed"] = withheld
        return groups

    if fmt.name == "csv":
        names = with_region_name(dataset, query.group_by) + AGGREGATE_COLUMNS

        def make() -> tuple[Iterator[bytes], Closer]:
            return csv_stream(compute(), names, bom=query.bom), None

        stem = f"{dataset.id}-by-{'-'.join(query.group_by)}"
        return download_response(fmt, _filename(stem, fmt, pub), make)

    def produce() -> dict[str, Any]:
        groups = compute()
        meta = meta_block(dataset, pub, count=len(groups), group_by=query.group_by, measure=measure)
        return envelope(groups, meta)

    return cached_json("aggregate", produce)


bp.add_url_rule("/datasets/<dataset_id>/aggregate.<ext>", "aggregate_ext", aggregate_view)
