"""DataFrame building blocks shared by the aggregate modules (etl.aggregate_visits, _sos,
_camera): event frames in, full grids of counts out, and a protected frame turned into a
published table.

Why one module: every published table is built the same way (a grid of every operating
facility or region x every category, counted from the events, so that zero is published as
0) and finished the same way (suppressed cells blanked, deterministic ids, region names,
the schema's column order). Writing that once keeps the tables from drifting apart.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from data.reference import kato_prefix_to_region, regions_frame
from etl import suppression
from etl.arrowtext import STR, arrow_strings, to_bool
from etl.clean_schema import OUTPUT_SCHEMAS
from etl.contract import EVENT_FACILITY_COLUMN, TABLES
from etl.frame_cache import per_frame

# Loss rows of one month, one per published table (etl.aggregate sums them per table).
Losses = list[dict[str, object]]

# Columns of an event frame that are grouped or merged on (besides its facility column):
# converted to shared Python objects once (see _as_object), unless the staging store already
# read them as categoricals.
_KEY_COLUMNS = (
    "region",
    "district_kato",
    "channel",
    "topic",
    "outcome",
    "category",
    "kind",
    "status",
)


# ------------------------------------------------------------------ ids and names
def month_ids(frame: pd.DataFrame, month: date, keys: list[str]) -> np.ndarray:
    """Deterministic ids: month index x 10^7 + rank of the row in key order."""
    base = (month.year * 12 + month.month - 1) * 10_000_000
    return base + _ranks(frame, keys)


def day_ids(frame: pd.DataFrame, day: date, keys: list[str]) -> np.ndarray:
    """Deterministic ids unique across days: day ordinal x 10^5 + rank in key order."""
    return day.toordinal() * 100_000 + _ranks(frame, keys)


def _ranks(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    order = frame.sort_values(keys, kind="stable").index
    ranks = pd.Series(np.arange(1, len(frame) + 1), index=order)
    return ranks.reindex(frame.index).to_numpy(dtype=np.int64)


def with_names(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the region's name in each language beside its code (missing where
    the code is not a region's)."""
    names = _region_names()
    # Each row's place among the regions found once for the three languages: three maps
    # and a copy of the frame were ~1.6 ms of a night's ~300-row daily table.
    at = names.index.get_indexer(pd.Index(frame["region"], copy=False))
    return frame.assign(
        **{
            column: pd.Series(names[column].array.take(at, allow_fill=True), index=frame.index)
            for column in names.columns
        }
    )


@functools.cache
def _region_names() -> pd.DataFrame:
    """ISO code → region_name_kk, _ru, _en."""
    names = regions_frame().set_index("iso_code")
    return pd.DataFrame(
        {f"region_name_{lang}": names[f"name_{lang}"] for lang in ("kk", "ru", "en")}
    )


def empty_table(table: str) -> pd.DataFrame:
    """A published table without rows (its columns from data.schema)."""
    return pd.DataFrame(columns=list(_published_columns(table)))


@functools.cache
def _published_columns(table: str) -> tuple[str, ...]:
    from data import schema

    return tuple(c.name for c in schema.metadata.tables[table].columns)


