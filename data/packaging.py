"""Open-data packaging shared by the API downloads and the bulk zip built by the ETL.

Why here and not in api/: the ETL builds the bulk download right after a publication, and the
API serves `/datapackage.json` and CSV exports; both must describe a dataset and write a CSV cell
in exactly the same way, and etl/ must not import api/. Nothing here imports Flask.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from data.catalog import DATASETS, LICENCE, SUPPRESSION_RULE, Dataset, Field

PACKAGE_NAME = "kz-police-service-model"
PACKAGE_TITLE = {
    "kk": "Полицияның сервистік моделі: ашық деректер",
    "ru": "Сервисная модель полиции: открытые данные",
    "en": "Police service model in Kazakhstan: open data",
}
PUBLISHER = {
    "kk": "Қазақстан Республикасы Ішкі істер министрлігі (демо портал)",
    "ru": "Министерство внутренних дел Республики Казахстан (демо-портал)",
    "en": "Ministry of Internal Affairs of the Republic of Kazakhstan (demo portal)",
}
DEMO_NOTE = {
    "kk": "НАЗАР АУДАРЫҢЫЗ: бұл демо деректер, нақты статистика емес.",
    "ru": "ВНИМАНИЕ: это демонстрационные данные, а не реальная статистика.",
    "en": "NOTE: these are demo data, generated for testing; they are not real statistics.",
}


# ------------------------------------------------------------------ timestamps
def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; the warehouse stores UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def iso_timestamp(value: datetime | None) -> str | None:
    return None if value is None else as_utc(value).isoformat().replace("+00:00", "Z")


# ------------------------------------------------------------------ cells
def plain_value(value: Any) -> Any:
    """A JSON-ready value: dates as ISO strings, NaN as None, numpy scalars as Python ones."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, datetime):
        return iso_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy / pandas scalar
        return plain_value(value.item())
    return value


def csv_cell(value: Any) -> str:
    """One CSV cell. Empty means not published (suppressed or not recorded), never zero."""
    kind = type(value)  # the common cases first: exports format millions of cells
    if kind is str:
        return value
    if kind is int:
        return str(value)
    value = plain_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def output_fields(dataset: Dataset, requested: Iterable[str] | None) -> list[str]:
    """The columns of an export. A suppressible measure never travels without its flag."""
    names = list(dict.fromkeys(requested)) if requested else dataset.field_names
    suppressible = any(dataset.field(n).suppressible for n in names if n in dataset.field_names)
    if suppressible and "suppressed" in dataset.field_names and "suppressed" not in names:
        names.append("suppressed")
    return names


def iter_csv_records(rows: Iterable[dict[str, Any]], names: list[str]) -> Iterator[list[str]]:
    for row in rows:
        yield [csv_cell(row.get(n)) for n in names]


# ------------------------------------------------------------------ Frictionless Table Schema
def _field_descriptor(dataset: Dataset, f: Field) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "name": f.name,
        "type": f.type,
        "title": f.description.en,
        "description": f.description.en,
        "x-description": f.description.as_dict(),
    }
    if f.type == "boolean":
        descriptor["trueValues"] = ["true"]
        descriptor["falseValues"] = ["false"]
    if f.unit:
        descriptor["x-unit"] = f.unit
    if f.suppressible:
        descriptor["x-suppressible"] = True
    column = dataset.table.c[f.name]
    if not column.nullable:
        descriptor["constraints"] = {"required": True}
    return descriptor


def table_schema(dataset: Dataset) -> dict[str, Any]:
    primary = [c.name for c in dataset.table.primary_key.columns]
    out: dict[str, Any] = {
        "fields": [_field_descriptor(dataset, f) for f in dataset.fields],
        "missingValues": [""],
    }
    if primary and all(p in dataset.field_names for p in primary):
        out["primaryKey"] = primary
    if dataset.id != "regions" and "region" in dataset.field_names:
        out["foreignKeys"] = [
            {"fields": ["region"], "reference": {"resource": "regions", "fields": ["iso_code"]}}
        ]
    return out


def resource_descriptor(
    dataset: Dataset, path: str, *, demo: bool, suppression_k: int
) -> dict[str, Any]:
    description = dataset.description.en
    if demo:
        description = f"{DEMO_NOTE['en']} {description}"
    resource: dict[str, Any] = {
        "name": dataset.id,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": dataset.title.en,
        "description": description,
        "x-title": dataset.title.as_dict(),
        "x-description": dataset.description.as_dict(),
        "x-cadence": dataset.cadence,
        "x-demo": demo,
        "schema": table_schema(dataset),
    }
    if dataset.suppression:
        resource["x-suppression"] = {"k": suppression_k, "rule": SUPPRESSION_RULE.as_dict()}
    return resource


def datapackage(
    publication: dict[str, Any] | None,
    *,
    suppression_k: int,
    path_for: Callable[[Dataset], str],
    extra: Callable[[Dataset], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the whole catalogue for one publication.

    `path_for` says where each CSV lives (a path inside the bulk zip, or an API URL); `extra`
    adds per-resource properties such as `bytes` and `hash` known only once a file is written.
    """
    demo = bool(publication and publication.get("is_demo"))
    description = (
        "Anonymised aggregate statistics of the police service model reform in "
        "Kazakhstan: front offices, SOS buttons, camera-assisted offences, facilities, "
        "targets. Counts covering fewer than k events are published as empty cells "
        "(suppressed=true), never as zero."
    )
    title = PACKAGE_TITLE["en"]
    if demo:
        description = f"{DEMO_NOTE['en']} {description}"
        title = f"{title} (DEMO DATA)"
    resources = []
    for ds in DATASETS.values():
        resource = resource_descriptor(ds, path_for(ds), demo=demo, suppression_k=suppression_k)
        if extra:
            resource.update(extra(ds))
        resources.append(resource)
    pub_id = publication["id"] if publication else None
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "id": f"{PACKAGE_NAME}-publication-{pub_id}",
        "title": title,
        "description": description,
        "x-title": PACKAGE_TITLE,
        "version": f"1.0.{pub_id or 0}",
        "created": iso_timestamp(publication["published_at"]) if publication else None,
        "licenses": [{"name": LICENCE["id"], "title": LICENCE["title"], "path": LICENCE["url"]}],
        "contributors": [{"title": PUBLISHER["en"], "role": "publisher"}],
        "keywords": [
            "police",
            "Kazakhstan",
            "service model",
            "front office",
            "SOS button",
            "open data",
        ],
        "x-publication-id": pub_id,
        "x-demo": demo,
        "x-demo-note": DEMO_NOTE if demo else None,
        "x-suppression": {"k": suppression_k, "rule": SUPPRESSION_RULE.as_dict()},
        "resources": resources,
    }
    return {k: v for k, v in package.items() if v is not None}
