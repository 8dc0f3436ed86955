"""The production server's configuration comes from the one settings module."""

from __future__ import annotations

import importlib
from typing import Any


def test_gunicorn_takes_workers_threads_and_logging_from_the_settings(settings: Any) -> None:
    settings.CAKUPAN_WORKERS = 5
    settings.CAKUPAN_WORKER_THREADS = 3
    settings.CAKUPAN_WORKER_MAX_REQUESTS = 1000
    from cakupan.ops import gunicorn_conf

    conf = importlib.reload(gunicorn_conf)
    assert conf.workers == 5
    assert conf.threads == 3
    assert conf.worker_class == "gthread"
    assert conf.max_requests == 1000
    assert conf.max_requests_jitter == 100
    assert conf.accesslog is None
    assert conf.logconfig_dict is settings.LOGGING
