"""Accessible HTML tables: a caption, column headers with scope, a row header per row.

Cells may hold text or plain html.* components (links, badges); the table is rendered as one
static block, because the renderer is slow with many components.

Wide tables scroll inside a focusable region (keyboard users can scroll it; WCAG 2.1.1) so the
page itself never scrolls sideways on a 375 px phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import html

from dashboard.components.static_html import static_block
from dashboard.i18n import t

Cellish = Any  # a string, a number or a Dash component


def data_table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cellish]],
    *,
    lang: str,
    numeric: Sequence[int] = (),
    table_id: str | None = None,
    caption_visible: bool = True,
    class_name: str = "",
) -> html.Div:
    """`rows[i][0]` is the row header (th scope=row); columns in `numeric` align right."""
    numeric_cols = set(numeric)

    def cls(index: int) -> str:
        return "text-end text-nowrap" if index in numeric_cols else ""

    head = html.Thead(
        html.Tr([html.Th(h, scope="col", className=cls(i)) for i, h in enumerate(headers)])
    )
    body = html.Tbody(
        [
            html.Tr(
                [html.Th(row[0], scope="row", className="fw-normal")]
                + [html.Td(value, className=cls(i)) for i, value in enumerate(row[1:], start=1)]
            )
            for row in rows
        ]
    )
    table_kwargs = {"id": table_id} if table_id else {}
    # The <caption> names the table for assistive technology; its visible twin sits outside
    # the scrolling box so that it wraps to the screen, not to the width of the table.
    table = html.Table(
        [html.Caption(caption, className="visually-hidden"), head, body],
        className=f"table table-sm table-striped align-middle mb-0 {class_name}",
        **table_kwargs,
    )
    scroller = html.Div(
        table,
        className="table-responsive table-scroll",
        tabIndex=0,
        role="region",
        **{"aria-label": t("table.scroll", lang, caption=caption)},
    )
    body = static_block(scroller)  # one component, however many cells (see static_html)
    if not caption_visible:
        return html.Div(body, className="mb-3")
    return html.Div(
        [html.P(caption, className="table-caption mb-1", **{"aria-hidden": "true"}), body],
        className="mb-3",
    )


def definition_list(items: Sequence[tuple[str, Cellish]], class_name: str = "") -> html.Dl:
    children: list[Any] = []
    for term, value in items:
        children.extend([html.Dt(term, className="col-sm-4"), html.Dd(value, className="col-sm-8")])
    return html.Dl(children, className=f"row mb-0 {class_name}")
