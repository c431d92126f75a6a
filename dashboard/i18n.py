"""Languages of the portal: every user-visible string, label, number and date in kk, ru and en.

- `t(msg_id, lang, **params)`: a UI string (ids in dashboard/text/*.py, merged into MESSAGES);
- `label(kind, value, lang)`: the name of an enum value of a dataset (channel, topic, status...);
- `region_name`, `dataset_title`, `field_label`: names that live in data/ (reference, catalogue);
- `fmt_int`, `fmt_num`, `fmt_pct`, `fmt_change`, `fmt_date`, `fmt_month`, `fmt_datetime`: Babel.

Kazakh is the default. Any other value of `lang` (from a URL) falls back to Kazakh, so a bad
query string can never raise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

from babel.core import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberPattern, parse_pattern

from dashboard.text import LABELS, MESSAGES
from dashboard.text.dates import KK_MONTH_CASES, KK_MONTHS, KK_YEAR, KK_YEAR_SHORT
from dashboard.text.map import DAY_ABBREVIATIONS
from data.periods import is_month_complete, month_start

LANGS = ("kk", "ru", "en")
DEFAULT_LANG = "kk"
BABEL_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}
TIMEZONE = "Asia/Almaty"  # UTC+5 nationwide since 1 March 2024
# Plotly `separators`: decimal mark then thousands separator, as Babel writes them.
PLOTLY_SEPARATORS = {"kk": ",\u00a0", "ru": ",\u00a0", "en": ".,"}

__all__ = [
    "DEFAULT_LANG",
    "LABELS",
    "LANGS",
    "MESSAGES",
    "dataset_description",
    "dataset_title",
    "field_label",
    "fmt_change",
    "fmt_date",
    "fmt_datetime",
    "fmt_int",
    "fmt_month",
    "fmt_num",
    "fmt_pct",
    "label",
    "normalise_lang",
    "region_name",
    "region_options",
    "region_short_name",
    "request_lang",
    "t",
]


def normalise_lang(value: Any) -> str:
    return value if isinstance(value, str) and value in LANGS else DEFAULT_LANG


def t(msg_id: str, lang: str, **params: Any) -> str:
    """The message in `lang`; `params` fill `{name}` placeholders. Unknown ids raise KeyError."""
    text = MESSAGES[msg_id][normalise_lang(lang)]
    return text.format(**params) if params else text


def label(kind: str, value: Any, lang: str) -> str:
    """Name of an enum value (e.g. label("channel", "walk_in", "ru")); unknown values as is."""
    names = LABELS.get(kind, {}).get(str(value))
    return names[normalise_lang(lang)] if names else str(value)


def labels_of(kind: str) -> list[str]:
    return list(LABELS[kind])


# ------------------------------------------------------------------ names kept in data/
@cache
def _region_names() -> Mapping[str, Mapping[str, str]]:
    from data.reference import regions_frame

    frame = regions_frame()
    return {
        row.iso_code: {"kk": row.name_kk, "ru": row.name_ru, "en": row.name_en}
        for row in frame.itertuples(index=False)
    }


def region_codes() -> list[str]:
    return list(_region_names())


def region_name(code: str | None, lang: str) -> str:
    if code in (None, "", "KZ"):
        return t("region.national", lang)
    names = _region_names().get(str(code))
    return names[normalise_lang(lang)] if names else str(code)


def region_short_name(code: str | None, lang: str) -> str:
    """ "Северо-Казахстанская" for chart labels on narrow screens (tables keep full names);
    the full name when the short one is another unit's name (Almaty Region vs Almaty)."""
    full = region_name(code, lang)
    short = full.removesuffix(label("region_word", "suffix", lang))
    taken = {region_name(other, lang) for other in region_codes() if other != code}
    return full if short in taken else short


def region_options(lang: str) -> list[dict[str, str]]:
    """Dropdown options of the 20 units, sorted by name in the chosen language."""
    options = [{"label": region_name(code, lang), "value": code} for code in region_codes()]
    return sorted(options, key=lambda o: o["label"])


def dataset_title(dataset_id: str, lang: str) -> str:
    from data.catalog import DATASETS

    return DATASETS[dataset_id].title.get(normalise_lang(lang))


def dataset_description(dataset_id: str, lang: str) -> str:
    from data.catalog import DATASETS

    return DATASETS[dataset_id].description.get(normalise_lang(lang))


def field_label(dataset_id: str, field: str, lang: str) -> str:
    from data.catalog import DATASETS

    return DATASETS[dataset_id].field(field).description.get(normalise_lang(lang))


# ------------------------------------------------------------------ numbers and dates
def _locale(lang: str) -> str:
    return BABEL_LOCALES[normalise_lang(lang)]


@cache
def _babel_locale(lang: str) -> Locale:
    return Locale.parse(_locale(lang))


@cache
def _number_pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _decimal(value: float, pattern: str, lang: str) -> str:
    """Babel's format_decimal with the locale and pattern parsed once (tables call it a lot)."""
    return _number_pattern(pattern).apply(value, _babel_locale(lang))


def fmt_int(value: Any, lang: str) -> str:
    if value is None:
        return t("value.missing", lang)
    return _decimal(round(float(value)), "#,##0", lang)


def fmt_num(value: Any, lang: str, digits: int = 1) -> str:
    if value is None:
        return t("value.missing", lang)
    return _decimal(float(value), "#,##0." + "0" * digits if digits else "#,##0", lang)


