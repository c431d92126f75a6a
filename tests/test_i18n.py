"""Every user-visible string exists in kk, ru and en; every id the code uses exists; every enum
value the datasets can carry has a name; numbers and dates follow each language."""

from __future__ import annotations

import ast
import re
import string
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from dashboard.i18n import (
    LABELS,
    LANGS,
    MESSAGES,
    fmt_change,
    fmt_date,
    fmt_int,
    fmt_month,
    fmt_num,
    fmt_pct,
    label,
    lang_from_search,
    normalise_lang,
    region_codes,
    region_name,
    t,
)
from dashboard.text.labels import CATEGORY_KINDS

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
def test_message_has_every_language(msg_id: str) -> None:
    texts = MESSAGES[msg_id]
    assert set(texts) == set(LANGS), f"{msg_id}: languages {sorted(texts)}"
    for lang in LANGS:
        assert isinstance(texts[lang], str) and texts[lang].strip(), f"{msg_id} [{lang}] empty"


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
def test_placeholders_agree_across_languages(msg_id: str) -> None:
    names = {lang: _placeholders(MESSAGES[msg_id][lang]) for lang in LANGS}
    assert names["kk"] == names["ru"] == names["en"], f"{msg_id}: {names}"


def test_every_label_has_every_language() -> None:
    for kind, values in LABELS.items():
        for value, texts in values.items():
            assert set(texts) == set(LANGS), f"{kind}.{value}"
            assert all(texts[lang].strip() for lang in LANGS), f"{kind}.{value}"


