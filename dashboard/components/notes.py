"""Plain-language notes explaining why a number is missing, suppressed or a lower bound."""

from __future__ import annotations

from collections.abc import Iterable

from dash import html

from dashboard.i18n import t
from data.figures import MISSING, PARTIAL, SUPPRESSED


def state_notes(states: Iterable[str], *, lang: str, k: int) -> html.Div | None:
    """One sentence per kind of gap present, with a link to the full rule; None if no gap."""
    present = set(states)
    items = []
    if SUPPRESSED in present:
        items.append(html.Li(t("note.suppressed", lang, k=k)))
    if PARTIAL in present:
        items.append(html.Li(t("note.partial", lang)))
    if MISSING in present:
        items.append(html.Li(t("note.missing", lang)))
    if not items:
        return None
    link = html.A(t("note.rule_link", lang), href=f"/methodology?lang={lang}#suppression")
    return html.Div(
        [
            html.P(t("note.heading", lang), className="fw-semibold mb-1"),
            html.Ul(items, className="mb-1"),
            link,
        ],
        className="data-notes small border-start border-3 ps-3 my-3",
    )
