"""/api/v1/catalog.jsonld against the official DCAT-AP 3.0.0 SHACL shapes (pySHACL), and read
back the way a harvester does (rdflib): every language kept, one publisher, the API as a
dcat:DataService, EU vocabularies and IANA media types."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from data.catalog import DATASETS

SHAPES = Path(__file__).resolve().parent / "data" / "dcat-ap-3.0" / "dcat_ap_shacl.jsonld"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SH = Namespace("http://www.w3.org/ns/shacl#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"


@pytest.fixture(scope="module")
def catalog(app: Flask) -> Graph:
    response = app.test_client().get("/api/v1/catalog.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    return Graph().parse(data=response.get_data(as_text=True), format="json-ld")


def test_zero_violations_against_the_dcat_ap_3_shapes(catalog: Graph) -> None:
    from pyshacl import validate

    shapes = Graph().parse(SHAPES, format="json-ld")
    conforms, report, text = validate(catalog, shacl_graph=shapes, inference="none")
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    assert conforms and not results, text
    assert len(catalog) > 500  # the shapes were checked against a real catalogue


def test_harvester_keeps_every_language(catalog: Graph) -> None:
    datasets = set(catalog.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == len(DATASETS)
    for node in datasets:
        for prop in (DCT.title, DCT.description):
            langs = {o.language for o in catalog.objects(node, prop) if isinstance(o, Literal)}
            assert langs == {"kk", "ru", "en"}, (node, prop)
        for dist in catalog.objects(node, DCAT.distribution):
            langs = {o.language for o in catalog.objects(dist, DCT.title)}
            assert langs == {"kk", "ru", "en"}, dist


def test_vocabularies_publisher_contact_and_service(catalog: Graph) -> None:
    assert len(set(catalog.subjects(RDF.type, FOAF.Agent))) == 1  # one publisher node
    licences = set(catalog.objects(None, DCT.license))
    assert licences == {URIRef(f"{EU}licence/CC_BY_4_0")}
    media = {str(o) for o in catalog.objects(None, DCAT.mediaType)}
    assert "http://www.iana.org/assignments/media-types/text/csv" in media
    assert all(m.startswith("http://www.iana.org/assignments/media-types/") for m in media)
    assert not any("x-ndjson" in m for m in media)  # not registered at IANA
    themes = {str(o) for o in catalog.objects(None, DCAT.theme)}
    assert themes == {f"{EU}data-theme/JUST", f"{EU}data-theme/GOVE"}
    contact = set(catalog.objects(None, DCAT.contactPoint))
    assert len(contact) == 1 and (next(iter(contact)), RDF.type, VCARD.Kind) in catalog
    services = set(catalog.subjects(RDF.type, DCAT.DataService))
    assert len(services) == 1
    service = next(iter(services))
    assert catalog.value(service, DCAT.endpointURL) is not None
    assert len(set(catalog.objects(service, DCAT.servesDataset))) == len(DATASETS)
    fov = next(s for s in catalog.subjects(DCT.identifier, Literal("front_office_visits_daily")))
    assert catalog.value(fov, DCT.issued) is not None
    period = catalog.value(fov, DCT.temporal)
    start, end = catalog.value(period, DCAT.startDate), catalog.value(period, DCAT.endDate)
    assert start is not None and end is not None and str(start) <= str(end)
