"""gunicorn's settings for CCHC in production: `gunicorn -c deploy/gunicorn.conf.py cchc.wsgi`.

Every value comes from the environment (the systemd unit's EnvironmentFile, /etc/cchc/cchc.env, or the
container's), with the defaults below; see deploy/cchc.env.example and decision 0016.

Reload without dropping a request: `kill -HUP <master pid>` (`systemctl reload cchc-web`). The master
keeps the listening socket, starts new workers with the new code and settings, and lets the old ones
finish the requests they hold (up to graceful_timeout) before they exit. That needs preload_app off:
with the application preloaded in the master, HUP would start workers with the old code.
"""

import multiprocessing
import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "cchc.wsgi:application"
# Only the reverse proxy may reach gunicorn: a loopback address (or a socket, "unix:/run/cchc/web.sock").
bind = os.environ.get("CCHC_BIND", "127.0.0.1:8000").split(",")

# Sync workers: each holds one request at a time, so a slow PDF or upload blocks only its worker; the
# count is the usual (2 x cores) + 1, bounded by memory (about 150 MB per worker with WeasyPrint loaded).
worker_class = "sync"
workers = _env_int("CCHC_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1)
# A request running longer than this (seconds) is killed; the slowest pages are the PDF slips and the
# catalog import. Reports are built by the `cchc reports` worker, not in a request.
timeout = _env_int("CCHC_WEB_TIMEOUT", 60)
# On reload or stop, the time an old worker has to finish the requests it holds.
graceful_timeout = _env_int("CCHC_WEB_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# A worker is replaced after this many requests (jitter: not all at once), which bounds slow leaks.
max_requests = _env_int("CCHC_WEB_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("CCHC_WEB_MAX_REQUESTS_JITTER", 100)
preload_app = False

# The proxy's addresses: only from them gunicorn believes X-Forwarded-Proto (is it HTTPS?). The same list
# Django uses for X-Forwarded-For (CCHC_TRUSTED_PROXIES, cchc.common.clientip) — keep them one variable.
forwarded_allow_ips = os.environ.get("CCHC_TRUSTED_PROXIES", "").strip() or "127.0.0.1,::1"

# Logs to stdout/stderr (the journal, or the container's log). The access line names the peer (the
# proxy), the client address the proxy forwarded, and the request id the proxy set (X-Request-ID;
# "-" when absent), so one line can be matched with the application's log and the proxy's.
accesslog = os.environ.get("CCHC_ACCESS_LOG", "-")
if accesslog == "off":
    accesslog = None
errorlog = "-"
loglevel = os.environ.get("CCHC_LOG_LEVEL", "info").lower()
# The path without its query string (%(U)s, never %(r)s or %(q)s): a query may carry a tracking secret. The
# application also logs one masked `cchc.request` line per request; CCHC_ACCESS_LOG=off drops this one.
access_log_format = (
    '%(h)s client=%({x-forwarded-for}i)s request_id=%({x-request-id}i)s %(t)s "%(m)s %(U)s %(H)s" '
    '%(s)s %(b)s %(M)sms "%(a)s"'
)
proc_name = "cchc-web"

# Worker heartbeat files in memory: works on a read-only root file system and avoids disk stalls.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"


# Prometheus counters across workers (cchc.ops.metrics): each worker writes its samples into
# PROMETHEUS_MULTIPROC_DIR, which must be empty when the server starts (the web unit sets it under its
# runtime directory) and forgets a worker's live gauges when it exits.
_METRICS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()


def on_starting(server):
    if _METRICS_DIR:
        import shutil

        shutil.rmtree(_METRICS_DIR, ignore_errors=True)
        os.makedirs(_METRICS_DIR, exist_ok=True)


def child_exit(server, worker):
    if _METRICS_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
