"""Query-string parsing: every parameter is declared, validated and named in errors.

Each endpoint states the parameters it accepts; anything else is a 400 that names the
unknown parameter, so a typo (`regoin=`) never silently returns the whole table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from werkzeug.datastructures import MultiDict

from api.errors import bad_param
from api.regionnames import DEFAULT_LANG, LANGS, lookup_region
from data.catalog import PUBLIC_FACILITY_TYPES, Dataset
from data.keyset import parse_sort
from data.periods import parse_month
from data.queries import DEFAULT_LIMIT, GROUPABLE_TIME, MAX_LIMIT, Filters

MAX_VALUES = 100  # values in one multi-valued filter

ROW_PARAMS = ("fields", "sort", "limit", "cursor", "include_total", "format", "bom", "lang")
AGGREGATE_PARAMS = ("group_by", "measure", "format", "bom", "lang")
RESERVED = (
    set(ROW_PARAMS)
    | set(AGGREGATE_PARAMS)
    | {"region", "district", "facility_id", "date_from", "date_to"}
)

_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_KATO = re.compile(r"^\d{9}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_.\- ]{1,60}$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def check_known(args: MultiDict[str, str], allowed: set[str] | tuple[str, ...]) -> None:
    for name in args:
        if name not in allowed:
            hint = ", ".join(sorted(allowed)) or "none"
            raise bad_param(
                name,
                f"unknown parameter '{name}'; this endpoint accepts: {hint}",
                code="unknown_parameter",
            )


def single(args: MultiDict[str, str], name: str) -> str | None:
    values = args.getlist(name)
    if len(values) > 1:
        raise bad_param(name, f"'{name}' is given more than once")
    return values[0] if values else None


def values_of(args: MultiDict[str, str], name: str) -> list[str]:
    """Comma-separated and/or repeated values: region=KZ-59,KZ-75 or region=KZ-59&region=KZ-75."""
    out: list[str] = []
    for raw in args.getlist(name):
        parts = [p.strip() for p in raw.split(",")]
        if not raw.strip() or any(not p for p in parts):
            raise bad_param(name, f"'{name}' has an empty value")
        out.extend(parts)
    if len(out) > MAX_VALUES:
        raise bad_param(name, f"at most {MAX_VALUES} values in '{name}'")
    return list(dict.fromkeys(out))


def parse_int(
    args: MultiDict[str, str], name: str, default: int | None, low: int, high: int
) -> int | None:
    raw = single(args, name)
    if raw is None:
        return default
    if not re.fullmatch(r"\d{1,9}", raw.strip()):
        raise bad_param(name, f"'{name}' must be an integer between {low} and {high}")
    value = int(raw)
    if not low <= value <= high:
        raise bad_param(name, f"'{name}' must be between {low} and {high}")
    return value


def parse_bool(args: MultiDict[str, str], name: str) -> bool:
    raw = single(args, name)
    if raw is None:
        return False
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise bad_param(name, f"'{name}' must be 1 or 0 (true or false)")


def parse_date(args: MultiDict[str, str], name: str, *, end: bool) -> date | None:
    """YYYY-MM-DD, or YYYY-MM meaning the first (date_from) or last (date_to) day of it."""
    raw = single(args, name)
    if raw is None:
        return None
    raw = raw.strip()
    try:
        if not _DATE.match(raw):
            raise ValueError
        if len(raw) == 7:
            return parse_month(raw, end=end)
        return date.fromisoformat(raw)
    except ValueError:
        raise bad_param(name, f"'{name}' must be a date, YYYY-MM-DD or YYYY-MM") from None


@lru_cache(maxsize=512)  # the reference lookup goes through pandas: memoise it
def region_code(value: str) -> str | None:
    """A region's ISO code from its ISO or KATO code or its name in kk/ru/en."""
    return lookup_region(value)


REGION_HINT = (
    "use an ISO 3166-2 code (KZ-59), a KATO code (59 or 590000000) or a name in "
    "kk/ru/en (Almaty = the city KZ-75, Almaty Region = KZ-19); "
    "GET /api/v1/regions lists them"
)


def parse_regions(args: MultiDict[str, str], name: str = "region") -> list[str]:
    out = []
    for value in values_of(args, name):
        if value.upper() == "KZ":
            out.append("KZ")  # the national scope of key figures
            continue
        code = region_code(value)
        if code is None:
            raise bad_param(name, f"unknown region '{value}': {REGION_HINT}")
        out.append(code)
    return out


