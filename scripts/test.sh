#!/usr/bin/env bash
# `make test`: set up (with the test extras), then lint and run the whole test suite.
# PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set, else SQLite and a filesystem broker.
# Extra pytest arguments: scripts/test.sh -k worker   (or make test ARGS="-k worker");
# TEST_PROCESSES=1 runs the tests in one process.
# Both lint and tests always run; the exit status is non-zero if either failed.
set -euo pipefail

cd "$(dirname "$0")/.."

# Tests are a development run: no production secret needed.
export DEBUG="${DEBUG:-true}"
# Keep the test run's files (SQLite test database, broker folders, media) apart from a
# `make run` that may be running beside it in var/.
if [ -z "${INPLACE_VAR_DIR:-}" ]; then
    export INPLACE_VAR_DIR="$PWD/var/test"
    # Messages earlier runs queued for no worker (the worker test uses queues of its own).
    rm -rf "$INPLACE_VAR_DIR/celery-broker" "$INPLACE_VAR_DIR/celery-results"
fi

scripts/setup.sh --test
# whitenoise warns on every request when STATIC_ROOT does not exist; tests use the finders.
mkdir -p "${STATIC_ROOT:-staticfiles}"

py=.venv/bin/python
status=0

printf '\033[1m==> %s\033[0m\n' "Lint: ruff check . and ruff format --check ."
"$py" -m ruff check . || status=1
"$py" -m ruff format --check . || status=1
printf '\033[1m==> %s\033[0m\n' "Security lint: bandit over the application code"
"$py" -m bandit -q -c pyproject.toml -r coordination boards funding commissioning mapping || status=1

db="SQLite"; [ -n "${DATABASE_URL:-}" ] && db="DATABASE_URL (${DATABASE_URL%%:*})"
broker="filesystem broker"; [ -n "${REDIS_URL:-}" ] && broker="Redis broker"
# Tests run in TEST_PROCESSES processes at once (pytest-xdist; "auto": one per core), each with a
# test database, Redis database and run directory of its own (see coordination/settings.py).
processes="${TEST_PROCESSES:-auto}"

run_pytest() {  # run_pytest <what> <pytest arguments...>: pytest, its exit status folded into $status
    printf '\033[1m==> %s\033[0m\n' "pytest on $db with the $broker: $1"
    shift
    set +e
    "$py" -m pytest "$@"
    local pytest_status=$?
    set -e
    case $pytest_status in
        0) ;;
        5) echo "pytest collected no tests: that is a failure." >&2; status=1 ;;
        *) status=1 ;;
    esac
}

if [ "$#" -eq 0 ]; then
    # The soak measures a steady request rate and flat memory, so it runs first and alone, on a
    # quiet machine; then everything else runs in parallel.
    run_pytest "the soak, alone" -m soak -p no:xdist
    # The slowest tests are listed at the end, so a run shows where the suite's time goes.
    run_pytest "the rest, in $processes processes" -m "not soak" -n "$processes" --durations=40
else
    run_pytest "$*" -n "$processes" "$@"
fi

if [ "$status" -ne 0 ]; then
    echo "make test: FAILED (ruff, bandit and/or pytest; see above)" >&2
fi
exit "$status"
