"""Every component id of the dashboard, in one place.

Callbacks, layouts and tests import these names instead of repeating string literals, so a typo
is an ImportError rather than a silent "nonexistent object" at run time.
"""

# ------------------------------------------------------------------ shell (dashboard/layout.py)
URL = "url"  # the one Location pages write their state into (refresh=False)
SKIP_LINK = "skip-link"
HEADER = "site-header"
SITE_NAME = "site-name"
LANG_SWITCHER = "lang-switcher"
NAV = "site-nav"
NAV_LANDMARK = "site-nav-landmark"
DEMO_BANNER = "demo-banner"
MAIN = "main-content"
FOOTER = "site-footer"
DATA_AS_OF = "data-as-of"
LIVE_REGION = "live-announcer"  # aria-live status for content updates
DOC_LANG_SINK = "doc-lang-sink"  # target of the clientside callback setting <html lang>

# ------------------------------------------------------------------ overview (/)
OVERVIEW_LANG = "overview-lang"
OVERVIEW_KPIS = "overview-kpis"
OVERVIEW_FACILITIES = "overview-facilities"
OVERVIEW_MAP = "overview-map"
OVERVIEW_RANKING = "overview-ranking"
OVERVIEW_RANKING_INDICATOR = "overview-ranking-indicator"
OVERVIEW_RENDERED = "overview-rendered"  # false until the first render: no announcement

# ------------------------------------------------------------------ region scorecard (/regions/<code>)
REGION_LANG = "region-lang"
REGION_SELECT = "region-select"
REGION_COMPARE = "region-compare"
REGION_CONTENT = "region-content"
REGION_HEADING = "region-heading"
REGION_RENDERED = "region-rendered"
REGION_PRINT = "region-print"
REGION_PRINT_SINK = "region-print-sink"

# ------------------------------------------------------------------ indicators (/indicators)
SERIES_LANG = "series-lang"
SERIES_DATASET = "series-dataset"
SERIES_REGIONS = "series-regions"
SERIES_START = "series-start"
SERIES_END = "series-end"
SERIES_BREAKDOWN = "series-breakdown"
SERIES_PER_CAPITA = "series-per-capita"
SERIES_CATEGORY_FIELDS = ("indicator", "channel", "topic", "outcome", "category", "kind", "status")
SERIES_GRAPH = "series-graph"
SERIES_CAPTION = "series-caption"
SERIES_DOWNLOAD_CSV = "series-download-csv"
SERIES_DOWNLOAD_XLSX = "series-download-xlsx"
SERIES_DOWNLOAD = "series-download"
SERIES_CONTENT = "series-content"
SERIES_RENDERED = "series-rendered"


def series_category(field: str) -> str:
    """The filter control of one category column (one per column name, shown when relevant)."""
    return f"series-cat-{field}"


def series_category_box(field: str) -> str:
    return f"series-cat-{field}-box"


# ------------------------------------------------------------------ open data, methodology
OPEN_DATA_LANG = "open-data-lang"
OPEN_DATA_CATALOGUE = "open-data-catalogue"
METHODOLOGY_LANG = "methodology-lang"
METHODOLOGY_CONTENT = "methodology-content"
METHODOLOGY_SCROLL_SINK = "methodology-scroll-sink"
