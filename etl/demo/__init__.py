"""The demo raw-extract generator: ``generate()`` writes a landing area of synthetic,
realistic ministry extracts (fake people, dirty rows, every file format) for demos and tests.

One room, one job per module: ``generator`` (nights, files, manifest), ``world`` (regions,
districts, facility registry), ``plans`` (regional targets), ``events`` (a night's clean
events), ``people`` (fake IINs, names, phones), ``dirty`` (broken rows named after the
quarantine reason they should cause), ``write`` (CSV/JSON/XLSX rendering), ``columns``
(column-dict helpers), ``config`` (calibration). Used only by the CLI (``python -m etl
demo``), the tests and bench/.
"""

from etl.demo.generator import generate

__all__ = ["generate"]
