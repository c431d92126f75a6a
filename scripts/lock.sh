#!/usr/bin/env bash
# Lock the Python dependencies: requirements.txt -> requirements.lock, requirements-dev.txt ->
# requirements-dev.lock, every package pinned to one version with the SHA-256 of each of its
# files (wheels and sdist), so that `pip install --require-hashes -r requirements.lock` (what
# scripts/setup.sh and scripts/test.sh run) installs exactly these bytes or fails.
#
#   bash scripts/lock.sh            # after editing requirements*.txt; commit the .lock files
#   bash scripts/lock.sh --upgrade  # move every package to the newest version allowed
#
# Deterministic: versions already in a .lock file are kept unless requirements*.txt asks for
# something else (or --upgrade), the target is fixed (CPython 3.11 on x86_64 Linux, whatever
# machine runs this) and the output is sorted with a fixed header. Fast: uv resolves in a few
# seconds (it is installed into .venv at the pinned version below when missing).
# Needs: the .venv of scripts/setup.sh (or PYTHON=...), access to PyPI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${VENV:-$ROOT/.venv}"
UV_VERSION=0.13.8

if [ ! -x "$VENV/bin/python" ]; then
    echo "error: $VENV not found: run scripts/setup.sh first" >&2
    exit 1
fi
UV="$VENV/bin/uv"
if ! "$UV" --version 2>/dev/null | grep -q "^uv $UV_VERSION\b"; then
    "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q \
        "uv==$UV_VERSION"
fi

lock() {  # lock SOURCE TARGET [uv args...]
    local source=$1 target=$2
    shift 2
    "$UV" pip compile "$source" --output-file "$target" --generate-hashes --quiet \
        --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
        --index-url https://pypi.org/simple --no-emit-index-url \
        --custom-compile-command "bash scripts/lock.sh" "$@"
    echo "==> $target: $(grep -c '^[A-Za-z0-9]' "$target") packages"
}

lock requirements.txt requirements.lock "$@"
# Constrained by the runtime lock, so both agree on every shared package.
lock requirements-dev.txt requirements-dev.lock --constraint requirements.lock "$@"
