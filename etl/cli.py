"""Command line of the nightly ETL: `python -m etl demo|run|status|load-boundaries|rebuild-bulk`.

Exit codes, so that cron or a systemd timer can alert:
  0  published, or nothing new to publish, or another run is in progress (it will publish);
  1  failed: a one-line reason on stderr, yesterday's publication untouched;
  3  a published night was re-delivered with no recognised file: its publication is kept,
     the delivery needs an operator's look (message on stderr).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import traceback
from datetime import date
from pathlib import Path

from data.db import make_engine
from data.settings import Config
from etl.fingerprints import HashingAhead
from etl.memory import use_slow_purging_arrow_pool


def _progress_bar(total_hint: str):  # type: ignore[no-untyped-def]
    """A tqdm bar on a terminal; plain log lines otherwise (cron, CI, systemd)."""
    if not sys.stderr.isatty():
        log = logging.getLogger("etl")

        def plain(done: int, total: int, label: str) -> None:
            if done == total or done % 10 == 0:
                log.info("%s %d/%d (%s)", total_hint, done, total, label)

        return plain, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="night", desc=total_hint)

    def update(done: int, total: int, label: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(label)
        bar.refresh()

    return update, bar.close


def cmd_demo(args: argparse.Namespace) -> int:
    from etl.demo import generate

    end = date.fromisoformat(args.end) if args.end else None
    summary = generate(Path(args.out), args.days, seed=args.seed, scale=args.scale, end=end)
    print(f"demo extracts written to {args.out}: {json.dumps(summary.get('rows', summary))}")
    return 0


EXIT_KEPT = 3
LOCK_WAIT_S = 600.0  # one-off commands wait for a nightly run rather than fail


def cmd_run(args: argparse.Namespace) -> int:
    config = Config.from_env()
    # The landing is hashed while the rest of the ETL is imported (etl.fingerprints); its
    # threads stop however the command ends (an error, another run in progress).
    hashing = HashingAhead(Path(args.landing), config.staging_dir)
    try:
        return _run(args, config, hashing)
    finally:
        hashing.close()


def _run(args: argparse.Namespace, config: Config, hashing: HashingAhead) -> int:
    from etl.pipeline import KeptNights, NothingToDo, run
    from etl.runlock import AnotherRun

    only = date.fromisoformat(args.date) if args.date else None
    update, close = _progress_bar("nights")
    try:
        report = run(
            config, Path(args.landing), only=only, progress=update, wait=args.wait, ahead=hashing
        )
    except AnotherRun as reason:
        print(f"{reason}: this run does nothing (the running one publishes)")
        return 0
    except KeptNights as reason:
        print(f"warning: {reason}", file=sys.stderr)
        return EXIT_KEPT
    except NothingToDo as reason:
        print(f"nothing to publish: {reason}")
        return 0
    finally:
        close()
    print(
        f"publication {report.publication_id}: {len(report.nights)} night(s), "
        f"rows in {report.rows_in:,} = loaded {report.rows_loaded:,} + quarantined "
        f"{report.rows_quarantined:,}"
    )
    for why, count in report.reasons().items():
        print(f"  quarantined for {why}: {count:,}")
    if report.kept:
        days = ", ".join(d.isoformat() for d in report.kept)
        print(
            f"warning: night(s) {days} re-delivered with no recognised file: their "
            "publication is kept",
            file=sys.stderr,
        )
        return EXIT_KEPT
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from etl.pipeline import prepare
    from etl.status import collect, render

    engine = make_engine(Config.from_env().database_url)
    prepare(engine)
    status = collect(engine)
    print(json.dumps(status, ensure_ascii=False, indent=2) if args.json else render(status))
    return 0


def cmd_load_boundaries(args: argparse.Namespace) -> int:
    from etl.boundaries import default_path, read_boundaries, store_boundaries
    from etl.bulk import build_bulk
    from etl.pipeline import new_publication, prepare
    from etl.runlock import run_lock

    config = Config.from_env()
    engine = make_engine(config.database_url)
    prepare(engine)
    # No PATH: BOUNDARIES_PATH, or the project's own file (data/geo/kz_regions_web.geojson).
    path = Path(args.path) if args.path else default_path(config.boundaries_path)
    geometries = read_boundaries(path)
    with run_lock(engine, wait=LOCK_WAIT_S):
        with engine.begin() as conn:
            store_boundaries(conn, geometries, source=path.name)
            publication = new_publication(
                conn, {"region_boundaries": {"loaded": len(geometries), "source": path.name}}
            )
        build_bulk(engine, publication, config.export_dir)  # every publication has its zip
    print(f"{len(geometries)} region boundaries loaded (publication {publication})")
    return 0


def cmd_rebuild_bulk(args: argparse.Namespace) -> int:
    from data.publications import latest_publication_head
    from etl.bulk import build_bulk
    from etl.pipeline import prepare
    from etl.runlock import run_lock

    config = Config.from_env()
    engine = make_engine(config.database_url)
    prepare(engine)
    with run_lock(engine, wait=LOCK_WAIT_S):
        with engine.connect() as conn:
            head = latest_publication_head(conn)
        if head is None:
            print("no publication yet: nothing to build", file=sys.stderr)
            return 1
        path = build_bulk(engine, head["id"], config.export_dir)
    print(f"bulk download of publication {head['id']} rebuilt: {path}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Play the attacker on the published warehouse; exit 1 when a cell can be pinned."""
    from etl.audit import TOL, audit_warehouse, render

    config = Config.from_env()
    k = args.k or config.suppression_k
    findings, summary = audit_warehouse(make_engine(config.database_url), k, args.exact)
    print(render(findings, summary, k, args.worst))
    return 1 if any(f.width < k - 2 - TOL for f in findings) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="write synthetic raw extracts (demo data)")
    demo.add_argument("--out", required=True)
    demo.add_argument("--days", type=int, required=True)
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--scale", choices=("small", "national"), default="small")
    demo.add_argument("--end", help="last night, YYYY-MM-DD (default: yesterday)")
    demo.set_defaults(handler=cmd_demo)
    run = sub.add_parser("run", help="publish every pending night of a landing folder")
    run.add_argument("--landing", required=True)
    run.add_argument("--date", help="(re)process this night only, YYYY-MM-DD")
    run.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for a run in progress (default: exit at once)",
    )
    run.set_defaults(handler=cmd_run)
    status = sub.add_parser("status", help="last publication and last run")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_status)
    boundaries = sub.add_parser("load-boundaries", help="load region polygons (GeoJSON)")
    boundaries.add_argument(
        "path", nargs="?", help="GeoJSON file (default: BOUNDARIES_PATH, or the bundled file)"
    )
    boundaries.set_defaults(handler=cmd_load_boundaries)
    rebuild = sub.add_parser("rebuild-bulk", help="rebuild the latest publication's bulk zip")
    rebuild.set_defaults(handler=cmd_rebuild_bulk)
    audit = sub.add_parser("audit", help="bound every suppressed cell by linear programming")
    audit.add_argument("--k", type=int, default=None, help="default: SUPPRESSION_K")
    audit.add_argument("--worst", type=int, default=10, help="narrowest cells to print")
    audit.add_argument(
        "--exact",
        action="store_true",
        help="full feasible range of every cell (slower; same verdict)",
    )
    audit.set_defaults(handler=cmd_audit)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    use_slow_purging_arrow_pool()
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("interrupted: the previous publication is unchanged", file=sys.stderr)
        return 130
    except Exception as exc:
        print(f"error: {type(exc).__name__}: {_safe_reason(exc)}", file=sys.stderr)
        logging.getLogger("etl").error("run failed: %s\n%s", type(exc).__name__, _frames_only(exc))
        return 1


PROJECT = Path(__file__).resolve().parent.parent


def _safe_reason(exc: BaseException) -> str:
    """The first line of the message of an error the project's own code raised (its messages
    are written to carry no data value, e.g. "landing folder not found: PATH"); for an error
    raised inside a library only its type: such a message may quote a raw value (e.g.
    pandas' "invalid literal ... '870101300123'")."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = (
        bool(frames)
        and Path(frames[-1].filename).resolve().is_relative_to(PROJECT)
        and ".venv" not in Path(frames[-1].filename).parts
    )
    text = str(exc).splitlines()[0] if own and str(exc) else ""
    return text or "see the ETL log for where it failed"


def _frames_only(exc: BaseException) -> str:
    """Where it failed (file, line, function of each frame, causes included), without the
    exception messages or local values, so the log at ERROR holds no data value."""
    lines: list[str] = []
    current: BaseException | None = exc
    while current is not None:
        lines.append(f"{type(current).__name__} raised at:")
        lines.extend(
            f"  {frame.filename}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(current.__traceback__)
        )
        current = current.__cause__ or current.__context__
    return "\n".join(lines)
