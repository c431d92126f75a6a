"""Words for dates and numbers that Babel does not give in the form the portal's phrases need."""

from __future__ import annotations

# Kazakh month names with the case endings the portal's phrases need (vowel harmony and the
# consonant before them decide -да/-та/-де/-те and -ға/-ге/-қа/-ке; a table is clearer than
# rules for twelve words): "2 желтоқсандағы жағдай бойынша", "2 желтоқсанға дейін".
KK_MONTHS = (
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
)
KK_MONTH_CASES = {
    "locative": (
        "қаңтардағы",
        "ақпандағы",
        "наурыздағы",
        "сәуірдегі",
        "мамырдағы",
        "маусымдағы",
        "шілдедегі",
        "тамыздағы",
        "қыркүйектегі",
        "қазандағы",
        "қарашадағы",
        "желтоқсандағы",
    ),
    "dative": (
        "қаңтарға",
        "ақпанға",
        "наурызға",
        "сәуірге",
        "мамырға",
        "маусымға",
        "шілдеге",
        "тамызға",
        "қыркүйекке",
        "қазанға",
        "қарашаға",
        "желтоқсанға",
    ),
}
KK_YEAR = "{year} жылғы"  # "2026 жылғы қараша" (not the calque "Қараша 2026")
KK_YEAR_SHORT = "{year} ж."

# Thousands on a chart axis, as each language abbreviates them (plotly would write "2k").
THOUSANDS = {"kk": "{value} мың", "ru": "{value} тыс.", "en": "{value}k"}

# Letters of the Kazakh alphabet that Russian does not have (a Kazakh name in a Russian text).
KAZAKH_ONLY_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
