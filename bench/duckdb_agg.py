"""Baseline 3: DuckDB doing the same aggregation over the same CSV files.

Each file is looked at once in Python to pick its options (encoding, delimiter), then the
files of a table are read by DuckDB's multi-threaded CSV reader, grouped by options, with
`union_by_name` and `normalize_names` (header case, spaces, column order and extra columns),
every value as VARCHAR (dirty numbers become NULL through TRY_CAST, as in the naive
baseline). The same grains as the naive baseline are computed in SQL and written either into
a DuckDB file (`--sink duckdb`, its native store) or into a SQLite file through the stdlib
sqlite3 module (`--sink sqlite`, the same sink as the other contenders).

Windows-1251 files are read as latin-1: DuckDB's cp1251 support lives in the `encodings`
extension, which is downloaded at run time, and this machine has no access to the extension
repository. Every column that is aggregated (ids, categories, timestamps, numbers) is ASCII,
so the aggregates are the same; only the Cyrillic free text (never used) would be garbled.

Like the naive baseline it does NOT validate, deduplicate, suppress, convert offsets, or read
.xlsx/.json deliveries.

    python -m bench.duckdb_agg --landing DIR --out FILE [--sink duckdb|sqlite]
"""

from __future__ import annotations

import argparse
import sqlite3
from collections import defaultdict
from pathlib import Path

import duckdb

from bench.common import emit, event_files, kato_prefix_to_iso, latest_facilities, sniff

DAY = (
    "CASE WHEN substr(trim({c}), 3, 1) = '.' "
    "THEN try_strptime(substr(trim({c}), 1, 10), '%d.%m.%Y') "
    "ELSE try_strptime(substr(trim({c}), 1, 10), '%Y-%m-%d') END::DATE"
)

QUERIES = {
    "front_office_visits": """
        SELECT {day} AS day, office_id, channel, topic, outcome,
               count(*) AS visits,
               median(TRY_CAST(wait_minutes AS DOUBLE)) AS wait_median_min,
               avg(TRY_CAST(satisfaction AS DOUBLE)) AS satisfaction_mean,
               count(TRY_CAST(satisfaction AS DOUBLE)) AS satisfaction_n
        FROM raw_front_office_visits GROUP BY ALL""",
    "sos_activations_daily": """
        SELECT {day} AS day, r.region, category, count(*) AS activations
        FROM raw_sos_activations s LEFT JOIN facility_region r ON r.facility_id = s.button_id
        GROUP BY ALL""",
    "sos_activations_monthly": """
        SELECT date_trunc('month', {day}) AS month, button_id, count(*) AS activations,
               median(TRY_CAST(answered_after_s AS DOUBLE)) AS answer_median_s,
               median(TRY_CAST(patrol_arrival_min AS DOUBLE)) AS arrival_median_min
        FROM raw_sos_activations GROUP BY ALL""",
    "camera_offenses": """
        SELECT date_trunc('month', {day}) AS month, district_kato, kind, category, status,
               count(*) AS offenses
        FROM raw_camera_offenses GROUP BY ALL""",
}
EVENT_TOTALS = {
    "front_office_visits": ("front_office_visits", "visits"),
    "sos_activations": ("sos_activations_daily", "activations"),
    "camera_offenses": ("camera_offenses", "offenses"),
}
TIME_COLUMN = {
    "front_office_visits": "visited_at",
    "sos_activations_daily": "activated_at",
    "sos_activations_monthly": "activated_at",
    "camera_offenses": "recorded_at",
}


def scan(paths: list[Path]) -> tuple[str, int]:
    """A SQL expression reading every file (grouped by their options), and unreadable files."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    unreadable = 0
    for path in paths:
        if b"\x00" in path.read_bytes()[:4096]:
            unreadable += 1  # binary or UTF-16: not a CSV DuckDB can read
            continue
        encoding, delimiter = sniff(path)
        groups[("latin-1" if encoding == "cp1251" else "utf-8", delimiter)].append(str(path))
    parts = []
    for (encoding, delimiter), files in sorted(groups.items()):
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        parts.append(
            f"SELECT * FROM read_csv([{listed}], delim = '{delimiter}', header = true, "
            f"encoding = '{encoding}', all_varchar = true, normalize_names = true, "
            f"union_by_name = true, ignore_errors = true, strict_mode = false, "
            f"filename = false)"
        )
    return " UNION ALL BY NAME ".join(parts), unreadable


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--landing", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sink", choices=("duckdb", "sqlite"), default="duckdb")
    args = parser.parse_args()
    files, skipped = event_files(args.landing)
    con = duckdb.connect(str(args.out) if args.sink == "duckdb" else ":memory:")
    summary: dict[str, dict[str, int]] = {"events": {}, "output_rows": {}, "failed_files": {}}
    for table, paths in files.items():
        sql, summary["failed_files"][table] = scan(paths)
        con.execute(f"CREATE TEMP VIEW raw_{table} AS {sql}")

    prefix = kato_prefix_to_iso()
    facilities = latest_facilities(args.landing)
    sql, _ = scan([facilities] if facilities else [])
    con.execute("CREATE TEMP TABLE prefix_iso (prefix VARCHAR, region VARCHAR)")
    con.executemany("INSERT INTO prefix_iso VALUES (?, ?)", list(prefix.items()))
    con.execute(f"""CREATE TEMP TABLE facility_region AS
        SELECT trim(f.facility_id) AS facility_id, p.region FROM ({sql}) f
        JOIN prefix_iso p ON p.prefix = substr(trim(f.kato), 1, 2)""")

    sqlite = sqlite3.connect(args.out) if args.sink == "sqlite" else None
    for name, query in QUERIES.items():
        select = query.format(day=DAY.format(c=TIME_COLUMN[name]))
        if sqlite is None:
            con.execute(f"CREATE TABLE {name} AS {select}")
            summary["output_rows"][name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            continue
        result = con.execute(select)
        columns = [d[0] for d in result.description]
        sqlite.execute(f"CREATE TABLE {name} ({', '.join(columns)})")
        placeholders = ", ".join("?" * len(columns))
        n = 0
        while batch := result.fetchmany(50_000):
            sqlite.executemany(f"INSERT INTO {name} VALUES ({placeholders})", batch)
            n += len(batch)
        summary["output_rows"][name] = n
    if sqlite is not None:
        sqlite.commit()
    for table, (out, column) in EVENT_TOTALS.items():  # events read = sum over the grain
        target = sqlite if sqlite is not None else con
        summary["events"][table] = int(
            target.execute(f"SELECT coalesce(sum({column}), 0) FROM {out}").fetchone()[0]
        )
    if sqlite is not None:
        sqlite.close()
    con.close()
    summary["skipped_files"] = {"xlsx_or_json": len(skipped)}  # type: ignore[assignment]
    emit(summary)


if __name__ == "__main__":
    main()
