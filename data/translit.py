"""Kazakh/Russian Cyrillic → Latin, for English names and for search that ignores the script.

Two jobs, kept apart:
- `to_latin` writes a readable Latin form for people (English names of facilities that have
  none): one fixed letter-by-letter table covering both alphabets, "№" as "No."; its plain
  variant is the spelling of street signs (see `_PLAIN`).
- `search_key` folds any spelling to one skeleton for matching, so that "Петропавл",
  "Petropavl", "Petropawl", "Семей"/"Semey"/"Semei", "Қостанай"/"Kostanai"/"Qostanay" and the
  2021 Kazakh Latin alphabet ("Şymkent", "Aqtöbe") meet: Cyrillic is transliterated, then
  the letters people choose differently (q/k, y/i, kh/h, ş/sh...) are made equal.
"""

from __future__ import annotations

import re
import unicodedata

_LATIN = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "gh",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ф": "f",
    "х": "kh",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "і": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
# Street signs and many registries write й and ғ as a plain i and g ("Abai", "Baiterek",
# "Magzhan"). The demo generator (etl.demo) spells its invented English names that way, as
# real exports that do not follow the portal's table would; its landings stay as they were.
_PLAIN = {**_LATIN, "й": "i", "ғ": "g"}
_SIGNS = {"№": "No. ", "«": '"', "»": '"', "—": "-", "–": "-"}

# Kazakh Latin (2021) and other letters whose base letter alone would lose a sound.
_LATIN_SPECIAL = {
    "ş": "sh",
    "ç": "ch",
    "ñ": "ng",
    "ğ": "g",
    "ı": "i",
    "ä": "a",
    "ö": "o",
    "ü": "u",
    "ū": "u",
    "ý": "y",
    "ә": "a",
}
# Folding for matching, longest first: spellings people use interchangeably become one.
_FOLD = (
    ("shch", "sh"),
    ("kh", "h"),
    ("gh", "g"),
    ("zh", "j"),
    ("ts", "c"),
    ("yo", "e"),
    ("yu", "u"),
    ("ya", "a"),
    ("q", "k"),
    ("y", "i"),
    ("w", "v"),
    ("x", "ks"),
    ("ch", "c"),
    ("ee", "e"),
)
_FOLD_RE = re.compile("|".join(re.escape(a) for a, _ in _FOLD))
_FOLD_MAP = dict(_FOLD)
_NON_WORD = re.compile(r"[^0-9a-z]+")


def to_latin(text: str, *, plain: bool = False) -> str:
    """Readable Latin form of a Kazakh or Russian text: "Қостанай қ." → "Qostanay q.".

    ``plain=True`` writes й and ғ as i and g, as street signs do: "Абай" → "Abai".
    """
    table = _PLAIN if plain else _LATIN
    out = []
    for ch in text:
        if ch in _SIGNS:
            out.append(_SIGNS[ch])
            continue
        low = ch.lower()
        latin = table.get(low)
        if latin is None:
            out.append(ch)
        elif ch != low and latin:
            out.append(latin[0].upper() + latin[1:])
        else:
            out.append(latin)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def search_key(text: str) -> str:
    """Lower-case Latin skeleton of any spelling, words separated by single spaces."""
    lowered = text.lower()
    chars = []
    for ch in lowered:
        if ch in _LATIN:
            chars.append(_LATIN[ch])
        elif ch in _LATIN_SPECIAL:
            chars.append(_LATIN_SPECIAL[ch])
        elif ch == "№":
            chars.append(" no ")
        else:
            chars.append(ch)
    plain = unicodedata.normalize("NFKD", "".join(chars))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    words = _NON_WORD.sub(" ", plain).split()
    return " ".join(_FOLD_RE.sub(lambda m: _FOLD_MAP[m.group(0)], w) for w in words)


def english_name(name_en: str | None, name_kk: str | None, name_ru: str | None) -> str:
    """The registry's English name, else a Latin transliteration of the Kazakh (or Russian)."""
    if name_en and name_en.strip():
        return name_en.strip()
    source = (name_kk or "").strip() or (name_ru or "").strip()
    return to_latin(source)
