"""The facility finder: nearest public facilities, search by name/address/settlement, lists by
region and district. Shared by the API (`/api/v1/facilities?near=`) and the /find page.

Facilities are few (hundreds to a few thousand), so the whole public registry is read once per
publication (callers cache `load_places`) and searched in memory: distances with the haversine
formula, text with rapidfuzz over a script-independent key (data.translit.search_key), so a
query typed in Kazakh, Russian or Latin letters, with a typo, still finds the place.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import SupportsFloat, SupportsIndex

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select

from data import schema
from data.catalog import PUBLIC_FACILITY_TYPES
from data.reference import regions_frame
from data.translit import english_name, search_key, to_latin

HIDDEN_STATUSES = ("closed",)  # a closed office would send people to a locked door
OPEN_STATUSES = ("planned", "under_construction", "operating")
LANGS = ("kk", "ru", "en")
EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
# Words a type is searched by, in the three languages (a transliterated Kazakh name such as
# "Politsiya front-ofisi" must still answer "front office").
TYPE_WORDS = {
    "front_office": "фронт-офис front office",
    "modular_post": "модульдік бекет модульный пост modular police post",
    "district_point": "учаскелік пункт участковый пункт district police point",
    "sos_button": "SOS дабыл түймесі тревожная кнопка alarm button",
}
MIN_SCORE = 80  # rapidfuzz partial_ratio of each query word against the place's key


@dataclass(frozen=True)
class Place:
    facility_id: str
    type: str
    region: str
    district_kato: str
    status: str
    lat: float
    lon: float
    name: dict[str, str]  # kk, ru, en: never empty (Latin transliteration where none given)
    address: dict[str, str]  # kk, ru, en ("" when the registry has none)
    hours: str | None
    phone: str | None
    settlement: dict[str, str] = field(default_factory=dict)  # first part of the address
    key: str = ""  # search_key of names, addresses, region names


@dataclass(frozen=True)
class Hit:
    place: Place
    distance_m: float | None  # None when no location was given
    score: float  # 100 when no text query was given


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _number(value: object) -> float:
    """float() of a database value (float, Decimal, int, str), as mypy can check it."""
    if isinstance(value, SupportsFloat | SupportsIndex | str | bytes):
        return float(value)
    raise TypeError(f"not a number: {type(value).__name__}")


def _settlement(address: str) -> str:
    return address.split(",")[0].strip() if address else ""


def _region_words() -> dict[str, str]:
    frame = regions_frame()
    return {
        str(r.iso_code): " ".join(str(getattr(r, f"name_{lang}")) for lang in LANGS)
        for r in frame.itertuples(index=False)
    }


def make_place(row: dict[str, object], region_words: dict[str, str] | None = None) -> Place:
    name_kk, name_ru = _text(row.get("name_kk")), _text(row.get("name_ru"))
    name_en = english_name(_text(row.get("name_en")), name_kk, name_ru)
    address_kk, address_ru = _text(row.get("address_kk")), _text(row.get("address_ru"))
    address_en = to_latin(address_ru or address_kk)
    names = {
        "kk": name_kk or name_ru or name_en,
        "ru": name_ru or name_kk or name_en,
        "en": name_en,
    }
    addresses = {"kk": address_kk or address_ru, "ru": address_ru or address_kk, "en": address_en}
    region = str(row["region"])
    words = [
        *names.values(),
        *addresses.values(),
        (region_words or {}).get(region, ""),
        TYPE_WORDS.get(str(row["type"]), ""),
    ]
    return Place(
        facility_id=str(row["facility_id"]),
        type=str(row["type"]),
        region=region,
        district_kato=_text(row.get("district_kato")),
        status=str(row["status"]),
        lat=_number(row["lat"]),
        lon=_number(row["lon"]),
        name=names,
        address=addresses,
        hours=_text(row.get("hours")) or None,
        phone=_text(row.get("phone")) or None,
        settlement={lang: _settlement(a) for lang, a in addresses.items()},
        key=search_key(" ".join(words)),
    )


def load_places(conn: Connection) -> list[Place]:
    """Every public-facing facility that is not closed, in facility_id order."""
    t = schema.facilities
    stmt = (
        select(t)
        .where(t.c.type.in_(PUBLIC_FACILITY_TYPES), t.c.status.not_in(HIDDEN_STATUSES))
        .order_by(t.c.facility_id)
    )
    words = _region_words()
    return [make_place(dict(r), words) for r in conn.execute(stmt).mappings()]


# ------------------------------------------------------------------ distance
def haversine_m(
    lat1: float, lon1: float, lat2: Sequence[float] | np.ndarray, lon2: Sequence[float] | np.ndarray
) -> np.ndarray:
    """Great-circle distance in metres from one point to one or many."""
    p1, p2 = math.radians(lat1), np.radians(np.asarray(lat2, dtype=float))
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, dtype=float)) - math.radians(lon1)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def check_point(lat: float, lon: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError("latitude and longitude must be numbers")
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude {lat} is outside -90..90")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {lon} is outside -180..180")


# ------------------------------------------------------------------ text
def _scores(places: Sequence[Place], query: str) -> np.ndarray:
    """Per place, the weakest match among the query's words (0-100); every word must match."""
    words = search_key(query).split()
    if not words:
        return np.full(len(places), 100.0)
    keys = [p.key for p in places]
    matrix = process.cdist(words, keys, scorer=fuzz.partial_ratio, dtype=np.float32)
    for i, word in enumerate(words):
        if len(word) < 4:  # "no", "1", "ul": too short to forgive a typo; whole word only
            exact = np.array([f" {word} " in f" {k} " for k in keys])
            matrix[i] = np.where(exact, 100.0, 0.0)
    return matrix.min(axis=0)


