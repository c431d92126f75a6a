"""Baseline 2: the naive pandas pipeline (read_csv -> concat -> groupby -> to_sql).

What someone would write in an afternoon: every CSV read whole with pandas' default C engine
(the header line picks the delimiter; UTF-8, retried as Windows-1251 when that fails), all
files of a table concatenated, grouped to the published grains, written with to_sql into a
fresh SQLite file. It does NOT validate, deduplicate re-delivered ids, drop personal columns
before holding them in memory, suppress small cells, convert timestamp offsets to local time,
or read .xlsx/.json deliveries (those are counted as skipped).

    python -m bench.naive_pandas --landing DIR --out FILE.sqlite
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pandas as pd

from bench.common import emit, event_files, kato_prefix_to_iso, latest_facilities


def read(path: Path) -> pd.DataFrame | None:
    with path.open("rb") as handle:
        header = handle.readline().decode("utf-8", errors="replace")
    sep = max((",", ";", "\t"), key=header.count)
    for encoding in ("utf-8", "cp1251"):
        try:
            frame = pd.read_csv(path, sep=sep, encoding=encoding, dtype=str, on_bad_lines="skip")
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError):
            return None
        frame.columns = frame.columns.str.replace("\ufeff", "").str.strip().str.lower()
        return frame
    return None


def read_all(paths: list[Path]) -> tuple[pd.DataFrame, int]:
    frames, failed = [], 0
    for path in paths:
        frame = read(path)
        if frame is None:
            failed += 1
        else:
            frames.append(frame)
    return pd.concat(frames, ignore_index=True), failed


def day_of(stamps: pd.Series) -> pd.Series:
    """The calendar day of an ISO or dd.mm.yyyy timestamp (offsets ignored)."""
    text = stamps.str.strip().str.slice(0, 10)
    dotted = text.str.slice(2, 3) == "."
    iso = pd.to_datetime(text.where(~dotted), format="%Y-%m-%d", errors="coerce")
    return iso.fillna(pd.to_datetime(text.where(dotted), format="%d.%m.%Y", errors="coerce"))


def number(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--landing", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    files, skipped = event_files(args.landing)
    con = sqlite3.connect(args.out)
    summary: dict[str, dict[str, int]] = {"events": {}, "output_rows": {}, "failed_files": {}}

    # Facility -> region, from the newest registry snapshot.
    facilities = read(latest_facilities(args.landing))  # type: ignore[arg-type]
    prefix = kato_prefix_to_iso()
    region_of = dict(
        zip(
            facilities["facility_id"].str.strip(),
            facilities["kato"].str.strip().str.slice(0, 2).map(prefix),
            strict=True,
        )
    )

    visits, summary["failed_files"]["front_office_visits"] = read_all(files["front_office_visits"])
    visits["day"] = day_of(visits["visited_at"])
    visits["wait_minutes"] = number(visits["wait_minutes"])
    visits["satisfaction"] = number(visits["satisfaction"])
    out = (
        visits.groupby(["day", "office_id", "channel", "topic", "outcome"])
        .agg(
            visits=("visit_id", "size"),
            wait_median_min=("wait_minutes", "median"),
            satisfaction_mean=("satisfaction", "mean"),
            satisfaction_n=("satisfaction", "count"),
        )
        .reset_index()
    )
    out.to_sql("front_office_visits", con, index=False, if_exists="replace")
    summary["events"]["front_office_visits"] = len(visits)
    summary["output_rows"]["front_office_visits"] = len(out)
    del visits, out

    sos, summary["failed_files"]["sos_activations"] = read_all(files["sos_activations"])
    sos["day"] = day_of(sos["activated_at"])
    sos["month"] = sos["day"].dt.to_period("M").dt.start_time
    sos["region"] = sos["button_id"].map(region_of)
    daily = sos.groupby(["day", "region", "category"]).size().rename("activations").reset_index()
    daily.to_sql("sos_activations_daily", con, index=False, if_exists="replace")
    monthly = (
        sos.assign(
            answered_after_s=number(sos["answered_after_s"]),
            patrol_arrival_min=number(sos["patrol_arrival_min"]),
        )
        .groupby(["month", "button_id"])
        .agg(
            activations=("event_id", "size"),
            answer_median_s=("answered_after_s", "median"),
            arrival_median_min=("patrol_arrival_min", "median"),
        )
        .reset_index()
    )
    monthly.to_sql("sos_activations_monthly", con, index=False, if_exists="replace")
    summary["events"]["sos_activations"] = len(sos)
    summary["output_rows"]["sos_activations_daily"] = len(daily)
    summary["output_rows"]["sos_activations_monthly"] = len(monthly)
    del sos

    camera, summary["failed_files"]["camera_offenses"] = read_all(files["camera_offenses"])
    camera["month"] = day_of(camera["recorded_at"]).dt.to_period("M").dt.start_time
    out = camera.groupby(["month", "district_kato", "kind", "category", "status"]).size()
    out = out.rename("offenses").reset_index()
    out.to_sql("camera_offenses", con, index=False, if_exists="replace")
    summary["events"]["camera_offenses"] = len(camera)
    summary["output_rows"]["camera_offenses"] = len(out)
    con.commit()
    con.close()
    summary["skipped_files"] = {"xlsx_or_json": len(skipped)}  # type: ignore[assignment]
    emit(summary)


if __name__ == "__main__":
    main()
