#!/usr/bin/env bash
# Everything `make test` checks, in order: the lock file against pyproject.toml, lint,
# format, types (mypy), Django's checks, missing migrations, the test suite on SQLite
# (browser tests included, with branch coverage and its floor), then the suite again on a
# real PostgreSQL server started here for the run and deleted afterwards.
#
# Tests run in a random order (pytest-randomly), the same one in both runs; the seed is
# printed first, and BROADSHEET_TEST_SEED=<seed> replays that order.
#
# Where Chromium, axe-core (from npm) or PostgreSQL's server is missing, the tests that
# need it are reported as SKIPPED with the reason; with CI set, a missing one fails the run.
# Extra arguments go to both pytest runs, e.g. `bash scripts/test.sh -k comments`; coverage
# is measured only when there are none (part of the suite would fall under the floor).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
# The browser tests read the same variable (broadsheet/core/tests/browser.py).
CHROMIUM=${BROADSHEET_CHROMIUM:-/usr/bin/chromium}
CI=${CI:-}

export DJANGO_SETTINGS_MODULE=broadsheet.settings.test
# Not a developer's own database or cache: the SQLite run uses an in-memory database,
# and the PostgreSQL run sets DATABASE_URL to the server it starts.
unset DATABASE_URL REDIS_URL

if [[ -t 1 ]]; then
    BOLD=$'\e[1m' RED=$'\e[31m' YELLOW=$'\e[33m' GREEN=$'\e[32m' RESET=$'\e[0m'
else
    BOLD='' RED='' YELLOW='' GREEN='' RESET=''
fi

STAGE_STARTED=0
stage() {
    STAGE_STARTED=$SECONDS
    printf '\n%s==> %s%s\n' "$BOLD" "$*" "$RESET"
}
stage_done() {
    printf '%s    ok (%ss)%s\n' "$GREEN" "$((SECONDS - STAGE_STARTED))" "$RESET"
}
note() { printf '%s    %s%s\n' "$YELLOW" "$*" "$RESET"; }
die() {
    printf '%sFAILED: %s%s\n' "$RED" "$*" "$RESET" >&2
    exit 1
}

[[ -x $BIN/python ]] || die "no virtualenv in .venv: run \`make test\` (it runs \`make install\` first)"

# ---- What this machine can run -------------------------------------------------------

missing=()
# What a test that cannot run becomes: skipped locally, a failure in CI.
if [[ -n $CI ]]; then absent=MISSING; else absent=SKIPPED; fi
if [[ -x $CHROMIUM ]]; then
    browser_status="Chromium: $($CHROMIUM --version 2>/dev/null || echo "$CHROMIUM")"
else
    browser_status="Chromium: $absent (no $CHROMIUM; install Debian's chromium package)"
    missing+=("Chromium ($CHROMIUM) for the browser tests")
fi

# axe-core, for the accessibility browser tests: `make install` runs `npm ci` where npm is.
AXE_PACKAGE=$ROOT/node_modules/axe-core/package.json
if [[ -f $AXE_PACKAGE ]]; then
    axe_status="axe-core: $("$BIN/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' "$AXE_PACKAGE")"
else
    axe_status="axe-core: $absent (no node_modules/axe-core; install npm, then \`make install\`)"
    missing+=("axe-core (npm ci) for the accessibility browser tests")
fi

# The newest of Debian's PostgreSQL versions installed.
PG_BIN=
while read -r initdb; do
    if [[ -x $initdb ]]; then PG_BIN=$(dirname "$initdb"); fi
done < <(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V)
PG_USER=
if [[ -z $PG_BIN ]]; then
    pg_status="PostgreSQL: $absent (no /usr/lib/postgresql/*/bin/initdb; install Debian's postgresql package)"
    missing+=("PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb)")
elif [[ $EUID -eq 0 ]]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user.
    if id postgres >/dev/null 2>&1; then
        PG_USER=postgres
        pg_status="PostgreSQL: $("$PG_BIN/postgres" --version), throwaway cluster run by the postgres user"
    else
        pg_status="PostgreSQL: $absent (running as root and there is no postgres user to run initdb)"
        missing+=("a postgres system user to run the PostgreSQL server as")
        PG_BIN=
    fi
else
    pg_status="PostgreSQL: $("$PG_BIN/postgres" --version), throwaway cluster run by $(id -un)"
fi