def find(
    places: Sequence[Place],
    *,
    query: str = "",
    near: tuple[float, float] | None = None,
    region: str | None = None,
    district: str | None = None,
    types: Iterable[str] | None = None,
    operating_only: bool = False,
    limit: int | None = 50,
) -> list[Hit]:
    """Places matching every criterion given (all of them with `limit=None`); nearest first
    when `near` is given, otherwise best text match first, then by region, district, name."""
    wanted = set(types) if types else set(PUBLIC_FACILITY_TYPES)
    pool = [
        p
        for p in places
        if p.type in wanted
        and (region is None or p.region == region)
        and (district is None or p.district_kato == district)
        and (not operating_only or p.status == "operating")
    ]
    if not pool:
        return []
    scores = _scores(pool, query)
    distances = (
        haversine_m(
            near[0], near[1], np.array([p.lat for p in pool]), np.array([p.lon for p in pool])
        )
        if near
        else None
    )
    hits = [
        Hit(p, float(distances[i]) if distances is not None else None, float(scores[i]))
        for i, p in enumerate(pool)
        if scores[i] >= MIN_SCORE
    ]
    if near:
        hits.sort(key=lambda h: (h.distance_m, h.place.facility_id))
    else:
        hits.sort(
            key=lambda h: (
                -round(h.score),
                h.place.region,
                h.place.district_kato,
                h.place.name["en"],
                h.place.facility_id,
            )
        )
    return hits if limit is None else hits[: max(0, limit)]


# ------------------------------------------------------------------ lists
def districts(places: Sequence[Place], region: str, lang: str) -> list[tuple[str, str]]:
    """(district KATO, label) of a region's districts that have facilities, by label.

    The warehouse has no district names: a district is labelled by the settlement most of its
    facilities' addresses name, with the KATO code to tell two alike apart.
    """
    towns: dict[str, Counter[str]] = {}
    for place in places:
        if place.region == region and place.district_kato:
            towns.setdefault(place.district_kato, Counter())[place.settlement.get(lang, "")] += 1
    labels = []
    for kato, counter in towns.items():
        town = counter.most_common(1)[0][0] or kato
        labels.append((kato, f"{town} ({kato})"))
    return sorted(labels, key=lambda item: item[1])
