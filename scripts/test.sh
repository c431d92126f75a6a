#!/usr/bin/env bash
# Install what the tests need and run them: the README's test command and the whole of CI.
#
#   bash scripts/test.sh                   # everything: ruff, mypy, then pytest
#   bash scripts/test.sh tests/test_x.py -k name -x    # arguments go to pytest
#
# Steps: system packages (PostgreSQL, Redis, Chromium + driver, nginx), scripts/setup.sh,
# requirements-dev.txt, a throw-away PostgreSQL and Redis on loopback in a temp dir (stopped on
# exit, whatever happens), `ruff check .`, `ruff format --check .`, `mypy` (files and rules in
# pyproject.toml), then pytest with TEST_DATABASE_URL / TEST_REDIS_URL. Exits non-zero when ruff
# (lint or format), mypy or pytest fails, and
# when pytest collected no test (exit 5).
#
# Environment: TEST_PG_PORT (54329), TEST_REDIS_PORT (63799): the next free port is taken when
# one is busy; SKIP_SETUP=1 skips the apt/setup/pip steps (quick re-runs on a ready machine).
# Works as root (CI) or as a user with sudo; needs no terminal.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
START=$SECONDS

say() { printf '==> [%4ds] %s\n' "$((SECONDS - START))" "$*"; }

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

# ---------------------------------------------------------------- install
if [ "${SKIP_SETUP:-0}" != 1 ]; then
    apt_install postgresql redis-server chromium chromium-driver nginx
    say "scripts/setup.sh"
    bash "$ROOT/scripts/setup.sh"
    if [ -f requirements-dev.lock ]; then
        say "pip install --require-hashes -r requirements-dev.lock"
        "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q \
            --require-hashes -r requirements-dev.lock
    else
        say "pip install -r requirements-dev.txt"
        "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q \
            -r requirements-dev.txt
    fi
fi

# ---------------------------------------------------------------- services
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$PGBIN/initdb" ] || { echo "error: PostgreSQL server binaries not found" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "error: redis-server not found" >&2; exit 1; }

SERVICES_DIR="$(mktemp -d "${TMPDIR:-/tmp}/portal-test-services.XXXXXX")"
chmod 755 "$SERVICES_DIR"  # the postgres user must reach its data dir inside

# PostgreSQL refuses to run as root: as root run it as the postgres user (su), otherwise as
# the current user, which needs neither su nor sudo.
if [ "$(id -u)" -eq 0 ]; then
    PG_USER=postgres
    pg() { su -s /bin/sh postgres -c "$*"; }
else
    PG_USER="$(id -un)"
    pg() { sh -c "$*"; }
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local port=$1 tries=0
    while port_busy "$port"; do
        port=$((port + 1)); tries=$((tries + 1))
        [ $tries -lt 50 ] || { echo "error: no free port near $1" >&2; return 1; }
    done
    echo "$port"
}

PG_STARTED=0
REDIS_STARTED=0
PYTEST_PID=
stop_services() {
    local rc=$?
    set +e
    if [ -n "$PYTEST_PID" ]; then
        kill -TERM "$PYTEST_PID" 2>/dev/null && wait "$PYTEST_PID" 2>/dev/null
    fi
    if [ $PG_STARTED = 1 ]; then
        pg "'$PGBIN/pg_ctl' -D '$PG_DIR/data' -m fast -w stop" >/dev/null \
            && say "PostgreSQL stopped"
    fi
    # Our Redis by its pid, never "whatever listens on the port": if ours was killed, the
    # port may belong to another run's Redis by now (a parallel CI job on the same host).
    if [ $REDIS_STARTED = 1 ] && [ -f "$SERVICES_DIR/redis.pid" ]; then
        kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null && say "Redis stopped"
    fi
    rm -rf "$SERVICES_DIR"
    exit $rc
}
trap stop_services EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PG_PORT="$(free_port "${TEST_PG_PORT:-54329}")"
REDIS_PORT="$(free_port "${TEST_REDIS_PORT:-63799}")"

say "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
PG_DIR="$SERVICES_DIR/pg"  # owned by the server's user: data, socket and log
install -d -m 755 -o "$PG_USER" "$PG_DIR" "$PG_DIR/sock"
pg "'$PGBIN/initdb' -D '$PG_DIR/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" \
    >"$SERVICES_DIR/initdb.log" 2>&1 || { cat "$SERVICES_DIR/initdb.log" >&2; exit 1; }
# fsync off: a throw-away cluster; crash safety buys nothing here and costs test time.
PG_OPTS="-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR/sock -c fsync=off"
PG_OPTS="$PG_OPTS -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
pg "'$PGBIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/postgres.log' -o '$PG_OPTS' -w start" \
    >/dev/null || { cat "$PG_DIR/postgres.log" >&2; exit 1; }
PG_STARTED=1
pg "'$PGBIN/createdb' -h 127.0.0.1 -p $PG_PORT -U postgres test"

say "Redis $(redis-server --version | awk '{sub("v=", "", $3); print $3}') on 127.0.0.1:$REDIS_PORT"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
    --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log" \
    --dir "$SERVICES_DIR"
REDIS_STARTED=1
for _ in $(seq 50); do
    redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
done
redis-cli -p "$REDIS_PORT" ping | grep -q PONG || { echo "error: Redis did not start" >&2; exit 1; }

export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/test"
export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
say "TEST_DATABASE_URL=$TEST_DATABASE_URL TEST_REDIS_URL=$TEST_REDIS_URL"

# ---------------------------------------------------------------- checks
export PATH="$VENV/bin:$PATH"

say "ruff check ."
ruff_rc=0
ruff check . || ruff_rc=$?

say "ruff format --check ."
format_rc=0
ruff format --check . || format_rc=$?

say "mypy"
mypy_rc=0
"$VENV/bin/mypy" || mypy_rc=$?

say "pytest $*"
# In the background so that a TERM/INT to this script stops pytest and then the services
# at once, instead of waiting for pytest to finish.
pytest_rc=0
python -m pytest "$@" </dev/null &
PYTEST_PID=$!
wait "$PYTEST_PID" || pytest_rc=$?
PYTEST_PID=

if [ $pytest_rc -eq 5 ]; then
    echo "error: pytest collected no test (exit 5): that is a failure here" >&2
fi
[ $ruff_rc -eq 0 ] || echo "error: ruff check failed (exit $ruff_rc)" >&2
[ $format_rc -eq 0 ] || echo "error: ruff format --check failed (exit $format_rc): run 'make format'" >&2
[ $mypy_rc -eq 0 ] || echo "error: mypy failed (exit $mypy_rc)" >&2
say "done: ruff exit $ruff_rc, format exit $format_rc, mypy exit $mypy_rc, pytest exit $pytest_rc"
if [ $pytest_rc -ne 0 ]; then exit "$pytest_rc"; fi
if [ $ruff_rc -ne 0 ]; then exit "$ruff_rc"; fi
if [ $format_rc -ne 0 ]; then exit "$format_rc"; fi
exit "$mypy_rc"
