"""Form controls that always carry a visible label and speak the page's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import t

DROPDOWN_LABEL_IDS = ("select_all", "deselect_all", "selected_count", "search", "clear_search",
                      "clear_selection", "no_options_found")


def dropdown_labels(lang: str) -> dict[str, str]:
    return {key: t(f"dropdown.{key}", lang) for key in DROPDOWN_LABEL_IDS}


def labelled(control_id: Any, text: str, control: Any, *, help_text: str | None = None,
             class_name: str = "mb-3") -> html.Div:
    """A label bound to the control by id, plus optional help referenced by aria-describedby.
    The wrapper is a named group, so widgets that name themselves by their value (dropdowns)
    are still announced with their label."""
    label_id = f"{control_id}-label" if isinstance(control_id, str) else None
    children: list[Any] = [dbc.Label(text, html_for=control_id if label_id else None,
                                     id=label_id, className="form-label fw-semibold")]
    children.append(control)
    if help_text:
        children.append(html.Div(help_text, className="form-text"))
    attrs = {"role": "group", "aria-labelledby": label_id} if label_id else {}
    return html.Div(children, className=class_name, **attrs)


def select(control_id: Any, options: Sequence[dict[str, str]], value: str | None,
           **kwargs: Any) -> dbc.Select:
    """A native <select>: announced, keyboard-operable and phone-friendly out of the box."""
    return dbc.Select(id=control_id, options=list(options), value=value, **kwargs)


def multi_dropdown(control_id: Any, options: Sequence[dict[str, str]],
                   value: Sequence[str], lang: str, placeholder: str | None = None) -> dcc.Dropdown:
    return dcc.Dropdown(id=control_id, options=list(options), value=list(value), multi=True,
                        placeholder=placeholder or t("dropdown.placeholder", lang),
                        labels=dropdown_labels(lang), clearable=True, searchable=True)


def switch(control_id: str, text: str, value: bool) -> dbc.Switch:
    return dbc.Switch(id=control_id, label=text, value=value, className="mb-3")