def parse_tokens(args: MultiDict[str, str], name: str) -> list[str]:
    values = values_of(args, name)
    for value in values:
        if not _TOKEN.match(value):
            raise bad_param(name, f"invalid value for '{name}'")
    return values


# ------------------------------------------------------------------ dataset filters
def filter_params(dataset: Dataset, *, for_aggregate: bool = False) -> dict[str, str]:
    """Query parameter -> field, for the filters a dataset supports."""
    out: dict[str, str] = {}
    regions = dataset.names_with("region")
    if regions:
        out["region"] = regions[0]
    districts = dataset.names_with("district")
    if districts:
        out["district"] = districts[0]
    facilities = dataset.names_with("facility")
    if facilities:
        out["facility_id"] = facilities[0]
    if dataset.time_field:
        out["date_from"] = dataset.time_field
        out["date_to"] = dataset.time_field
    for name in dataset.names_with("category"):
        if name in RESERVED and (for_aggregate or name in ROW_PARAMS):
            continue  # e.g. population's `measure` column cannot be a filter on /aggregate
        out.setdefault(name, name)
    return out


def parse_filters(
    dataset: Dataset, args: MultiDict[str, str], *, for_aggregate: bool = False
) -> Filters:
    filters = Filters()
    for param, field_name in filter_params(dataset, for_aggregate=for_aggregate).items():
        if param not in args or param in ("date_from", "date_to"):
            continue
        if param == "region":
            values: list[str] = parse_regions(args)
        elif param == "district":
            values = values_of(args, param)
            bad = [v for v in values if not _KATO.match(v)]
            if bad:
                raise bad_param(param, "'district' must be a 9-digit KATO code")
        elif param == "facility_id":
            values = [v.upper() for v in parse_tokens(args, param)]
        else:
            values = [v.lower() for v in parse_tokens(args, param)]
            check_values(dataset, param, field_name, values)
        filters.equals[field_name] = values
    if dataset.time_field:
        filters.date_from = parse_date(args, "date_from", end=False)
        filters.date_to = parse_date(args, "date_to", end=True)
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise bad_param("date_from", "'date_from' is after 'date_to'")
    if dataset.id == "facilities":
        # Camera locations are never published, whatever the warehouse holds.
        wanted = filters.equals.get("type", list(PUBLIC_FACILITY_TYPES))
        filters.equals["type"] = [t for t in wanted if t in PUBLIC_FACILITY_TYPES] or ["-"]
    return filters


def check_values(dataset: Dataset, param: str, field_name: str, values: list[str]) -> None:
    """A category filter takes only the field's published values: `channel=walkin` is a 400
    that lists them, never an empty answer that looks like zero visits."""
    allowed = dataset.field(field_name).values
    unknown = [v for v in values if allowed and v not in allowed]
    if unknown:
        raise bad_param(
            param,
            f"unknown value '{unknown[0]}' for '{param}' in {dataset.id}; "
            f"allowed: {', '.join(allowed)}",
            code="invalid_value",
        )


def parse_lang(args: MultiDict[str, str]) -> str:
    raw = single(args, "lang")
    if raw is None:
        return DEFAULT_LANG
    lang = raw.strip().lower()
    if lang not in LANGS:
        raise bad_param("lang", f"'lang' must be one of: {', '.join(LANGS)}")
    return lang


def sort_options(dataset: Dataset) -> list[str]:
    """Every accepted `sort` term: a sortable column, ascending or with `-` descending."""
    return [term for name in dataset.sortable for term in (name, f"-{name}")]


def parse_sort_param(dataset: Dataset, args: MultiDict[str, str]) -> str | None:
    sort = single(args, "sort")
    if sort is None:
        return None
    terms = [t.strip() for t in sort.split(",")]
    allowed = sort_options(dataset)
    for term in terms:
        if term not in allowed:
            raise bad_param(
                "sort",
                f"cannot sort {dataset.id} by '{term}'; sortable: "
                f"{', '.join(dataset.sortable)} (prefix - for descending)",
            )
    return ",".join(terms)


def group_by_options(dataset: Dataset) -> list[str]:
    """What /aggregate may group this dataset by: its region, district, facility and category
    columns, and the month or year of its time column."""
    names = dataset.names_with("region", "district", "category", "facility")
    if dataset.time_field in ("date", "month"):
        names += list(GROUPABLE_TIME)
    elif dataset.time_field == "year":
        names.append("year")
    return names


