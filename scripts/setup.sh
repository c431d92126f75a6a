#!/usr/bin/env bash
# Set up the portal on a Debian 12 machine: system packages the runtime needs, the virtualenv
# .venv with requirements.txt, and the vendored static files (assets/vendor).
#
# Idempotent: a second run installs nothing new and takes a few seconds. Runs as root, or as a
# user with sudo for the apt step (only needed when something is missing). Works from any
# directory and without a terminal.
#
# Environment: PYTHON (interpreter for the venv, default python3.11 or python3, >= 3.11),
# VENV (default .venv in the repository).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${VENV:-$ROOT/.venv}"

say() { printf '==> %s\n' "$*"; }

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

# ---------------------------------------------------------------- Python interpreter
pick_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! PY="$(pick_python)"; then
    say "no Python >= 3.11 found: installing Debian's python3"
    apt_install python3
    PY="$(pick_python)" || { echo "error: Python >= 3.11 is required" >&2; exit 1; }
fi

# ---------------------------------------------------------------- system packages
# The venv module with ensurepip (Debian splits it into python3-venv).
if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt_install python3-venv
fi
# Node.js and npm: `python -m dashboard.vendor` fetches front-end packages with `npm pack`.
# Only when missing (a nodejs package from elsewhere may already ship its own npm).
if ! command -v node >/dev/null 2>&1; then
    apt_install nodejs
fi
if ! command -v npm >/dev/null 2>&1; then
    apt_install npm
fi

# ---------------------------------------------------------------- virtualenv
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    say "virtualenv $VENV exists ($("$VENV/bin/python" --version))"
else
    say "creating virtualenv $VENV with $PY ($("$PY" --version))"
    "$PY" -m venv --clear "$VENV"
fi

# requirements.lock (scripts/lock.sh): every package pinned with the SHA-256 of its files, so
# pip installs exactly the reviewed bytes or stops.
if [ -f requirements.lock ]; then
    say "pip install --require-hashes -r requirements.lock"
    "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q \
        --require-hashes -r requirements.lock
else
    say "pip install -r requirements.txt (no requirements.lock: run scripts/lock.sh)"
    "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q \
        -r requirements.txt
fi

# ---------------------------------------------------------------- vendored static files
# Each file must match its SHA-256 in dashboard/vendor_pins.json: a mismatch stops set-up (exit 2).
if [ -f dashboard/vendor.py ] || [ -f dashboard/vendor/__init__.py ]; then
    say "python -m dashboard.vendor (Bootstrap, Leaflet, plotly.js ... into assets/vendor)"
    "$VENV/bin/python" -m dashboard.vendor
else
    say "dashboard.vendor not present yet: skipping vendored assets"
fi

say "setup done: activate with 'source .venv/bin/activate'"
