"""`cakupan poverty LIST [--period YYYY-MM] [--json]` (registered in
`cakupan/participants/commands.py`): how many people of a
socio-economic registry extract (DTSEN, P3KE) are active participants in the month asked, by regency and
welfare decile (1–4 grouped), with their provinces and the whole list, small counts hidden. The list is
read and discarded: only the published aggregates are kept (shown at /peserta/kemiskinan/, the API and
open data).

Exit codes as every command: 0 shown; 1 the list is refused or there is no participant data; 2 usage."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _out(text: str = "", stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout, flush=True)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    poverty = sub.add_parser(
        "poverty",
        parents=[common],
        help="how many on a poverty list (DTSEN, P3KE) are active participants, by regency and decile",
    )
    poverty.add_argument(
        "list",
        type=Path,
        help="CSV or Parquet: nik_hash (or nik), region_code, desil, list, period, age, working",
    )
    poverty.add_argument("--period", help="month of the participants, YYYY-MM (default: the latest)")
    poverty.add_argument("--name", help="the list's name as pages show it (default: the file's name)")
    poverty.add_argument("--pseudonymise-key-file", help="key to hash a raw NIK column as it is read")
    poverty.add_argument("--json", action="store_true", help="machine-readable report")


def run(args: argparse.Namespace, lang: str) -> int:
    from django.utils.translation import gettext as _

    from cakupan.common.formatting import fmt_int, fmt_pct
    from cakupan.common.nik_guard import upload_name
    from cakupan.core.periods import PeriodError, parse_period
    from cakupan.participants.poverty import TOTAL, poverty_linkage_create

    if not args.list.is_file():
        _out(
            _("No such file: %(name)s") % {"name": upload_name(args.list.name, kind="poverty-list")},
            sys.stderr,
        )
        return EXIT_USAGE
    try:
        period = parse_period(args.period) if args.period else None
    except PeriodError:
        _out(_("Write the month as YYYY-MM."), sys.stderr)
        return EXIT_USAGE
    key = None
    if args.pseudonymise_key_file:
        from cakupan.analytics.nik import KeyProblem, load_key

        try:
            key = load_key(key_file=args.pseudonymise_key_file)
        except KeyProblem as exc:
            _out(str(exc), sys.stderr)
            return EXIT_USAGE
    name = upload_name(args.list.name, kind="poverty-list")
    outcome = poverty_linkage_create(
        name=args.name or Path(name).stem,
        list_path=args.list,
        user=None,
        period=period,
        pseudonymise_key=key,
        file_name=name,
        actor="cli",
    )
    if outcome.table is None:
        for problem in outcome.problems[:50]:
            where = f"{problem.file}:{problem.row}" if problem.row else problem.file
            _out(f"{where} {problem.column} {problem.reason}".replace("  ", " "), sys.stderr)
        return EXIT_DATA
    table = outcome.table
    if args.json:
        rows = [
            {
                "region": None if r.area == TOTAL else r.area,
                "decile_group": None if r.group == TOTAL else r.group,
                **r.cells,
                "rate": float(r.rate * 100) if table.with_work and r.rate is not None else None,
            }
            for r in table.rows
        ]
        linkage = outcome.linkage.pk if outcome.linkage is not None else None
        body = {"linkage": linkage, "period": table.period, "suppression_k": table.k, "rows": rows}
        _out(json.dumps(body, ensure_ascii=False))
        return EXIT_OK
    _out(_("Poverty list matched against the active participants of %(period)s.") % {"period": table.period})
    _out(_("Counts from 1 to %(k)s are hidden (–).") % {"k": table.k - 1})
    heads = [_("Region"), _("Decile"), _("Listed"), _("Active participants")]
    if table.with_work:
        heads += [_("Working-age workers"), _("Active among them"), _("Coverage")]
    _out("\t".join(heads))
    for r in table.rows:
        cells = [r.cells["listed"], r.cells["active"]]
        if table.with_work:
            cells += [r.cells["workers"], r.cells["active_workers"]]
        line = [_("All") if r.area == TOTAL else r.area, _("All") if r.group == TOTAL else r.group]
        line += [fmt_int(c, lang) for c in cells]
        if table.with_work:
            line.append(fmt_pct(r.rate * 100, lang) if r.rate is not None else "–")
        _out("\t".join(line))
    return EXIT_OK
