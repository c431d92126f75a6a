"""The parameters of the OpenAPI document's operations, from the same declarations the API
parses them with (api.params), so the documented filters are the accepted ones."""

from __future__ import annotations

from typing import Any

from api.metadata import formats_for
from api.openapi_components import array_param, path_param, query_param
from api.params import filter_params, sort_options
from api.regionnames import LANGS
from data.catalog import DATASETS, Dataset
from data.queries import DEFAULT_LIMIT, MAX_LIMIT


def format_param(names: list[str]) -> dict[str, Any]:
    return query_param(
        "format",
        "Output format; the same as the file extension of the path. "
        "Without it, the Accept header decides (JSON by default).",
        {"type": "string", "enum": names},
    )


def bool_param(name: str, description: str) -> dict[str, Any]:
    return query_param(name, description, {"type": "string", "enum": ["0", "1", "true", "false"]})


NON_EMPTY = {"type": "string", "minLength": 1}
REGION_TEXT = (
    "Region: ISO 3166-2 code (KZ-59), KATO code (59, 590000000) or name in kk/ru/en, "
    "case-insensitive (`Almaty` is the city KZ-75, `Almaty Region` / `Алматинская область` "
    "the region KZ-19); several separated by commas."
)
DATE_VALUE = {"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}


def lang_param() -> dict[str, Any]:
    return query_param(
        "lang",
        "Language of the `region_name` column (and of nothing else): kk, ru or en (default).",
        {"type": "string", "enum": list(LANGS)},
    )


def category_items(ds: Dataset, field_name: str) -> dict[str, Any]:
    values = ds.field(field_name).values
    return {"type": "string", "enum": list(values)} if values else dict(NON_EMPTY)


def filter_parameters(ds: Dataset, *, for_aggregate: bool) -> list[dict[str, Any]]:
    params = []
    for param, field_name in filter_params(ds, for_aggregate=for_aggregate).items():
        if param == "region":
            params.append(array_param("region", REGION_TEXT, dict(NON_EMPTY)))
        elif param == "district":
            params.append(
                array_param(
                    "district",
                    "District KATO code (9 digits); several separated by commas.",
                    {"type": "string", "pattern": r"^\d{9}$"},
                )
            )
        elif param == "facility_id":
            params.append(
                array_param(
                    "facility_id",
                    f"Facility id ({field_name}); several separated by commas.",
                    dict(NON_EMPTY),
                )
            )
        elif param in ("date_from", "date_to"):
            params.append(
                query_param(
                    param,
                    f"{'First' if param == 'date_from' else 'Last'} day included (on "
                    f"`{field_name}`): YYYY-MM-DD, or YYYY-MM for the "
                    f"{'first' if param == 'date_from' else 'last'} day of that month.",
                    dict(DATE_VALUE),
                )
            )
        else:
            values = ds.field(field_name).values
            listed = f" One of: {', '.join(values)}." if values else ""
            params.append(
                array_param(
                    param,
                    f"{ds.field(field_name).description.en}: one or more values separated by "
                    f"commas.{listed} Any other value is a 400 that lists these.",
                    category_items(ds, field_name),
                )
            )
    return params


def rows_parameters(ds: Dataset) -> list[dict[str, Any]]:
    return filter_parameters(ds, for_aggregate=False) + [
        array_param(
            "fields",
            "Columns to return, separated by commas. A suppressible count always comes "
            "with `suppressed`.",
            {"type": "string", "enum": ds.field_names},
        ),
        array_param(
            "sort",
            "Sort columns separated by commas, `-` in front for descending.",
            {"type": "string", "enum": sort_options(ds)},
        ),
        query_param(
            "limit",
            f"Rows per page (JSON: default {DEFAULT_LIMIT}); downloads without "
            "`limit` hold every matching row.",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        ),
        query_param(
            "cursor",
            "Opaque cursor from `links.next` (JSON) or the `Link` header.",
            dict(NON_EMPTY),
        ),
        bool_param("include_total", "Also count every matching row (`meta.total`)."),
        bool_param(
            "bom",
            "CSV only: start with a UTF-8 byte order mark, so that Excel "
            "shows Cyrillic text correctly.",
        ),
        lang_param(),
        format_param(formats_for(ds)),
    ]


def dataset_id_param() -> dict[str, Any]:
    return path_param("dataset_id", "Dataset id.", {"type": "string", "enum": list(DATASETS)})
