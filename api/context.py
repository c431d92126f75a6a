"""The `meta` block every data response carries: what was published, when, under which
licence, whether it is demo data, and how small counts are suppressed."""

from __future__ import annotations

from typing import Any

from flask import current_app

from api.errors import ApiError
from data.catalog import LICENCE, SUPPRESSION_RULE, Dataset
from data.packaging import iso_timestamp
from data.settings import Config
from webcore.cache import Publication, current_publication


def portal_config() -> Config:
    return current_app.config["PORTAL"]


def published() -> Publication:
    """The current publication; 503 while the warehouse has never been published."""
    pub = current_publication()
    if not pub.exists:
        raise ApiError(
            503,
            "nothing has been published yet; the first ETL run is pending",
            code="not_published",
            headers={"Retry-After": "300"},
        )
    return pub


def suppression_block(dataset: Dataset | None) -> dict[str, Any]:
    return {
        "applied": bool(dataset.suppression) if dataset else True,
        "k": portal_config().suppression_k,
        "flag_field": "suppressed",
        "rule": SUPPRESSION_RULE.as_dict(),
    }


def meta_block(dataset: Dataset | None, pub: Publication, **extra: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "dataset": dataset.id if dataset else None,
        "publication_id": pub.id,
        "last_updated": iso_timestamp(pub.published_at),
        "licence": LICENCE,
        "demo": pub.is_demo,
        "suppression": suppression_block(dataset),
    }
    meta.update(extra)
    return meta
