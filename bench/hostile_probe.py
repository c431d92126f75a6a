"""Re-measure issue 9's hostile-input probes (item 1) at full size: outcome, seconds, peak RSS.

Not a test (tests/test_hostile_input.py asserts the same behaviour on smaller files). Each
file probe is built once under bench/out/hostile/ (git-ignored) and read by the real
``etl.files.process_file`` in a fresh child process; peak RSS is that child's own
(``os.wait4`` rusage), so the figure is the reader's, not this script's. The landing probes
run the real CLI (``python -m etl run``) on two demo nights plus the hostile folders, into a
throw-away SQLite warehouse. Seconds are process_file's own (imports excluded) for the files,
the whole run for the landing.

    .venv/bin/python -m bench.hostile_probe            # all probes, ~2-4 minutes
    .venv/bin/python -m bench.hostile_probe --only json,cp1251
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "hostile"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import hostile_files as hf  # noqa: E402  (lives with the tests, shared on purpose)

CHILD = r"""
import json, sys, logging, resource, time
from datetime import date
from pathlib import Path
import pandas as pd
from data.reference import regions_frame
from etl.files import process_file
logging.disable(logging.CRITICAL)
table, path = sys.argv[1], Path(sys.argv[2])
regions_frame()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
start, cpu = time.perf_counter(), time.process_time()
# the office the visits name is known, so their rows are loaded (the heavier path)
known = pd.DataFrame({"type": ["front_office"], "kato": ["591010000"]},
                     index=pd.Index(["FO-59-001"], name="facility_id"))
o = process_file(table, path, date(2024, 3, 5), facilities=known,
                 regions=regions_frame()[["iso_code", "kato_prefix"]], quarantine_dir=None)
reasons = o.rejected["reason"].value_counts().to_dict()
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                  "rss_before_mib": before,
                  "rows_in": o.rows_in, "loaded": o.rows_loaded,
                  "quarantined": o.rows_quarantined, "error": o.file_error,
                  "reasons": {str(k): int(v) for k, v in reasons.items()}}))
"""


def _rows_2_9mb(path: Path) -> Path:
    """The probe's shape: 20 M identical rows without row numbers, ~2.9 MB deflated."""

    def sheet() -> Iterator[bytes]:
        yield hf.inline_row(1, hf.VISIT_HEADER)
        block = b"<row><c><v>1</v></c></row>" * 100_000
        for _ in range(200):
            yield block

    return hf.write_xlsx(path, sheet())


def _empty_rows(path: Path) -> Path:
    """10 M empty rows (60 MB), inside the sheet-size limit: streamed until MAX_ROWS stops it."""

    def sheet() -> Iterator[bytes]:
        yield hf.inline_row(1, hf.VISIT_HEADER)
        block = b"<row/>" * 1_000_000
        for _ in range(10):
            yield block

    return hf.write_xlsx(path, sheet())


def _dense_sheet(path: Path) -> Path:
    """Just under MAX_XLSX_SHEET_BYTES of the smallest cells: the slowest sheet let through."""
    from etl import limits

    row = b"<row>" + b"<c><v>1</v></c>" * 12 + b"</row>"
    rows = (limits.MAX_XLSX_SHEET_BYTES - 4096) // len(row)

    def sheet() -> Iterator[bytes]:
        yield hf.inline_row(1, hf.VISIT_HEADER)
        for start in range(0, rows, 10_000):
            yield row * min(10_000, rows - start)

    return hf.write_xlsx(path, sheet())


def _max_csv(path: Path) -> Path:
    """Just under MAX_FILE_BYTES of ordinary visits, every 50th line in Windows-1251: the
    largest file the limits let through, on the slowest decoding path."""
    from etl import limits

    with path.open("wb") as out:
        out.write(",".join(hf.VISIT_HEADER).encode() + b"\n")
        i = 0
        while out.tell() < limits.MAX_FILE_BYTES - 4096:
            i += 1
            row = hf.visit_row(i)
            row[-1] = f"Комментарий {i}"
            out.write(",".join(row).encode("cp1251" if i % 50 == 0 else "utf-8") + b"\n")
    return path


def _max_json(path: Path) -> Path:
    """Just under MAX_JSON_BYTES of ordinary visits as a JSON array, one emoji in it (a
    Python str of 4 bytes a character)."""
    from etl import limits

    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        i = 0
        while out.tell() < limits.MAX_JSON_BYTES - 4096:
            i += 1
            row = dict(zip(hf.VISIT_HEADER, hf.visit_row(i), strict=True))
            row["comment"] = "\U0001f600" if i == 1 else f"Комментарий {i}"
            out.write(("," if i > 1 else "") + json.dumps(row, ensure_ascii=False))
        out.write("]")
    return path


