"""All user-visible text of the dashboard, in kk/ru/en, merged into MESSAGES and LABELS.

One module per area keeps each list short; `MESSAGES` refuses an id defined twice.
"""

from __future__ import annotations

from dashboard.text import common, indicators, methodology, open_data, overview, regions
from dashboard.text import find as find_text
from dashboard.text import map as map_text
from dashboard.text.labels import LABELS


def _merge(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        for msg_id, texts in part.items():
            if msg_id in merged:
                raise ValueError(f"message id defined twice: {msg_id}")
            merged[msg_id] = texts
    return merged


MESSAGES = _merge(
    common.MESSAGES,
    overview.MESSAGES,
    regions.MESSAGES,
    indicators.MESSAGES,
    open_data.MESSAGES,
    methodology.MESSAGES,
    find_text.MESSAGES,
    map_text.MESSAGES,
)

__all__ = ["LABELS", "MESSAGES"]
