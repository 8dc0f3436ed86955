"""`cakupan worker [--once]`: runs the background jobs (report batches, charts) until stopped, or the
waiting ones once."""

from __future__ import annotations

import argparse
import signal
import threading
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cakupan.common.formatting import fmt_int
from cakupan.common.preload import preload_heavy_modules
from cakupan.core.commands import EXIT_OK, Command, out
from cakupan.jobs.worker import worker_run


def worker(args: argparse.Namespace, lang: str) -> int:
    preload_heavy_modules()
    stop = threading.Event()
    # SIGTERM (systemd, docker stop) ends the worker between jobs; a job cut short is resumed later.
    signal.signal(signal.SIGTERM, lambda *_args: stop.set())
    if not args.once:
        out(_("Cakupan worker waiting for jobs (stop with Ctrl+C)"))
    try:
        ran = worker_run(stop=stop, once=args.once)
    except KeyboardInterrupt:
        return EXIT_OK
    if args.once:
        out(ngettext("%(count)s job run.", "%(count)s jobs run.", ran) % {"count": fmt_int(ran, lang)})
    return EXIT_OK


def _parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("worker", parents=[common], help="run background jobs (report batches, charts)")
    parser.add_argument("--once", action="store_true", help="run the waiting jobs, then stop")


COMMANDS = [Command("worker", worker, _parser, serving=True)]
