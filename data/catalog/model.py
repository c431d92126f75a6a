"""The catalogue's vocabulary: a dataset, its fields and their kk/ru/en texts.

The declarations themselves live beside this module (data.catalog.visits, .sos, .cameras,
.aggregates and .reference); data.catalog gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Table

FieldType = Literal["string", "integer", "number", "boolean", "date", "datetime", "object"]
Role = Literal[
    "key", "time", "region", "district", "facility", "category", "measure", "flag", "attribute"
]

LICENCE = {
    "id": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class Text3:
    kk: str
    ru: str
    en: str

    def get(self, lang: str) -> str:
        return getattr(self, lang if lang in ("kk", "ru", "en") else "en")

    def as_dict(self) -> dict[str, str]:
        return {"kk": self.kk, "ru": self.ru, "en": self.en}


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    role: Role
    description: Text3
    unit: str | None = None
    suppressible: bool = False  # null + `suppressed` flag when fewer than k events stand behind
    # The closed list of values a category field takes: the API refuses anything else (400
    # naming them) and the OpenAPI document gives it as an enum. Empty: not a closed list.
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dataset:
    id: str
    table: Table
    title: Text3
    description: Text3
    fields: tuple[Field, ...]
    cadence: Literal["daily", "monthly", "on_change", "static"]
    default_sort: tuple[str, ...]
    suppression: bool
    geo: bool = False  # has lat/lon: available as GeoJSON
    extra_sorts: tuple[str, ...] = field(default=())

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def names_with(self, *roles: Role) -> list[str]:
        return [f.name for f in self.fields if f.role in roles]

    @property
    def time_field(self) -> str | None:
        names = self.names_with("time")
        return names[0] if names else None

    @property
    def category_fields(self) -> list[str]:
        return self.names_with("category", "facility", "district")

    @property
    def measure_fields(self) -> list[str]:
        return self.names_with("measure")

    @property
    def sortable(self) -> list[str]:
        return self.names_with(
            "key", "time", "region", "district", "facility", "category", "measure"
        )


def text3(kk: str, ru: str, en: str) -> Text3:
    return Text3(kk=kk, ru=ru, en=en)
