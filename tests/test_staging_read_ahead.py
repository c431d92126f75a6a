"""Reading staged nights ahead on a thread (etl.staging.StagingStore.read_ahead) changes when
the month's nights are read, never what is read: the same rows, ids and errors, each
night's result used once. Which nights a run reads ahead: etl.staging.read_later."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from data import schema
from data.db import make_engine
from data.settings import Config
from etl.contract import EVENT_ID_COLUMN, EVENT_TABLES
from etl.staging import MONTH_COLUMNS, StagingError, StagingStore, read_later


def _published_versions(config: Config) -> dict[date, str]:
    engine = make_engine(config.database_url)
    with engine.connect() as conn:
        t = schema.etl_nights
        versions = dict(conn.execute(select(t.c.night, t.c.fingerprint)).all())
    engine.dispose()
    return versions


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_the_last_night_of_a_month_reads_the_month_ahead() -> None:
    versions = {d: f"v{d.day}" for d in _days(date(2026, 9, 20), date(2026, 10, 30))}
    ids, rows = read_later([date(2026, 10, 31)], versions, date(2026, 10, 30))
    october = {d: v for d, v in versions.items() if d.month == 10}
    assert ids == october  # the duplicate check of 31 October
    assert rows == october  # October becomes complete: its tables are made


def test_a_night_inside_a_month_reads_only_its_ids() -> None:
    versions = {d: f"v{d.day}" for d in _days(date(2026, 10, 1), date(2026, 10, 14))}
    ids, rows = read_later([date(2026, 10, 15)], versions, date(2026, 10, 14))
    assert ids == versions
    assert rows == {}


def test_a_late_night_of_a_complete_month_reads_that_month_but_never_itself() -> None:
    versions = {d: f"v{d.day}" for d in _days(date(2026, 9, 1), date(2026, 10, 3))}
    redelivered = date(2026, 9, 12)
    ids, rows = read_later([redelivered, date(2026, 10, 4)], versions, date(2026, 10, 3))
    september = {d: v for d, v in versions.items() if d.month == 9 and d != redelivered}
    october = {d: v for d, v in versions.items() if d.month == 10}
    assert ids == {**september, **october}
    assert rows == september  # October is not complete; the re-delivered night will change
    assert read_later([], versions, date(2026, 10, 3)) == ({}, {})


def test_read_ahead_reads_the_same_rows_and_ids(warehouse_config: Config) -> None:
    versions = _published_versions(warehouse_config)
    september = {d: v for d, v in versions.items() if (d.year, d.month) == (2026, 9)}
    assert len(september) == 30

    plain = StagingStore(warehouse_config.staging_dir)
    expected = {t: plain.read(t, september, MONTH_COLUMNS[t]) for t in EVENT_TABLES}
    expected_ids = {t: plain.ids(t, september) for t in EVENT_TABLES}

    ahead = StagingStore(warehouse_config.staging_dir)
    ahead.read_ahead(september, september)
    for table in EVENT_TABLES:
        assert ahead.ids(table, september).equals(expected_ids[table])
        got = ahead.read(table, september, MONTH_COLUMNS[table])  # as etl.month reads
        assert len(got) > 0
        pd.testing.assert_frame_equal(got, expected[table])
    assert ahead._ahead == {}  # every night's result was used, and let go


def test_a_night_read_ahead_that_is_not_staged_fails_where_the_read_is(
    warehouse_config: Config,
) -> None:
    versions = _published_versions(warehouse_config)
    day = max(versions)
    wrong = {day: "0" * 64}
    store = StagingStore(warehouse_config.staging_dir)
    store.read_ahead({}, wrong)
    with pytest.raises(StagingError, match="is not staged"):
        store.read(EVENT_TABLES[0], wrong, MONTH_COLUMNS[EVENT_TABLES[0]])


def test_only_the_tables_this_process_makes_are_read_ahead(warehouse_config: Config) -> None:
    """With etl.helper's process making the SOS and camera tables, the main process reads
    ahead only the visits' rows (and every table's ids, for the duplicate check)."""
    versions = _published_versions(warehouse_config)
    day = max(versions)
    store = StagingStore(warehouse_config.staging_dir)
    store.read_ahead({day: versions[day]}, {day: versions[day]}, ["front_office_visits"])
    read = {(table, tuple(columns)) for table, _, _, columns in store._ahead}
    ids = {(t, (EVENT_ID_COLUMN[t],)) for t in EVENT_TABLES}
    assert read == ids | {("front_office_visits", tuple(MONTH_COLUMNS["front_office_visits"]))}
    assert all(EVENT_ID_COLUMN[t] not in MONTH_COLUMNS[t] for t in EVENT_TABLES)
