"""Fake identifiers of people for the demo extracts: IINs, phones, plates, operator ids.

Why so careful about fake values: the raw extracts must look like the real ones (a
12-digit IIN with a valid control digit, Kazakh and Russian names, mobile numbers) so that
the ETL's privacy guarantees are tested against values that could be mistaken for real
ones, and distinctive enough that a privacy test can grep the warehouse for them.
Everything is vectorised: one call produces a whole night's column. Names are drawn in
``names``, free text in ``free_text``.
"""

from __future__ import annotations

import numpy as np

from etl.demo.columns import pick, zfill

# ---------------------------------------------------------------- IIN
IIN_WEIGHTS_1 = np.arange(1, 12)
IIN_WEIGHTS_2 = np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])


def iin_control(digits: np.ndarray) -> np.ndarray:
    """Control digit of IINs given their first 11 digits (n x 11); 10 means "none exists".

    The Kazakh algorithm: weighted sum with weights 1..11 modulo 11; if that is 10, a
    second pass with weights 3..11,1,2; if that is 10 again the number is not issued.
    """
    first = digits @ IIN_WEIGHTS_1 % 11
    second = digits @ IIN_WEIGHTS_2 % 11
    return np.where(first == 10, second, first)


def iin_is_valid(iin: str) -> bool:
    """True when ``iin`` is 12 digits with a plausible birth date and a correct control digit."""
    if len(iin) != 12 or not iin.isdigit():
        return False
    digits = np.array([int(c) for c in iin])
    month, day = int(iin[2:4]), int(iin[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1 <= digits[6] <= 6):
        return False
    control = int(iin_control(digits[:11][None, :])[0])
    return control != 10 and control == digits[11]


def iins(
    rng: np.random.Generator, n: int, first_year: int = 1945, last_year: int = 2006
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` valid IINs and a boolean array "female" (the 7th digit carries the sex)."""
    lo = np.datetime64(f"{first_year}-01-01", "D").astype(np.int64)
    hi = np.datetime64(f"{last_year}-12-31", "D").astype(np.int64)
    birth = rng.integers(lo, hi, n).astype("datetime64[D]")
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    month = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    female = rng.random(n) < 0.5
    century = np.where(year >= 2000, 5, 3) + female
    serial = rng.integers(0, 10_000, n)
    head = np.stack(
        [year % 100 // 10, year % 10, month // 10, month % 10, day // 10, day % 10, century], axis=1
    )
    while True:
        tail = np.stack(
            [serial // 1000, serial // 100 % 10, serial // 10 % 10, serial % 10], axis=1
        )
        digits = np.concatenate([head, tail], axis=1)
        control = iin_control(digits)
        unusable = control == 10
        if not unusable.any():
            break
        serial = np.where(unusable, (serial + 1) % 10_000, serial)
    number = digits @ (10 ** np.arange(11, 0, -1, dtype=np.int64)) + control
    return zfill(number, 12), female


# ---------------------------------------------------------------- contacts and vehicles
MOBILE_CODES = np.array(
    ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"],
    dtype=object,
)
PLATE_LETTERS = np.array(list("ABCDEFGHKLMNOPRSTUVXYZ"), dtype=object)


def mobile_phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """Kazakh mobile numbers written "+7 7xx xxx xx xx"."""
    code = pick(rng, MOBILE_CODES, n)
    return (
        "+7 "
        + code
        + " "
        + zfill(rng.integers(0, 1000, n), 3)
        + " "
        + zfill(rng.integers(0, 100, n), 2)
        + " "
        + zfill(rng.integers(0, 100, n), 2)
    )


def plates(rng: np.random.Generator, region_codes: np.ndarray) -> np.ndarray:
    """Vehicle plates like 123ABC02; one car in eight is registered in another region."""
    n = len(region_codes)
    elsewhere = np.array([f"{c:02d}" for c in range(1, 21)], dtype=object)
    code = np.where(rng.random(n) < 0.125, pick(rng, elsewhere, n), region_codes)
    letters = (
        pick(rng, PLATE_LETTERS, n) + pick(rng, PLATE_LETTERS, n) + pick(rng, PLATE_LETTERS, n)
    )
    return zfill(rng.integers(1, 1000, n), 3) + letters + code


def operator_ids(rng: np.random.Generator, kato_prefixes: np.ndarray) -> np.ndarray:
    """Staff ids of the operational control centre, e.g. OP-59-017 (20 operators a region)."""
    return (
        "OP-"
        + kato_prefixes.astype(object)
        + "-"
        + zfill(rng.integers(1, 21, len(kato_prefixes)), 3)
    )


def street_addresses_kk(rng: np.random.Generator, streets_kk: np.ndarray, n: int) -> np.ndarray:
    """ "Абай көшесі, 12" style street addresses (for free text)."""
    return (
        pick(rng, streets_kk, n) + " көшесі, " + rng.integers(1, 160, n).astype(str).astype(object)
    )
