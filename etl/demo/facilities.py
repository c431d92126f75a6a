"""The demo facility registry: how many of each type, where, named how, open when.

Why built once for the whole run: events point at facilities the registry lists, open on their
night and in the district it says, so the registry is the single source of those facts (a few
hundred public-facing facilities and up to ~46,000 cameras). ``world.snapshot`` exports it.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data.translit import to_latin
from etl.demo import config as cfg
from etl.demo.columns import Columns, concat, zfill
from etl.demo.regions import Region
from etl.demo.spelling import to_russian

TYPE_PREFIX = {
    "front_office": "FO",
    "modular_post": "MP",
    "district_point": "DP",
    "sos_button": "SOS",
    "camera": "CAM",
}
ID_WIDTH = {"front_office": 3, "modular_post": 3, "district_point": 3, "sos_button": 3, "camera": 4}
NONE = np.array(None, dtype=object)  # 'not recorded' in np.where (typed as an array)
STREETS_KK = np.array(cfg.STREETS_KK, dtype=object)
STREETS_RU = np.array([to_russian(s) for s in cfg.STREETS_KK], dtype=object)
STREETS_EN = np.array([to_latin(s, plain=True) for s in STREETS_RU], dtype=object)


# ---------------------------------------------------------------- registry
def facility_counts(regions: list[Region], scale: cfg.Scale) -> dict[str, np.ndarray]:
    """Facilities per region and type (same order as ``regions``)."""
    pop = np.array([r.facts.population_k for r in regions], dtype=float)
    nk = next(r.facts.population_k for r in regions if r.iso == cfg.NK_ISO)
    is_nk = np.array([r.iso == cfg.NK_ISO for r in regions])
    fronts = np.maximum(6, np.round(cfg.FRONT_OFFICE_FACTOR * np.sqrt(pop / nk))).astype(int)
    fronts[is_nk] = cfg.NK_FRONT_OFFICES
    cameras = np.round(cfg.NK_CAMERAS * pop / nk * scale.cameras).astype(int)
    return {
        "front_office": fronts,
        "modular_post": np.maximum(1, _allocate(cfg.MODULAR_POSTS, pop)),
        "district_point": np.maximum(1, _allocate(cfg.DISTRICT_POINTS, pop)),
        "sos_button": 1 + _allocate(cfg.SOS_BUTTONS - len(regions), pop),
        "camera": np.maximum(cameras, 3),
    }


def _allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to ``weights`` that sum to ``total`` (largest remainder)."""
    exact = total * weights / weights.sum()
    base = np.floor(exact).astype(int)
    short = total - base.sum()
    base[np.argsort(-(exact - base), kind="stable")[:short]] += 1
    return base


CENTRE_SHARE = {
    "front_office": 0.3,
    "modular_post": 0.7,
    "district_point": 0.25,
    "sos_button": 0.6,
    "camera": 0.6,
}


def build_registry(
    rng: np.random.Generator,
    regions: list[Region],
    districts: pd.DataFrame,
    scale: cfg.Scale,
    start: date,
    end: date,
) -> Columns:
    """Every facility of every type with its location, names, timeline and activity weight."""
    counts = facility_counts(regions, scale)
    frames = []
    for kind in TYPE_PREFIX:
        district_rows = _assign_districts(rng, kind, counts[kind], regions, districts)
        frame = _describe(rng, kind, district_rows, regions, districts)
        frames.append(_timeline(rng, kind, frame, regions, start, end))
    registry = concat(frames)
    registry["lat"] = np.round(registry["lat"], 6)
    registry["lon"] = np.round(registry["lon"], 6)
    return registry


def _assign_districts(
    rng: np.random.Generator,
    kind: str,
    counts: np.ndarray,
    regions: list[Region],
    districts: pd.DataFrame,
) -> np.ndarray:
    """Row index into ``districts`` for each facility, region by region.

    A share of each type stands in the centre city; the rest is spread over the districts
    round-robin (front offices and district points serve every district) or at random.
    """
    region_of = districts["region_idx"].to_numpy()
    out = []
    for r_idx, count in enumerate(counts):
        rows = np.flatnonzero(region_of == r_idx)
        centre, others = rows[0], rows[1:]
        if regions[r_idx].iso == cfg.NK_ISO and kind == "front_office":
            n_centre = cfg.NK_CENTRE_FRONT_OFFICES
        else:
            n_centre = max(1, round(count * CENTRE_SHARE[kind])) if count else 0
        n_rest = count - n_centre
        if kind in ("front_office", "district_point"):
            rest = rng.permutation(others)[np.arange(n_rest) % len(others)]
        else:
            rest = rng.choice(others, size=n_rest)
        out.append(np.concatenate([np.full(n_centre, centre), rest]).astype(int))
    return np.concatenate(out)


