"""Reference facts shipped with the project: the 20 units, population, key figures.

They are facts from public sources (see data/reference/*.csv and the methodology page),
loaded into the warehouse so that pages and downloads read them like any other dataset.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, delete, insert

from data import schema

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
# The credit of the geokz boundaries (data/geo/), stored with the polygons by `etl
# load-boundaries`; the maps show it in the page's language (dashboard/text/map.py).
GEOKZ_ATTRIBUTION = "Boundaries: geokz (A. Rodionov), CC BY 4.0, based on OCHA COD-AB"


@cache
def regions_frame() -> pd.DataFrame:
    """The 20 units (17 regions + 3 cities), ordered by ISO code."""
    return pd.read_csv(
        REFERENCE_DIR / "regions.csv", dtype={"kato_prefix": str}, encoding="utf-8"
    ).sort_values("iso_code", ignore_index=True)


def region_codes() -> list[str]:
    return regions_frame()["iso_code"].tolist()


def kato_prefix_to_region() -> dict[str, str]:
    frame = regions_frame()
    return dict(zip(frame["kato_prefix"], frame["iso_code"], strict=True))


def normalise_region(code: str) -> str | None:
    """Accept an ISO 3166-2 code (KZ-59) or a KATO code or prefix (59, 590000000)."""
    code = code.strip().upper()
    if code in set(region_codes()):
        return code
    if code.isdigit() and len(code) in (2, 9):
        return kato_prefix_to_region().get(code[:2])
    return None


def population_frame() -> pd.DataFrame:
    frame = pd.read_csv(REFERENCE_DIR / "population.csv", encoding="utf-8")
    return frame.rename(columns={"iso_code": "region"})


def key_figures_frame() -> pd.DataFrame:
    frame = pd.read_csv(REFERENCE_DIR / "key_figures.csv", encoding="utf-8", dtype=str)
    frame["value"] = frame["value"].astype(float)
    frame["published_on"] = pd.to_datetime(frame["published_on"]).dt.date
    return frame


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    clean = frame.astype(object).where(frame.notna(), None)
    # str(): pandas types column labels as Hashable; these are the CSV's header names.
    return [{str(k): v for k, v in row.items()} for row in clean.to_dict("records")]


def load_reference(conn: Connection) -> None:
    """Replace the reference tables with the shipped files (idempotent)."""
    for table, frame in (
        (schema.regions, regions_frame()),
        (schema.population, population_frame()),
        (schema.key_figures, key_figures_frame()),
    ):
        if "id" in table.c and "id" not in frame.columns:
            frame = frame.assign(id=range(1, len(frame) + 1))
        conn.execute(delete(table))
        conn.execute(insert(table), _records(frame))
