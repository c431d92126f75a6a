"""The closed value lists of the published category fields (and of the raw extract's).

Why apart from data.catalog, which publishes them: the ETL's reader processes check every raw
row against these lists, and importing the catalogue package brings the warehouse schema and
SQLAlchemy with it (~27 MB in each reader process, and their import time). A list lives here
once; data.catalog.shared re-exports each under the same name.
"""

from __future__ import annotations

CHANNELS = ("walk_in", "video_call_102", "online")
TOPICS = (
    "consultation",
    "statement",
    "certificate",
    "complaint",
    "lost_documents",
    "other_agency_matter",
    "other",
)
VISIT_OUTCOMES = ("resolved", "referred_internal", "referred_other_agency", "pending")
SOS_CATEGORIES = ("emergency", "assistance", "consultation", "false_alarm", "test", "vandalism")
OFFENSE_KINDS = ("criminal", "administrative")
OFFENSE_CATEGORIES = (
    "theft",
    "robbery",
    "hooliganism",
    "vandalism",
    "traffic_speeding",
    "traffic_red_light",
    "traffic_other",
    "public_order",
    "other",
)
OFFENSE_STATUSES = ("solved", "detected", "under_investigation")
PUBLIC_FACILITY_TYPES = ("front_office", "modular_post", "district_point", "sos_button")
FACILITY_TYPES = (*PUBLIC_FACILITY_TYPES, "camera")  # cameras: counted, never located
FACILITY_STATUSES = ("planned", "under_construction", "operating", "closed")
TARGET_INDICATORS = (
    "front_offices_operating",
    "modular_posts_operating",
    "district_points_operating",
    "sos_buttons_operating",
    "cameras_operating",
)
TARGET_STATUSES = ("met", "on_track", "behind", "missed", "no_data")
POPULATION_MEASURES = ("annual_average", "on_1_january")
REGION_INDICATORS = (
    "front_office_visits",
    "sos_activations",
    "camera_crimes_solved",
    "camera_admin_detected",
)
