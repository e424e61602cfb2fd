#!/usr/bin/env bash
# `make run`: set up, migrate, load the demo data, then run the web server and a Celery worker
# (with beat) together until Ctrl-C. With no DATABASE_URL or REDIS_URL this is the embedded
# default: SQLite and a filesystem broker under var/, emails written to var/mail/.
set -euo pipefail

cd "$(dirname "$0")/.."

# A laptop run is a development run unless the caller configured otherwise.
export DEBUG="${DEBUG:-true}"
export PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"

scripts/setup.sh

py=.venv/bin/python
printf '\033[1m==> %s\033[0m\n' "Preparing the database and static files"
"$py" manage.py collectstatic --noinput --verbosity 0
"$py" manage.py migrate --noinput
mkdir -p "${INPLACE_VAR_DIR:-var}"
sign_ins="${INPLACE_VAR_DIR:-var}/demo-sign-ins.txt"
# seed_demo is idempotent and prints the demo sign-ins; keep them to show once the server is up.
"$py" manage.py seed_demo | tee "$sign_ins"

exec "$py" scripts/run.py --sign-ins "$sign_ins"
