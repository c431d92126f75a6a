"""The /map view's state and its URL: `?lang=kk&indicator=sos_activations&layers=front_office`.

Pure functions, so the page module stays thin and the rules are tested without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from dashboard.i18n import normalise_lang
from dashboard.map.build import DEFAULT_INDICATOR, LAYERS
from data.catalog import INDICATORS

NO_LAYERS = "none"  # `layers=none` in the URL: every facility layer switched off


def parse_indicator(value: Any) -> str:
    return value if isinstance(value, str) and value in INDICATORS else DEFAULT_INDICATOR


def parse_layers(value: Any) -> list[str]:
    """`layers=front_office,sos_button` (or repeated) → known layers in canonical order.

    Absent → every layer; `none`, empty or only unknown names → no layer.
    """
    if value is None:
        return list(LAYERS)
    parts = value if isinstance(value, list) else [value]
    wanted = {p.strip() for part in parts for p in str(part).split(",")}
    return [kind for kind in LAYERS if kind in wanted]


def chosen_layers(values: Sequence[str] | None) -> list[str]:
    """Checklist values → known layers in canonical order (a stable cache key)."""
    wanted = set(values or [])
    return [kind for kind in LAYERS if kind in wanted]


def search_string(lang: str, indicator: str, layers: Sequence[str]) -> str:
    """The query string of a view; the default (every layer) is left out to keep links short."""
    params = {"lang": normalise_lang(lang), "indicator": parse_indicator(indicator)}
    chosen = chosen_layers(layers)
    if chosen != list(LAYERS):
        params["layers"] = ",".join(chosen) or NO_LAYERS
    return "?" + urlencode(params, safe=",")