FILE_PROBES: dict[str, tuple[str, str, str, Callable[[Path], object]]] = {
    # key: (issue's wording, table, file name, builder)
    "json": (
        "JSON nested 1,800+ levels in one SOS file",
        "sos_activations",
        "sos_activations.json",
        lambda p: p.write_bytes(hf.deep_json(1_800)),
    ),
    "bomb": (
        "xlsx 'bomb' through shared strings (one 60 M-char string)",
        "front_office_visits",
        "front_office_visits.xlsx",
        lambda p: hf.shared_string_bomb(p),
    ),
    "amplifier": (
        "xlsx: 30,000-char shared string x 200,000 rows x 12 cells",
        "front_office_visits",
        "front_office_visits.xlsx",
        lambda p: hf.shared_string_amplifier(p),
    ),
    "rows": (
        "xlsx with 20 M rows in ~3 MB",
        "camera_offenses",
        "camera_offenses.xlsx",
        _rows_2_9mb,
    ),
    "emptyrows": (
        "xlsx with 10 M empty rows (inside the sheet-size limit)",
        "camera_offenses",
        "camera_offenses.xlsx",
        _empty_rows,
    ),
    "densesheet": (
        "densest sheet let through (64 MiB of one-digit cells, 12 a row)",
        "camera_offenses",
        "camera_offenses.xlsx",
        _dense_sheet,
    ),
    "wide": (
        "a 20,000-column file (500 rows)",
        "front_office_visits",
        "front_office_visits.csv",
        lambda p: p.write_bytes(hf.wide_csv(20_000, rows=500)),
    ),
    "cp1251": (
        "30 cp1251 lines inside a UTF-8 facilities file (5,185 rows)",
        "facilities",
        "facilities.csv",
        lambda p: p.write_bytes(hf.mixed_encoding_facilities()),
    ),
    "maxcsv": (
        "largest CSV let through (128 MiB, mixed encodings)",
        "front_office_visits",
        "front_office_visits.csv",
        _max_csv,
    ),
    "maxjson": (
        "largest JSON let through (64 MiB, one emoji)",
        "front_office_visits",
        "front_office_visits.json",
        _max_json,
    ),
}


def _run_child(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, float, int]:
    """(exit code, output, seconds, peak RSS in MiB) of one child, from its own rusage."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(
            args,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
        assert child.stdout is not None
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = code = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        tail = err.read()[-300:]
    return code, out + tail, seconds, usage.ru_maxrss // 1024


def file_probe(key: str) -> dict[str, object]:
    title, table, name, build = FILE_PROBES[key]
    folder = OUT / key
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        build(path)
    code, out, seconds, rss = _run_child([sys.executable, "-c", CHILD, table, str(path)])
    try:
        result = json.loads(out.splitlines()[0])
    except (ValueError, IndexError):
        result = {"error": f"exit {code}: {out[-200:]}"}
    if result.get("error"):
        outcome = str(result["error"])
    else:
        outcome = (
            f"loaded {result['loaded']:,} of {result['rows_in']:,}, quarantined {result['reasons']}"
        )
    size = path.stat().st_size
    return {
        "probe": title,
        "file": f"{size / 1e6:.2f} MB" if size > 1e5 else f"{size / 1e3:.0f} KB",
        "seconds": round(float(result.get("seconds", seconds)), 1),
        "cpu_seconds": round(float(result.get("cpu", 0)), 1),
        "peak_rss_mib": rss,
        "growth_mib": rss - int(result.get("rss_before_mib", 0)),
        "outcome": outcome,
    }


def landing_probe() -> list[dict[str, object]]:
    """Two demo nights + a stray future folder + a night that is a symlink to /etc + links
    to /etc/passwd inside a real night, through `python -m etl run`."""
    from etl.demo import generate

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        land = Path(tmp) / "landing"
        generate(land, 2, seed=3, scale="small", end=date(2026, 10, 31))
        (land / "2031-01-01").mkdir()
        (land / "2026-10-29").symlink_to("/etc", target_is_directory=True)
        night = land / "2026-10-31"
        for f in night.iterdir():
            if f.name.lower().startswith("facilities"):
                f.unlink()
        (night / "facilities.csv").symlink_to("/etc/passwd")
        (night / "notes.csv").symlink_to("/etc/shadow")
        db = Path(tmp) / "w.sqlite"
        env = {
            "DATABASE_URL": f"sqlite:///{db}",
            "QUARANTINE_DIR": str(Path(tmp) / "q"),
            "EXPORT_DIR": str(Path(tmp) / "x"),
        }
        code, out, seconds, rss = _run_child(
            [sys.executable, "-m", "etl", "run", "--landing", str(land)], env
        )
        etc_names = {p.name for p in Path("/etc").iterdir()}
        with sqlite3.connect(db) as conn:
            files = [r[0] for r in conn.execute("select file_name from etl_files")]
            nights = [r[0] for r in conn.execute("select night from etl_nights order by night")]
        leaked = sorted(set(files) & etc_names - {"facilities.csv", "notes.csv"})
        summary = out.strip().splitlines()[0] if out.strip() else ""
        rows.append(
            {
                "probe": "stray future folder 2031-01-01 + night symlinked to /etc + "
                "links to /etc/passwd inside a night",
                "file": "landing",
                "seconds": round(seconds, 1),
                "cpu_seconds": "",
                "peak_rss_mib": rss,
                "growth_mib": "",
                "outcome": f"exit {code}; nights published {nights}; /etc names in "
                f"etl_files: {len(leaked)}; '{summary[:80]}'",
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated: " + ",".join([*FILE_PROBES, "landing"]))
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else [*FILE_PROBES, "landing"]
    OUT.mkdir(parents=True, exist_ok=True)
    print(
        "| probe | file | seconds (reading; whole CLI run for the landing) | CPU s | peak RSS "
        "of the child | growth over its imports (MiB) | outcome |\n|---|---|---|---|---|---|---|"
    )
    results = []
    for key in chosen:
        rows = landing_probe() if key == "landing" else [file_probe(key)]
        for row in rows:
            results.append(row)
            print(
                f"| {row['probe']} | {row['file']} | {row['seconds']} s | {row['cpu_seconds']} | "
                f"{row['peak_rss_mib']} MiB | {row['growth_mib']} | {row['outcome']} |",
                flush=True,
            )
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
