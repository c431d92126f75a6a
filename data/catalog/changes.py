"""Dataset ids that no longer publish, and the catalogue's changelog."""

from __future__ import annotations

from dataclasses import dataclass

from data.catalog.model import Text3
from data.catalog.model import text3 as _t


@dataclass(frozen=True)
class Retired:
    """A dataset id that no longer publishes: the API answers 410 Gone with its successors."""

    id: str
    retired_on: str
    successors: tuple[str, ...]
    reason: Text3


_RETIRED_REASON = _t(
    "Тым ұсақ бөлініс: ұяшықтардың көбі жасырылған еді, ал жиынтықтар жасырылған сандарды "
    "ашатын. Орнына сұрақтарға арналған кестелер жарияланады.",
    "Слишком мелкая разбивка: большинство ячеек было скрыто, а итоги раскрывали скрытые "
    "числа. Вместо неё публикуются таблицы, нарезанные под вопросы пользователей.",
    "Too fine a grain: most cells were withheld and the totals gave hidden counts back. "
    "Replaced by tables cut for the questions users ask.",
)

RETIRED: dict[str, Retired] = {
    r.id: r
    for r in (
        Retired(
            "front_office_visits",
            "2026-12-03",
            (
                "front_office_visits_daily",
                "front_office_offices_monthly",
                "front_office_visits_monthly",
                "front_office_visits_regional",
            ),
            _RETIRED_REASON,
        ),
        Retired(
            "sos_activations_daily",
            "2026-12-03",
            ("sos_activations_regional", "sos_response_regional"),
            _RETIRED_REASON,
        ),
        Retired(
            "camera_offenses",
            "2026-12-03",
            ("camera_offenses_district", "camera_offenses_regional"),
            _RETIRED_REASON,
        ),
    )
}

# The changelog of the catalogue, newest first: what a user of an older id needs to know.
CHANGELOG: tuple[dict[str, object], ...] = (
    {
        "date": "2026-12-03",
        "retired": {r.id: list(r.successors) for r in RETIRED.values()},
        "added": [
            "front_office_visits_daily",
            "front_office_offices_monthly",
            "front_office_visits_monthly",
            "front_office_visits_regional",
            "sos_activations_regional",
            "sos_response_regional",
            "camera_offenses_district",
            "camera_offenses_regional",
        ],
        "changed": {
            "sos_activations_monthly": "every operating button has a row (0 published)",
            "region_indicators": "zero published for regions with facilities",
        },
        "note": _t(
            "Ескі идентификаторлар 410 Gone қайтарады және мұрагерлерін көрсетеді.",
            "Старые идентификаторы отвечают 410 Gone и указывают преемников.",
            "Retired ids answer 410 Gone with a pointer to their successors.",
        ).as_dict(),
    },
)
