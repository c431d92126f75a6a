"""Reading the pending nights' files: facility snapshots, targets and event files.

Each file goes through extract → anonymise → validate (etl.files.process_file, run by
etl.workers); what comes out is clean, anonymised frames for etl.publish to stage and
aggregate. Two rules that need the staging store live here: an event id already staged for
another night of the month is a duplicate, and a re-delivered night without one table's file
keeps that table's staged events.
"""

from __future__ import annotations

from concurrent.futures import Future
from contextlib import closing
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, func, select

from data import schema
from data.settings import Config
from etl import registry, workers
from etl.arrowtext import arrow_strings
from etl.contract import EVENT_ID_COLUMN, EVENT_TABLES
from etl.files import FileOutcome
from etl.helper import run_here_or_there
from etl.landing import Night, month_of
from etl.reasons import DUPLICATE_ID
from etl.staging import NIGHT_COLUMN, StagingStore

# What registry files are checked against: nothing (the registries are the index).
NO_FACILITIES = pd.DataFrame(columns=["type", "kato"])


def read_registries(
    conn: Connection,
    config: Config,
    staging: StagingStore,
    registries: list[tuple[date, dict[str, Path]]],
    latest: dict[str, date],
    regions: pd.DataFrame,
    outcomes: list[FileOutcome],
    index: registry.FacilityIndex,
    pool: workers.ReadingPool,
    ahead: Future[list[list[FileOutcome]]] | None = None,
) -> pd.DataFrame | None:
    """Facility snapshots and targets of the pending nights (`registry_files`), their
    outcomes appended to `outcomes`; returns the newest targets, if any. `latest`: the
    newest registry nights (latest_registry_nights). `pool`: the run's reading workers.
    `ahead`: the same files' outcomes, being read by etl.helper's process (`read_all`,
    slim_snapshots).

    A snapshot is published when no newer night's snapshot is (a late, older delivery never
    replaces a newer registry); the landing need not hold the newer night any more."""
    slim = slim_snapshots(registries, latest)
    new_targets = None
    quarantine = config.quarantine_dir
    if ahead is not None:
        read = run_here_or_there(
            ahead, workers.read_all, registries, NO_FACILITIES, regions, quarantine, slim
        )
        reader = (night_outcomes for night_outcomes in read)  # a generator: closing() below
    else:
        reader = pool.read(registries, workers.checks_for(NO_FACILITIES, regions, quarantine, slim))
    with closing(reader):
        for (day, _), night_outcomes in zip(registries, reader, strict=True):
            outcomes.extend(night_outcomes)
            for outcome in night_outcomes:
                if outcome.table == "facilities":
                    index.update(outcome.clean, day)
                    if len(outcome.clean):
                        staging.write_registry(day, outcome.clean.set_index("facility_id"))
                    if day == latest["facilities"] and len(outcome.clean):
                        registry.publish_facilities(conn, outcome.clean)
                    outcome.clean = emptied(outcome.clean)  # a snapshot is not needed any more
                elif day == latest["targets"] and len(outcome.clean):
                    new_targets = outcome.clean
    return new_targets


def latest_registry_nights(
    conn: Connection, registries: list[tuple[date, dict[str, Path]]]
) -> dict[str, date]:
    """Per registry table, the newest night that brings one: pending or already published."""
    latest = {}
    for table in ("facilities", "targets"):
        candidates = [day for day, files in registries if table in files]
        candidates.append(_latest_registry_night(conn, table) or date.min)
        latest[table] = max(candidates)
    return latest


def slim_snapshots(
    registries: list[tuple[date, dict[str, Path]]], latest: dict[str, date]
) -> frozenset[date]:
    """The pending nights whose facility snapshot is not published (a newer one is): read
    slim (etl.workers.SLIM_SNAPSHOT_COLUMNS), for the facility index and the staging store."""
    return frozenset(
        day for day, files in registries if "facilities" in files and day != latest["facilities"]
    )


def registry_files(
    pending: list[Night], listings: dict[date, tuple[dict[str, Path], list[Path]]]
) -> list[tuple[date, dict[str, Path]]]:
    """The pending nights that bring a registry, with their registry files."""
    registries = [
        (n.day, {t: p for t, p in listings[n.day][0].items() if t in ("facilities", "targets")})
        for n in pending
    ]
    return [(day, files) for day, files in registries if files]


