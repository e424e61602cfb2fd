# syntax=docker/dockerfile:1
# InPlace's production image. One image runs every role in docker-compose.yml: the web server
# (gunicorn, the default command), the Celery worker, Celery beat and the one-shot migrate step.

# --- Front-end assets: GOV.UK Frontend styles, htmx, built from the npm registry --------------
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# The build reads static/scss and frontend/ (and node_modules); .dockerignore keeps the rest small.
COPY . .
RUN npm run build

# --- The application ---------------------------------------------------------------------------
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Dependencies first, from pyproject.toml alone, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
COPY --from=assets /app/static/build ./static/build

# Hashed, compressed static files for whitenoise. The key only lets settings load for this step.
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --noinput \
    && useradd --system --create-home --home-dir /home/inplace --uid 10001 inplace \
    && mkdir -p /app/var/media \
    && chown -R inplace /app/var

USER inplace
EXPOSE 8000
ENV PORT=8000 \
    WEB_CONCURRENCY=3
# gunicorn reads WEB_CONCURRENCY for its number of workers.
CMD ["sh", "-c", "exec gunicorn coordination.wsgi:application --bind 0.0.0.0:${PORT} --access-logfile - --timeout 60"]