def fmt_pct(ratio: Any, lang: str, digits: int = 0) -> str:
    """0.873 → "87 %" in the language's own way of writing percentages."""
    if ratio is None:
        return t("value.missing", lang)
    return _decimal(float(ratio), "#,##0." + "0" * digits + "%" if digits else "#,##0%", lang)


def fmt_change(ratio: Any, lang: str) -> str:
    """A signed relative change: +12.3% / −4.0%; missing when there is nothing to compare."""
    if ratio is None:
        return t("value.no_comparison", lang)
    return _decimal(float(ratio), "+#,##0.0%;-#,##0.0%", lang).replace("-", "\u2212")


def fmt_date(
    value: date | datetime | str | None, lang: str, case: str | None = None, short: bool = False
) -> str:
    """A date in words. Kazakh is written "2026 жылғы 2 желтоқсан", and `case` ("locative",
    "dative") puts the month in the form the phrase needs: "… 2 желтоқсандағы жағдай бойынша",
    "… 2 желтоқсанға дейін". Russian and English need no case here (their phrases carry it).
    `short`: the abbreviated month, for table columns ("2025 ж. 31 жел.", "31 дек. 2025 г.")."""
    if value is None:
        return t("value.missing", lang)
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    if short:
        return format_date(value, format="medium", locale=_locale(lang))
    if normalise_lang(lang) == "kk":
        month = (KK_MONTH_CASES[case] if case else KK_MONTHS)[value.month - 1]
        return f"{KK_YEAR.format(year=value.year)} {value.day} {month}"
    return format_date(value, format="long", locale=_locale(lang))


def fmt_datetime(value: datetime | None, lang: str) -> str:
    if value is None:
        return t("value.missing", lang)
    if value.tzinfo is None:  # SQLite returns the stored UTC time without its zone
        value = value.replace(tzinfo=UTC)
    return format_datetime(value, format="medium", tzinfo=TIMEZONE, locale=_locale(lang))


def fmt_month_name(value: date, lang: str) -> str:
    """The month alone, as it stands inside a phrase: October / қазан / октябрь (Kazakh and
    Russian month names are not capitalised: "қаңтар–қараша", "январь–ноябрь")."""
    text = format_date(value, format="LLLL", locale=_locale(lang))
    return text if normalise_lang(lang) == "en" else text.lower()


def fmt_month(value: date | str | None, lang: str, short: bool = False) -> str:
    """October 2026 / 2026 жылғы қазан / Октябрь 2026. Kazakh puts the year first, in the
    genitive-like "жылғы" ("2026 жылғы қазан", not the calque "Қазан 2026"); short forms (chart
    axes) are "2026 ж. қаз." / "окт. 2026" / "Oct 2026"."""
    if value is None:
        return t("value.missing", lang)
    if isinstance(value, str):
        value = date.fromisoformat(value[:7] + "-01")
    if normalise_lang(lang) == "kk":
        if short:
            abbr = format_date(value, format="LLL", locale="kk_KZ").lower()
            return f"{KK_YEAR_SHORT.format(year=value.year)} {abbr}"
        return f"{KK_YEAR.format(year=value.year)} {KK_MONTHS[value.month - 1]}"
    text = format_date(value, format="LLL y" if short else "LLLL y", locale=_locale(lang))
    return text[:1].upper() + text[1:]


def fmt_period_month(month: date | None, lang: str, data_through: date | None) -> str:
    """ "November 2026 (to 20 November 2026)" while the month is still running."""
    text = fmt_month(month, lang)
    if month is None or data_through is None or month_start(data_through) != month:
        return text
    if is_month_complete(month, data_through):
        return text
    return t(
        "month.in_progress", lang, month=text, date=fmt_date(data_through, lang, case="dative")
    )


# ------------------------------------------------------------------ the language of a request
def lang_from_search(search: str | None) -> str:
    """`?lang=ru&x=1` → "ru"; anything else → the default."""
    values = parse_qs((search or "").lstrip("?")).get("lang", [])
    return normalise_lang(values[0] if values else None)


def request_lang() -> str:
    """The language of the current Flask request: `?lang=` of a page load, or the search string
    of the page a Dash callback was sent from (Dash's router posts `_pages_location.search`)."""
    from flask import has_request_context, request

    if not has_request_context():
        return DEFAULT_LANG
    if "lang" in request.args:
        return normalise_lang(request.args.get("lang"))
    if request.is_json:
        payload = request.get_json(silent=True) or {}
        for item in _flatten(payload.get("inputs", [])):
            if isinstance(item, dict) and item.get("property") == "search":
                return lang_from_search(item.get("value"))
    referrer = request.referrer or ""
    return lang_from_search(urlsplit(referrer).query and "?" + urlsplit(referrer).query)


def _flatten(items: Any) -> list[Any]:
    out: list[Any] = []
    for item in items if isinstance(items, list) else [items]:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


_DAY_RE = re.compile(r"\b(" + "|".join(DAY_ABBREVIATIONS) + r")\b")
_ALWAYS_RE = re.compile(r"^\s*24\s*/\s*7\s*$")


def localise_hours(hours: str | None, lang: str) -> str | None:
    """Opening hours as the registry writes them ("Mon–Fri 09:00–18:00", "24/7") in the
    reader's language; other text unchanged, blank as None."""
    if hours is None or not hours.strip():
        return None
    if _ALWAYS_RE.match(hours):
        return t("map.hours_24_7", lang)
    lang = normalise_lang(lang)
    if lang == "en":
        return hours
    return _DAY_RE.sub(lambda m: DAY_ABBREVIATIONS[m.group(1)][lang], hours)
