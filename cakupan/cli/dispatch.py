"""Running one command line: its language, its parser, the audit context every command writes in, and
the one-line answer to a command run before `cakupan init`. Imported once Django is set up
(`cakupan.cli.main`)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence

from django.db import DatabaseError, connection
from django.utils import translation
from django.utils.translation import gettext as _

from cakupan.audit.context import audit_context
from cakupan.cli.registry import build_parser, commands
from cakupan.core.commands import EXIT_DATA, operator, out
from cakupan.jobs.datadir import data_dir_refusal


def language(argv: Sequence[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return "en" if argv[index + 1].lower().startswith("en") else "id"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1].lower().startswith("en") else "id"
    return "en" if os.environ.get("LANG", "").lower().startswith("en") else "id"


def run(argv: list[str]) -> int:
    lang = language(argv)
    known = commands()
    args = build_parser(known).parse_args(argv)
    command = known[args.command]
    if hasattr(signal, "SIGPIPE") and not command.serving:
        # `cakupan ranking 00 2024-06 | head` ends quietly. Never for the server: a browser that leaves a
        # page while a part of it is loading closes the socket, and SIGPIPE would end the whole server.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # Everything a command writes is recorded as done from the command line, by this system user.
    with translation.override(lang), audit_context(source="cli", actor_label=operator()):
        if command.serving:
            refusal = data_dir_refusal()
            if refusal:
                out(refusal, sys.stderr)
                return EXIT_DATA
        try:
            return command.handler(args, lang)
        except DatabaseError:
            if _database_ready():
                raise
            # A command run before `cakupan init` (issue 19): one line, not a traceback.
            out(_("The database is not set up yet: run `cakupan init` first."), sys.stderr)
            return EXIT_DATA


def _database_ready() -> bool:
    return "regions_region" in connection.introspection.table_names()