def _describe(
    rng: np.random.Generator,
    kind: str,
    rows: np.ndarray,
    regions: list[Region],
    districts: pd.DataFrame,
) -> Columns:
    """Ids, names (kk/ru, sometimes en), addresses, coordinates, hours and desk phone."""
    d = districts.iloc[rows].reset_index(drop=True)
    n = len(d)
    region_idx = d["region_idx"].to_numpy()
    prefixes = np.array([regions[i].prefix for i in region_idx], dtype=object)
    seq = _sequence_within(region_idx)
    ids = TYPE_PREFIX[kind] + "-" + prefixes + "-" + zfill(seq, ID_WIDTH[kind])
    street_idx = rng.integers(0, len(cfg.STREETS_KK), n)
    street_kk = STREETS_KK[street_idx]
    street_ru = STREETS_RU[street_idx]
    number = rng.integers(1, 160, n).astype(str).astype(object)
    names = _names(kind, seq, ids, d, street_idx)
    jitter = np.where(d["centre"].to_numpy(), 0.03, 0.012)
    lat = np.clip(d["lat"].to_numpy() + rng.normal(0, 1, n) * jitter, *cfg.LAT_RANGE)
    lon = np.clip(d["lon"].to_numpy() + rng.normal(0, 1, n) * jitter * 1.5, *cfg.LON_RANGE)
    show_en = (
        rng.random(n)
        < {
            "front_office": 0.7,
            "modular_post": 0.5,
            "district_point": 0.3,
            "sos_button": 0.5,
            "camera": 0.0,
        }[kind]
    )
    return {
        "facility_id": ids,
        "type": np.full(n, kind, dtype=object),
        "region_idx": region_idx,
        "kato": d["kato"].to_numpy(),
        "name_kk": names[0],
        "name_ru": names[1],
        "name_en": np.where(show_en, names[2], NONE),
        "address_kk": d["town_kk"].to_numpy() + ", " + street_kk + " көшесі, " + number,
        "address_ru": d["town_ru"].to_numpy() + ", ул. " + street_ru + ", " + number,
        "lat": lat,
        "lon": lon,
        "hours": _hours(rng, kind, n),
        "phone": _desk_phones(rng, kind, region_idx, regions),
        "centre": d["centre"].to_numpy(),
    }


def _sequence_within(groups: np.ndarray) -> np.ndarray:
    """1, 2, 3... within each run of equal values (facilities are grouped by region)."""
    order = np.arange(len(groups))
    starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    first = np.repeat(starts, np.diff(np.r_[starts, len(groups)]))
    return order - first + 1


