#!/usr/bin/env bash
# Set everything up and run the portal on SQLite with demo data, ETL included:
#   bash scripts/run_demo.sh      ->  http://127.0.0.1:8050  (Ctrl+C stops it)
#
# 1. scripts/setup.sh (system packages, .venv, vendored assets)
# 2. demo raw extracts into var/landing (120 nights; skipped when var/landing has nights already)
# 3. the real nightly ETL over var/landing (publishes only nights not yet published)
# 4. region boundaries: the project's data/geo file (loaded by the first ETL run), or
#    BOUNDARIES_PATH when set
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

boundaries_loaded() {
    python - <<'EOF'
import sys

from data.db import make_engine
from data.settings import Config
from etl.boundaries import has_boundaries

engine = make_engine(Config.from_env().database_url)
with engine.connect() as conn:
    sys.exit(0 if has_boundaries(conn) else 1)
EOF
}
if [ -n "${BOUNDARIES_PATH:-}" ]; then
    say "python -m etl load-boundaries $BOUNDARIES_PATH"
    python -m etl load-boundaries "$BOUNDARIES_PATH"
elif boundaries_loaded; then
    say "region boundaries loaded (data/geo/kz_regions_web.geojson unless replaced)"
else
    say "python -m etl load-boundaries   (the project's data/geo/kz_regions_web.geojson)"
    python -m etl load-boundaries
fi

say "serving on http://$HOST:$PORT (Ctrl+C to stop)"
exec gunicorn -w 2 -b "$HOST:$PORT" --access-logfile - app:server
