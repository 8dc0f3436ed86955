"""The data folder's permissions, checked before a server, worker or demo starts: the chart cache is
unpickled from DATA_DIR/cache, so anyone who can write there could run code as Cakupan."""

from __future__ import annotations

import stat
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


def data_dir_refusal() -> str | None:
    """Why Cakupan must not start on this data folder, or None when it may."""
    data = Path(settings.DATA_DIR)
    for folder in (data, data / "cache", data / "cache" / "charts"):
        try:
            mode = folder.stat().st_mode
        except FileNotFoundError:
            continue
        if mode & stat.S_IWOTH:
            return _(
                "The data folder %(folder)s can be written by every user of this server, and Cakupan reads "
                "its chart store from it: run `chmod o-w %(folder)s` (better: chmod 700) and start again."
            ) % {"folder": folder}
    return None
