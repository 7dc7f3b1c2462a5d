#!/usr/bin/env bash
# Make PostgreSQL server binaries (initdb, pg_ctl) available for the storage tests.
#
# The tests start a throwaway server themselves (tests/conftest.py) unless TEST_POSTGRES_URL
# points at one; no system service is started or needed. Source this file or run it:
#   . .ci/postgres.sh      # also puts the binaries on PATH for the calling shell
#   .ci/postgres.sh
# On a fresh Debian/Ubuntu machine (as root) it installs the "postgresql" package quietly.

_moedeassistent_pg_bin() {
    local initdb
    initdb="$(command -v initdb 2>/dev/null || true)"
    if [ -z "$initdb" ]; then
        # Debian keeps the binaries off PATH, one folder per major version; take the newest.
        initdb="$(ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)"
    fi
    [ -n "$initdb" ] && dirname "$initdb"
}

_moedeassistent_postgres() {
    if [ -n "${TEST_POSTGRES_URL:-}" ]; then
        echo "postgres: using TEST_POSTGRES_URL"
        return 0
    fi
    local bin
    bin="$(_moedeassistent_pg_bin)"
    if [ -z "$bin" ]; then
        if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
            echo "postgres: initdb not found; install PostgreSQL or set TEST_POSTGRES_URL" >&2
            return 1
        fi
        echo "postgres: installing the postgresql package"
        # The package's own cluster and service are not used; policy-rc.d failures are harmless.
        if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
               && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } \
               >/tmp/moedeassistent-apt-postgres.log 2>&1; then
            echo "postgres: apt-get failed; see /tmp/moedeassistent-apt-postgres.log" >&2
            tail -n 20 /tmp/moedeassistent-apt-postgres.log >&2
            return 1
        fi
        bin="$(_moedeassistent_pg_bin)"
        if [ -z "$bin" ]; then
            echo "postgres: installed, but initdb is still missing" >&2
            return 1
        fi
    fi
    if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
        # initdb refuses to run as root; the tests run the server as this user.
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    case ":$PATH:" in
        *":$bin:"*) ;;
        *) export PATH="$bin:$PATH" ;;
    esac
    echo "postgres: $("$bin/postgres" --version)"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    _moedeassistent_postgres   # sourced: the caller checks $?
else
    set -euo pipefail
    _moedeassistent_postgres
fi