def shape(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The frame reduced to the published table's columns, in the schema's order."""
    return frame[list(_published_columns(table))].reset_index(drop=True)


# ------------------------------------------------------------------ inputs
def event_frame(
    events: Mapping[str, pd.DataFrame], table: str, keys: Sequence[str] | None = None
) -> pd.DataFrame:
    """The clean events of `table` (an empty frame of its columns when there are none), key
    columns as Python objects, or as categoricals where the staging store read them so
    (etl.staging.REPEATED_TEXT: count_cells and groupby use their codes). `keys`: only
    these key columns are converted (a caller that groups on few of them), the others are
    left as they are."""
    frame = events.get(table)
    if frame is None or not len(frame):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_SCHEMAS[table]})
    out = frame.copy(deep=False)  # pandas 3 copies on write: the events stay as they are
    wanted = (EVENT_FACILITY_COLUMN[table], *_KEY_COLUMNS) if keys is None else keys
    for column in wanted:
        if column not in out.columns or isinstance(out[column].dtype, pd.CategoricalDtype):
            continue
        if out[column].dtype == STR:
            # Arrow strings (a night's events as read) become categoricals, as the staging
            # store reads a month's: Arrow's dictionary encoding is cheaper than one Python
            # object per value (~1 ms a column of a national night).
            out[column] = _as_categorical(out[column])
        else:
            out[column] = _as_object(out[column])
    return out


def _as_categorical(series: pd.Series) -> pd.Series:
    """A str column as a categorical of its distinct values (Python strs), missing kept."""
    encoded = arrow_strings(series).combine_chunks().dictionary_encode()
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    categories = pd.Index(encoded.dictionary.to_pylist(), dtype=object)
    categorical = pd.Categorical.from_codes(codes, categories=categories)
    return pd.Series(categorical, index=series.index, name=series.name)


def _as_object(series: pd.Series) -> pd.Series:
    """`series.astype(object)`, with one Python object per distinct value.

    Why: a month of national events repeats a few hundred office ids and a handful of
    categories; astype(object) on Arrow strings makes a new str per row, and every groupby
    and merge then hashes each of them. Shared objects keep their cached hash (profile of a
    day-31 night: ~5 s of factorising went to this)."""
    if series.dtype == object:
        return series
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = np.asarray(uniques.astype(object), dtype=object)
    out = np.empty(len(codes), dtype=object)
    found = codes >= 0
    out[found] = values[codes[found]]
    if not found.all():
        out[~found] = series[~found].astype(object).to_numpy()
    return pd.Series(out, index=series.index, name=series.name, dtype=object)


def event_days(values: pd.Series) -> pd.Series:
    """`pd.to_datetime(values).dt.date`, converting each distinct day once (a month of
    events holds ~30 of them, not a date object per event)."""
    codes, uniques = pd.factorize(pd.to_datetime(values), use_na_sentinel=True)
    days = np.asarray(pd.DatetimeIndex(uniques).date, dtype=object)
    out = np.full(len(codes), pd.NaT, dtype=object)
    found = codes >= 0
    out[found] = days[codes[found]]
    return pd.Series(out, index=values.index, name=values.name, dtype=object)


def sites(facilities: pd.DataFrame | None, table: str, seen: pd.DataFrame) -> pd.DataFrame:
    """facility id → region, district_kato for the events of `table`: every operating
    facility of the table's facility type, plus any facility that has events (a facility
    that closed mid-month still reports them). The id column is named like the events'
    facility column (etl.contract)."""
    id_column = EVENT_FACILITY_COLUMN[table]
    # What concat, dropna(subset=["region"]) and drop_duplicates(keep="last") of the two
    # parts gave, in a dict (each id where its last located row was): those steps were a
    # fifth of a night's daily table, for a few hundred rows.
    found: dict[object, tuple[object, object]] = {}
    if facilities is not None and len(facilities):
        registered = _registered(facilities, table)
        _keep_last(found, *(registered[c].tolist() for c in (id_column, "region", "district_kato")))
    if len(seen):
        # Each facility's last event with a region, as Python objects: categorical event
        # columns must not reach the published grids.
        last = _last_located(seen[id_column], seen["region"])
        _keep_last(
            found,
            *(
                seen[c].take(last).astype(object).tolist()
                for c in (id_column, "region", "district_kato")
            ),
        )
    return pd.DataFrame(
        {
            id_column: pd.Series(list(found), dtype=object),
            "region": pd.Series([v[0] for v in found.values()], dtype=object),
            "district_kato": pd.Series([v[1] for v in found.values()], dtype=object),
        }
    )


def _keep_last(
    found: dict[object, tuple[object, object]],
    ids: list[object],
    regions: list[Any],
    districts: list[object],
) -> None:
    """Add rows to `found` (id → region, district): a row without a region is skipped, a
    repeated id moves to its new place with its new values."""
    for key, region, district in zip(ids, regions, districts, strict=True):
        if pd.isna(region):
            continue
        found.pop(key, None)
        found[key] = (region, district)


def _last_located(ids: pd.Series, regions: pd.Series) -> np.ndarray:
    """Positions of each id's last row with a region, in row order."""
    located = np.flatnonzero(to_bool(regions.notna()))
    codes, _ = pd.factorize(ids.take(located), use_na_sentinel=False)
    last = np.full(codes.max(initial=-1) + 1, -1, dtype=np.int64)
    np.maximum.at(last, codes, np.arange(len(codes)))
    return located[np.sort(last)]


