"""Form controls that always carry a visible label and speak the page's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import html


def labelled(
    control_id: Any,
    text: str,
    control: Any,
    *,
    help_text: str | None = None,
    class_name: str = "mb-3",
) -> html.Div:
    """A label bound to the control by id, plus optional help referenced by aria-describedby.
    The wrapper is a named group, so widgets that name themselves by their value (dropdowns)
    are still announced with their label."""
    label_id = f"{control_id}-label" if isinstance(control_id, str) else None
    children: list[Any] = [
        dbc.Label(
            text,
            html_for=control_id if label_id else None,
            id=label_id,
            className="form-label fw-semibold",
        )
    ]
    children.append(control)
    if help_text:
        children.append(html.Div(help_text, className="form-text"))
    attrs = {"role": "group", "aria-labelledby": label_id} if label_id else {}
    return html.Div(children, className=class_name, **attrs)


def select(
    control_id: Any, options: Sequence[dict[str, str]], value: str | None, **kwargs: Any
) -> dbc.Select:
    """A native <select>: announced, keyboard-operable and phone-friendly out of the box."""
    return dbc.Select(id=control_id, options=list(options), value=value, **kwargs)


def checklist(
    control_id: str,
    legend: str,
    options: Sequence[dict[str, str]],
    value: Sequence[str],
    *,
    help_text: str | None = None,
    inline: bool = False,
    collapsed: bool | None = None,
    class_name: str = "mb-3",
) -> Any:
    """Native checkboxes in a fieldset whose legend names the group (an empty choice = all).
    With `collapsed` set, the group sits in a disclosure (<details>) opened when it matters."""
    body: list[Any] = [
        dbc.Checklist(
            id=control_id,
            options=list(options),
            value=list(value),
            inline=inline,
            className="portal-checklist",
        )
    ]
    if help_text:
        body.append(html.Div(help_text, className="form-text"))
    if collapsed is None:
        return html.Fieldset(
            [html.Legend(legend, className="form-label fs-6 fw-semibold"), *body],
            className=class_name,
        )
    return html.Details(
        [
            html.Summary(legend, className="form-label fw-semibold"),
            html.Fieldset(
                [html.Legend(legend, className="visually-hidden"), *body], className="checklist-box"
            ),
        ],
        open=not collapsed,
        className=class_name,
    )


def switch(control_id: str, text: str, value: bool) -> dbc.Switch:
    return dbc.Switch(id=control_id, label=text, value=value, className="mb-3")
