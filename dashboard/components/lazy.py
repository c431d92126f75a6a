"""Content drawn only when it comes near the screen (charts and maps below the fold).

A page puts `lazy_store(id)` in its layout and marks a block that stays in place with
`watch(id)`; assets/portal.js sets the store's `data` to true (dash_clientside.set_props) when
that block is within a few hundred pixels of the viewport, or before printing. A callback with
the store as Input then draws the heavy part. Until then the block keeps the height of what will
come (`placeholder`), so nothing below it moves when it arrives.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html


def lazy_store(store_id: str) -> dcc.Store:
    return dcc.Store(id=store_id, data=False)


def watch(store_id: str) -> dict[str, str]:
    """Attributes for the block whose visibility triggers the store."""
    return {"data-lazy-store": store_id}


def placeholder(height: int, class_name: str = "") -> html.Div:
    """An empty box of the final height (a chart not drawn yet)."""
    return html.Div(
        className=f"lazy-placeholder {class_name}".strip(),
        style={"height": f"{height}px"},
        **{"aria-hidden": "true"},
    )


def is_visible(value: Any) -> bool:
    return value is True
