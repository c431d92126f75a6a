"""Calibration and fixed facts of the demo raw-extract generator (``etl.demo``).

Why a module of constants: every figure that shapes the synthetic data (population, the
brief's North Kazakhstan numbers, volumes per scale, dirty-row rates) lives here, so a
reviewer can check the calibration against shared/BRIEF.md without reading generator code.

Calibration (national scale, one year):

* front offices: North Kazakhstan exactly 16 (3 in Petropavl, one per district), other
  regions ~ 11.2 x sqrt(population / NK population), about 300 nationally;
* visits: ~75 contacts per office per day over all channels, of which walk-ins (the figure
  the brief quotes as 25-30 per office per day) are 35 %; the 102 video calls and online
  requests handled by the offices make the rest. That is ~8.5 million rows a year, the same
  order as the brief's "over 4.5 million citizens turn to the police each year" (a citizen
  often has several contacts);
* cameras: North Kazakhstan 1,204 (brief), other regions in proportion to population;
  North Kazakhstan ~272 crimes solved and ~3,762 administrative offences detected a year;
  large cities have much denser traffic enforcement, which brings the national total of
  camera records to ~1.5 million a year;
* SOS buttons: ~40 nationally, ~3 presses per button per day.

The small scale keeps every facility except cameras (a tenth) and 1/50 of the event volume
(SOS presses 1/10 and crimes solved with cameras 1/2, else most regions would see fewer than
k = 5 a month and the demo would show nothing but suppressed cells for them).
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.contract import EVENT_TABLES
from etl.contract import TABLES as CONTRACT_TABLES

GENERATOR = "etl.demo"
MANIFEST_NAME = "demo_manifest.json"
MARKER_NAME = "DEMO.txt"

# Generation order (the registry and the plan before the events that refer to them).
TABLES = ("facilities", "targets", *EVENT_TABLES)

# Kazakhstan's bounding box used for facility coordinates (the contract's check is slightly
# wider, so generated points are never on the edge of what validation accepts).
LAT_RANGE = (40.6, 55.4)
LON_RANGE = (46.6, 87.3)
REGION_SPREAD_DEG = 1.5  # districts lie within this many degrees of the region centre
CITY_SPREAD_DEG = 0.12  # districts of a city of republican significance

REPUBLICAN_CITIES = frozenset({"KZ-71", "KZ-75", "KZ-79"})


@dataclass(frozen=True)
class Scale:
    """Volume multipliers relative to the national calibration."""

    name: str
    events: float  # front-office visits and administrative camera offences
    sos: float  # SOS activations
    cameras: float  # size of the camera registry
    crimes: float  # criminal camera offences


SCALES = {
    "national": Scale("national", events=1.0, sos=1.0, cameras=1.0, crimes=1.0),
    "small": Scale("small", events=1 / 50, sos=1 / 10, cameras=1 / 10, crimes=1 / 2),
}

# ---------------------------------------------------------------- brief figures (KZ-59)
NK_ISO = "KZ-59"
NK_FRONT_OFFICES = 16
NK_CENTRE_FRONT_OFFICES = 3
NK_CAMERAS = 1204
NK_CRIMES_SOLVED = 272
NK_ADMIN_DETECTED = 3762
CRIME_SOLVED_SHARE = 0.85  # criminal records: solved, else still under investigation
ADMIN_DETECTED_SHARE = 0.96

FRONT_OFFICE_FACTOR = 11.2  # other regions: factor x sqrt(pop / NK pop)
MODULAR_POSTS = 80
DISTRICT_POINTS = 90
SOS_BUTTONS = 40

# ---------------------------------------------------------------- event rates
VISITS_PER_OFFICE_DAY = 75.0
CHANNEL_SHARES = {"walk_in": 0.35, "video_call_102": 0.40, "online": 0.25}
VISIT_WEEKDAY = (1.2, 1.2, 1.2, 1.2, 1.15, 0.65, 0.4)  # Monday first; mean ~1
CAMERA_WEEKDAY = (1.1, 1.05, 1.05, 1.05, 1.15, 0.85, 0.75)
GROWTH_PER_YEAR = 0.08  # slow growth of visits as the offices become known
SOS_PER_BUTTON_DAY = 3.0

TOPICS = {
    "consultation": 0.30,
    "statement": 0.20,
    "certificate": 0.15,
    "complaint": 0.10,
    "lost_documents": 0.08,
    "other_agency_matter": 0.12,
    "other": 0.05,
}
VISIT_OUTCOMES = ("resolved", "referred_internal", "referred_other_agency", "pending")
# P(outcome | topic), in the order of VISIT_OUTCOMES.
OUTCOME_BY_TOPIC = {
    "consultation": (0.88, 0.05, 0.04, 0.03),
    "statement": (0.25, 0.60, 0.00, 0.15),
    "certificate": (0.85, 0.05, 0.00, 0.10),
    "complaint": (0.40, 0.35, 0.10, 0.15),
    "lost_documents": (0.55, 0.30, 0.10, 0.05),
    "other_agency_matter": (0.10, 0.05, 0.80, 0.05),
    "other": (0.70, 0.10, 0.10, 0.10),
}
SATISFACTION = (0.04, 0.06, 0.15, 0.35, 0.40)  # answers 1..5
SATISFACTION_ANSWERED = 0.35

SOS_CATEGORIES = {
    "emergency": 0.08,
    "assistance": 0.15,
    "consultation": 0.30,
    "false_alarm": 0.25,
    "test": 0.12,
    "vandalism": 0.10,
}
SOS_OUTCOMES = ("patrol_dispatched", "ambulance_called", "advice_given", "no_action")
SOS_OUTCOME_BY_CATEGORY = {
    "emergency": (0.75, 0.25, 0.00, 0.00),
    "assistance": (0.50, 0.05, 0.45, 0.00),
    "consultation": (0.00, 0.00, 0.95, 0.05),
    "false_alarm": (0.05, 0.00, 0.00, 0.95),
    "test": (0.00, 0.00, 0.00, 1.00),
    "vandalism": (0.60, 0.00, 0.00, 0.40),
}

CRIMINAL_CATEGORIES = {
    "theft": 0.45,
    "robbery": 0.10,
    "hooliganism": 0.25,
    "vandalism": 0.10,
    "other": 0.10,
}
ADMIN_CATEGORIES = {
    "traffic_speeding": 0.45,
    "traffic_red_light": 0.20,
    "traffic_other": 0.20,
    "public_order": 0.10,
    "other": 0.05,
}
TRAFFIC_CATEGORIES = frozenset({"traffic_speeding", "traffic_red_light", "traffic_other"})

# ---------------------------------------------------------------- dirty rows
DIRTY_RATE = 0.03  # share of event rows that carry one defect
FACILITY_DIRTY_RATE = 0.01
TARGET_DIRTY_ROWS = 6


@dataclass(frozen=True)
class RegionFacts:
    """What regions.csv does not say but the generator needs."""

    population_k: int  # 2024 annual average, thousands
    utc_before_2024: int  # local offset before 1 March 2024 (UTC+6 east of the old line)
    phone_code: str  # landline area code of the regional centre
    plate_code: str  # two-digit region code on vehicle plates
    russian_share: float  # share of Russian names among visitors
    admin_multiplier: float  # traffic-camera enforcement density relative to KZ-59


REGION_FACTS: dict[str, RegionFacts] = {
    "KZ-10": RegionFacts(605, 6, "7222", "18", 0.20, 1.3),
    "KZ-11": RegionFacts(788, 6, "7162", "03", 0.40, 1.2),
    "KZ-15": RegionFacts(944, 5, "7132", "04", 0.10, 3.0),
    "KZ-19": RegionFacts(1546, 6, "7277", "05", 0.10, 1.5),
    "KZ-23": RegionFacts(707, 5, "7122", "06", 0.03, 2.5),
    "KZ-27": RegionFacts(695, 5, "7112", "07", 0.20, 1.4),
    "KZ-31": RegionFacts(1222, 6, "7262", "08", 0.08, 1.3),
    "KZ-33": RegionFacts(696, 6, "7282", "19", 0.15, 1.2),
    "KZ-35": RegionFacts(1135, 6, "7212", "09", 0.40, 4.0),
    "KZ-39": RegionFacts(828, 5, "7142", "10", 0.45, 1.5),
    "KZ-43": RegionFacts(844, 5, "7242", "11", 0.03, 1.2),
    "KZ-47": RegionFacts(796, 5, "7292", "12", 0.05, 2.5),
    "KZ-55": RegionFacts(752, 6, "7182", "14", 0.40, 2.5),
    "KZ-59": RegionFacts(526, 6, "7152", "15", 0.50, 1.0),
    "KZ-61": RegionFacts(2148, 6, "7253", "13", 0.02, 1.1),
    "KZ-62": RegionFacts(221, 6, "7102", "20", 0.10, 1.0),
    "KZ-63": RegionFacts(726, 6, "7232", "16", 0.40, 2.0),
    "KZ-71": RegionFacts(1479, 6, "7172", "01", 0.20, 42.0),
    "KZ-75": RegionFacts(2260, 6, "727", "02", 0.30, 37.0),
    "KZ-79": RegionFacts(1239, 6, "7252", "17", 0.05, 20.0),
}

# North Kazakhstan's real districts (13) after Petropavl: 16 front offices = 3 + 13.
NK_DISTRICTS_KK = (
    "Айыртау",
    "Ақжар",
    "Аққайың",
    "Есіл",
    "Жамбыл",
    "Мағжан Жұмабаев",
    "Қызылжар",
    "Мамлют",
    "Ғабит Мүсірепов",
    "Тайынша",
    "Тимирязев",
    "Уәлиханов",
    "Шал ақын",
)

# Stems for invented district names elsewhere (kk spelling; ru/en are transliterated).
DISTRICT_STEMS_KK = (
    "Ақсу",
    "Қарасу",
    "Көктал",
    "Бәйтерек",
    "Жаңаарқа",
    "Талдыбұлақ",
    "Сарыөзек",
    "Ақтоғай",
    "Көкпекті",
    "Шұбаркөл",
    "Ақбұлақ",
    "Қызылту",
    "Тасқала",
    "Бестөбе",
    "Үшқоңыр",
    "Жаңатұрмыс",
    "Егіндікөл",
    "Қаракөл",
    "Алтынсай",
    "Сарыкөл",
    "Қоскөл",
    "Бозой",
    "Теректі",
    "Жетіқоңыр",
    "Құмкөл",
    "Ойыл",
    "Шалқар",
    "Тұзкөл",
    "Ақтас",
    "Қайнар",
    "Балқия",
    "Достық",
    "Береке",
    "Жайсаң",
    "Қарабұлақ",
    "Ордабасы",
    "Сарыарқа",
    "Ынтымақ",
    "Тоғызбұлақ",
    "Ақжайық",
    "Көксай",
    "Талапты",
    "Шұғыла",
    "Байтал",
    "Жосалы",
    "Самал",
)

STREETS_KK = (
    "Абай",
    "Республика",
    "Тәуелсіздік",
    "Қабанбай батыр",
    "Достық",
    "Жамбыл",
    "Сейфуллин",
    "Бейбітшілік",
    "Наурыз",
    "Абылай хан",
    "Шоқан Уәлиханов",
    "Әуезов",
    "Сәтпаев",
    "Гагарин",
    "Пушкин",
    "Конституция",
    "Жібек жолы",
    "Төле би",
    "Болашақ",
    "Шымыр",
)

# Column order of each table as CONTRACTS.md lists it, and its personal columns: read from
# etl.contract (one place), so the demo cannot drift from what the ETL expects.
COLUMNS: dict[str, tuple[str, ...]] = {name: t.names for name, t in CONTRACT_TABLES.items()}
PERSONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    name: CONTRACT_TABLES[name].personal_names for name in EVENT_TABLES
}
# Number formats when rendered: decimals per numeric column.
DECIMALS = {
    "wait_minutes": 0,
    "satisfaction": 0,
    "answered_after_s": 0,
    "patrol_arrival_min": 1,
    "lat": 6,
    "lon": 6,
    "target_value": 0,
}