@per_frame
def _registered(facilities: pd.DataFrame, table: str) -> pd.DataFrame:
    """The operating facilities of `table`'s facility type: id, region, district_kato.

    Made once per registry frame (etl.frame_cache): a snapshot serves a week of nights, and
    filtering its ~47,000 rows again was a fifth of a national night's daily table."""
    # Filtered before anything becomes a Python object: ~500 of a snapshot's ~47,000 rows
    # are a type's operating facilities (as objects first, this was ~40 ms a snapshot).
    keep = to_bool(facilities["type"] == TABLES[table].facility_type)
    if "status" in facilities.columns:
        keep = keep & to_bool(facilities["status"] == "operating")
    fac = facilities[keep]
    kato = fac["kato"].astype(object)
    region = (
        fac["region"].astype(object)
        if "region" in fac.columns
        else kato.str[:2].map(kato_prefix_to_region())
    )
    return pd.DataFrame(
        {
            EVENT_FACILITY_COLUMN[table]: fac.index.astype(object),
            "region": region.to_numpy(),
            "district_kato": kato.to_numpy(),
        }
    )


# ------------------------------------------------------------------ grids and counts
def cross(left: pd.DataFrame, **columns: Sequence[str] | Sequence[date]) -> pd.DataFrame:
    """Every row of `left` x every value of each keyword column."""
    out = left
    for name, values in columns.items():
        out = out.merge(pd.DataFrame({name: values}), how="cross")
    return out


def count_cells(
    events: pd.DataFrame, grid: pd.DataFrame, keys: list[str], name: str
) -> pd.DataFrame:
    """The grid with column `name`: events per cell of `keys`, 0 where none (events whose
    keys are not in the grid, or missing, are not counted).

    Why not groupby + merge: a national month holds ~0.75 M visits, and every groupby
    factorised its object keys again (about 1 s of a day-31 night over the month's eleven
    counts). Here each key is looked up once in the grid's few distinct values, the codes
    are combined into one cell number and counted with np.bincount."""
    if not len(events):
        return grid.assign(**{name: np.zeros(len(grid), dtype="int64")})
    out = grid.reset_index(drop=True)
    event_cell = np.zeros(len(events), dtype=np.int64)
    grid_cell = np.zeros(len(out), dtype=np.int64)
    event_ok = np.ones(len(events), dtype=bool)
    grid_ok = np.ones(len(out), dtype=bool)
    cells = 1
    for key in keys:
        values = pd.Index(out[key].dropna().unique())
        event_code = _codes_in(values, events[key])
        grid_code = values.get_indexer(out[key])
        event_ok &= event_code >= 0
        grid_ok &= grid_code >= 0
        radix = max(len(values), 1)
        event_cell = event_cell * radix + event_code
        grid_cell = grid_cell * radix + grid_code
        cells *= radix
    if cells > 4 * len(out) + 1024:
        # A sparse grid (not the cross product of its keys' values): number its own cells
        # instead, so that bincount's array stays the size of the grid.
        known = np.unique(grid_cell[grid_ok])
        at = np.minimum(np.searchsorted(known, event_cell), max(len(known) - 1, 0))
        event_ok &= known[at] == event_cell if len(known) else False
        event_cell, grid_cell = at, np.searchsorted(known, grid_cell)
        cells = len(known)
    counts = np.bincount(event_cell[event_ok], minlength=cells)
    out[name] = np.where(grid_ok, counts[np.where(grid_ok, grid_cell, 0)], 0).astype("int64")
    return out


