from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
application = get_wsgi_application()

from cakupan.jobs.datadir import data_dir_refusal  # noqa: E402  (needs the settings loaded above)

# gunicorn and `cakupan serve` refuse a data folder others can write: the chart store is unpickled from it.
if (_refusal := data_dir_refusal()) is not None:
    raise SystemExit(_refusal)
