"""ETL benchmark: one year of national-scale raw extracts, three contenders, one run.

    python -m bench.etl_bench [--days 365] [--data DIR] [--keep] [--only ours,naive,...]

1. Generates the landing area with the demo generator (`python -m etl demo --scale national`,
   fixed seed and end date) or reuses the copy cached under bench/out/, and counts its raw
   rows exactly (every data record of every file, CSV/xlsx/json; cached with the files'
   sizes and mtimes).
2. Runs each contender in a fresh subprocess, one after the other, on the same files with a
   warm page cache:
   - ours:   `python -m etl run --landing DIR` into a fresh SQLite warehouse (the product:
             extract, anonymise, validate, aggregate, suppress, load, publish, bulk zip);
   - naive:  bench/naive_pandas.py (read_csv -> concat -> groupby -> to_sql into SQLite);
   - duckdb: bench/duckdb_agg.py (read_csv -> GROUP BY -> a DuckDB file), and
     duckdb-sqlite: the same query written into SQLite (the other contenders' sink).
   Wall time is measured around the child; peak RSS and CPU time come from os.wait4(), i.e.
   the child's own rusage (not the maximum over every child the harness ever had).
3. Prints a Markdown table and writes bench/out/etl_bench.json.

Raw rows/s always divides the same number (every raw row of the landing) by the wall time,
even though the baselines skip the .xlsx/.json deliveries (they are a handful of files).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SEED = 42
END = date(2025, 12, 31)
CONTENDERS = ("ours", "naive", "duckdb", "duckdb-sqlite")
GOAL_VS_NAIVE = 3.0  # ours at least 3x the naive pipeline's speed
GOAL_VS_DUCKDB = 1.5  # ours within 1.5x of DuckDB's wall time
GOAL_RSS_MIB = 1024  # peak RSS at most 1 GiB

DESCRIPTIONS = {
    "ours": "python -m etl run (validate, anonymise, dedupe, suppress, load, publish, bulk zip)",
    "naive": "pandas read_csv -> concat -> groupby -> to_sql (SQLite)",
    "duckdb": "DuckDB read_csv -> GROUP BY -> DuckDB file",
    "duckdb-sqlite": "DuckDB read_csv -> GROUP BY -> sqlite3 executemany (SQLite)",
}


# ------------------------------------------------------------------ the landing area
def landing_for(days: int) -> Path:
    return OUT / f"landing-national-{days}d-seed{SEED}-{END.isoformat()}"


def ensure_landing(days: int) -> Path:
    landing = landing_for(days)
    if landing.is_dir():
        print(f"reusing {landing.relative_to(ROOT)}")
        return landing
    OUT.mkdir(parents=True, exist_ok=True)
    partial = landing.with_name(landing.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    print(f"generating {days} nights of national-scale extracts into {landing.relative_to(ROOT)}")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "demo",
            "--out",
            str(partial),
            "--days",
            str(days),
            "--scale",
            "national",
            "--seed",
            str(SEED),
            "--end",
            END.isoformat(),
        ],
        cwd=ROOT,
        check=True,
    )
    partial.rename(landing)  # only a complete landing is ever reused
    print(f"generated in {time.perf_counter() - started:.0f} s")
    return landing


def _data_files(landing: Path) -> list[Path]:
    return sorted(
        p for night in landing.iterdir() if night.is_dir() for p in night.iterdir() if p.is_file()
    )


def _csv_records(path: Path) -> int:
    data = path.read_bytes()
    if b"\x00" in data:
        return 0  # binary or UTF-16: not a table (the ETL counts its lines as quarantined)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1251", errors="replace")
    text = text.lstrip("\r\n")
    header = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    try:
        records = sum(
            1 for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row
        )
    except csv.Error:
        records = sum(1 for line in text.splitlines() if line.strip())
    return max(records - 1, 0)


def _xlsx_records(path: Path) -> int:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a corrupt workbook holds no readable record
        return 0
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    body = [r for r in rows[1:] if any(v is not None and str(v).strip() for v in r)]
    return len(body)


def _json_records(path: Path) -> int:
    try:
        data = json.loads(path.read_bytes())
    except ValueError:
        return 0
    return len(data) if isinstance(data, list) else 0


def count_raw_rows(landing: Path) -> dict[str, Any]:
    """Exact data records per table and per shape, cached next to the landing."""
    files = _data_files(landing)
    signature = [
        [str(p.relative_to(landing)), p.stat().st_size, p.stat().st_mtime_ns] for p in files
    ]
    cache = landing.with_name(landing.name + ".rows.json")
    if cache.exists():
        cached = json.loads(cache.read_text())
        if cached.get("signature") == signature:
            return cached["rows"]
    print("counting raw rows (once; cached)...")
    per_table: dict[str, int] = {}
    per_shape: dict[str, int] = {}
    nbytes = 0
    for path in files:
        suffix = path.suffix.lower()
        counter = {".csv": _csv_records, ".xlsx": _xlsx_records, ".json": _json_records}.get(suffix)
        if counter is None:
            continue
        n = counter(path)
        table = path.stem.strip().lower()
        per_table[table] = per_table.get(table, 0) + n
        per_shape[suffix] = per_shape.get(suffix, 0) + n
        nbytes += path.stat().st_size
    rows = {
        "total": sum(per_table.values()),
        "per_table": dict(sorted(per_table.items())),
        "per_shape": dict(sorted(per_shape.items())),
        "files": len(files),
        "bytes": nbytes,
        "nights": sum(1 for p in landing.iterdir() if p.is_dir()),
    }
    cache.write_text(json.dumps({"signature": signature, "rows": rows}))
    return rows


def warm_page_cache(landing: Path) -> None:
    """Read every file once so no contender pays for the cold cache of another."""
    for path in _data_files(landing):
        with path.open("rb") as handle:
            while handle.read(1 << 24):
                pass


# ------------------------------------------------------------------ running a contender
def cpu_stall_s() -> float:
    """Machine-wide CPU pressure (PSI 'some' total) in seconds; 0 where unsupported."""
    try:
        for line in Path("/proc/pressure/cpu").read_text().splitlines():
            if line.startswith("some"):
                return int(line.rsplit("total=", 1)[1]) / 1e6
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def command(name: str, landing: Path, workdir: Path) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    py = sys.executable
    if name == "ours":
        env.update(
            DATABASE_URL=f"sqlite:///{workdir / 'warehouse.sqlite'}",
            QUARANTINE_DIR=str(workdir / "quarantine"),
            EXPORT_DIR=str(workdir / "exports"),
            STAGING_DIR=str(workdir / "staging"),
        )
        return [py, "-m", "etl", "run", "--landing", str(landing)], env
    if name == "naive":
        return [
            py,
            "-m",
            "bench.naive_pandas",
            "--landing",
            str(landing),
            "--out",
            str(workdir / "naive.sqlite"),
        ], env
    sink = "sqlite" if name == "duckdb-sqlite" else "duckdb"
    return [
        py,
        "-m",
        "bench.duckdb_agg",
        "--landing",
        str(landing),
        "--out",
        str(workdir / f"duckdb.{sink}"),
        "--sink",
        sink,
    ], env


class TreeRss:
    """Peaks of the summed RSS and PSS of a process and all its descendants, and their
    summed CPU time, polled from /proc.

    wait4() gives the largest single process and the CPU of the processes it reaped; a
    contender that forks workers would look smaller than it is, so the sums over the tree
    are what the table reports. RSS counts a page shared by several processes (a worker
    forked from a server that imported the libraries) once per process; PSS shares it out,
    so the PSS sum is the memory the tree really holds.
    """

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid, self.interval = pid, interval
        self.peak_kib = self.peak_pss_kib = 0
        self._cpu_ticks: dict[int, int] = {}  # pid -> utime + stime last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = self._sample()
            self.peak_kib = max(self.peak_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self._stop.wait(self.interval)

    def _sample(self) -> tuple[int, int]:
        children: dict[int, list[int]] = {}
        ticks: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
        rss = pss = 0
        todo = [self.pid]
        while todo:
            pid = todo.pop()
            todo.extend(children.get(pid, []))
            self._cpu_ticks[pid] = max(self._cpu_ticks.get(pid, 0), ticks.get(pid, 0))
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            except OSError:
                continue
        return rss, pss

    def stop(self) -> tuple[float, float, float]:
        """Peak tree RSS MiB, peak tree PSS MiB, CPU seconds of the tree (as last polled:
        up to `interval` of each process's last moments may be missing)."""
        self._stop.set()
        self._thread.join()
        cpu_s = sum(self._cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")
        return round(self.peak_kib / 1024, 1), round(self.peak_pss_kib / 1024, 1), cpu_s


def measure(name: str, landing: Path, keep: bool, ours_root: Path = ROOT) -> dict[str, Any]:
    workdir = OUT / f"run-{name}"
    root = ours_root if name == "ours" else ROOT
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    cmd, env = command(name, landing, workdir)
    log_path = workdir / "output.log"
    print(
        f"running {name}: {' '.join(Path(c).name if c == sys.executable else c for c in cmd)}",
        flush=True,
    )
    with log_path.open("wb") as log:
        stall_before, load_before = cpu_stall_s(), os.getloadavg()[0]
        started, started_epoch = time.perf_counter(), time.time()
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        tree = TreeRss(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        tree_peak, tree_pss, tree_cpu = tree.stop()
        wall = time.perf_counter() - started
        ended_epoch = time.time()
        stall = cpu_stall_s() - stall_before
    proc.returncode = os.waitstatus_to_exitcode(status)
    output = log_path.read_text(errors="replace")
    result: dict[str, Any] = {
        "contender": name,
        "what": DESCRIPTIONS[name],
        "command": cmd,
        "exit_code": proc.returncode,
        "wall_s": round(wall, 2),
        # The whole tree's: wait4's counts only the processes the child itself reaped.
        "cpu_s": round(max(usage.ru_utime + usage.ru_stime, tree_cpu), 2),
        "peak_rss_mib": max(round(usage.ru_maxrss / 1024, 1), tree_peak),
        "peak_rss_largest_process_mib": round(usage.ru_maxrss / 1024, 1),  # wait4, Linux: KiB
        "peak_rss_tree_mib": tree_peak,  # polled every 0.5 s: may miss a short spike
        "peak_pss_tree_mib": tree_pss,
        # Other work on the machine: seconds in which some runnable task waited for a CPU
        # (PSI, whole machine) during the run, and the 1-minute load average at its start.
        "cpu_stall_s": round(stall, 1),
        "loadavg_at_start": round(load_before, 2),
    }
    if proc.returncode != 0:
        result["error"] = output.strip().splitlines()[-1:] or ["(no output)"]
        print(f"  {name} FAILED (exit {proc.returncode}); log kept in {log_path}")
        return result
    result.update(_outcome(name, output, workdir))
    if name == "ours":
        result["phases_s"] = _phases(workdir, started_epoch, ended_epoch)
        # Suppression and its audit (etl/suppression.py, etl/audit.py: being sped up apart
        # from the rest), from the run's log, so the rest of the ETL is judged on its own.
        result["suppression_s"] = round(sum(float(m) for m in _SUPPRESSION.findall(output)), 1)
        result["wall_without_suppression_s"] = round(wall - result["suppression_s"], 1)
    print(f"  {name}: {wall:.1f} s, peak RSS {result['peak_rss_mib']:.0f} MiB", flush=True)
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


_SUPPRESSION = re.compile(r"suppression and audit ([0-9.]+) s")
_OURS_LINE = re.compile(r"rows in ([\d,]+) = loaded ([\d,]+) \+ quarantined ([\d,]+)")


def _outcome(name: str, output: str, workdir: Path) -> dict[str, Any]:
    """What the contender produced: events counted and rows per published grain."""
    if name != "ours":
        line = next(ln for ln in reversed(output.splitlines()) if ln.startswith("BENCH-SUMMARY "))
        return json.loads(line.removeprefix("BENCH-SUMMARY "))
    import sqlite3

    match = _OURS_LINE.search(output)
    out: dict[str, Any] = {}
    if match:
        rows_in, loaded, quarantined = (int(g.replace(",", "")) for g in match.groups())
        out.update(rows_in=rows_in, rows_loaded=loaded, rows_quarantined=quarantined)
    con = sqlite3.connect(workdir / "warehouse.sqlite")
    try:
        grains = {
            "front_office_visits_daily": "visits",
            "front_office_visits_regional": "visits",
            "sos_activations_regional": "activations",
            "sos_activations_monthly": "activations",
            "camera_offenses_district": "offenses",
        }
        out["output_rows"] = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in grains
        }
        out["published_events"] = {
            t: con.execute(f"SELECT coalesce(sum({c}), 0) FROM {t}").fetchone()[0]
            for t, c in grains.items()
        }
    finally:
        con.close()
    return out


def _phases(workdir: Path, started: float, ended: float) -> dict[str, float]:
    """Where ours spent its wall time, from the run's own timestamps in the warehouse:
    start-up (imports, migrations, fingerprints), the publishing transaction, and the bulk
    zip built after the commit."""
    import sqlite3

    con = sqlite3.connect(workdir / "warehouse.sqlite")
    try:
        row = con.execute(
            "SELECT started_at, finished_at FROM etl_runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    if not row or not row[1]:
        return {}
    run_start, run_end = (
        datetime.fromisoformat(v).replace(tzinfo=UTC).timestamp()
        if "+" not in v
        else datetime.fromisoformat(v).timestamp()
        for v in row
    )
    return {
        "startup": round(run_start - started, 1),
        "transaction": round(run_end - run_start, 1),
        "bulk_zip": round(ended - run_end, 1),
    }


# ------------------------------------------------------------------ report
def table(results: list[dict[str, Any]], raw_rows: int) -> str:
    by_name = {r["contender"]: r for r in results if r.get("exit_code") == 0}
    naive = by_name.get("naive", {}).get("wall_s")
    duck = by_name.get("duckdb", {}).get("wall_s")
    lines = [
        "| contender | wall (s) | raw rows/s | peak RSS (MiB) | peak PSS (MiB) | CPU (s) "
        "| speed vs naive | wall vs DuckDB | CPU stall (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.get("exit_code") != 0:
            lines.append(f"| {r['contender']} | failed | | {r['peak_rss_mib']:,.0f} | | | | | |")
            continue
        wall = r["wall_s"]
        vs_naive = f"{naive / wall:.2f}×" if naive else "–"
        vs_duck = f"{wall / duck:.2f}×" if duck else "–"
        lines.append(
            f"| {r['contender']} | {wall:,.1f} | {raw_rows / wall:,.0f} | "
            f"{r['peak_rss_mib']:,.0f} | {r.get('peak_pss_tree_mib', 0):,.0f} | "
            f"{r['cpu_s']:,.1f} | {vs_naive} | {vs_duck} | "
            f"{r['cpu_stall_s']:,.0f} |"
        )
    return "\n".join(lines)


def goals(results: list[dict[str, Any]]) -> dict[str, Any]:
    by_name = {r["contender"]: r for r in results if r.get("exit_code") == 0}
    ours = by_name.get("ours")
    if not ours:
        return {}
    out: dict[str, Any] = {
        "peak_rss_mib": ours["peak_rss_mib"],
        "rss_ok": ours["peak_rss_mib"] <= GOAL_RSS_MIB,
    }
    if "suppression_s" in ours:
        out["suppression_s"] = ours["suppression_s"]
        if "duckdb" in by_name:
            out["wall_without_suppression_vs_duckdb"] = round(
                ours["wall_without_suppression_s"] / by_name["duckdb"]["wall_s"], 2
            )
    if "naive" in by_name:
        out["speedup_vs_naive"] = round(by_name["naive"]["wall_s"] / ours["wall_s"], 2)
        out["naive_ok"] = out["speedup_vs_naive"] >= GOAL_VS_NAIVE
    for duck in ("duckdb", "duckdb-sqlite"):
        if duck in by_name:
            ratio = round(ours["wall_s"] / by_name[duck]["wall_s"], 2)
            out[f"wall_vs_{duck}"] = ratio
            out[f"{duck}_ok"] = ratio <= GOAL_VS_DUCKDB
    return out


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for package in ("pandas", "pyarrow", "numpy", "SQLAlchemy", "duckdb"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "not installed"
    return out


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.etl_bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--days", type=int, default=365, help="nights to generate (default 365)")
    parser.add_argument("--data", type=Path, help="use this landing folder instead of generating")
    parser.add_argument(
        "--keep", action="store_true", help="keep each contender's output (bench/out/run-*/)"
    )
    parser.add_argument(
        "--ours-root",
        type=Path,
        default=ROOT,
        help="run ours from this checkout (A/B of a proposed change)",
    )
    parser.add_argument(
        "--only",
        default=",".join(CONTENDERS),
        help=f"comma-separated subset of {', '.join(CONTENDERS)}",
    )
    args = parser.parse_args(argv)
    chosen = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = set(chosen) - set(CONTENDERS)
    if unknown:
        parser.error(f"unknown contender(s): {', '.join(sorted(unknown))}")

    landing = args.data.resolve() if args.data else ensure_landing(args.days)
    rows = count_raw_rows(landing)
    print(
        f"landing {landing}: {rows['nights']} nights, {rows['files']} files, "
        f"{rows['bytes'] / 2**20:,.0f} MiB, raw rows {rows['total']:,} "
        f"({', '.join(f'{k} {v:,}' for k, v in rows['per_table'].items())}; "
        f"by shape {', '.join(f'{k} {v:,}' for k, v in rows['per_shape'].items())})"
    )
    warm_page_cache(landing)

    results = [measure(name, landing, args.keep, args.ours_root.resolve()) for name in chosen]
    markdown = table(results, rows["total"])
    verdict = goals(results)
    print()
    print(
        f"{rows['total']:,} raw rows, {rows['nights']} nights, {os.cpu_count()} CPU ({cpu_model()})"
    )
    print(markdown)
    if verdict:
        print()
        print(json.dumps(verdict))
    OUT.mkdir(parents=True, exist_ok=True)
    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m bench.etl_bench "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "landing": str(landing),
        "raw_rows": rows,
        "ours_root": str(args.ours_root.resolve()),
        "machine": {"cpus": os.cpu_count(), "cpu": cpu_model(), **versions()},
        "goals": {
            "vs_naive": GOAL_VS_NAIVE,
            "vs_duckdb": GOAL_VS_DUCKDB,
            "rss_mib": GOAL_RSS_MIB,
            **verdict,
        },
        "results": results,
        "markdown": markdown,
    }
    (OUT / "etl_bench.json").write_text(json.dumps(report, indent=2, default=str))
    print(f"\nwritten {(OUT / 'etl_bench.json').relative_to(ROOT)}")
    return 0 if all(r.get("exit_code") == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
