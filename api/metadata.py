"""Describing datasets: catalogue entries, data dictionaries and the DCAT-AP catalogue.

Everything is derived from data.catalog, the single place where titles, descriptions and
fields are written, so the API, the bulk download and the dashboard describe data alike.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from api.context import suppression_block
from api.formats import FORMATS, geo_columns
from api.params import filter_params
from data.catalog import DATASETS, LICENCE, Dataset
from data.packaging import DEMO_NOTE, PACKAGE_TITLE, PUBLISHER, iso_timestamp
from webcore.cache import Publication

CADENCE_EU = {  # EU frequency vocabulary, for DCAT-AP
    "daily": "http://publications.europa.eu/resource/authority/frequency/DAILY",
    "monthly": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
    "on_change": "http://publications.europa.eu/resource/authority/frequency/IRREG",
    "static": "http://publications.europa.eu/resource/authority/frequency/NEVER",
}
FILE_TYPE_EU = {
    "json": "JSON", "ndjson": "JSON", "csv": "CSV", "xlsx": "XLSX", "geojson": "GEOJSON",
    "parquet": "PARQUET",
}


def formats_for(dataset: Dataset) -> list[str]:
    names = ["json", "csv", "ndjson", "xlsx", "parquet"]
    if geo_columns(dataset.field_names):
        names.append("geojson")
    return names


def _url(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, _external=True, **values)


def download_links(dataset: Dataset) -> dict[str, str]:
    links = {"self": _url("api.dataset_detail", dataset_id=dataset.id),
             "rows": _url("api.rows", dataset_id=dataset.id)}
    for name in formats_for(dataset):
        if name != "json":
            links[name] = _url("api.rows_ext", dataset_id=dataset.id, ext=name)
    return links


def catalogue_entry(dataset: Dataset, pub: Publication, rows: int | None) -> dict[str, Any]:
    return {
        "id": dataset.id,
        "title": dataset.title.as_dict(),
        "description": dataset.description.as_dict(),
        "licence": LICENCE,
        "cadence": dataset.cadence,
        "last_updated": iso_timestamp(pub.published_at),
        "publication_id": pub.id,
        "rows": rows,
        "formats": formats_for(dataset),
        "demo": pub.is_demo,
        "suppression": suppression_block(dataset),
        "links": download_links(dataset),
    }


def data_dictionary(dataset: Dataset) -> list[dict[str, Any]]:
    return [{
        "name": f.name,
        "type": f.type,
        "role": f.role,
        "unit": f.unit,
        "nullable": bool(dataset.table.c[f.name].nullable),
        "suppressible": f.suppressible,
        "description": f.description.as_dict(),
    } for f in dataset.fields]


def dataset_detail(dataset: Dataset, pub: Publication, rows: int | None,
                   time_range: tuple[Any, Any]) -> dict[str, Any]:
    entry = catalogue_entry(dataset, pub, rows)
    aggregate_groups = dataset.names_with("region", "district", "category", "facility")
    if dataset.time_field in ("date", "month"):
        aggregate_groups += ["month", "year"]
    elif dataset.time_field == "year":
        aggregate_groups.append("year")
    entry.update({
        "fields": data_dictionary(dataset),
        "filters": sorted(filter_params(dataset)),
        "sortable": dataset.sortable,
        "default_sort": list(dataset.default_sort),
        "time_field": dataset.time_field,
        "time_range": {"from": time_range[0], "to": time_range[1]},
        "aggregate": {"group_by": aggregate_groups, "measures": dataset.measure_fields + ["rows"]},
        "geo": geo_columns(dataset.field_names) is not None,
    })
    return entry


def xlsx_metadata(dataset: Dataset, pub: Publication, k: int) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("dataset", dataset.id),
        ("title_kk", dataset.title.kk), ("title_ru", dataset.title.ru),
        ("title_en", dataset.title.en),
        ("description_en", dataset.description.en),
        ("licence", f"{LICENCE['title']} ({LICENCE['id']}) {LICENCE['url']}"),
        ("publication_id", pub.id),
        ("last_updated", iso_timestamp(pub.published_at)),
        ("demo", "true" if pub.is_demo else "false"),
    ]
    if pub.is_demo:
        rows += [("demo_note_kk", DEMO_NOTE["kk"]), ("demo_note_ru", DEMO_NOTE["ru"]),
                 ("demo_note_en", DEMO_NOTE["en"])]
    rule = suppression_block(dataset)
    rows += [("suppression_applied", "true" if rule["applied"] else "false"),
             ("suppression_k", k),
             ("suppression_rule_kk", rule["rule"]["kk"]),
             ("suppression_rule_ru", rule["rule"]["ru"]),
             ("suppression_rule_en", rule["rule"]["en"])]
    rows += [(f"field:{f.name}", f.description.en + (f" ({f.unit})" if f.unit else ""))
             for f in dataset.fields]
    return rows


# ------------------------------------------------------------------ DCAT-AP (JSON-LD)
def _lang(text: dict[str, str]) -> list[dict[str, str]]:
    return [{"@value": value, "@language": lang} for lang, value in text.items()]


def _distribution(dataset: Dataset, name: str, pub: Publication) -> dict[str, Any]:
    url = (_url("api.rows", dataset_id=dataset.id) if name == "json"
           else _url("api.rows_ext", dataset_id=dataset.id, ext=name))
    return {
        "@id": f"{url}#distribution",
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.title.en} ({name.upper()})",
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/"
                                  f"{FORMATS[name].mimetype}"},
        "dct:format": {"@id": "http://publications.europa.eu/resource/authority/file-type/"
                              + FILE_TYPE_EU[name]},
        "dct:license": {"@id": LICENCE["url"]},
        "dct:modified": {"@value": iso_timestamp(pub.published_at), "@type": "xsd:dateTime"},
    }


def dcat_catalog(pub: Publication) -> dict[str, Any]:
    publisher = {"@type": "foaf:Agent", "foaf:name": _lang(PUBLISHER)}
    modified = {"@value": iso_timestamp(pub.published_at), "@type": "xsd:dateTime"}
    datasets = []
    for ds in DATASETS.values():
        description = ds.description.as_dict()
        if pub.is_demo:
            description = {k: f"{DEMO_NOTE[k]} {v}" for k, v in description.items()}
        datasets.append({
            "@id": _url("api.dataset_detail", dataset_id=ds.id),
            "@type": "dcat:Dataset",
            "dct:identifier": ds.id,
            "dct:title": _lang(ds.title.as_dict()),
            "dct:description": _lang(description),
            "dct:publisher": publisher,
            "dct:license": {"@id": LICENCE["url"]},
            "dct:accessRights": {"@id": "http://publications.europa.eu/resource/authority/"
                                        "access-right/PUBLIC"},
            "dct:accrualPeriodicity": {"@id": CADENCE_EU[ds.cadence]},
            "dct:spatial": {"@id": "http://publications.europa.eu/resource/authority/"
                                   "country/KAZ"},
            "dct:modified": modified,
            "dcat:keyword": ["police", "Kazakhstan", "service model"],
            "dcat:landingPage": {"@id": _url("api.docs")},
            "dcat:distribution": [_distribution(ds, name, pub) for name in formats_for(ds)],
        })
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": _url("api.catalog_jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": _lang(PACKAGE_TITLE),
        "dct:description": _lang({
            "kk": "Полиция реформасының анонимделген жиынтық статистикасы.",
            "ru": "Анонимизированная сводная статистика реформы полиции.",
            "en": "Anonymised aggregate statistics of the police service model reform."}),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE["url"]},
        "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/"
                                 + code} for code in ("KAZ", "RUS", "ENG")],
        "dct:modified": modified,
        "foaf:homepage": {"@id": _url("api.docs")},
        "dcat:dataset": datasets,
    }
