"""Column tables for the demo generator: ``dict[str, np.ndarray]`` and small helpers.

Why not DataFrames: pandas 3 stores Python strings as Arrow-backed ``str`` and converts them
back on every ``to_numpy()``; the generator touches each column a handful of times per night
and never needs an index, so plain aligned numpy arrays are several times faster and keep
strings as exactly the objects that were generated.
"""

from __future__ import annotations

import numpy as np

Columns = dict[str, np.ndarray]


def n_rows(columns: Columns) -> int:
    """Number of rows (all arrays are aligned)."""
    return len(next(iter(columns.values()))) if columns else 0


def take(columns: Columns, rows: np.ndarray) -> Columns:
    """The given rows (positions or a boolean mask) of every column."""
    return {name: values[rows] for name, values in columns.items()}


def concat(parts: list[Columns]) -> Columns:
    """Row-wise concatenation of tables with the same columns."""
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def zfill(values: np.ndarray, width: int) -> np.ndarray:
    """Non-negative integers → zero-padded strings (object array)."""
    return np.char.zfill(np.asarray(values, dtype=np.int64).astype(str), width).astype(object)


def pick(rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
    """``n`` entries of ``pool`` drawn at random with replacement."""
    return pool[rng.integers(0, len(pool), n)]
