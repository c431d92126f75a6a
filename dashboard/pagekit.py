"""Small helpers every page module uses: titles, sections, settings, the empty-warehouse notice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import html
from flask import current_app

from dashboard.i18n import request_lang, t
from data.settings import Config


def page_title(msg_id: str) -> Callable[..., str]:
    """A register_page title that follows the language of the request."""

    def title(**_: Any) -> str:
        lang = request_lang()
        return f"{t(msg_id, lang)} · {t('site.name', lang)}"

    return title


def portal_config() -> Config:
    return current_app.config["PORTAL"]


def suppression_k() -> int:
    return portal_config().suppression_k


def section(
    heading_id: str, heading: Any, *children: Any, class_name: str = "mb-5", level: int = 2
) -> html.Section:
    tag = {2: html.H2, 3: html.H3}[level]
    return html.Section(
        [tag(heading, id=heading_id), *children],
        className=class_name,
        **{"aria-labelledby": heading_id},
    )


def no_data_notice(lang: str) -> html.Div:
    return html.Div(
        [
            html.P(t("no_data.title", lang), className="fw-semibold mb-1"),
            html.P(t("no_data.body", lang), className="mb-0"),
        ],
        className="alert alert-secondary",
        role="status",
    )


def search_update(new_search: str, current_search: str | None) -> Any:
    """Write the URL only when the view changed (each write adds a history entry)."""
    from dash import no_update

    return no_update if new_search == (current_search or "") else new_search


def announcement(what: str, lang: str, rendered_before: bool | None) -> Any:
    """Text for the shell's polite live region after a user's change ("Updated: …"); nothing
    on a page's first render (`rendered_before` is the page's own flag, false until then)."""
    from dash import no_update

    return t("status.updated", lang, what=what) if rendered_before else no_update
