"""The commands of the whole site: `cakupan init`, `serve`, `demo` and `manage`."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command, execute_from_command_line
from django.db.models import Count
from django.utils.translation import gettext as _

from cakupan.accounts.services import user_ensure_demo
from cakupan.common.formatting import fmt_int
from cakupan.common.preload import preload_heavy_modules
from cakupan.core.commands import EXIT_OK, EXIT_USAGE, Command, out
from cakupan.regions.models import Region
from cakupan.regions.services import regions_load_master


def init(args: argparse.Namespace, lang: str) -> int:
    call_command("migrate", interactive=False, verbosity=0)
    if not settings.WHITENOISE_USE_FINDERS:
        # Production serves the collected, compressed copies: an upgrade refreshes them here, in the same
        # step as the migrations.
        call_command("collectstatic", interactive=False, verbosity=0)
    result = regions_load_master()
    out(
        _("Database ready. Region master: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "created": fmt_int(result.created, lang),
            "updated": fmt_int(result.updated, lang),
            "unchanged": fmt_int(result.unchanged, lang),
        }
    )
    out(_("Regions by level: %(counts)s") % {"counts": _level_counts(lang)})
    return EXIT_OK


def _level_counts(lang: str) -> str:
    counts = dict(Region.objects.values_list("level").annotate(n=Count("code")).values_list("level", "n"))
    labels = {level: str(label) for level, label in Region.Level.choices}
    return "; ".join(f"{labels[level]} {fmt_int(counts.get(level, 0), lang)}" for level in sorted(labels))


def serve_site(host: str, port: int, lang: str) -> int:
    # The server and the application are loaded only to serve: creating the application loads every view.
    from waitress import serve

    from cakupan.jobs.worker import worker_thread
    from cakupan.wsgi import application

    out(
        _("Cakupan is running at http://%(host)s:%(port)s/ (stop with Ctrl+C)") % {"host": host, "port": port}
    )
    preload_heavy_modules()  # before the server's and the worker's threads start
    stop = threading.Event()
    if settings.CAKUPAN_SERVE_WORKER:
        # The embedded set-up runs its background jobs itself (production runs `cakupan worker`).
        worker_thread(stop)
    try:
        serve(application, host=host, port=port, threads=8, ident="cakupan", _quiet=True)
    finally:
        stop.set()
    return EXIT_OK


def serve_command(args: argparse.Namespace, lang: str) -> int:
    return serve_site(args.host, args.port, lang)


def demo(args: argparse.Namespace, lang: str) -> int:
    if settings.ENVIRONMENT == "production":
        # Simulated figures and a login printed on the screen have no place on a real server.
        out(_("`cakupan demo` does not run with CAKUPAN_ENV=production: use `cakupan serve`."), sys.stderr)
        return EXIT_USAGE
    # The simulated data's generator loads a library of names (about a second): only for the demo.
    from cakupan.demo.load import demo_load

    code = init(args, lang)
    if code != EXIT_OK:
        return code
    loaded = demo_load(progress=lambda msg: out(msg))
    login = user_ensure_demo(password_file=Path(settings.DATA_DIR) / "demo_login.txt")
    out(
        _("Simulated demo data loaded: %(months)s months up to %(end)s for all 514 regencies and cities.")
        % {"months": loaded.months, "end": loaded.end_period}
    )
    out(_("Address: http://%(host)s:%(port)s/") % {"host": args.host, "port": args.port})
    out(_("Login: %(user)s / %(password)s") % {"user": login.username, "password": login.password})
    if args.no_serve:
        return EXIT_OK
    return serve_site(args.host, args.port, lang)


def manage(args: argparse.Namespace, lang: str) -> int:
    execute_from_command_line(["cakupan manage", *args.args])
    return EXIT_OK


def _init_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    sub.add_parser("init", parents=[common], help="create or migrate the database and load the region master")


def _serve_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser("serve", parents=[common], help="serve the web application and API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)


def _demo_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "demo", parents=[common], help="init, load simulated demo data, create a demo login, serve"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="prepare everything but do not serve")


def _manage_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("manage", parents=[common], help="run a Django management command")
    parser.add_argument("args", nargs=argparse.REMAINDER)


COMMANDS = [
    Command("init", init, _init_parser),
    Command("serve", serve_command, _serve_parser, serving=True),
    Command("demo", demo, _demo_parser, serving=True),
    Command("manage", manage, _manage_parser),
]
