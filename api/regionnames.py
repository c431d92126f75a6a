"""Regions in the journalist's words: `region=Almaty`, `region=Алматинская область`, and a
`region_name` column next to every region code of a row, in the language asked (`lang=`).

The names come from data/reference/regions.csv (kk/ru/en). The city and the region that share
a name stay apart: "Almaty" / "Алматы" is the city (KZ-75), "Almaty Region" / "Алматинская
область" / "Алматы облысы" the region around it (KZ-19). A region's short name ("Karaganda",
"Карагандинская") is accepted only where no full name is spelled the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from data.catalog import Dataset
from data.reference import normalise_region, regions_frame

LANGS = ("en", "kk", "ru")
DEFAULT_LANG = "en"
REGION_NAME = "region_name"
# Region words removed to get a short name, per language (case-folded).
_SUFFIXES = (" region", " oblast", " облысы", " область")
# Common spellings other than the reference table's (English transliterations, former name).
_ALIASES = {
    "abai": "KZ-10",
    "abai region": "KZ-10",
    "zhambyl": "KZ-31",
    "zhambyl region": "KZ-31",
    "zhetisu": "KZ-33",
    "zhetysu": "KZ-33",
    "zhetisu region": "KZ-33",
    "turkestan": "KZ-61",
    "turkestan region": "KZ-61",
    "kostanai": "KZ-39",
    "nur-sultan": "KZ-71",
    "нур-султан": "KZ-71",
    "нұр-сұлтан": "KZ-71",
}
_CITY_WORDS = ("{} city", "city of {}", "г. {}", "город {}", "{} қаласы")


def _key(text: str) -> str:
    text = text.casefold().replace("ё", "е").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip()


@cache
def _by_name() -> dict[str, str]:
    frame = regions_frame()
    full: dict[str, str] = {}
    short: dict[str, str] = {}
    for row in frame.to_dict("records"):
        code = row["iso_code"]
        city = str(row["kato_prefix"]) in ("71", "75", "79")
        for lang in LANGS:
            name = _key(row[f"name_{lang}"])
            full[name] = code
            if city:
                for pattern in _CITY_WORDS:
                    full[_key(pattern.format(name))] = code
            for suffix in _SUFFIXES:
                if name.endswith(suffix):
                    short.setdefault(name[: -len(suffix)].strip(), code)
            if lang == "ru" and name.endswith(" область"):
                # "Карагандинская" alone, as journalists write in headlines.
                short.setdefault(name.split(" ")[0], code)
    out = {**short, **_ALIASES}
    out.update(full)  # a full name always wins over a short one (Almaty is the city)
    return out


def lookup_region(value: str) -> str | None:
    """ISO 3166-2 or KATO code, or a name in kk/ru/en (case-insensitive) → ISO code."""
    code = normalise_region(value)
    if code is not None:
        return code
    return _by_name().get(_key(value))


@cache
def region_names(lang: str) -> dict[str, str]:
    frame = regions_frame()
    column = f"name_{lang if lang in LANGS else DEFAULT_LANG}"
    return dict(zip(frame["iso_code"], frame[column], strict=True))


def region_field(dataset: Dataset) -> str | None:
    """The region-code column a dataset's rows carry, if any (not the regions table itself,
    whose rows already hold their names)."""
    if dataset.id == "regions":
        return None
    names = dataset.names_with("region")
    return names[0] if names else None


def with_region_name(dataset: Dataset, names: list[str]) -> list[str]:
    """Output columns with `region_name` right after the region code, when it is there."""
    field = region_field(dataset)
    if field is None or field not in names or REGION_NAME in names:
        return names
    at = names.index(field) + 1
    return names[:at] + [REGION_NAME] + names[at:]


def add_region_names(
    rows: Iterable[dict[str, Any]], field: str, lang: str
) -> Iterator[dict[str, Any]]:
    """Rows with `region_name` set from their region code (None for codes outside the 20,
    e.g. key figures' national scope `KZ`)."""
    names = region_names(lang)
    for row in rows:
        yield {**row, REGION_NAME: names.get(row.get(field) or "")}


def label_rows(
    dataset: Dataset, rows: Iterable[dict[str, Any]], names: list[str], lang: str
) -> tuple[Iterable[dict[str, Any]], list[str]]:
    """The rows and columns of an answer with `region_name` added next to the region code
    (unchanged when the columns asked hold no region code)."""
    out_names = with_region_name(dataset, names)
    field = region_field(dataset)
    if out_names is names or field is None:
        return rows, names
    return add_region_names(rows, field, lang), out_names
