"""An event's facility type and KATO from the registry (etl.facility_lookup), and the cache of
registry-side work (etl.frame_cache) it relies on."""

from __future__ import annotations

import gc

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.facility_lookup import facility_lookup
from etl.frame_cache import per_frame

IDS = st.sampled_from(["A", "B", " B", "C ", "D", "Ж1"])


def _registry(rows: list[tuple[str | None, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {"type": [r[1] for r in rows], "kato": [r[2] for r in rows]},
        index=pd.Index([r[0] for r in rows], name="facility_id", dtype="str"),
    )


def _expected(rows: list[tuple[str | None, str, str]], wanted: str | None) -> tuple:
    """The plain-Python rule: ids trimmed, the later registry row wins, type lower-case."""
    found = None
    for facility_id, ftype, kato in rows:
        if facility_id is not None and wanted is not None and facility_id.strip() == wanted:
            found = (ftype.strip().lower(), kato.strip())
    return found or (None, None)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), IDS),
            st.sampled_from([" Sos_Button", "front_office"]),
            st.sampled_from(["1", " 2 "]),
        ),
        max_size=8,
    ),
    st.lists(st.one_of(st.none(), IDS), max_size=10),
)
def test_agrees_with_the_plain_rule(rows: list, wanted: list) -> None:
    types, katos = facility_lookup(_registry(rows), pd.Series(wanted, dtype="str"))
    got = [
        (None if pd.isna(t) else t, None if pd.isna(k) else k)
        for t, k in zip(types, katos, strict=True)
    ]
    assert got == [_expected(rows, w) for w in wanted]


def test_a_new_registry_frame_is_never_answered_from_the_last_one() -> None:
    first = _registry([("A", "sos_button", "1")])
    assert facility_lookup(first, pd.Series(["A"], dtype="str"))[0].tolist() == ["sos_button"]
    second = _registry([("A", "front_office", "1")])
    assert facility_lookup(second, pd.Series(["A"], dtype="str"))[0].tolist() == ["front_office"]


def test_per_frame_caches_by_identity_and_arguments_and_holds_nothing_alive() -> None:
    calls: list[tuple[int, str]] = []

    @per_frame
    def size(frame: pd.DataFrame, label: str) -> int:
        calls.append((id(frame), label))
        return len(frame)

    frame = pd.DataFrame({"x": [1, 2]})
    assert size(frame, "a") == size(frame, "a") == 2
    assert size(frame, "b") == 2
    assert len(calls) == 2  # once per argument
    equal_copy = frame.copy()
    assert size(equal_copy, "a") == 2
    assert len(calls) == 3  # another frame: computed again, even when equal
    del frame, equal_copy
    gc.collect()
    again = pd.DataFrame({"x": [1, 2, 3]})
    assert size(again, "a") == 3  # a dead frame's entry never answers for a new one
