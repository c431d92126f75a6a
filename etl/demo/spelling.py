"""Kazakh spellings as other systems write them: Russian spelling and Windows-1251 look-alikes.

Why: the registry and the extracts name places in Kazakh (Ақсу), Russian (Аксу) and English;
Windows-1251 exports cannot hold Kazakh letters except і and replace them by look-alikes (the
writer applies them). English names use the portal's transliteration (data.translit).
"""

from __future__ import annotations

# Windows-1251 has no Kazakh letters except і: exporters replace them by look-alikes.
CP1251_LOOKALIKES = {
    "ә": "а",
    "Ә": "А",
    "ғ": "г",
    "Ғ": "Г",
    "қ": "к",
    "Қ": "К",
    "ң": "н",
    "Ң": "Н",
    "ө": "о",
    "Ө": "О",
    "ұ": "у",
    "Ұ": "У",
    "ү": "у",
    "Ү": "У",
    "һ": "х",
    "Һ": "Х",
}
KK_TO_RU = str.maketrans({**CP1251_LOOKALIKES, "і": "и", "І": "И"})


def to_russian(text: str) -> str:
    """Kazakh spelling → Russian spelling of a proper name (Ақсу → Аксу)."""
    return text.translate(KK_TO_RU)