# ------------------------------------------------------------------ ids used in the source exist
def _literal_ids(tree: ast.AST) -> list[tuple[str, int]]:
    """First arguments of t("...") calls: plain strings, and f-string prefixes marked '*'."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name != "t":
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((first.value, node.lineno))
        elif isinstance(first, ast.JoinedStr):
            prefix = "".join(
                v.value
                for v in first.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            found.append((prefix.split("{")[0] + "*", node.lineno))
    return found


def _sources() -> list[Path]:
    return sorted(p for p in DASHBOARD.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_t_call_names_an_existing_message() -> None:
    missing = []
    for path in _sources():
        for msg_id, line in _literal_ids(ast.parse(path.read_text(encoding="utf-8"))):
            if msg_id.endswith("*"):
                prefix = msg_id[:-1]
                if not any(k.startswith(prefix) for k in MESSAGES):
                    missing.append(f"{path.name}:{line} {msg_id}")
            elif msg_id not in MESSAGES:
                missing.append(f"{path.name}:{line} {msg_id}")
    assert not missing, "unknown message ids: " + ", ".join(missing)


def test_scanner_finds_calls() -> None:
    tree = ast.parse('t("a.b", lang)\nt(f"lang.{code}", code)\nx.t("not.this", 1)')
    assert _literal_ids(tree) == [("a.b", 1), ("lang.*", 2)]


def test_dynamic_message_families_are_complete() -> None:
    from data.catalog import INDICATORS

    for lang in LANGS:
        assert f"lang.{lang}" in MESSAGES
    for indicator in INDICATORS:
        assert f"method.def.{indicator}" in MESSAGES


def test_unknown_message_id_raises() -> None:
    with pytest.raises(KeyError):
        t("no.such.message", "kk")


# ------------------------------------------------------------------ every enum value is named
def test_every_contract_enum_value_has_a_label() -> None:
    from etl import contract

    expected = {
        "channel": contract.CHANNELS,
        "topic": contract.TOPICS,
        "outcome": contract.VISIT_OUTCOMES,
        "sos_category": contract.SOS_CATEGORIES,
        "camera_kind": contract.OFFENSE_KINDS,
        "camera_category": contract.OFFENSE_CATEGORIES,
        "camera_status": contract.OFFENSE_STATUSES,
        "facility_type": contract.FACILITY_TYPES,
        "facility_type_plural": contract.FACILITY_TYPES,
        "facility_status": contract.FACILITY_STATUSES,
        "target_indicator": contract.INDICATORS,
    }
    for kind, values in expected.items():
        assert set(values) <= set(LABELS[kind]), f"{kind}: {set(values) - set(LABELS[kind])}"


def test_every_published_category_has_a_label() -> None:
    from data.catalog import DATASETS, INDICATORS

    assert set(INDICATORS) <= set(LABELS["indicator"])
    assert {"met", "on_track", "behind", "missed", "no_data"} <= set(LABELS["target_status"])
    for dataset in DATASETS.values():
        assert dataset.cadence in LABELS["cadence"]
        for field in dataset.fields:
            assert field.type in LABELS["field_type"], field.type
            if field.unit:
                assert field.unit in LABELS["unit"], field.unit
    for (dataset_id, field_name), kind in CATEGORY_KINDS.items():
        assert field_name in DATASETS[dataset_id].field_names
        assert kind in LABELS


def test_key_figure_vocabulary_is_translated() -> None:
    frame = pd.read_csv(REFERENCE / "key_figures.csv", dtype=str)
    for column, kind in (
        ("unit", "key_figure_unit"),
        ("period", "key_figure_period"),
        ("publisher", "publisher"),
        ("language", "source_language"),
    ):
        missing = set(frame[column]) - set(LABELS[kind])
        assert not missing, f"{column}: {missing}"
    for lang in LANGS:
        assert frame[f"label_{lang}"].str.strip().astype(bool).all()


def test_population_measures_are_labelled() -> None:
    frame = pd.read_csv(REFERENCE / "population.csv", dtype=str)
    assert set(frame["measure"]) <= set(LABELS["population_measure"])


def test_region_names_in_every_language() -> None:
    codes = region_codes()
    assert len(codes) == 20
    for lang in LANGS:
        names = [region_name(code, lang) for code in codes]
        assert all(names) and len(set(names)) == 20
    assert region_name("KZ-59", "kk") == "Солтүстік Қазақстан облысы"
    assert region_name(None, "en") == t("region.national", "en")


def test_unknown_label_falls_back_to_the_code() -> None:
    assert label("channel", "walk_in", "ru") == "Личный визит"
    assert label("channel", "carrier_pigeon", "ru") == "carrier_pigeon"


# ------------------------------------------------------------------ formatting
def test_numbers_follow_the_language() -> None:
    assert fmt_int(1234567, "en") == "1,234,567"
    assert fmt_int(1234567, "ru") == "1\u00a0234\u00a0567"
    assert fmt_int(1234567, "kk") == "1\u00a0234\u00a0567"
    assert fmt_num(12.345, "ru", 1) == "12,3"
    assert fmt_num(12.346, "en", 2) == "12.35"
    assert fmt_pct(0.873, "en") == "87%"
    assert fmt_change(0.123, "en") == "+12.3%"
    assert fmt_change(-0.04, "ru") == "\u22124,0%"


def test_missing_values_never_format_as_zero() -> None:
    for lang in LANGS:
        for formatted in (
            fmt_int(None, lang),
            fmt_num(None, lang),
            fmt_pct(None, lang),
            fmt_date(None, lang),
            fmt_month(None, lang),
        ):
            assert formatted == t("value.missing", lang)
        assert fmt_change(None, lang) == t("value.no_comparison", lang)
        assert "0" not in t("value.missing", lang)


def test_dates_follow_the_language() -> None:
    day = date(2026, 10, 5)
    assert fmt_date(day, "en") == "5 October 2026"
    assert fmt_date(day, "ru") == "5 октября 2026\u202fг."
    assert "қазан" in fmt_date(day, "kk")
    assert fmt_month(day, "ru") == "Октябрь 2026"
    assert fmt_month("2026-10", "kk") == "2026 жылғы қазан"
    assert fmt_month(day, "en", short=True) == "Oct 2026"
    assert fmt_date(datetime(2026, 10, 5, 23, 0, tzinfo=UTC), "en") == "5 October 2026"


def test_language_from_url_defaults_to_kazakh() -> None:
    assert normalise_lang("ru") == "ru"
    assert normalise_lang("de") == "kk"
    assert normalise_lang(None) == "kk"
    assert normalise_lang(["en"]) == "kk"
    assert lang_from_search("?x=1&lang=en") == "en"
    assert lang_from_search("?lang=xx") == "kk"
    assert lang_from_search(None) == "kk"


def test_no_cyrillic_literal_outside_the_text_modules() -> None:
    """User-visible text lives in dashboard/text; page code only refers to it by id."""
    cyrillic = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
    allowed = {"text"}
    offenders = []
    for path in _sources():
        if allowed & set(path.parts) or path.name in allowed:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and cyrillic.search(node.value)
                and not _is_docstring(tree, node)
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, offenders


def _is_docstring(tree: ast.AST, node: ast.Constant) -> bool:
    for parent in ast.walk(tree):
        body = getattr(parent, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and body[0].value is node
        ):
            return True
    return False


def test_short_region_names_never_collide() -> None:
    from dashboard.i18n import region_short_name

    assert region_short_name("KZ-59", "ru") == "Северо-Казахстанская"
    assert region_short_name("KZ-19", "en") == "Almaty Region"  # "Almaty" is the city
    assert region_short_name("KZ-19", "kk") == "Алматы облысы"
    for lang in LANGS:
        assert len({region_short_name(code, lang) for code in region_codes()}) == 20


def test_a_month_in_progress_says_how_far_the_data_goes() -> None:
    from dashboard.i18n import fmt_period_month

    november = date(2026, 11, 1)
    assert (
        fmt_period_month(november, "en", date(2026, 11, 20))
        == "November 2026 (to 20 November 2026)"
    )
    assert fmt_period_month(november, "en", date(2026, 11, 30)) == "November 2026"
    assert fmt_period_month(november, "en", date(2026, 12, 3)) == "November 2026"
    assert fmt_period_month(november, "ru", None) == "Ноябрь 2026"


def test_a_naive_stored_time_is_utc_and_shown_in_kazakhstan_time() -> None:
    from datetime import UTC, datetime

    from dashboard.i18n import fmt_datetime

    naive = datetime(2026, 12, 2, 21, 30)  # noqa: DTZ001 as SQLite returns a stored UTC timestamp
    aware = naive.replace(tzinfo=UTC)
    for lang in ("kk", "ru", "en"):
        assert fmt_datetime(naive, lang) == fmt_datetime(aware, lang)
    assert "02:30" in fmt_datetime(naive, "ru") or "2:30" in fmt_datetime(naive, "en")
