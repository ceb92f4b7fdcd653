# confide for a practice server: `docker compose up` with compose.yaml (docs/deploy.md).
# Build stage: install the locked runtime dependencies and confide into /opt/venv.
# Run stage: the same Python, that venv, a non-root user; code read-only, data in /data.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /build
COPY requirements/runtime.txt requirements/runtime.txt
RUN /opt/venv/bin/pip install --require-hashes -r requirements/runtime.txt
COPY pyproject.toml README.md ./
COPY src/ src/
RUN /opt/venv/bin/pip install --no-deps . \
 && /opt/venv/bin/python -m compileall -q /opt/venv

FROM ${PYTHON_IMAGE} AS run
# libpq is not needed (psycopg[binary] carries its own); tini reaps gunicorn's workers.
RUN apt-get update && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin confide \
 && install -d -o confide -g confide -m 0700 /data
# Owned by root, so the confide user cannot change the code it runs.
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    CONFIDE_DATA_DIR=/data \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
USER confide
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
# /healthz reads no database. X-Forwarded-Proto: the check comes from inside, not via Caddy,
# and CONFIDE_HTTPS=1 would otherwise redirect it to https.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request as u; r = u.Request('http://127.0.0.1:8000/healthz', headers={'X-Forwarded-Proto': 'https'}); sys.exit(u.urlopen(r, timeout=4).read() != b'ok')"]
ENTRYPOINT ["tini", "--"]
# Migrations run once, in the `migrate` service of compose.yaml, never from two servers at once.
CMD ["gunicorn", "confide.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--worker-tmp-dir", "/dev/shm"]
