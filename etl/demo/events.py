"""One night of clean events for each event table of the contract.

Why per-facility Poisson counts: drawing the number of events of every open facility in one
vectorised call, then repeating the facility index, gives realistic skew (busy centre-city
offices, quiet villages), growth as facilities open, and costs milliseconds for the ~25,000
rows of a national night. Frames come back typed (local naive timestamps, floats with NaN
for "not recorded"); rendering to text is the writer's job because the format varies by file.
Every frame carries ``_region`` (index into world.regions) for time-zone offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import numpy as np
import pandas as pd

from etl.demo import config as cfg
from etl.demo import people
from etl.demo.columns import Columns, concat, take, zfill
from etl.demo.free_text import SOS_NOTES, VISIT_COMMENTS, fill_templates
from etl.demo.names import person_names
from etl.demo.world import World

DAY_SECONDS = 86_400


def night_rng(seed: int, stream: int, day: date) -> np.random.Generator:
    """A generator that depends only on (seed, table, night): a night is reproducible alone."""
    return np.random.default_rng([seed, stream, day.toordinal()])


def _seconds(
    rng: np.random.Generator,
    n: int,
    centre_h: float,
    sd_h: float,
    lo_h: float,
    hi_h: float,
    uniform_share: float,
) -> np.ndarray:
    """Seconds after midnight: a peak around ``centre_h`` mixed with a flat background."""
    lo, hi = lo_h * 3600, hi_h * 3600
    peak = rng.normal(centre_h * 3600, sd_h * 3600, n)
    flat = rng.uniform(lo, hi, n)
    # Peak draws outside the opening hours fall back to the flat background (no pile-up
    # of events at exactly the opening time).
    secs = np.where((rng.random(n) < uniform_share) | (peak < lo) | (peak >= hi), flat, peak)
    return np.clip(secs, lo, hi - 1).astype(np.int64)


def _timestamps(day: date, seconds: np.ndarray) -> np.ndarray:
    return np.datetime64(day, "s") + seconds.astype("timedelta64[s]")


def _categorical(rng: np.random.Generator, probs: dict[str, float], n: int) -> np.ndarray:
    names = np.array(list(probs), dtype=object)
    p = np.array(list(probs.values()), dtype=float)
    return names[rng.choice(len(names), size=n, p=p / p.sum())]


def _conditional(
    rng: np.random.Generator,
    given: np.ndarray,
    table: Mapping[str, tuple[float, ...]],
    values: tuple[str, ...],
) -> np.ndarray:
    """Draw values[j] with probability table[given][j], vectorised via cumulative sums."""
    keys = list(table)
    probs = np.array([table[k] for k in keys], dtype=float)
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    rows = pd.Index(keys).get_indexer(pd.Index(given))
    pick = (rng.random(len(given))[:, None] > cum[rows]).sum(axis=1)
    return np.array(values, dtype=object)[np.minimum(pick, len(values) - 1)]


def _sometimes(
    rng: np.random.Generator, values: np.ndarray, share: float | np.ndarray
) -> np.ndarray:
    """Keep each value with probability ``share``; the rest become None (not recorded)."""
    return np.where(rng.random(len(values)) < share, values, np.array(None, dtype=object))


def _growth(world: World, day: date) -> float:
    return 1.0 + cfg.GROWTH_PER_YEAR * (day - world.start).days / 365


def _ids(prefix: str, day: date, n: int, width: int) -> np.ndarray:
    return f"{prefix}-{day:%Y%m%d}-" + zfill(np.arange(1, n + 1), width)


def _by_time(frame: Columns, column: str) -> Columns:
    return take(frame, np.argsort(frame[column], kind="stable"))


def _russian_share(world: World, region_idx: np.ndarray) -> np.ndarray:
    shares = np.array([r.facts.russian_share for r in world.regions])
    return shares[region_idx]


def _streets(rng: np.random.Generator, n: int) -> np.ndarray:
    return people.street_addresses_kk(rng, np.array(cfg.STREETS_KK, dtype=object), n)


def _free_text(
    rng: np.random.Generator, templates: tuple[str, ...], n: int, russian_share: np.ndarray
) -> np.ndarray:
    """Free text with fresh names, phones, IINs and streets in its slots."""
    iin, female = people.iins(rng, n)
    slots = {
        "name": person_names(rng, female, russian_share),
        "iin": iin,
        "phone": people.mobile_phones(rng, n),
        "street": _streets(rng, n),
    }
    return fill_templates(rng, templates, n, slots)


def _with_text(
    rng: np.random.Generator, n: int, share: float, fill: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """An object column where a ``share`` of rows get ``fill(rows)`` and the rest None."""
    out = np.full(n, None, dtype=object)
    rows = np.flatnonzero(rng.random(n) < share)
    if rows.size:
        out[rows] = fill(rows)
    return out


# ---------------------------------------------------------------- front-office visits
def front_office_visits(
    rng: np.random.Generator, world: World, day: date, scale: cfg.Scale
) -> Columns:
    """Visits of the night: walk-ins in office hours, 102 video calls and online requests."""
    reg = world.registry
    fronts = reg["type"] == "front_office"
    open_idx = np.flatnonzero(world.open_on(day, "front_office"))
    weight = reg["weight"]
    rel = weight[open_idx] / weight[fronts].mean()
    base = (
        cfg.VISITS_PER_OFFICE_DAY
        * cfg.VISIT_WEEKDAY[day.weekday()]
        * _growth(world, day)
        * scale.events
    )
    weekend = day.weekday() >= 5
    parts = []
    for channel, share in cfg.CHANNEL_SHARES.items():
        office = np.repeat(open_idx, rng.poisson(base * share * rel))
        n = len(office)
        if channel == "walk_in":
            secs = (
                _seconds(rng, n, 12, 1.5, 10, 14, 0.5)
                if weekend
                else _seconds(rng, n, 11.5, 2.5, 9, 18, 0.4)
            )
        elif channel == "video_call_102":
            secs = _seconds(rng, n, 13, 3.5, 7, 23, 0.4)
        else:
            secs = _seconds(rng, n, 14, 4, 0, 24, 0.3)
        parts.append(
            {
                "visited_at": _timestamps(day, secs),
                "office": office,
                "channel": np.full(n, channel, dtype=object),
            }
        )
    frame = _by_time(concat(parts), "visited_at")
    return _describe_visits(rng, world, day, frame)


def _describe_visits(rng: np.random.Generator, world: World, day: date, frame: Columns) -> Columns:
    n = len(frame["office"])
    reg = world.registry
    office = frame["office"]
    region = reg["region_idx"][office]
    channel = frame["channel"]
    topic = _categorical(rng, cfg.TOPICS, n)
    wait = np.select(
        [channel == "walk_in", channel == "video_call_102"],
        [rng.gamma(2.0, 5.0, n), rng.gamma(1.5, 2.0, n)],
        rng.gamma(2.0, 40.0, n),
    )
    wait = np.where(rng.random(n) < 0.02, np.nan, np.round(wait))
    satisfaction = rng.choice(np.arange(1, 6), size=n, p=cfg.SATISFACTION).astype(float)
    satisfaction[rng.random(n) >= cfg.SATISFACTION_ANSWERED] = np.nan
    iin, female = people.iins(rng, n)
    share = _russian_share(world, region)
    return {
        "visit_id": _ids("FOV", day, n, 6),
        "visited_at": frame["visited_at"],
        "office_id": reg["facility_id"][office],
        "channel": channel,
        "topic": topic,
        "outcome": _conditional(rng, topic, cfg.OUTCOME_BY_TOPIC, cfg.VISIT_OUTCOMES),
        "wait_minutes": wait,
        "satisfaction": satisfaction,
        "visitor_iin": _sometimes(rng, iin, np.where(channel == "walk_in", 0.95, 0.99)),
        "visitor_name": _sometimes(rng, person_names(rng, female, share), 0.95),
        "visitor_phone": _sometimes(rng, people.mobile_phones(rng, n), 0.85),
        "comment": _with_text(
            rng,
            n,
            0.45,
            lambda rows: _free_text(rng, VISIT_COMMENTS, rows.size, share[rows]),
        ),
        "_region": region,
    }


# ---------------------------------------------------------------- SOS activations
def sos_activations(rng: np.random.Generator, world: World, day: date, scale: cfg.Scale) -> Columns:
    """Button presses: evening peak, mostly consultations and false alarms."""
    reg = world.registry
    buttons = reg["type"] == "sos_button"
    open_idx = np.flatnonzero(world.open_on(day, "sos_button"))
    weight = reg["weight"]
    lam = cfg.SOS_PER_BUTTON_DAY * scale.sos * weight[open_idx] / weight[buttons].mean()
    button = np.repeat(open_idx, rng.poisson(lam))
    n = len(button)
    frame = _by_time(
        {"activated_at": _timestamps(day, _seconds(rng, n, 18, 4.5, 0, 24, 0.3)), "button": button},
        "activated_at",
    )
    button = frame["button"]
    region = reg["region_idx"][button]
    category = _categorical(rng, cfg.SOS_CATEGORIES, n)
    outcome = _conditional(rng, category, cfg.SOS_OUTCOME_BY_CATEGORY, cfg.SOS_OUTCOMES)
    answered = np.where(rng.random(n) < 0.01, np.nan, np.round(rng.gamma(2.0, 4.0, n)))
    arrival = np.where(
        outcome == "patrol_dispatched", np.round(rng.lognormal(np.log(7.0), 0.45, n), 1), np.nan
    )
    prefixes = np.array([r.prefix for r in world.regions], dtype=object)[region]
    notes = np.full(n, None, dtype=object)
    for cat, templates in SOS_NOTES.items():
        rows = np.flatnonzero((category == cat) & (rng.random(n) < 0.6))
        if rows.size:
            notes[rows] = _free_text(rng, templates, rows.size, _russian_share(world, region[rows]))
    return {
        "event_id": _ids("EV", day, n, 5),
        "activated_at": frame["activated_at"],
        "button_id": reg["facility_id"][button],
        "category": category,
        "answered_after_s": answered,
        "patrol_arrival_min": arrival,
        "outcome": outcome,
        "operator_id": people.operator_ids(rng, prefixes),
        "notes": notes,
        "_region": region,
    }


# ---------------------------------------------------------------- camera offences
def camera_offenses(rng: np.random.Generator, world: World, day: date, scale: cfg.Scale) -> Columns:
    """Offences solved or detected with camera footage, spread over the open cameras."""
    del scale  # the regional rates in ``world`` are already scaled
    reg = world.registry
    open_idx = np.flatnonzero(world.open_on(day, "camera"))
    region = reg["region_idx"][open_idx]
    weight = reg["weight"][open_idx]
    per_region = np.bincount(region, weights=weight, minlength=len(world.regions))
    share = weight / per_region[region]
    weekday = cfg.CAMERA_WEEKDAY[day.weekday()]
    crim = np.repeat(open_idx, rng.poisson(world.crime_per_day[region] * share))
    admin = np.repeat(open_idx, rng.poisson(world.admin_per_day[region] * weekday * share))
    frame = concat(
        [
            {
                "recorded_at": _timestamps(day, _seconds(rng, len(crim), 20, 5, 0, 24, 0.3)),
                "camera": crim,
                "kind": np.full(len(crim), "criminal", dtype=object),
            },
            {
                "recorded_at": _timestamps(day, _seconds(rng, len(admin), 13, 4, 6, 23, 0.2)),
                "camera": admin,
                "kind": np.full(len(admin), "administrative", dtype=object),
            },
        ]
    )
    return _describe_offenses(rng, world, day, _by_time(frame, "recorded_at"))


def _describe_offenses(
    rng: np.random.Generator, world: World, day: date, frame: Columns
) -> Columns:
    n = len(frame["camera"])
    reg = world.registry
    camera = frame["camera"]
    region = reg["region_idx"][camera]
    criminal = frame["kind"] == "criminal"
    category = np.where(
        criminal,
        _categorical(rng, cfg.CRIMINAL_CATEGORIES, n),
        _categorical(rng, cfg.ADMIN_CATEGORIES, n),
    )
    settled = rng.random(n) < np.where(criminal, cfg.CRIME_SOLVED_SHARE, cfg.ADMIN_DETECTED_SHARE)
    status = np.where(settled, np.where(criminal, "solved", "detected"), "under_investigation")
    traffic = np.isin(category, list(cfg.TRAFFIC_CATEGORIES))
    plate_codes = np.array([r.facts.plate_code for r in world.regions], dtype=object)[region]
    plate_share = np.where(traffic, 0.99, np.where(criminal, 0.25, 0.15))
    iin_share = np.where(settled, np.where(criminal, 0.95, 0.85), np.where(criminal, 0.2, 0.3))
    iin, _ = people.iins(rng, n)
    return {
        "record_id": _ids("REC", day, n, 6),
        "recorded_at": frame["recorded_at"],
        "camera_id": reg["facility_id"][camera],
        "district_kato": reg["kato"][camera],
        "kind": frame["kind"],
        "category": category.astype(object),
        "status": status.astype(object),
        "vehicle_plate": _sometimes(rng, people.plates(rng, plate_codes), plate_share),
        "offender_iin": _sometimes(rng, iin, iin_share),
        "_region": region,
    }


EVENT_BUILDERS = {
    "front_office_visits": front_office_visits,
    "sos_activations": sos_activations,
    "camera_offenses": camera_offenses,
}
