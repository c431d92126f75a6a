"""Property-based tests of the API against its own OpenAPI document (schemathesis).

Every operation gets generated requests, valid ones and invalid ones; every response must
be a non-5xx with a documented status code, content type and headers, and a body that
matches its schema. Bounded (a few examples per operation and mode) so the whole module
runs in well under two minutes.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from test_api_support import ensure_bulk

from api.openapi import openapi_document

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
OPERATIONS = sorted(openapi_document()["paths"])
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 6}


PARAMETERLESS = {
    path for path, item in openapi_document()["paths"].items() if not item["get"]["parameters"]
}


@pytest.fixture(scope="module")
def api_schema(app: Flask) -> Any:
    ensure_bulk(app)  # /bulk/latest.zip answers 503 until the ETL has built it
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=str)
@pytest.mark.parametrize("path", OPERATIONS)
def test_operation_conforms_to_the_document(
    api_schema: Any, path: str, mode: GenerationMode
) -> None:
    if mode is GenerationMode.NEGATIVE and path in PARAMETERLESS:
        pytest.skip("no parameter to make invalid")
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        # The WSGI transport does not undo Content-Encoding: ask for identity bodies.
        case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})

    check()
