"""Synthetic raw extracts for demos and tests: ``generate()`` writes a landing area.

What it writes, night by night (one folder ``out/YYYY-MM-DD/`` per night, nothing held
across nights except the previous night's rows that the next one re-delivers):

* ``front_office_visits``, ``sos_activations``, ``camera_offenses`` every night;
* ``facilities`` (full registry snapshot) on the first night and every 7th night after;
* ``targets`` on the first night and on the first night of each month;
* ``DEMO.txt`` in every night folder (kk/ru/en): the ETL flags publications as demo data;
* ``out/demo_manifest.json``: rows per table, dirty rows per table and kind (named after the
  ETL quarantine reason they should cause), and how every file was written.

Why synthetic but realistic: the ETL, the privacy tests and the demo portal need data that
looks like the ministry's exports (fake but valid IINs, Kazakh/Russian names, Windows-1251
files, Excel sheets, broken rows) without any real person in it. Same seed -> byte-identical
files; the only time-dependent value is the default ``end`` (yesterday).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import numpy as np

from etl.contract import EVENT_TIME_COLUMN as TIME_COLUMN
from etl.demo import config as cfg
from etl.demo import dirty
from etl.demo import write as w
from etl.demo.columns import Columns, n_rows, take
from etl.demo.dirty_kinds import EVENT_KINDS, expected_reasons
from etl.demo.events import EVENT_BUILDERS, night_rng
from etl.demo.plans import targets
from etl.demo.world import World, build_world, snapshot

# Streams of the per-night random generators (seed, stream, night).
WORLD_STREAM, TARGET_STREAM, FACILITY_STREAM, PLAN_STREAM = 0, 1, 2, 3
EVENT_STREAM = {"front_office_visits": 10, "sos_activations": 11, "camera_offenses": 12}
FACILITY_EVERY = 7

# The first nights show every shape at least once, whatever the seed (tests rely on it).
FORCED_STYLES: dict[tuple[int, str], dict[str, object]] = {
    (0, "facilities"): {
        "fmt": "csv",
        "encoding": "utf-8",
        "delimiter": ",",
        "header": "exact",
        "shuffle": False,
        "extra_column": None,
        "drop_optional": None,
    },
    (0, "targets"): {"fmt": "csv", "encoding": "utf-8-sig", "delimiter": ";", "dates": "dotted"},
    (1, "front_office_visits"): {"fmt": "xlsx", "timestamps": "iso"},
    (1, "sos_activations"): {"fmt": "json", "timestamps": "dotted"},
    (1, "camera_offenses"): {
        "fmt": "csv",
        "encoding": "cp1251",
        "delimiter": "\t",
        "timestamps": "dotted_seconds",
    },
    (2, "front_office_visits"): {
        "fmt": "csv",
        "encoding": "utf-8-sig",
        "delimiter": ";",
        "timestamps": "iso_offset",
        "extra_column": True,
    },
    (2, "sos_activations"): {
        "fmt": "csv",
        "encoding": "cp1251",
        "delimiter": ",",
        "timestamps": "dotted_seconds",
        "drop_optional": True,
    },
    (2, "camera_offenses"): {"fmt": "json", "timestamps": "iso_utc"},
    (3, "front_office_visits"): {
        "fmt": "csv",
        "encoding": "cp1251",
        "delimiter": "\t",
        "timestamps": "mixed",
        "drop_optional": True,
        "header": "padded",
        "shuffle": True,
    },
    (3, "sos_activations"): {"fmt": "xlsx", "header": "upper"},
    (3, "camera_offenses"): {
        "fmt": "csv",
        "encoding": "utf-8",
        "delimiter": ";",
        "header": "title",
        "extra_column": True,
        "timestamps": "iso_utc",
    },
    (7, "facilities"): {"fmt": "json", "dates": "dotted"},
}
DROPPABLE_REQUIRED = {
    "front_office_visits": ("topic", "visited_at", "office_id"),
    "sos_activations": ("category", "activated_at", "button_id"),
    "camera_offenses": ("kind", "recorded_at", "camera_id"),
}
MARKER_TEXT = """\
kk: Бұл синтетикалық демо-деректер. Нақты адамдар, оқиғалар мен ЖСН жоқ: барлығы кездейсоқ жасалған.
ru: Это синтетические демонстрационные данные. Реальных людей, событий и ИИН здесь нет: всё сгенерировано случайно.
en: This is synthetic demo data. No real people, events or IINs: everything is randomly generated.
generator: {generator}
seed: {seed}
scale: {scale}
night: {night}
"""


@dataclass
class FileRecord:
    """How one file was written and what it holds (one entry of the manifest's ``files``)."""

    night: date
    table: str
    file: str
    rows: int
    dirty: dict[str, int]
    style: w.FileStyle

    def as_json(self) -> dict[str, object]:
        return {
            "night": self.night.isoformat(),
            "table": self.table,
            "file": self.file,
            "rows": self.rows,
            "dirty": self.dirty,
            **self.style.describe(),
        }


@dataclass
class Run:
    """The fixed inputs of one call and the files it has written so far."""

    out: Path
    seed: int
    scale: cfg.Scale
    nights: list[date]
    world: World
    rejected: tuple[int, str, str] | None  # night index, table, missing required column
    files: list[FileRecord] = field(default_factory=list)


def generate(
    out: Path,
    days: int,
    seed: int = 42,
    scale: Literal["small", "national"] = "small",
    end: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Write ``days`` nights of raw extracts ending at ``end`` (default yesterday) into ``out``.

    Returns the manifest summary (also written to ``out/demo_manifest.json``). ``progress``
    is called as ``progress(nights_done, nights_total)`` after each night.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    if scale not in cfg.SCALES:
        raise ValueError(f"unknown scale {scale!r}: use small or national")
    # Yesterday in Kazakhstan (one zone, UTC+5, since 2024-03-01), whatever the host zone.
    end = end or datetime.now(ZoneInfo("Asia/Almaty")).date() - timedelta(days=1)
    nights = [end - timedelta(days=days - 1 - i) for i in range(days)]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    world = build_world(
        np.random.default_rng([seed, WORLD_STREAM]), cfg.SCALES[scale], nights[0], nights[-1]
    )
    run = Run(out, seed, cfg.SCALES[scale], nights, world, _rejected_file(seed, days))
    registry_days = [n for i, n in enumerate(nights) if i % FACILITY_EVERY == 0]
    plan = targets(np.random.default_rng([seed, TARGET_STREAM]), world, registry_days[-1])
    previous: dict[str, Columns | None] = dict.fromkeys(cfg.EVENT_TABLES)
    for i, night in enumerate(nights):
        folder = _night_folder(out, night)
        (folder / cfg.MARKER_NAME).write_text(
            MARKER_TEXT.format(
                generator=cfg.GENERATOR, seed=seed, scale=scale, night=night.isoformat()
            ),
            encoding="utf-8",
        )
        if i % FACILITY_EVERY == 0:
            _write_facilities(run, i, night, folder)
        if i == 0 or night.day == 1:
            _write_targets(run, i, night, folder, plan)
        for j, table in enumerate(cfg.EVENT_TABLES):
            previous[table] = _write_events(run, i, j, night, folder, table, previous[table])
        if progress:
            progress(i + 1, days)
    summary = _summary(run, scale)
    (out / cfg.MANIFEST_NAME).write_text(
        json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return summary


def _rejected_file(seed: int, days: int) -> tuple[int, str, str] | None:
    """One night (the middle one) delivers one event file without a required column."""
    if days < 4:
        return None
    rng = np.random.default_rng([seed, PLAN_STREAM])
    table = cfg.EVENT_TABLES[int(rng.integers(0, len(cfg.EVENT_TABLES)))]
    column = str(rng.choice(DROPPABLE_REQUIRED[table]))
    return days // 2, table, column


def _night_folder(out: Path, night: date) -> Path:
    """The night's folder, emptied of files an earlier run wrote (other suffixes included)."""
    folder = out / night.isoformat()
    folder.mkdir(exist_ok=True)
    ours = {*cfg.TABLES, Path(cfg.MARKER_NAME).stem.lower()}
    for path in folder.iterdir():
        if path.is_file() and path.stem.lower() in ours:
            path.unlink()
    return folder


# ---------------------------------------------------------------- registries
def _write_facilities(run: Run, i: int, night: date, folder: Path) -> None:
    rng = night_rng(run.seed, FACILITY_STREAM, night)
    frame = snapshot(run.world, night)
    style = w.choose_style(
        rng, "facilities", n_rows(frame), forced=FORCED_STYLES.get((i, "facilities"))
    )
    text = _render_registry(frame, style)
    text, counts = dirty.inject_facilities(rng, text, night, style.dates)
    _write(run, rng, night, folder, "facilities", text, style, counts)


def _write_targets(run: Run, i: int, night: date, folder: Path, plan: Columns) -> None:
    rng = night_rng(run.seed, TARGET_STREAM, night)
    style = w.choose_style(rng, "targets", n_rows(plan), forced=FORCED_STYLES.get((i, "targets")))
    text, counts = dirty.inject_targets(rng, _render_registry(plan, style))
    _write(run, rng, night, folder, "targets", text, style, counts)


def _render_registry(frame: Columns, style: w.FileStyle) -> w.TextTable:
    """Registry frames (facilities, targets) as text in the file's date notation."""
    text: w.TextTable = {}
    for column, values in frame.items():
        if column in ("opened_on", "period_end"):
            text[column] = w.render_dates(values.astype("datetime64[D]"), style.dates)
        else:
            text[column] = _render_plain(column, values)
    return text


def _render_plain(column: str, values: np.ndarray) -> np.ndarray:
    """A column that is neither a date nor a timestamp: numbers with the contract's decimals,
    anything else as text (the same in registries and event files)."""
    if column in cfg.DECIMALS:
        return w.render_numbers(values.astype(float), cfg.DECIMALS[column])
    return w.text_column(values)


# ---------------------------------------------------------------- events
def _write_events(
    run: Run, i: int, j: int, night: date, folder: Path, table: str, previous: Columns | None
) -> Columns | None:
    """Write one event file; return its untouched rows (tomorrow may re-deliver some)."""
    rng = night_rng(run.seed, EVENT_STREAM[table], night)
    typed = EVENT_BUILDERS[table](rng, run.world, night, run.scale)
    style = w.choose_style(rng, table, n_rows(typed), forced=FORCED_STYLES.get((i, table)))

    def render(frame: Columns) -> w.TextTable:
        text = _render_events(rng, run.world, table, frame, style.timestamps)
        return {c: v for c, v in text.items() if c != style.drop_optional}

    if run.rejected and run.rejected[:2] == (i, table):
        style = replace(style, drop_required=run.rejected[2], drop_optional=None)
        _write(
            run,
            rng,
            night,
            folder,
            table,
            render(typed),
            style,
            Counter({"missing_required_column": n_rows(typed)}),
        )
        return None
    can_repeat = previous is not None and len(previous) > 0 and night.day != 1
    kinds = list(EVENT_KINDS[table])
    forced = kinds[(i + 3 * j) % len(kinds)] if i >= 1 else None
    counts = dirty.plan_counts(rng, table, n_rows(typed), forced, can_repeat)
    result = dirty.inject_events(
        rng,
        table,
        typed,
        previous if can_repeat else None,
        render,
        counts,
        run.world.registry,
        night,
    )
    _write(run, rng, night, folder, table, result.text, style, result.counts)
    kept = take(typed, result.untouched)
    one_am = np.datetime64(night, "s") + np.timedelta64(1, "h")
    return take(kept, kept[TIME_COLUMN[table]] >= one_am)  # far from midnight in any offset


def _render_events(
    rng: np.random.Generator, world: World, table: str, frame: Columns, timestamps: str
) -> w.TextTable:
    """Typed event rows -> text columns in contract order."""
    east = np.array([r.facts.utc_before_2024 == 6 for r in world.regions])[frame["_region"]]
    text: w.TextTable = {}
    for column in cfg.COLUMNS[table]:
        values = frame[column]
        if column == TIME_COLUMN[table]:
            stamps = values.astype("datetime64[s]")
            text[column] = w.render_timestamps(
                rng, stamps, w.local_offsets(stamps, east), timestamps
            )
        else:
            text[column] = _render_plain(column, values)
    return text


# ---------------------------------------------------------------- output
def _write(
    run: Run,
    rng: np.random.Generator,
    night: date,
    folder: Path,
    table: str,
    text: w.TextTable,
    style: w.FileStyle,
    counts: Counter[str],
) -> None:
    header, data = w.layout(rng, text, list(cfg.COLUMNS[table]), style, night)
    path = w.write_file(folder, table, header, data, style, night)
    run.files.append(
        FileRecord(night, table, path.name, n_rows(text), dict(sorted(counts.items())), style)
    )


def _summary(run: Run, scale: str) -> dict:
    """The manifest: totals, dirty rows by table and kind, expected quarantine, every file."""
    rows: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {t: Counter() for t in cfg.TABLES}
    by_night: dict[str, dict[str, dict[str, int]]] = {}
    for f in run.files:
        rows[f.table] += f.rows
        kinds[f.table].update(f.dirty)
        if f.dirty:
            by_night.setdefault(f.night.isoformat(), {})[f.table] = f.dirty
    dirty_counts = {t: dict(sorted(c.items())) for t, c in kinds.items()}
    types, counts = np.unique(run.world.registry["type"].astype(str), return_counts=True)
    return {
        "generator": cfg.GENERATOR,
        "seed": run.seed,
        "scale": scale,
        "nights": len(run.nights),
        "first_night": run.nights[0].isoformat(),
        "last_night": run.nights[-1].isoformat(),
        "rows": {t: rows[t] for t in cfg.TABLES},
        "rows_total": sum(rows.values()),
        "dirty": dirty_counts,
        "dirty_rows": {t: sum(c.values()) for t, c in dirty_counts.items()},
        "expected_quarantine": {t: expected_reasons(c) for t, c in dirty_counts.items()},
        "dirty_by_night": dict(sorted(by_night.items())),
        "rejected_files": [
            {
                "night": f.night.isoformat(),
                "table": f.table,
                "file": f.file,
                "missing_column": f.style.drop_required,
                "rows": f.rows,
            }
            for f in run.files
            if f.style.drop_required
        ],
        "facilities": {str(t): int(n) for t, n in zip(types, counts, strict=True)},
        "files": [f.as_json() for f in run.files],
    }
