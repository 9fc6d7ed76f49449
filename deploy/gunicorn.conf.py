"""gunicorn's configuration for Vivier's web processes (docs/operations.md).

    gunicorn -c deploy/gunicorn.conf.py vivier.wsgi

Every value can be changed from the environment (the systemd unit reads /etc/vivier/vivier.env),
so the same file serves one machine, several machines and `make prod-smoke`.

Sync workers behind nginx: nginx buffers whole requests (a 10 MB CV sent over a slow phone
line) and whole answers, so a worker is busy only while Django works, never while a client is
slow. That is the setup gunicorn's documentation recommends for sync workers.
"""

import multiprocessing
import os

# Where nginx finds gunicorn: keep it on the loopback or a private network, never public (the
# forwarded headers below are trusted from nginx only).
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]

# Sync workers are busy while a request waits on PostgreSQL or writes a CV: 2 per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request that takes longer than this is stuck (no page of Vivier needs 30 s): the worker is
# killed and replaced. nginx waits a little longer (proxy_read_timeout 35s) so that gunicorn, which
# logs the reason, is the one that gives up.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # seconds
# On SIGTERM (systemctl stop, a deployment), workers finish their current request first.
graceful_timeout = 30  # seconds
# nginx opens a new connection per request to sync workers; no client talks to gunicorn directly.
keepalive = 2  # seconds

# Replace each worker after this many requests, so that memory a library leaks cannot grow
# without bound. A worker's restart loads Django again (a second or two of CPU): the jitter is
# wide (up to half as many again) so that workers, which share the requests evenly, do not all
# restart in the same few seconds, which bench/load saw stall a 2-core machine for seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 2

# Forwarded headers: nginx sets X-Forwarded-Proto (the scheme the visitor used) and
# X-Forwarded-For (the visitor's address). gunicorn trusts X-Forwarded-Proto only from these
# addresses (for wsgi.url_scheme); Django reads it through SECURE_PROXY_SSL_HEADER and the
# visitor's address through TRUSTED_PROXY_COUNT (vivier.env).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# The workers' heartbeat files in memory: a slow disk cannot make the arbiter kill them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# nginx keeps the access log (without the visitor's full address); gunicorn logs errors and
# slow-worker kills on stderr, which journald collects.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "vivier-web"
