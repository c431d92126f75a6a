"""A column check run once per distinct value, its answers spread back to the rows.

Why: most checked columns of a night's events repeat a handful of values (a channel, a topic,
a wait of 0-200 minutes): a national visits file has ~30,000 rows and a few hundred distinct
values in each of those columns, and every check (lower-casing, regular expressions, number
parsing, look-ups) cost per row. Every column check of etl.validate depends on the value
alone, so checking the distinct values and taking each row's answer by its code gives the
same typed values and the same first-failure reasons, row for row
(tests/test_distinct_values.py compares the two).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.arrowtext import STR, arrow_strings, to_bool
from etl.reasons import Verdicts

# Worth it when the rows outnumber their distinct values by this much: encoding a column
# costs about as much as one cheap check of every row.
MIN_ROWS_PER_VALUE = 4
# A long column is first looked at in its first SAMPLE_ROWS rows: when nearly all of them are
# distinct (a facility snapshot's coordinates), the column is checked row by row without
# encoding it whole first (~2.5 ms of a snapshot's 47,000 rows, twice). Either way the
# answers are the same; only the time differs.
SAMPLE_ROWS = 1024


class _SpreadVerdicts(Verdicts):
    """Verdicts on the distinct values, each flag passed on at once to every row holding
    the value (so flags reach the rows in the order they were made)."""

    def __init__(self, rows: Verdicts, codes: np.ndarray, n_values: int) -> None:
        super().__init__(n_values)
        self._rows = rows
        self._codes = codes

    def flag(self, mask: pd.Series | np.ndarray, reason: str, field: str | None) -> None:
        self._rows.flag(to_bool(mask)[self._codes], reason, field)


def check_distinct(
    s: pd.Series,
    verdicts: Verdicts,
    check: Callable[[pd.Series, Verdicts], pd.Series],
) -> pd.Series:
    """`check(s, verdicts)` (flags rows, returns typed values), run on the distinct values
    of `s` when they are few, else on `s` itself."""
    distinct = _distinct(s)
    if distinct is None:
        return check(s, verdicts)
    values, codes = distinct
    typed = check(values, _SpreadVerdicts(verdicts, codes, len(values)))
    return pd.Series(typed.array.take(codes), index=s.index)


def map_distinct(s: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`function(s)` for a function of each value alone, run on the distinct values when
    they are few."""
    distinct = _distinct(s)
    if distinct is None:
        return function(s)
    values, codes = distinct
    return pd.Series(function(values).array.take(codes), index=s.index)


def _distinct(s: pd.Series) -> tuple[pd.Series, np.ndarray] | None:
    """(the distinct values, missing last; each row's position among them), or None when
    the values are not few enough to be worth it."""
    strings = arrow_strings(s)
    if len(strings) > 8 * SAMPLE_ROWS:
        sample = pc.count_distinct(strings.slice(0, SAMPLE_ROWS), mode="all").as_py()
        if sample * 16 > SAMPLE_ROWS * 15:
            return None
    encoded = strings.combine_chunks().dictionary_encode()
    dictionary = encoded.dictionary
    if (len(dictionary) + 1) * MIN_ROWS_PER_VALUE > len(s):
        return None
    codes = pc.fill_null(encoded.indices, len(dictionary)).to_numpy(zero_copy_only=False)
    values = pd.Series(
        pd.array(pa.concat_arrays([dictionary, pa.nulls(1, dictionary.type)]), dtype=STR)
    )
    return values, codes