def parse_group_by(dataset: Dataset, args: MultiDict[str, str]) -> list[str]:
    values = parse_tokens(args, "group_by")
    allowed = group_by_options(dataset)
    for value in values:
        if value not in allowed:
            raise bad_param(
                "group_by", f"cannot group {dataset.id} by '{value}'; allowed: {', '.join(allowed)}"
            )
    return values


def parse_measure(dataset: Dataset, args: MultiDict[str, str]) -> str | None:
    measure = single(args, "measure")
    allowed = [*dataset.measure_fields, "rows"]
    if measure is not None and dataset.measure_fields and measure not in allowed:
        raise bad_param(
            "measure",
            f"'{measure}' is not a measure of {dataset.id}; allowed: {', '.join(allowed)}",
        )
    return measure


@dataclass
class RowsQuery:
    filters: Filters
    fields: list[str] | None
    sort: str | None
    limit: int | None  # None: the whole table (downloads only)
    cursor: str | None
    include_total: bool
    bom: bool
    lang: str = DEFAULT_LANG  # language of the region_name column


def parse_rows(dataset: Dataset, args: MultiDict[str, str], *, paged: bool) -> RowsQuery:
    check_known(args, set(ROW_PARAMS) | set(filter_params(dataset)))
    fields = values_of(args, "fields") if "fields" in args else None
    unknown = [f for f in fields or [] if f not in dataset.field_names]
    if unknown:
        raise bad_param(
            "fields",
            f"unknown field(s) {', '.join(unknown)} in {dataset.id}; "
            f"fields: {', '.join(dataset.field_names)}",
        )
    sort = parse_sort_param(dataset, args)
    parse_sort(dataset, sort)  # refused here, before any download starts (QueryError)
    wants_page = paged or "limit" in args or "cursor" in args
    return RowsQuery(
        filters=parse_filters(dataset, args),
        fields=fields,
        sort=sort,
        limit=parse_int(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT) if wants_page else None,
        cursor=single(args, "cursor"),
        include_total=parse_bool(args, "include_total"),
        bom=parse_bool(args, "bom"),
        lang=parse_lang(args),
    )


@dataclass
class AggregateQuery:
    filters: Filters
    group_by: list[str]
    measure: str | None
    bom: bool
    lang: str = DEFAULT_LANG


def parse_aggregate(dataset: Dataset, args: MultiDict[str, str]) -> AggregateQuery:
    check_known(args, set(AGGREGATE_PARAMS) | set(filter_params(dataset, for_aggregate=True)))
    if "group_by" not in args:
        raise bad_param(
            "group_by",
            "'group_by' is required, e.g. group_by=region,month",
            code="missing_parameter",
        )
    return AggregateQuery(
        filters=parse_filters(dataset, args, for_aggregate=True),
        group_by=parse_group_by(dataset, args),
        measure=parse_measure(dataset, args),
        bom=parse_bool(args, "bom"),
        lang=parse_lang(args),
    )


# ------------------------------------------------------------------ /facilities?near=
NEAR_DEFAULT_LIMIT = 10
NEAR_MAX_LIMIT = 100
_NEAR = re.compile(r"^\s*([+-]?\d{1,3}(?:\.\d+)?)\s*,\s*([+-]?\d{1,3}(?:\.\d+)?)\s*$")


def parse_near(args: MultiDict[str, str]) -> tuple[tuple[float, float] | None, int | None]:
    """`near=LAT,LON` (decimal degrees, WGS 84) and its `limit`; (None, None) without `near`."""
    raw = single(args, "near")
    if raw is None:
        if "limit" in args:
            raise bad_param("limit", "'limit' goes with 'near', e.g. near=54.87,69.15&limit=5")
        return None, None
    match = _NEAR.match(raw)
    if not match:
        raise bad_param("near", "'near' must be LAT,LON in decimal degrees, e.g. near=54.87,69.15")
    lat, lon = float(match.group(1)), float(match.group(2))
    if not -90 <= lat <= 90:
        raise bad_param("near", f"latitude {lat} in 'near' is outside -90..90")
    if not -180 <= lon <= 180:
        raise bad_param("near", f"longitude {lon} in 'near' is outside -180..180")
    return (lat, lon), parse_int(args, "limit", NEAR_DEFAULT_LIMIT, 1, NEAR_MAX_LIMIT)
