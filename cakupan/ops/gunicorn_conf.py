"""gunicorn's configuration for production: `gunicorn -c python:cakupan.ops.gunicorn_conf cakupan.wsgi`.

Everything comes from Cakupan's one settings module (and so from the environment, .env.example): process
workers, because the figures and charts are computed in Python and threads of one process share one core.
"""

from __future__ import annotations

import os

import django
from django.conf import settings

from cakupan.common.preload import preload_heavy_modules

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
django.setup()
# Imported here, before gunicorn forks its workers and they start their threads (common/preload.py).
preload_heavy_modules()

bind = [settings.CAKUPAN_BIND]
workers = settings.CAKUPAN_WORKERS
threads = settings.CAKUPAN_WORKER_THREADS
worker_class = "gthread" if threads > 1 else "sync"
# A report or an upload preview can take seconds; anything near this is a fault, not work.
timeout = settings.CAKUPAN_REQUEST_TIMEOUT_SECONDS
graceful_timeout = 30
# A worker is replaced after this many requests, so no slow growth of memory lives for months.
max_requests = settings.CAKUPAN_WORKER_MAX_REQUESTS
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
# The reverse proxy on this host sets X-Forwarded-Proto; trust it only from the addresses configured.
forwarded_allow_ips = ",".join(settings.CAKUPAN_PROXY_ADDRESSES)
# One log set-up for the app and the server; requests are logged by the app (without query strings).
logconfig_dict = settings.LOGGING
accesslog = None
# Temporary files of workers in memory, not on a possibly slow disk (gunicorn's heartbeat).
_SHM = "/dev/shm"  # noqa: S108 (gunicorn only keeps its workers' heartbeat files there)
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
