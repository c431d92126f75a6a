"""The ETL's reader processes (etl.workers: a backfill's workers, each importing the readers
itself) stay free of the warehouse's libraries: every process that imports them pays their
memory (SQLAlchemy ~27 MB), and a national backfill's peak is close to its 1 GiB goal."""

from __future__ import annotations

import subprocess
import sys


def test_the_readers_do_not_import_the_warehouse_or_the_catalogue() -> None:
    probe = (
        "import sys, etl.workers; "
        "print(sorted(m for m in ('sqlalchemy', 'data.schema', 'data.catalog', 'dash', 'flask') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]", out
