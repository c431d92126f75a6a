# Shell helpers shared by scripts/setup.sh and scripts/test.sh (sourced, not run).
# The caller defines say() (its own log prefix) before sourcing.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt-get update + install, only for the Debian packages that are not installed yet; the
# apt log is shown only when it fails (no terminal, no standard input: CI and cron).
apt_install() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "system packages present: $*"
        return 0
    fi
    if ! command -v apt-get >/dev/null; then
        echo "error: apt-get not found; install ${missing[*]} by hand" >&2
        return 1
    fi
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    local log
    log="$(mktemp)"
    if ! { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends \
            "${missing[@]}"; } </dev/null >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}