def _codes_in(values: pd.Index, column: pd.Series) -> np.ndarray:
    """Position of each event's value in `values`, -1 where it is not there. A categorical
    column is looked up once per category (its codes say which), not once per event."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return values.get_indexer(pd.Index(column, copy=False))
    codes = column.cat.codes.to_numpy()
    lookup = np.append(values.get_indexer(column.cat.categories.astype(object)), -1)
    return lookup[codes]  # code -1 (missing) takes the appended -1


def attach_stats(frame: pd.DataFrame, stats: pd.DataFrame, key: str) -> pd.DataFrame:
    """Attach per-key statistics (medians, counts); all NaN when there were no events."""
    if not len(stats):
        return frame.assign(**{c: np.nan for c in stats.columns})
    stats = stats.copy()
    stats.index = stats.index.astype(object)
    return frame.merge(stats, left_on=key, right_index=True, how="left")


def gated(values: pd.Series, n: pd.Series, k: int) -> pd.Series:
    """Keep a median/mean only where n >= k values stand behind it."""
    return values.where(n >= k).astype("Float64").round(2)


def region_totals(
    cells: pd.DataFrame, count: str, regions: list[str], indicator: str
) -> pd.DataFrame:
    """One region_indicators row per region: the sum of `count` over its cells."""
    sums = cells.groupby("region", observed=True)[count].sum()
    out = pd.DataFrame({"region": regions})
    out["value"] = out["region"].map(sums).fillna(0).astype("int64")
    out["indicator"] = indicator
    return out


# ------------------------------------------------------------------ publishing
def record_loss(losses: Losses, table: str, truth: pd.Series, hidden: np.ndarray) -> None:
    """What suppression cost in one table and month (kept internal; the catalogue publishes
    shares over all complete months, rounded, never a month's exact hidden sum)."""
    values = pd.to_numeric(truth, errors="coerce").fillna(0).to_numpy()
    hidden = np.asarray(hidden, dtype=bool)
    losses.append(
        {
            "table_name": table,
            "cells": len(values),
            "cells_withheld": int(hidden.sum()),
            "events": int(values.sum()),
            "events_withheld": int(values[hidden].sum()),
        }
    )


def finish(
    frame: pd.DataFrame,
    table: str,
    count: str,
    hidden: np.ndarray,
    month: date,
    keys: list[str],
    attributes: tuple[str, ...] = (),
    losses: Losses | None = None,
) -> pd.DataFrame:
    """A protected monthly frame as published: hidden cells blanked (with `attributes`),
    month, ids, region names, the schema's columns; its loss recorded in `losses`."""
    if losses is not None:
        record_loss(losses, table, frame[count], hidden)
    out = suppression.blank(
        frame.drop(columns=["_pos"], errors="ignore"), count, hidden, attributes
    )
    out["month"] = month
    out["id"] = month_ids(out, month, keys)
    return shape(with_names(out), table)


def published_frame(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """A published table of one month as the attacker reads it (counts as floats, NaN where
    suppressed); a missing table is empty with the published columns."""
    from data import schema

    frame = tables.get(name)
    if frame is None:
        frame = pd.DataFrame(columns=[c.name for c in schema.metadata.tables[name].columns])
    frame = frame.copy()
    for c in ("visits", "activations", "offenses", "value"):
        if c in frame.columns:
            frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    return frame


def published_totals(tables: Mapping[str, pd.DataFrame], indicator: str) -> pd.DataFrame:
    """One indicator's published region totals."""
    ri = published_frame(tables, "region_indicators")
    return ri[ri["indicator"] == indicator].reset_index(drop=True)