if [[ -n $CI ]]; then run_kind="CI=$CI"; else run_kind="local run"; fi
SEED=${BROADSHEET_TEST_SEED:-$(( (RANDOM << 15) | RANDOM ))}
[[ $SEED =~ ^[0-9]+$ ]] || die "BROADSHEET_TEST_SEED must be a whole number, not '$SEED'"
ORDER=(-p randomly "--randomly-seed=$SEED")
seed_status="Test order: random, seed $SEED (again: BROADSHEET_TEST_SEED=$SEED bash scripts/test.sh)"
printf '%sBroadsheet test suite%s (%s, %s)\n' "$BOLD" "$RESET" "$("$BIN/python" --version)" "$run_kind"
printf '    %s\n    %s\n    %s\n    %s\n' "$browser_status" "$axe_status" "$pg_status" "$seed_status"
if ((${#missing[@]})); then
    if [[ -n $CI ]]; then
        for m in "${missing[@]}"; do printf '%s    missing: %s%s\n' "$RED" "$m" "$RESET" >&2; done
        die "CI is set, so every test must run; .ci/run installs what is missing."
    fi
    note "Tests needing what is missing are SKIPPED (with CI set they would fail)."
fi

# ---- Static checks --------------------------------------------------------------------

stage "requirements.lock matches pyproject.toml"
"$BIN/python" scripts/check_lock.py
stage_done

stage "ruff check"
"$BIN/ruff" check .
stage_done

stage "ruff format --check"
"$BIN/ruff" format --check .
stage_done

stage "mypy (types, with Django's stubs; settings in pyproject.toml)"
"$BIN/mypy"
stage_done

stage "manage.py check"
"$BIN/python" manage.py check --fail-level WARNING
stage_done

stage "missing migrations (makemigrations --check --dry-run)"
if ! "$BIN/python" manage.py makemigrations --check --dry-run; then
    die "a model change has no migration: run \`.venv/bin/python manage.py makemigrations\`"
fi
stage_done

# ---- Test suites ----------------------------------------------------------------------
# The PostgreSQL run goes on in the background while the SQLite run shows its progress;
# its output follows. Each pytest is single-threaded, so on two cores this halves the time.

# Each run keeps its uploads apart, and deleted afterwards.
WORK_DIR=$(mktemp -d /tmp/broadsheet-test.XXXXXX)
PG_DIR=
PG_PID=
as_pg() {
    if [[ -n $PG_USER ]]; then
        runuser -u "$PG_USER" -- "$@"
    else
        "$@"
    fi
}
clean_up() {
    if [[ -n $PG_PID ]]; then
        kill "$PG_PID" 2>/dev/null || true
        wait "$PG_PID" 2>/dev/null || true
    fi
    if [[ -n $PG_DIR && -f $PG_DIR/data/postmaster.pid ]]; then
        as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DIR/data" -m immediate -s >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK_DIR" ${PG_DIR:+"$PG_DIR"}
}
trap clean_up EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -n $PG_BIN ]]; then
    stage "PostgreSQL: a throwaway cluster"
    # In /tmp whatever TMPDIR says: the postgres user must reach it, and a socket's path
    # must stay short.
    PG_DIR=$(mktemp -d /tmp/broadsheet-pg.XXXXXX)
    if [[ -n $PG_USER ]]; then
        chown "$PG_USER": "$PG_DIR"
    fi
    if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 --no-sync >"$WORK_DIR/initdb.log" 2>&1; then
        cat "$WORK_DIR/initdb.log" >&2
        die "initdb failed (log above)"
    fi
    # Unix socket only, in the cluster's own folder: no port to collide with another
    # server. No durability for a database deleted in a few minutes.
    pg_options="-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=off"
    pg_options+=" -c synchronous_commit=off -c full_page_writes=off"
    if ! as_pg "$PG_BIN/pg_ctl" start -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 -s \
        -o "$pg_options"; then
        cat "$PG_DIR/server.log" >&2
        die "the PostgreSQL server did not start (log above)"
    fi
    printf '    PostgreSQL %s, socket in %s\n' \
        "$("$PG_BIN/psql" -h "$PG_DIR" -U postgres -d postgres -Atc 'SHOW server_version')" \
        "$PG_DIR"
    color=()
    if [[ -t 1 ]]; then color=(--color=yes); fi
    DATABASE_URL="postgres://postgres@${PG_DIR//\//%2F}/broadsheet" \
        BROADSHEET_TEST_MEDIA="$WORK_DIR/media-postgresql" \
        "$BIN/pytest" "${ORDER[@]}" --database-tests-only -m "not browser" "${color[@]}" "$@" \
        >"$WORK_DIR/pytest-postgresql.log" 2>&1 &
    PG_PID=$!
    printf '    pytest on PostgreSQL started in the background\n'
    stage_done
fi

# Branch coverage of the whole suite's SQLite run; the floor is fail_under in pyproject.toml.
coverage=()
if (($# == 0)); then
    coverage=(--cov --cov-report=html)
    coverage_status="branch coverage measured; lines missed by file in test-output/coverage/index.html"
else
    coverage_status="coverage not measured: only the whole suite is held to its floor"
fi

stage "pytest on SQLite (in memory), browser tests included"
note "$coverage_status"
# Screenshots of failed browser tests and the coverage report: only this run's.
rm -rf "$ROOT/test-output/failures" "$ROOT/test-output/coverage"
sqlite_rc=0
COVERAGE_FILE="$WORK_DIR/coverage" BROADSHEET_TEST_MEDIA="$WORK_DIR/media-sqlite" \
    "$BIN/pytest" "${ORDER[@]}" "${coverage[@]}" "$@" || sqlite_rc=$?

if ((sqlite_rc)); then
    note "$seed_status"
fi
if [[ -z $PG_BIN ]]; then
    stage "pytest on PostgreSQL: SKIPPED"
    note "${pg_status#PostgreSQL: SKIPPED }"
    exit "$sqlite_rc"
fi

stage "pytest on PostgreSQL (ran alongside the SQLite run)"
note "Only tests that use the database (--database-tests-only), and not the browser tests"
note "(-m 'not browser'): those ran on SQLite; skipped here to keep the suite fast."
postgresql_rc=0
wait "$PG_PID" || postgresql_rc=$?
PG_PID=
cat "$WORK_DIR/pytest-postgresql.log"
if ((sqlite_rc)); then
    die "the SQLite run failed: its summary is above the PostgreSQL run's ($seed_status)"
fi
if ((postgresql_rc)); then
    note "$seed_status"
fi
exit "$postgresql_rc"
