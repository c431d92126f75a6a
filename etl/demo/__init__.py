"""The demo raw-extract generator: ``generate()`` writes a landing area of synthetic,
realistic ministry extracts (fake people, dirty rows, every file format) for demos and tests.

One room, one job per module: ``generator`` (nights, files, manifest), ``world`` (the run's
fixed world, registry snapshots, camera rates), ``regions`` (regions and districts),
``facilities`` (the facility registry), ``plans`` (regional targets), ``events`` (a night's
clean events), ``people`` (fake IINs, phones, plates), ``names`` (fake full names),
``free_text`` (comments and notes), ``spelling`` (Russian spelling, Windows-1251
look-alikes), ``dirty_kinds`` (dirty kinds named after the quarantine reason they should
cause), ``dirty_defects`` (how each kind breaks a row), ``dirty`` (how many dirty rows, where
in the file), ``write`` (CSV/JSON/XLSX rendering), ``columns`` (column-dict helpers),
``config`` (calibration). Used only by the CLI (``python -m etl demo``), the tests and bench/.
"""

from etl.demo.generator import generate

__all__ = ["generate"]
