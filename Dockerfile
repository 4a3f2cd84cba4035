# CCHC's web image: gunicorn with production settings, as a non-root user, on a read-only root file system.
#   docker build -t cchc .
#   docker run --read-only --tmpfs /tmp -v cchc-var:/var/lib/cchc --env-file /etc/cchc/cchc.env -p 127.0.0.1:8000:8000 cchc
# Every write goes to the volume /var/lib/cchc (CCHC_VAR_DIR: uploaded files, SQLite if no DATABASE_URL)
# or to /tmp (a tmpfs: uploads in progress, font cache). Static files are collected at build time into
# the image (/app/static) and served by WhiteNoise. One-off commands run in the same image:
#   docker run --rm ... cchc cchc migrate     (the workers: `cchc outbox --loop 30`,
#   `cchc reports --loop 5`). See deploy/compose.yaml and decision 0016.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The libraries WeasyPrint needs for the PDF slips, and their fonts (the Makefile's DEBS, without the
# test-only poppler-utils).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/cchc --no-create-home \
       --shell /usr/sbin/nologin cchc \
    && install -d -o cchc -g cchc -m 0750 /var/lib/cchc

# The application's dependencies at the versions of requirements.lock (the lock also pins the
# development tools; only what the package needs is installed), then the package itself, precompiled
# because nothing can write bytecode at run time.
COPY pyproject.toml requirements.lock /src/
COPY cchc /src/cchc
RUN pip install -c /src/requirements.lock /src \
    && python -m compileall -q "$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
    && rm -rf /src
COPY deploy/gunicorn.conf.py /app/deploy/gunicorn.conf.py
WORKDIR /app

ENV CCHC_DEBUG=0 \
    CCHC_VAR_DIR=/var/lib/cchc \
    CCHC_STATIC_ROOT=/app/static \
    CCHC_BIND=0.0.0.0:8000 \
    XDG_CACHE_HOME=/tmp/.cache \
    HOME=/tmp \
    PROMETHEUS_MULTIPROC_DIR=/tmp/metrics

RUN CCHC_SECRET_KEY=build-only CCHC_VAR_DIR=/tmp/build-var cchc collectstatic --no-input --verbosity 0 \
    && rm -rf /tmp/build-var

USER cchc
VOLUME /var/lib/cchc
EXPOSE 8000
# Liveness without the database (/health/); readiness with every check is /health/ready/.
HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4)"]
# The proxy in front is the only peer whose X-Forwarded-* headers count: set CCHC_TRUSTED_PROXIES to
# its address on the container network (gunicorn's forwarded_allow_ips and Django read it).
CMD ["gunicorn", "-c", "/app/deploy/gunicorn.conf.py", "cchc.wsgi"]
