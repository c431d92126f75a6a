"""Target sources (the `source` column of `targets`) in the page's language.

Plan documents arrive named in Kazakh or Russian, whichever the ministry or the akimat wrote.
The kinds of document are few; each is recognised by a pattern and written out in the page's
language, region names included. The original text is kept (shown as a tooltip), and a source
of an unknown kind is shown as it came.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

ROADMAP = {
    "kk": "Полицияның сервистік моделін енгізу жөніндегі {years}жол картасы (ІІМ бұйрығы № {num})",
    "ru": "Дорожная карта по внедрению сервисной модели полиции{years} (приказ МВД РК № {num})",
    "en": "Roadmap for introducing the police service model{years} (MIA order No. {num})",
}
ROADMAP_YEARS = {
    "kk": "{start}–{end} жылдарға арналған ",
    "ru": " на {start}–{end} годы",
    "en": " for {start}–{end}",
}
INFRASTRUCTURE = {
    "kk": "{region} ПД инфрақұрылымын дамытудың {year} жылға арналған жоспары",
    "ru": "План развития инфраструктуры ДП {region} на {year} год",
    "en": "{region} Police Department infrastructure development plan for {year}",
}
AKIMAT = {
    "kk": "Әкімдік қаулысы ({region}) № {num}: полиция объектілері желісін дамыту туралы",
    "ru": "Постановление акимата ({region}) № {num} о развитии сети объектов полиции",
    "en": "Akimat resolution ({region}) No. {num} on developing the network of police facilities",
}


@cache
def _codes_by_name() -> dict[str, str]:
    from dashboard.i18n import region_codes, region_name  # i18n imports this package

    return {
        region_name(code, lang).casefold(): code
        for code in region_codes()
        for lang in ("kk", "ru", "en")
    }


def _region(text: str, lang: str) -> str:
    from dashboard.i18n import region_name

    code = _codes_by_name().get(text.strip().casefold())
    return region_name(code, lang) if code else text


def _roadmap(m: re.Match[str], lang: str) -> str:
    years = ROADMAP_YEARS[lang].format(start=m["start"], end=m["end"]) if m["start"] else ""
    return ROADMAP[lang].format(years=years, num=m["num"])


PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], str]], ...] = (
    (
        re.compile(
            r"^Дорожная карта по внедрению сервисной модели полиции"
            r"(?: на (?P<start>\d{4})[–-](?P<end>\d{4}) годы)? \(приказ МВД РК № (?P<num>\d+)\)$"
        ),
        _roadmap,
    ),
    (
        re.compile(
            r"^Полицияның сервистік моделін енгізу жөніндегі "
            r"(?:(?P<start>\d{4})[–-](?P<end>\d{4}) жылдарға арналған )?"
            r"жол картасы \(ІІМ бұйрығы № (?P<num>\d+)\)$"
        ),
        _roadmap,
    ),
    (
        re.compile(r"^План развития инфраструктуры ДП (?P<region>.+) на (?P<year>\d{4}) год$"),
        lambda m, lang: INFRASTRUCTURE[lang].format(
            region=_region(m["region"], lang), year=m["year"]
        ),
    ),
    (
        re.compile(
            r"^Постановление акимата \((?P<region>.+)\) № (?P<num>\d+) "
            r"о развитии сети объектов полиции$"
        ),
        lambda m, lang: AKIMAT[lang].format(region=_region(m["region"], lang), num=m["num"]),
    ),
)


def translate_source(source: str | None, lang: str) -> str | None:
    """The source in `lang`; the text itself when its kind is unknown (None stays None)."""
    if not source:
        return source
    from dashboard.i18n import normalise_lang

    text = source.strip()
    for pattern, render in PATTERNS:
        match = pattern.match(text)
        if match:
            return render(match, normalise_lang(lang))
    return text
