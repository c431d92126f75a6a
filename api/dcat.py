"""The catalogue as DCAT-AP 3.0 (JSON-LD), conformant to the official SHACL shapes.

What the shapes ask and why it looks as it does:
- every object is a typed node (dct:LicenseDocument, dct:MediaType, dct:Frequency,
  dct:Location, dct:RightsStatement, foaf:Document, dct:LinguisticSystem, ...), because a
  validator without inference cannot know that an IRI is a licence;
- controlled vocabularies: the EU licence, frequency, file-type, access-right, country,
  language and data-theme tables, and IANA media types as http:// IRIs;
- shared nodes (publisher, licence, contact point, media types, the API as a
  dcat:DataService) are written once in `@graph` and referred to by IRI;
- titles, descriptions and keywords are language-tagged literals in kk, ru and en, so a
  harvester keeps all three (ckanext-dcat reads the tags into its multilingual fields).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for
from sqlalchemy import Connection, func, select

from api.formats import FORMATS
from api.metadata import formats_for
from data import schema
from data.catalog import DATASETS, Dataset, Text3
from data.packaging import DEMO_NOTE, PACKAGE_TITLE, PUBLISHER, iso_timestamp
from data.periods import month_end
from data.queries import time_range
from webcore.cache import Publication, cached_query

EU = "http://publications.europa.eu/resource/authority/"
LICENCE_IRI = f"{EU}licence/CC_BY_4_0"
IANA = "http://www.iana.org/assignments/media-types/"
FREQUENCY = {
    "daily": "DAILY",
    "monthly": "MONTHLY",
    "on_change": "IRREG",
    "static": "NEVER",
}
FILE_TYPE = {
    "json": "JSON",
    "ndjson": "JSON",
    "csv": "CSV",
    "xlsx": "XLSX",
    "geojson": "GEOJSON",
    "parquet": "PARQUET",
}
# Media types registered at IANA; application/x-ndjson is not, so NDJSON names only its format.
IANA_TYPES = {"json", "csv", "xlsx", "geojson", "parquet"}  # vnd.apache.parquet: 2024
THEMES = {  # EU data-theme vocabulary, with its English labels
    "JUST": "Justice, legal system and public safety",
    "GOVE": "Government and public sector",
}
LANGUAGES = {"kk": "KAZ", "ru": "RUS", "en": "ENG"}
KEYWORDS = {
    "kk": ("полиция", "Қазақстан", "сервистік модель", "ашық деректер"),
    "ru": ("полиция", "Казахстан", "сервисная модель", "открытые данные"),
    "en": ("police", "Kazakhstan", "service model", "open data"),
}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _lang(text: dict[str, str] | Text3) -> list[dict[str, str]]:
    values = text.as_dict() if isinstance(text, Text3) else text
    return [{"@value": value, "@language": lang} for lang, value in values.items()]


def _node(iri: str, kind: str) -> dict[str, str]:
    return {"@id": iri, "@type": kind}


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _url(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, _external=True, **values)


def _datetime(value: datetime | None) -> dict[str, str] | None:
    stamp = iso_timestamp(value)
    return {"@value": stamp, "@type": "xsd:dateTime"} if stamp else None


def _date(value: date) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


# ------------------------------------------------------------------ facts from the warehouse
def _time_ranges(conn: Connection) -> dict[str, tuple[Any, Any]]:
    return {ds.id: time_range(conn, ds) for ds in DATASETS.values() if ds.time_field}


def _first_published(conn: Connection) -> datetime | None:
    value: datetime | None = conn.execute(
        select(func.min(schema.publications.c.published_at))
    ).scalar_one()
    return value


def _temporal(ds: Dataset, low: Any, high: Any) -> dict[str, Any] | None:
    """dct:PeriodOfTime covered by the rows: days, whole months, years or timestamps."""
    if low is None or high is None:
        return None
    if isinstance(low, int):  # a year column
        start, end = _date(date(low, 1, 1)), _date(date(high, 12, 31))
    elif isinstance(low, datetime):
        start, end = _datetime(low), _datetime(high)
    elif ds.time_field == "month":
        start, end = _date(low), _date(month_end(high))
    else:
        start, end = _date(low), _date(high)
    return {"@type": "dct:PeriodOfTime", "dcat:startDate": start, "dcat:endDate": end}


# ------------------------------------------------------------------ shared nodes
def _shared_nodes(ids: dict[str, str], docs: str) -> list[dict[str, Any]]:
    publisher = {
        **_node(ids["publisher"], "foaf:Agent"),
        "foaf:name": _lang(PUBLISHER),
        "dct:type": {
            **_node("http://purl.org/adms/publishertype/NationalAuthority", "skos:Concept"),
            "skos:prefLabel": {"@value": "National authority", "@language": "en"},
        },
    }
    contact = {
        "@id": ids["contact"],
        "@type": ["vcard:Kind", "vcard:Organization"],
        "vcard:fn": _lang(PUBLISHER),
        "vcard:hasURL": _ref(docs),
    }
    licence = {
        **_node(LICENCE_IRI, "dct:LicenseDocument"),
        "rdfs:label": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "rdfs:seeAlso": _node("https://creativecommons.org/licenses/by/4.0/", "rdfs:Resource"),
    }
    simple = [
        _node(f"{EU}access-right/PUBLIC", "dct:RightsStatement"),
        _node(f"{EU}country/KAZ", "dct:Location"),
        _node(docs, "foaf:Document"),
        *(_node(f"{EU}language/{code}", "dct:LinguisticSystem") for code in LANGUAGES.values()),
        *(_node(f"{EU}frequency/{code}", "dct:Frequency") for code in FREQUENCY.values()),
        *(
            {
                **_node(f"{EU}data-theme/{code}", "skos:Concept"),
                "skos:prefLabel": {"@value": label, "@language": "en"},
                "skos:inScheme": _ref(f"{EU}data-theme"),
            }
            for code, label in THEMES.items()
        ),
        {
            **_node(f"{EU}data-theme", "skos:ConceptScheme"),
            "dct:title": {"@value": "Data theme", "@language": "en"},
        },
        *(
            _node(f"{EU}file-type/{code}", "dct:MediaTypeOrExtent")
            for code in sorted(set(FILE_TYPE.values()))
        ),
        *(_node(IANA + FORMATS[name].mimetype, "dct:MediaType") for name in sorted(IANA_TYPES)),
    ]
    return [publisher, contact, licence, *simple]


def _data_service(ids: dict[str, str], dataset_ids: list[str]) -> dict[str, Any]:
    endpoint = _url("api.index")
    return {
        **_node(ids["service"], "dcat:DataService"),
        "dct:title": _lang(
            {
                "kk": "Полицияның сервистік моделі: ашық деректер API",
                "ru": "Сервисная модель полиции: API открытых данных",
                "en": "Police service model in Kazakhstan: open-data API",
            }
        ),
        "dct:description": _lang(
            {
                "kk": "Тек оқуға арналған JSON API: жолдар, жиынтықтар, CSV/XLSX/GeoJSON жүктеу.",
                "ru": "JSON API только для чтения: строки, агрегаты, выгрузки CSV/XLSX/GeoJSON.",
                "en": "Read-only JSON API: rows, sums and CSV/XLSX/GeoJSON downloads.",
            }
        ),
        "dcat:endpointURL": _node(endpoint, "rdfs:Resource"),
        "dcat:endpointDescription": _node(_url("api.openapi"), "rdfs:Resource"),
        "dcat:servesDataset": [_ref(i) for i in dataset_ids],
        "dct:publisher": _ref(ids["publisher"]),
        "dcat:contactPoint": _ref(ids["contact"]),
        "dct:license": _ref(LICENCE_IRI),
        "dct:accessRights": _ref(f"{EU}access-right/PUBLIC"),
        "dcat:landingPage": _ref(_url("api.docs")),
        "dcat:theme": [_ref(f"{EU}data-theme/{code}") for code in THEMES],
    }


# ------------------------------------------------------------------ datasets
def _distribution(ds: Dataset, name: str, pub: Publication, ids: dict[str, str]) -> dict[str, Any]:
    url = (
        _url("api.rows", dataset_id=ds.id)
        if name == "json"
        else _url("api.rows_ext", dataset_id=ds.id, ext=name)
    )
    label = name.upper()
    node: dict[str, Any] = {
        **_node(f"{url}#distribution", "dcat:Distribution"),
        "dct:title": _lang({lang: f"{ds.title.get(lang)} ({label})" for lang in LANGUAGES}),
        "dcat:accessURL": _node(url, "rdfs:Resource"),
        "dcat:downloadURL": _node(url, "rdfs:Resource"),
        "dcat:accessService": _ref(ids["service"]),
        "dct:format": _ref(f"{EU}file-type/{FILE_TYPE[name]}"),
        "dct:license": _ref(LICENCE_IRI),
        "dct:rights": _ref(f"{EU}access-right/PUBLIC"),
        "dct:modified": _datetime(pub.published_at),
    }
    if name in IANA_TYPES:
        node["dcat:mediaType"] = _ref(IANA + FORMATS[name].mimetype)
    return node


def _dataset(
    ds: Dataset,
    pub: Publication,
    ids: dict[str, str],
    docs: str,
    span: tuple[Any, Any] | None,
    issued: datetime | None,
) -> dict[str, Any]:
    description = ds.description.as_dict()
    if pub.is_demo:
        description = {k: f"{DEMO_NOTE[k]} {v}" for k, v in description.items()}
    node: dict[str, Any] = {
        **_node(_url("api.dataset_detail", dataset_id=ds.id), "dcat:Dataset"),
        "dct:identifier": ds.id,
        "dct:title": _lang(ds.title),
        "dct:description": _lang(description),
        "dct:publisher": _ref(ids["publisher"]),
        "dcat:contactPoint": _ref(ids["contact"]),
        "dcat:theme": [_ref(f"{EU}data-theme/{code}") for code in THEMES],
        "dcat:keyword": [
            {"@value": word, "@language": lang}
            for lang, words in KEYWORDS.items()
            for word in words
        ],
        "dct:license": _ref(LICENCE_IRI),
        "dct:accessRights": _ref(f"{EU}access-right/PUBLIC"),
        "dct:accrualPeriodicity": _ref(f"{EU}frequency/{FREQUENCY[ds.cadence]}"),
        "dct:spatial": _ref(f"{EU}country/KAZ"),
        "dct:language": [_ref(f"{EU}language/{code}") for code in LANGUAGES.values()],
        "dct:modified": _datetime(pub.published_at),
        "dcat:landingPage": _ref(docs),
        "dcat:distribution": [_distribution(ds, name, pub, ids) for name in formats_for(ds)],
    }
    if issued is not None:
        node["dct:issued"] = _datetime(issued)
    if span is not None and (temporal := _temporal(ds, *span)) is not None:
        node["dct:temporal"] = temporal
    return node


def dcat_catalog(pub: Publication) -> dict[str, Any]:
    """The catalogue of one publication as a DCAT-AP 3.0 JSON-LD document."""
    catalog_iri = _url("api.catalog_jsonld")
    ids = {
        "publisher": f"{catalog_iri}#publisher",
        "contact": f"{catalog_iri}#contact",
        "service": _url("api.index") + "#service",
    }
    docs = _url("api.docs")
    spans = cached_query("dcat_time_ranges", _time_ranges)
    issued = cached_query("dcat_first_published", _first_published)
    datasets = [_dataset(ds, pub, ids, docs, spans.get(ds.id), issued) for ds in DATASETS.values()]
    title = dict(PACKAGE_TITLE)
    catalog: dict[str, Any] = {
        **_node(catalog_iri, "dcat:Catalog"),
        "dct:title": _lang(title),
        "dct:description": _lang(
            {
                "kk": "Полиция реформасының анонимделген жиынтық статистикасы.",
                "ru": "Анонимизированная сводная статистика реформы полиции.",
                "en": "Anonymised aggregate statistics of the police service model reform.",
            }
        ),
        "dct:publisher": _ref(ids["publisher"]),
        "dcat:contactPoint": _ref(ids["contact"]),
        "dct:license": _ref(LICENCE_IRI),
        "dct:language": [_ref(f"{EU}language/{code}") for code in LANGUAGES.values()],
        "dct:spatial": _ref(f"{EU}country/KAZ"),
        "dct:modified": _datetime(pub.published_at),
        "foaf:homepage": _ref(docs),
        "dcat:themeTaxonomy": _ref(f"{EU}data-theme"),
        "dcat:service": _ref(ids["service"]),
        "dcat:dataset": datasets,
    }
    if issued is not None:
        catalog["dct:issued"] = _datetime(issued)
    graph = [catalog, _data_service(ids, [d["@id"] for d in datasets]), *_shared_nodes(ids, docs)]
    return {"@context": CONTEXT, "@graph": graph}
