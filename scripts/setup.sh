#!/usr/bin/env bash
# Prepare a checkout: the virtualenv with InPlace installed, and the front-end assets built.
# Usage: scripts/setup.sh [--test]   (--test also installs the test extras)
# Each step is skipped when what it depends on has not changed since it last succeeded
# (stamps keyed on file hashes, under .venv/ and node_modules/). FORCE_SETUP=1 redoes everything.
set -euo pipefail

cd "$(dirname "$0")/.."
extras=""
if [ "${1:-}" = "--test" ]; then
    extras="[test]"
fi

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# sha256 of the given files' contents and names (missing files count as empty).
fingerprint() {
    local f
    for f in "$@"; do
        printf '%s\n' "$f"
        if [ -f "$f" ]; then cat "$f"; fi
    done | { sha256sum 2>/dev/null || shasum -a 256; } | cut -d' ' -f1
}

# --- Python ------------------------------------------------------------------------------------
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found: install Python 3.11 or newer."
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "InPlace needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1)."
    say "Creating .venv with $("$PYTHON" -V 2>&1)"
    "$PYTHON" -m venv .venv
fi

pip_stamp=".venv/.inplace-installed"
pip_want="$(fingerprint pyproject.toml)$extras$(.venv/bin/python -V 2>&1)"
if [ "${FORCE_SETUP:-}" = "1" ] || [ "$(cat "$pip_stamp" 2>/dev/null)" != "$pip_want" ]; then
    say "Installing InPlace${extras} into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
    printf '%s' "$pip_want" > "$pip_stamp"
else
    say "Python packages up to date (pyproject.toml unchanged)"
fi

# --- Front-end assets --------------------------------------------------------------------------
if [ ! -f package.json ]; then
    say "No package.json: no front-end assets to build"
    exit 0
fi
command -v npm >/dev/null || die "npm not found: install Node.js 18 or newer."

npm_stamp="node_modules/.inplace-installed"
if [ "${FORCE_SETUP:-}" = "1" ] || [ ! -d node_modules ] \
    || [ "$(cat "$npm_stamp" 2>/dev/null)" != "$(fingerprint package.json package-lock.json)" ]; then
    say "Installing npm packages"
    npm install --no-audit --no-fund
    # Stamp after install: npm may have rewritten package-lock.json.
    fingerprint package.json package-lock.json > "$npm_stamp"
else
    say "npm packages up to date (package.json and package-lock.json unchanged)"
fi

# The build reads its sources in static/ and frontend/, and node_modules (pinned by the lock
# file); rebuild when any of them has changed.
build_stamp="node_modules/.inplace-built"
build_sources=(package.json package-lock.json)
while IFS= read -r f; do build_sources+=("$f"); done < <(
    find static frontend -path static/build -prune -o -type f -print 2>/dev/null | LC_ALL=C sort
)
build_want="$(fingerprint "${build_sources[@]}")"
if [ "${FORCE_SETUP:-}" = "1" ] || [ ! -d static/build ] || [ "$(cat "$build_stamp" 2>/dev/null)" != "$build_want" ]; then
    say "Building front-end assets (npm run build)"
    npm run build
    printf '%s' "$build_want" > "$build_stamp"
else
    say "Front-end assets up to date (sources in static/ and frontend/ unchanged)"
fi
