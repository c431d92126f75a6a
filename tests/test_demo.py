"""The demo raw-extract generator (etl.demo): contract shapes, fake personal data, dirty rows
counted exactly in the manifest, determinism and speed.

The files are read back with a reader written here (not the ETL's), so these tests check the
generator against CONTRACTS.md rather than against the ETL's interpretation of it; one test
at the end checks that the manifest predicts the ETL's own quarantine reasons.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from etl.contract import EVENT_FACILITY_COLUMN as FACILITY_COLUMN
from etl.contract import (
    EVENT_ID_COLUMN,
    EVENT_TABLES,
    FACILITY_STATUSES,
    FACILITY_TYPES,
    TABLES,
)
from etl.contract import EVENT_TIME_COLUMN as TIME_COLUMN
from etl.demo import config as cfg
from etl.demo import generate
from etl.demo.dirty_kinds import EVENT_KINDS, FACILITY_KINDS, TARGET_KINDS
from etl.demo.people import iin_control, iin_is_valid

END = date(2026, 3, 10)  # crosses two month boundaries (1 February, 1 March)
DAYS = 40
SEED = 11
# Column roles and vocabularies as the ETL knows them (etl.contract): the demo must fit the
# contract, so that the ETL quarantines exactly the rows the generator made dirty.
FACILITY_TYPE = {table: TABLES[table].facility_type for table in EVENT_TABLES}
ENUM_COLUMNS = {
    table: {
        c.name: c.allowed or frozenset() for c in TABLES[table].public_columns if c.kind == "enum"
    }
    for table in EVENT_TABLES
}


# ---------------------------------------------------------------- fixtures and reader
@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("demo")
    seen: list[tuple[int, int]] = []
    summary = generate(
        out,
        DAYS,
        seed=SEED,
        scale="small",
        end=END,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (DAYS, DAYS) and len(seen) == DAYS
    return out, summary


@pytest.fixture(scope="module")
def manifest(landing: tuple[Path, dict]) -> dict:
    return landing[1]


@pytest.fixture(scope="module")
def files(landing: tuple[Path, dict]) -> dict[tuple[str, str], pd.DataFrame]:
    """Every extract read back: (night, table) -> all-text frame with normalised headers."""
    out = landing[0]
    return {
        (f["night"], f["table"]): read_any(out / f["night"] / f["file"])
        for f in landing[1]["files"]
    }


@pytest.fixture(scope="module")
def stacked(manifest: dict, files: dict) -> dict[str, pd.DataFrame]:
    """Per event table, all its files one under the other with ``_file`` (index in the
    manifest's file list) and ``_night``, so checks run once per table, not once per file."""
    out = {}
    for table in cfg.EVENT_TABLES:
        parts = [
            files[(f["night"], table)].assign(_file=i, _night=pd.Timestamp(f["night"]))
            for i, f in enumerate(manifest["files"])
            if f["table"] == table and not f["drop_required"]
        ]
        out[table] = pd.concat(parts, ignore_index=True)
    return out


def per_file(mask: pd.Series, frame: pd.DataFrame) -> dict[int, int]:
    """Number of True values of ``mask`` per file index (files without any left out)."""
    counts = mask.groupby(frame["_file"]).sum()
    return {int(i): int(n) for i, n in counts.items() if n}


def expected_per_file(manifest: dict, table: str, *kinds: str) -> dict[int, int]:
    out = {}
    for i, f in enumerate(manifest["files"]):
        if f["table"] == table and not f["drop_required"]:
            n = sum(f["dirty"].get(k, 0) for k in kinds)
            if n:
                out[i] = n
    return out


def read_any(path: Path) -> pd.DataFrame:
    """Read a csv/xlsx/json extract as the contract describes it; empty cells -> None."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        text = decode(raw)[0]
        header = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=header.count)
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    elif path.suffix == ".json":
        records = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(records, list) and all(isinstance(r, dict) for r in records)
        frame = pd.DataFrame(records, dtype=object)
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        width = len(rows[0])
        body = [tuple(r) + (None,) * (width - len(r)) for r in rows[1:]]
        frame = pd.DataFrame(body, columns=[str(c) for c in rows[0]], dtype=object)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if path.suffix != ".csv":  # numbers and nulls of spreadsheets and JSON -> text / NaN
        frame = frame.apply(lambda col: col.map(lambda v: None if v is None or v != v else str(v)))
    frame = frame.astype("str")
    return frame.mask(frame.eq(""))


def decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1251"), "cp1251"


def local_dates(values: pd.Series) -> pd.Series:
    """Local (UTC+5) calendar dates of contract timestamps; NaT where not a timestamp."""
    s = values.astype(object)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    iso = (
        s.str.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?")
        .fillna(False)
        .astype(bool)
    )
    offset = iso & s.str.contains(r"(?:Z|[+-]\d{2}:\d{2})$", regex=True).fillna(False).astype(bool)
    naive = iso & ~offset
    out[naive] = pd.to_datetime(s[naive], format="%Y-%m-%dT%H:%M:%S", errors="coerce")
    if offset.any():
        aware = pd.to_datetime(s[offset], format="ISO8601", utc=True, errors="coerce")
        out[offset] = (aware + pd.Timedelta(hours=5)).dt.tz_localize(None)
    dotted = ~iso & s.notna()
    parsed = pd.to_datetime(s[dotted], format="%d.%m.%Y %H:%M:%S", errors="coerce")
    short = pd.to_datetime(s[dotted], format="%d.%m.%Y %H:%M", errors="coerce")
    out[dotted] = parsed.fillna(short)
    return out.dt.normalize()


def registry_types(files: dict[tuple[str, str], pd.DataFrame]) -> dict[str, str]:
    """facility_id -> type over every snapshot (bogus 8xx rows excluded: they are dirty)."""
    frames = [f for (_, table), f in files.items() if table == "facilities"]
    reg = pd.concat([f[["facility_id", "type"]] for f in frames]).dropna()
    reg = reg[reg["type"].isin(FACILITY_TYPES) & ~reg["facility_id"].str.contains(r"-8\d+$")]
    return dict(zip(reg["facility_id"], reg["type"], strict=True))


# ---------------------------------------------------------------- layout of the landing
def test_one_folder_per_night_with_marker_and_registries(landing: tuple[Path, dict]) -> None:
    out, summary = landing
    nights = [END - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == [n.isoformat() for n in nights]
    assert (out / "demo_manifest.json").exists()
    assert json.loads((out / "demo_manifest.json").read_text(encoding="utf-8")) == summary
    for i, night in enumerate(nights):
        folder = out / night.isoformat()
        stems = {p.stem for p in folder.iterdir() if p.suffix in (".csv", ".xlsx", ".json")}
        expected = set(cfg.EVENT_TABLES)
        expected |= {"facilities"} if i % 7 == 0 else set()
        expected |= {"targets"} if i == 0 or night.day == 1 else set()
        assert stems == expected, night
        marker = (folder / "DEMO.txt").read_text(encoding="utf-8")
        for needle in (
            "kk:",
            "ru:",
            "en:",
            "synthetic",
            "синтетические",
            "синтетикалық",
            f"seed: {SEED}",
            "scale: small",
            "etl.demo",
        ):
            assert needle in marker


def test_every_accepted_shape_is_present(manifest: dict) -> None:
    files = manifest["files"]
    csv = [f for f in files if f["fmt"] == "csv"]
    assert {f["fmt"] for f in files} == {"csv", "xlsx", "json"}
    assert {f["encoding"] for f in csv} == {"utf-8", "utf-8-sig", "cp1251"}
    assert {f["delimiter"] for f in csv} == {",", ";", "\t"}
    assert {f["timestamps"] for f in files if f["table"] in cfg.EVENT_TABLES} == {
        "iso",
        "iso_offset",
        "iso_utc",
        "dotted",
        "dotted_seconds",
        "mixed",
    }
    assert {f["dates"] for f in files if f["table"] in ("facilities", "targets")} == {
        "iso",
        "dotted",
    }
    assert {f["header"] for f in files} >= {"exact", "upper", "title", "padded"}
    assert any(f["shuffle"] for f in files)
    assert any(f["extra_column"] for f in files)
    assert any(f["drop_optional"] for f in files)
    assert [f["drop_required"] for f in files if f["drop_required"]] == [
        r["missing_column"] for r in manifest["rejected_files"]
    ]
    assert len(manifest["rejected_files"]) == 1


def test_files_match_their_recorded_style(landing: tuple[Path, dict]) -> None:
    out, summary = landing
    for f in summary["files"]:
        path = out / f["night"] / f["file"]
        raw = path.read_bytes()
        if f["fmt"] == "csv":
            text, encoding = decode(raw)
            if f["encoding"] == "cp1251":
                assert encoding == "cp1251" or text.isascii(), path
            else:
                assert encoding == f["encoding"], path
            header = text.split(f["newline"], 1)[0]
            assert f["delimiter"] in header and "\n" not in header
        elif f["fmt"] == "xlsx":
            assert raw[:2] == b"PK"
        else:
            assert raw[:1] == b"["


def test_columns_follow_the_contract(manifest: dict, files: dict) -> None:
    for f in manifest["files"]:
        frame = files[(f["night"], f["table"])]
        expected = set(cfg.COLUMNS[f["table"]]) - {f["drop_optional"], f["drop_required"]}
        if f["extra_column"]:
            expected.add(f["extra_column"].lower())
        if f["fmt"] == "json" and not f["json_nulls"]:
            assert set(frame.columns) <= expected  # a key absent from every object is absent
        else:
            assert set(frame.columns) == expected, (f["night"], f["table"])
        assert len(frame) == f["rows"]


# ---------------------------------------------------------------- values
def test_iins_have_valid_control_digits(files: dict) -> None:
    iins = pd.concat(
        [
            frame[col]
            for (_, table), frame in files.items()
            for col in ("visitor_iin", "offender_iin")
            if col in frame
        ]
    ).dropna()
    assert len(iins) > 10_000
    assert iins.str.fullmatch(r"\d{12}").all()
    digits = np.array([[int(c) for c in v] for v in iins.unique()])
    assert (iin_control(digits[:, :11]) == digits[:, 11]).all()
    assert all(iin_is_valid(v) for v in iins.iloc[:500])
    assert not iin_is_valid("900101300001")  # wrong control digit


def test_personal_columns_hold_distinctive_fake_values(files: dict) -> None:
    visits = pd.concat([f for (_, t), f in files.items() if t == "front_office_visits"])
    phones = visits["visitor_phone"].dropna()
    assert phones.str.fullmatch(r"\+7 7\d{2} \d{3} \d{2} \d{2}").all()
    names = visits["visitor_name"].dropna()
    assert names.str.contains(r"(?:ұлы|қызы|ович|евич|овна|евна)$").mean() > 0.5
    assert names.str.contains("[әғқңөұүһі]").any()  # Kazakh letters survive (UTF-8 files)
    comments = visits["comment"].dropna()
    assert comments.str.contains(r"\+7 7\d{2}").any() and comments.str.contains(r"\d{12}").any()
    assert comments.str.contains("ЖСН|көрші").any() and comments.str.contains("ИИН|соседей").any()
    camera = pd.concat([f for (_, t), f in files.items() if t == "camera_offenses"])
    assert camera["vehicle_plate"].dropna().str.fullmatch(r"\d{3}[A-Z]{3}\d{2}").all()
    sos = pd.concat([f for (_, t), f in files.items() if t == "sos_activations"])
    assert sos["operator_id"].dropna().str.fullmatch(r"OP-\d{2}-\d{3}").all()
    assert sos["notes"].notna().mean() > 0.3


def test_facility_registry_is_calibrated(files: dict, manifest: dict) -> None:
    first = files[(manifest["first_night"], "facilities")]
    real = first[~first["facility_id"].str.contains(r"-8\d+$", na=True)].drop_duplicates()
    ids = real["facility_id"]
    pattern = {
        "front_office": r"FO-\d{2}-\d{3}",
        "modular_post": r"MP-\d{2}-\d{3}",
        "district_point": r"DP-\d{2}-\d{3}",
        "sos_button": r"SOS-\d{2}-\d{3}",
        "camera": r"CAM-\d{2}-\d{4}",
    }
    for kind, regex in pattern.items():
        assert ids[real["type"] == kind].str.fullmatch(regex).all(), kind
    fronts = real[real["type"] == "front_office"]
    nk = fronts[fronts["facility_id"].str.startswith("FO-59-")]
    assert len(nk) == 16 and (nk["kato"] == "591000000").sum() == 3
    assert 250 <= len(fronts) <= 350
    counts = real["type"].value_counts()
    assert 30 <= counts["sos_button"] <= 50 and 70 <= counts["district_point"] <= 110
    assert real["kato"].str.fullmatch(r"\d{2}[1-4]\d00000").all()
    lat, lon = real["lat"].astype(float), real["lon"].astype(float)
    assert lat.between(40.6, 55.4).all() and lon.between(46.6, 87.3).all()
    assert set(real["status"]) <= FACILITY_STATUSES
    open_now = real["status"].isin(["operating", "closed"])
    assert real.loc[open_now, "opened_on"].notna().all()
    assert real.loc[~open_now, "opened_on"].isna().all()
    # modular posts keep opening over the period
    last = files[(max(n for n, t in files if t == "facilities"), "facilities")]
    assert _operating(last, "modular_post") > _operating(first, "modular_post")


def _operating(snapshot: pd.DataFrame, kind: str) -> int:
    rows = snapshot[(snapshot["type"] == kind) & (snapshot["status"] == "operating")]
    return int(rows["facility_id"].nunique())


def test_targets_cover_every_region_and_indicator(files: dict, manifest: dict) -> None:
    targets = files[(manifest["first_night"], "targets")]
    valid = targets[
        targets["indicator"].isin(
            [
                "front_offices_operating",
                "modular_posts_operating",
                "district_points_operating",
                "sos_buttons_operating",
                "cameras_operating",
            ]
        )
    ]
    regions = valid["region"].str.replace(r"^(\d{2})0{7}$", r"KZ-\1", regex=True)
    assert regions[regions.str.fullmatch(r"KZ-\d{2}")].nunique() == 20
    assert valid["source"].notna().all()
    year_end = valid["period_end"].str.contains(r"31\.12\.|-12-31", na=False)
    assert (~year_end).sum() <= sum(manifest["files"][1]["dirty"].values())  # dirty rows only
    assert manifest["files"][1]["table"] == "targets"


def test_event_times_fall_on_their_night(manifest: dict, stacked: dict) -> None:
    """Rows not dated on their night are exactly the stale and re-delivered ones."""
    for table, frame in stacked.items():
        stamps = frame[TIME_COLUMN[table]]
        days = local_dates(stamps)
        other = days.notna() & (days != frame["_night"])
        assert per_file(other, frame) == expected_per_file(
            manifest, table, "outside_night_window", "repeated_previous_night"
        ), table
        unparsed = days.isna() & stamps.notna()
        assert per_file(unparsed, frame) == expected_per_file(manifest, table, "invalid_timestamp")


# ---------------------------------------------------------------- dirty rows and manifest
def test_every_dirty_kind_is_present(manifest: dict) -> None:
    dirty = manifest["dirty"]
    for table, kinds in EVENT_KINDS.items():
        assert set(kinds) <= set(dirty[table]), table
    assert set(FACILITY_KINDS) == set(dirty["facilities"])
    assert set(TARGET_KINDS) == set(dirty["targets"])
    rejected = manifest["rejected_files"][0]
    assert dirty[rejected["table"]]["missing_required_column"] == rejected["rows"]
    share = manifest["dirty_rows"]["front_office_visits"] / manifest["rows"]["front_office_visits"]
    assert 0.01 < share < 0.08  # "a few per cent"
    nights_with_dirt = {
        n for n, tables in manifest["dirty_by_night"].items() if "front_office_visits" in tables
    }
    assert len(nights_with_dirt) > DAYS * 0.8


def test_manifest_totals_add_up(manifest: dict) -> None:
    rows: Counter[str] = Counter()
    dirty: dict[str, Counter[str]] = {t: Counter() for t in cfg.TABLES}
    for f in manifest["files"]:
        rows[f["table"]] += f["rows"]
        dirty[f["table"]].update(f["dirty"])
    assert dict(rows) == {t: n for t, n in manifest["rows"].items() if n}
    assert manifest["rows_total"] == sum(rows.values())
    assert {t: dict(c) for t, c in dirty.items()} == manifest["dirty"]
    for table, kinds in manifest["dirty"].items():
        expected = manifest["expected_quarantine"][table]
        assert sum(expected.values()) == sum(kinds.values())
        assert expected.get("outside_night_window", 0) == kinds.get(
            "outside_night_window", 0
        ) + kinds.get("repeated_previous_night", 0)


def test_dirty_counts_match_the_files(manifest: dict, files: dict, stacked: dict) -> None:
    """Recount, in the files themselves, the kinds that can be recognised without context."""
    types = registry_types(files)
    for table, frame in stacked.items():
        assert per_file(frame.duplicated(keep="first"), frame) == expected_per_file(
            manifest, table, "duplicate_row"
        ), table
        ids = frame[FACILITY_COLUMN[table]]
        known = ids.map(types)
        assert per_file(ids.notna() & known.isna(), frame) == expected_per_file(
            manifest, table, "unknown_facility"
        ), table
        wrong = known.notna() & (known != FACILITY_TYPE[table])
        assert per_file(wrong, frame) == expected_per_file(manifest, table, "wrong_facility_type")
        bad_enum = pd.Series(False, index=frame.index)
        for column, vocabulary in ENUM_COLUMNS[table].items():
            bad_enum |= frame[column].notna() & ~frame[column].isin(vocabulary)
        assert per_file(bad_enum, frame) == expected_per_file(manifest, table, "invalid_category")
        required = list(TABLES[table].required_names)
        assert per_file(frame[required].isna().any(axis=1), frame) == expected_per_file(
            manifest, table, "missing_value"
        ), table


def test_repeated_rows_come_from_the_previous_night(manifest: dict, files: dict) -> None:
    seen = 0
    for f in manifest["files"]:
        repeats = f["dirty"].get("repeated_previous_night", 0)
        if not repeats:
            continue
        night = date.fromisoformat(f["night"])
        assert night.day != 1  # never across a month boundary
        table = f["table"]
        previous = files[((night - timedelta(days=1)).isoformat(), table)][EVENT_ID_COLUMN[table]]
        current = files[(f["night"], table)][EVENT_ID_COLUMN[table]]
        prefix = f"-{night - timedelta(days=1):%Y%m%d}-"
        from_yesterday = current[current.str.contains(prefix, regex=False, na=False)]
        assert len(from_yesterday) == repeats and from_yesterday.isin(set(previous)).all()
        seen += repeats
    assert seen > 0


# ---------------------------------------------------------------- determinism and speed
def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 4, seed=3, end=date(2025, 2, 3))
    b = generate(tmp_path / "b", 4, seed=3, end=date(2025, 2, 3))
    assert a == b
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert any(f["fmt"] == "xlsx" for f in a["files"])  # xlsx too (zip times are pinned)
    generate(tmp_path / "c", 4, seed=4, end=date(2025, 2, 3))
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")
    # a re-run into the same folder replaces the files, whatever their format was
    generate(tmp_path / "a", 4, seed=4, end=date(2025, 2, 3))
    assert _digest(tmp_path / "a") == _digest(tmp_path / "c")


def test_small_scale_is_a_fiftieth_of_national(landing: tuple[Path, dict], tmp_path: Path) -> None:
    _, summary = landing
    per_night = summary["rows"]["front_office_visits"] / DAYS
    assert 300 < per_night < 700
    national = generate(tmp_path / "n", 1, seed=SEED, scale="national", end=date(2026, 5, 5))
    visits, camera = national["rows"]["front_office_visits"], national["rows"]["camera_offenses"]
    assert 18_000 < visits < 32_000  # ~8.5 million a year
    assert 2_500 < camera < 7_000  # ~1.5 million a year
    year = 365 * (visits + camera + national["rows"]["sos_activations"])
    assert year + 52 * national["rows"]["facilities"] > 10_000_000
    assert national["facilities"]["camera"] > 40_000


def test_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path, 0)
    with pytest.raises(ValueError):
        generate(tmp_path, 3, scale="huge")  # type: ignore[arg-type]


# ---------------------------------------------------------------- against the ETL
def test_manifest_predicts_the_etl_quarantine(landing: tuple[Path, dict]) -> None:
    """The ETL's own file processing rejects exactly the rows the manifest lists, by reason."""
    files_mod = pytest.importorskip("etl.files")
    from data.reference import regions_frame
    from etl.demo.dirty_kinds import expected_reasons

    out, summary = landing
    regions = regions_frame()[["iso_code", "kato_prefix"]]
    empty = pd.DataFrame(columns=["type", "kato"])
    first = summary["first_night"]
    snapshot = files_mod.process_file(
        "facilities",
        out / first / _file(summary, first, "facilities"),
        date.fromisoformat(first),
        facilities=empty,
        regions=regions,
        quarantine_dir=None,
    )
    index = snapshot.clean[["facility_id", "type", "kato"]].set_index("facility_id")
    rejected_night = summary["rejected_files"][0]["night"]
    chosen = {f["night"] for f in summary["files"]}
    chosen = sorted(chosen)[:5] + [rejected_night]
    for f in summary["files"]:
        if f["night"] not in chosen:
            continue
        outcome = files_mod.process_file(
            f["table"],
            out / f["night"] / f["file"],
            date.fromisoformat(f["night"]),
            facilities=index if f["table"] in cfg.EVENT_TABLES else empty,
            regions=regions,
            quarantine_dir=None,
        )
        got = dict(sorted(Counter(outcome.rejected["reason"].astype(str)).items()))
        assert got == expected_reasons(f["dirty"]), (f["night"], f["table"])


def _file(summary: dict, night: str, table: str) -> str:
    return next(f["file"] for f in summary["files"] if f["night"] == night and f["table"] == table)


def test_iin_control_matches_a_hand_computed_example() -> None:
    # 9 0 0 1 0 1 3 0 0 0 1 -> weights 1..11: 9+0+0+4+0+6+21+0+0+0+11 = 51, 51 mod 11 = 7
    digits = np.array([[9, 0, 0, 1, 0, 1, 3, 0, 0, 0, 1]])
    assert iin_control(digits)[0] == 7
    assert iin_is_valid("900101300017")
    assert not iin_is_valid("901301300017")  # month 13
