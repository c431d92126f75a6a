"""A Python client generated from /api/v1/openapi.json by openapi-python-client, used on every
endpoint of the real app.

The generator must not warn: a "Warning" or "Unable to process schema" line means a schema it
could not type, i.e. a client method that returns an untyped dict or nothing at all. The only
setting is the tool's documented content-type override that reads application/zip as bytes.
Every generated operation is then called through httpx's WSGI transport and must answer 200
with a typed (model) body.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from flask import Flask
from test_api_support import ensure_bulk

from data.catalog import DATASETS

PACKAGE = "kz_police_api_client"
CONFIG = """\
content_type_overrides:
  application/zip: application/octet-stream
post_hooks: []
"""


@pytest.fixture(scope="module")
def generated(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("generated_client")
    spec = root / "openapi.json"
    spec.write_bytes(app.test_client().get("/api/v1/openapi.json").get_data())
    (root / "config.yaml").write_text(CONFIG)
    tool = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [
            str(tool),
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(root / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(root / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    bad = [
        line
        for line in output.splitlines()
        if "warning" in line.lower() or "unable to process schema" in line.lower()
    ]
    assert not bad, output
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def client(generated: ModuleType, app: Flask) -> Any:
    ensure_bulk(app)
    transport = httpx.WSGITransport(app=app)
    return generated.Client(
        base_url="http://testserver",
        raise_on_unexpected_status=True,
        httpx_args={"transport": transport},
    )


def operations(generated: ModuleType) -> dict[str, ModuleType]:
    """Every generated operation module, by operationId."""
    api = importlib.import_module(f"{generated.__name__}.api")
    out = {}
    for tag in pkgutil.iter_modules(api.__path__):
        package = importlib.import_module(f"{api.__name__}.{tag.name}")
        for op in pkgutil.iter_modules(package.__path__):
            out[op.name] = importlib.import_module(f"{package.__name__}.{op.name}")
    return out


def enum(generated: ModuleType, name: str) -> Any:
    return getattr(importlib.import_module(f"{generated.__name__}.models"), name)


def typed(generated: ModuleType, body: Any) -> bool:
    return type(body).__module__.startswith(f"{generated.__name__}.models")


def calls(generated: ModuleType) -> dict[str, tuple[dict[str, Any], Callable[[Any], bool]]]:
    """operationId -> (arguments, what the parsed body must be)."""
    model: Callable[[Any], bool] = lambda body: typed(generated, body)  # noqa: E731
    text: Callable[[Any], bool] = lambda body: isinstance(body, str) and len(body) > 0  # noqa: E731
    out: dict[str, tuple[dict[str, Any], Callable[[Any], bool]]] = {
        "list_datasets": ({}, model),
        "get_dataset": ({"dataset_id": enum(generated, "GetDatasetDatasetId")("targets")}, model),
        "openapi": ({}, model),
        "datapackage": ({}, model),
        "catalog_jsonld": ({}, model),
        "docs": ({}, text),
        "list_regions": ({}, model),
        "get_region": ({"code": "Almaty"}, model),
        "facilities": (
            {
                "type_": [enum(generated, "FacilitiesTypeItem")("modular_post")],
                "region": ["Алматы"],
            },
            model,
        ),
        "publications": ({"limit": 5}, model),
        "status": ({}, model),
        "healthz": ({}, model),
        "bulk": ({}, lambda body: body.payload.read(2) == b"PK"),
        "download_rows": (
            {
                "dataset_id": enum(generated, "DownloadRowsDatasetId")("regions"),
                "ext": enum(generated, "DownloadRowsExt")("csv"),
            },
            lambda body: body.startswith("iso_code,"),
        ),
        "download_aggregate": (
            {
                "dataset_id": enum(generated, "DownloadAggregateDatasetId")("region_indicators"),
                "ext": enum(generated, "DownloadAggregateExt")("csv"),
                "group_by": ["region"],
                "lang": enum(generated, "DownloadAggregateLang")("ru"),
            },
            lambda body: "Алматинская область" in body,
        ),
    }
    for ds_id, ds in DATASETS.items():
        camel = "".join(part.capitalize() for part in ds_id.split("_"))
        args: dict[str, Any] = {"limit": 3}
        if "lang" in _params(generated, f"rows_{ds_id}"):
            args["lang"] = enum(generated, f"Rows{camel}Lang")("kk")
        out[f"rows_{ds_id}"] = (args, model)
        if ds.measure_fields:
            group = enum(generated, f"Aggregate{camel}GroupByItem")
            out[f"aggregate_{ds_id}"] = ({"group_by": [next(iter(group))]}, model)
    return out


def _params(generated: ModuleType, op_id: str) -> set[str]:
    import inspect

    return set(inspect.signature(operations(generated)[op_id].sync_detailed).parameters)


def test_client_generates_without_warnings_and_covers_every_operation(
    generated: ModuleType,
) -> None:
    assert set(operations(generated)) == set(calls(generated))


def test_every_operation_answers_through_the_generated_client(
    generated: ModuleType, client: Any
) -> None:
    ops = operations(generated)
    for op_id, (args, check) in sorted(calls(generated).items()):
        response = ops[op_id].sync_detailed(client=client, **args)
        assert response.status_code == 200, (op_id, response.content[:300])
        assert check(response.parsed), (op_id, type(response.parsed), response.content[:200])


def test_typed_models_carry_the_data(generated: ModuleType, client: Any) -> None:
    ops = operations(generated)
    detail = ops["get_dataset"].sync(
        client=client,
        dataset_id=enum(generated, "GetDatasetDatasetId")("front_office_visits_regional"),
    )
    channel = next(f for f in detail.data.fields if f.name == "channel")
    assert channel.values == ["walk_in", "video_call_102", "online"]
    pubs = ops["publications"].sync(client=client, limit=5)
    first = pubs.data[-1]  # the ETL's own publication: per-dataset row counts
    change = first.changes.additional_properties["front_office_visits_daily"]
    assert change.rows_after > 0
    rows = ops["rows_front_office_visits_regional"].sync(
        client=client,
        limit=2,
        region=["Almaty"],
        channel=[enum(generated, "RowsFrontOfficeVisitsRegionalChannelItem")("walk_in")],
    )
    assert rows.data and {r.region for r in rows.data} == {"KZ-75"}
    assert {r.region_name for r in rows.data} == {"Almaty"}


def test_an_unknown_category_value_is_a_400_listing_the_allowed_ones(
    client: Any, generated: ModuleType
) -> None:
    response = client.get_httpx_client().get(
        "/api/v1/datasets/front_office_visits_regional/rows", params={"channel": "walkin"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["param"] == "channel"
    assert "walk_in, video_call_102, online" in error["message"]
