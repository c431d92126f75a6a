"""Link previews: `og:*` and `twitter:*` tags per page and language, and their card images.

Dash writes the tags from the page registry with an empty description and no image; the index
page replaces them with ours (`share_metas`): the page's title, its lead sentence as the
description, the language as `og:locale`, and a card image of the page in that language.

The cards are static PNGs under assets/cards/ (`<page>-<lang>.png`, 1200 x 630), made at build
time by `python -m dashboard.share` with headless Chromium from the page texts, and kept in
git: the server needs no image library, and a preview never asks another site for anything.
Run it again when a title or lead changes (tests/test_share.py checks that every card exists).
"""

from __future__ import annotations

import re
import sys
from html import escape
from pathlib import Path

from dashboard.i18n import LANGS, t

CARDS_DIR = Path(__file__).resolve().parent.parent / "assets" / "cards"
OG_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}
# page (first path segment) -> (title id, description id)
PAGES = {
    "overview": ("overview.title", "overview.lead"),
    "map": ("nav.map", "overview.map_heading"),
    "regions": ("regions.title", "regions.lead"),
    "indicators": ("series.title", "series.lead"),
    "open-data": ("open.title", "open.lead"),
    "methodology": ("method.title", "method.lead"),
}
DASH_SHARE_TAG = re.compile(
    r'\s*<meta (?:name="description"|property="(?:og|twitter):[a-z:_]+")[^>]*>'
)


def page_key(path: str) -> str:
    first = path.strip("/").split("/", 1)[0]
    return first if first in PAGES else "overview"


def card_path(page: str, lang: str) -> str:
    return f"/assets/cards/{page}-{lang}.png"


def description(page: str, lang: str) -> str:
    text = t(PAGES[page][1], lang)
    return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "…"


def share_metas(metas: str, *, path: str, url: str, root: str, title: str, lang: str) -> str:
    """Dash's meta tags without its share tags, followed by ours."""
    page = page_key(path)
    image = root.rstrip("/") + card_path(page, lang)
    tags = [
        ("name", "description", description(page, lang)),
        ("property", "og:type", "website"),
        ("property", "og:site_name", t("site.name", lang)),
        ("property", "og:title", title),
        ("property", "og:description", description(page, lang)),
        ("property", "og:url", url),
        ("property", "og:locale", OG_LOCALES[lang]),
        ("property", "og:image", image),
        ("property", "og:image:width", "1200"),
        ("property", "og:image:height", "630"),
        ("property", "og:image:alt", t(PAGES[page][0], lang)),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description(page, lang)),
        ("name", "twitter:image", image),
    ]
    ours = "".join(
        f'\n<meta {kind}="{escape(key)}" content="{escape(value)}">' for kind, key, value in tags
    )
    return DASH_SHARE_TAG.sub("", metas) + ours


# ------------------------------------------------------------------ build time: the card images
CARD_HTML = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: 1200px; height: 630px; }}
body {{ font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; background: #0b5394;
  color: #fff; display: flex; flex-direction: column; justify-content: space-between;
  box-sizing: border-box; padding: 64px 72px; }}
.site {{ font-size: 30px; font-weight: 700; opacity: .95; }}
h1 {{ font-size: 64px; line-height: 1.12; margin: 0; }}
p {{ font-size: 28px; line-height: 1.35; margin: 0; color: #e8eef6; }}
.bar {{ height: 12px; background: #ffbf47; width: 180px; border-radius: 6px; }}
</style></head><body><div class="site">{site}</div>
<div><div class="bar"></div><h1>{title}</h1></div><p>{lead}</p></body></html>"""


def build_cards(out: Path = CARDS_DIR, chromium: str = "/usr/bin/chromium") -> list[Path]:
    """Render every page x language card with headless Chromium (Playwright)."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        for key, (title_id, _) in PAGES.items():
            for lang in LANGS:
                lead = description(key, lang)
                lead = lead if len(lead) <= 160 else lead[:157].rsplit(" ", 1)[0] + "…"
                page.set_content(
                    CARD_HTML.format(
                        lang=lang,
                        site=escape(t("site.name", lang)),
                        title=escape(t(title_id, lang)),
                        lead=escape(lead),
                    )
                )
                target = out / f"{key}-{lang}.png"
                page.screenshot(path=str(target), type="png")
                written.append(target)
        browser.close()
    return written


if __name__ == "__main__":
    for path in build_cards(chromium=sys.argv[1] if len(sys.argv) > 1 else "/usr/bin/chromium"):
        print(f"{path.stat().st_size:>8}  {path}")
