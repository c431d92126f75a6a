#!/usr/bin/env bash
# Set everything up and run the portal on SQLite with demo data, ETL included:
#   bash scripts/run_demo.sh      ->  http://127.0.0.1:8050  (Ctrl+C stops it)
#
# 1. scripts/setup.sh (system packages, .venv, vendored assets)
# 2. demo raw extracts into var/landing (120 nights; skipped when var/landing has nights already)
# 3. the real nightly ETL over var/landing (publishes only nights not yet published)
# 4. region boundaries from ../shared/geo (or BOUNDARIES_PATH) when the file exists
# 5. gunicorn on HOST:PORT (default 127.0.0.1:8050)
#
# The warehouse is DATABASE_URL (default var/warehouse.sqlite); every setting of the README's
# configuration table can be set in the environment.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
LANDING="$ROOT/var/landing"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8050}"

say() { printf '==> %s\n' "$*"; }

bash "$ROOT/scripts/setup.sh"
export PATH="$VENV/bin:$PATH"

has_nights() {
    compgen -G "$LANDING/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]" >/dev/null
}

if has_nights; then
    say "var/landing already has nights: not generating demo extracts"
else
    say "python -m etl demo --out var/landing --days 120 --scale small"
    python -m etl demo --out "$LANDING" --days 120 --scale small
fi

say "python -m etl run --landing var/landing"
python -m etl run --landing "$LANDING"

BOUNDARIES="${BOUNDARIES_PATH:-$ROOT/../shared/geo/kz_adm1_2024.geojson}"
boundaries_loaded() {
    python - <<'EOF'
import sys

from sqlalchemy import func, select

from data import schema
from data.db import make_engine
from data.settings import Config

engine = make_engine(Config.from_env().database_url)
with engine.connect() as conn:
    count = conn.execute(select(func.count()).select_from(schema.region_boundaries)).scalar()
sys.exit(0 if count else 1)
EOF
}
if [ ! -f "$BOUNDARIES" ]; then
    say "no boundary file at $BOUNDARIES: maps without region polygons"
elif boundaries_loaded; then
    say "region boundaries already loaded"
else
    say "python -m etl load-boundaries $BOUNDARIES"
    python -m etl load-boundaries "$BOUNDARIES"
fi

say "serving on http://$HOST:$PORT (Ctrl+C to stop)"
exec gunicorn -w 2 -b "$HOST:$PORT" --access-logfile - app:server