def _names(
    kind: str, seq: np.ndarray, ids: np.ndarray, d: pd.DataFrame, street_idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Facility names in kk, ru and en (public, published on the map)."""
    num = seq.astype(str).astype(object)
    lab_kk, lab_ru, lab_en = (
        d[c].to_numpy().astype(object) for c in ("label_kk", "label_ru", "label_en")
    )
    street_kk, street_ru, street_en = (
        STREETS_KK[street_idx],
        STREETS_RU[street_idx],
        STREETS_EN[street_idx],
    )
    if kind == "front_office":
        return (
            "Полиция фронт-офисі №" + num + " (" + lab_kk + ")",
            "Фронт-офис полиции №" + num + " (" + lab_ru + ")",
            "Police front office No. " + num + " (" + lab_en + ")",
        )
    if kind == "modular_post":
        return (
            "Полицияның модульдік бекеті «" + street_kk + "»",
            "Модульный пост полиции «" + street_ru + "»",
            "Modular police post " + street_en + " (" + lab_en + ")",
        )
    if kind == "district_point":
        return (
            "№" + num + " учаскелік полиция пункті (" + lab_kk + ")",
            "Участковый пункт полиции №" + num + " (" + lab_ru + ")",
            "District police point No. " + num + " (" + lab_en + ")",
        )
    if kind == "sos_button":
        return (
            "«Полиция» дабыл түймесі — " + street_kk + " көшесі (" + lab_kk + ")",
            "Тревожная кнопка «Полиция» — ул. " + street_ru + " (" + lab_ru + ")",
            "Police SOS button, " + street_en + " St (" + lab_en + ")",
        )
    return ("Бейнебақылау камерасы " + ids, "Камера видеонаблюдения " + ids, "Camera " + ids)


def _hours(rng: np.random.Generator, kind: str, n: int) -> np.ndarray:
    if kind == "front_office":
        options = np.array(
            ["Mon–Fri 09:00–18:00", "Mon–Sat 09:00–18:00", "Mon–Fri 09:00–20:00, Sat 10:00–14:00"],
            dtype=object,
        )
        return options[rng.choice(3, size=n, p=[0.6, 0.3, 0.1])]
    if kind == "district_point":
        return np.full(n, "Mon–Fri 09:00–18:00, Sat 10:00–14:00", dtype=object)
    if kind == "camera":
        return np.full(n, None, dtype=object)
    return np.full(n, "24/7", dtype=object)


def _desk_phones(
    rng: np.random.Generator, kind: str, region_idx: np.ndarray, regions: list[Region]
) -> np.ndarray:
    """Public landline of the desk, e.g. +7 (7152) 46-12-34; none for buttons and cameras."""
    n = len(region_idx)
    if kind in ("sos_button", "camera"):
        return np.full(n, None, dtype=object)
    codes = np.array([regions[i].facts.phone_code for i in region_idx], dtype=object)
    short = np.array([len(c) == 3 for c in codes])
    head = np.where(short, zfill(rng.integers(200, 400, n), 3), zfill(rng.integers(20, 80, n), 2))
    return (
        "+7 ("
        + codes
        + ") "
        + head
        + "-"
        + zfill(rng.integers(0, 100, n), 2)
        + "-"
        + zfill(rng.integers(0, 100, n), 2)
    )


def _timeline(
    rng: np.random.Generator,
    kind: str,
    frame: Columns,
    regions: list[Region],
    start: date,
    end: date,
) -> Columns:
    """building_from / opened_on / closed_on dates and an activity weight per facility.

    Most front offices, buttons and cameras opened before the period (the pilots started in
    2019); modular posts open all along it, so the "operating" count grows night by night.
    North Kazakhstan's 16 front offices are all open from the start (the brief's figure).
    """
    n = len(frame["facility_id"])
    s, e = np.datetime64(start, "D"), np.datetime64(end, "D")
    span = max(int((e - s).astype(int)), 1)
    before = s - rng.integers(60, 1800, n).astype("timedelta64[D]")
    during = s + rng.integers(0, span + 1, n).astype("timedelta64[D]")
    later = e + rng.integers(30, 400, n).astype("timedelta64[D]")
    u = rng.random(n)
    if kind == "modular_post":
        opened = s + rng.integers(-365, span + 365, n).astype("timedelta64[D]")
    elif kind == "front_office":
        nk = np.array([regions[i].iso == cfg.NK_ISO for i in frame["region_idx"]])
        opened = np.where((u < 0.05) & ~nk, during, before)
    elif kind == "district_point":
        opened = np.where(u < 0.3, during, before)
    elif kind == "sos_button":
        opened = np.where(u < 0.15, during, before)
    else:
        opened = np.where(u < 0.10, during, np.where(u < 0.12, later, before))
    building = opened - rng.integers(45, 150, n).astype("timedelta64[D]")
    closes = (kind in ("modular_post", "camera")) & (rng.random(n) < 0.03)
    closed = np.where(
        closes,
        opened + rng.integers(120, 700, n).astype("timedelta64[D]"),
        np.datetime64("NaT", "D"),
    )
    weight = rng.lognormal(0, {"front_office": 0.3, "sos_button": 0.5}.get(kind, 1.0), n)
    weight *= np.where(frame["centre"], 1.4 if kind == "front_office" else 2.0, 1.0)
    return {
        **frame,
        "building_from": building,
        "opened_on": opened,
        "closed_on": closed,
        "weight": weight,
    }
