"""`cakupan nik-sweep [--dry-run] [--json]` (registered in
`cakupan/common/commands.py`): mask the NIKs stored before
Cakupan refused them (see `cakupan.common.nik_sweep`). Counts per table and column, never a value.

Exit codes as every command: 0 done (or nothing found), 1 a dry run found NIKs to mask.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

EXIT_OK, EXIT_DATA = 0, 1


def _out(text: str = "", stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout, flush=True)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    sweep = sub.add_parser(
        "nik-sweep",
        parents=[common],
        help="find and mask NIKs already stored in any text (titles, notes, file names, audit values)",
    )
    sweep.add_argument("--dry-run", action="store_true", help="count per table and column; change nothing")
    sweep.add_argument("--json", action="store_true", help="machine-readable report")


def run(args: argparse.Namespace, lang: str) -> int:
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from cakupan.common.formatting import fmt_int
    from cakupan.common.nik_sweep import nik_sweep

    result = nik_sweep(dry_run=args.dry_run)
    if args.json:
        _out(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for column, rows in sorted(result.counts.items()):
            _out(f"{column}: {fmt_int(rows, lang)}")
        if result.total == 0:
            _out(_("No NIK found in stored text."))
        elif args.dry_run:
            _out(
                ngettext(
                    "%(n)s value holds a NIK. Dry run: nothing was changed.",
                    "%(n)s values hold a NIK. Dry run: nothing was changed.",
                    result.total,
                )
                % {"n": fmt_int(result.total, lang)}
            )
        else:
            _out(
                ngettext(
                    "%(n)s value masked; the sweep is in the audit trail.",
                    "%(n)s values masked; the sweep is in the audit trail.",
                    result.total,
                )
                % {"n": fmt_int(result.total, lang)}
            )
    return EXIT_DATA if args.dry_run and result.total else EXIT_OK