def registry_on(staging: StagingStore, day: date, index: registry.FacilityIndex) -> pd.DataFrame:
    """The facilities in force on `day`: the newest snapshot delivered on or before it. A
    warehouse staged before snapshots were kept (none in the store) falls back to the
    facility index."""
    snapshot = staging.registry_as_of(day)
    return index.frame if snapshot is None else snapshot


def _latest_registry_night(conn: Connection, table: str) -> date | None:
    files = schema.etl_files
    return conn.execute(
        select(func.max(files.c.night)).where(files.c.table_name == table, files.c.rows_loaded > 0)
    ).scalar_one_or_none()


def emptied(frame: pd.DataFrame) -> pd.DataFrame:
    """An empty frame with the same columns and dtypes, sharing no memory with `frame`.

    `frame.iloc[0:0]` would not do: an empty slice is a view that keeps the whole frame's
    NumPy blocks and Arrow buffers alive, so a year of events would stay in memory.

    Made once per layout and handed out as shallow copies (pandas copies on write, and a
    copy's columns are its own): building one cost ~1 ms, three times a night (profile).
    """
    layout = tuple(frame.dtypes.items())
    empty = _EMPTY_FRAMES.get(layout)
    if empty is None:
        empty = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in layout})
        _EMPTY_FRAMES[layout] = empty
    return empty.copy(deep=False)


# emptied's frames, one per (column, dtype) layout: a run meets a handful of them
_EMPTY_FRAMES: dict[tuple[tuple[object, object], ...], pd.DataFrame] = {}


def night_events(
    staging: StagingStore,
    day: date,
    outcomes: list[FileOutcome],
    files: dict[str, Path],
    versions: dict[date, str],
) -> dict[str, pd.DataFrame]:
    """The clean events of one night, per event table, ready to stage.

    - An event id already staged for another night of the month is a duplicate: the row is
      rejected (`duplicate_id`), as it was when months were read whole.
    - A re-delivered night that lacks one table's file keeps that table's staged events: a
      missing file is not "no events" (an empty file with its header is).
    """
    month_nights = {d: v for d, v in versions.items() if month_of(d) == month_of(day) and d != day}
    events: dict[str, pd.DataFrame] = {}
    for table in EVENT_TABLES:
        mine = [o for o in outcomes if o.table == table]
        if not mine:
            if day in versions and table not in files:
                events[table] = staging.read(table, {day: versions[day]}).drop(
                    columns=[NIGHT_COLUMN]
                )
            continue
        outcome = mine[0]
        if len(outcome.clean) and month_nights:
            id_column = EVENT_ID_COLUMN[table]
            # The Arrow strings behind the column, as they are (through Python objects, this
            # line cost ~3 ms a national night)
            ids = arrow_strings(outcome.clean[id_column]).combine_chunks()
            bounds = pc.min_max(ids)
            lowest, highest = bounds["min"].as_py(), bounds["max"].as_py()
            within = None if lowest is None or highest is None else (lowest, highest)
            seen = staging.ids(table, month_nights, within)
            # Usually no earlier night's range meets this one's, and then no id can repeat:
            # hashing the night's ids for nothing was ~1 ms a national night.
            if len(seen):
                known = pc.is_in(ids, value_set=_among(seen, ids))
                outcome.reject(
                    pd.Series(known.to_numpy(zero_copy_only=False), index=outcome.clean.index),
                    DUPLICATE_ID,
                    id_column,
                )
        events[table] = outcome.clean
    return events


def _among(month_ids: pa.ChunkedArray, night_ids: pa.Array) -> pa.Array:
    """The month's ids that the night also holds. Why this way round: is_in hashes its
    value set, and a national month holds ~0.7 M visit ids against a night's ~25,000, so
    the month is scanned against the night (0.3 s less on day 31, profiled)."""
    # Chunk by chunk: combining the month's ids first copied ~0.7 M strings every night.
    return month_ids.filter(pc.is_in(month_ids, value_set=night_ids)).combine_chunks()
