"""Links to the open-data API with exactly the filters a page shows."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from dash import html

from dashboard.i18n import t

API = "/api/v1"


def rows_url(
    dataset: str, fmt: str = "csv", params: Sequence[tuple[str, str]] = (), bom: bool = True
) -> str:
    query = list(params) + ([("bom", "1")] if fmt == "csv" and bom else [])
    suffix = "?" + urlencode(query, safe=",") if query else ""
    return f"{API}/datasets/{dataset}/rows.{fmt}{suffix}"


def aggregate_url(
    dataset: str,
    group_by: Sequence[str],
    measure: str,
    params: Sequence[tuple[str, str]] = (),
    fmt: str = "csv",
) -> str:
    query = [("group_by", ",".join(group_by)), ("measure", measure), *params]
    if fmt == "csv":
        query.append(("bom", "1"))
    return f"{API}/datasets/{dataset}/aggregate.{fmt}?" + urlencode(query, safe=",")


def metadata_url(dataset: str) -> str:
    return f"{API}/datasets/{dataset}"


def link_button(
    text: str, href: str, *, download: bool = True, outline: bool = True, class_name: str = ""
) -> html.A:
    kind = "btn-outline-primary" if outline else "btn-primary"
    extra = {"download": ""} if download else {}
    return html.A(text, href=href, className=f"btn btn-sm {kind} me-2 mb-2 {class_name}", **extra)


def format_links(
    dataset: str,
    params: Sequence[tuple[str, str]],
    lang: str,
    formats: Sequence[str] = ("csv", "xlsx", "json"),
) -> html.Div:
    ids = {
        "csv": "download.csv",
        "xlsx": "download.xlsx",
        "json": "download.json",
        "geojson": "download.geojson",
    }
    buttons = [link_button(t(ids[f], lang), rows_url(dataset, f, params)) for f in formats]
    buttons.append(link_button(t("download.metadata", lang), metadata_url(dataset), download=False))
    return html.Div(buttons, className="download-links")
