"""The `cakupan` command (spec/cli.md). Messages in Bahasa Indonesia; English with --lang en or LANG=en*."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
SERVING = {"serve", "demo", "worker"}


def _language(argv: Sequence[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return "en" if argv[index + 1].lower().startswith("en") else "id"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1].lower().startswith("en") else "id"
    return "en" if os.environ.get("LANG", "").lower().startswith("en") else "id"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
    import django

    django.setup()


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["id", "en"], help="bahasa pesan / message language")
    parser = argparse.ArgumentParser(
        prog="cakupan",
        description="Cakupan: Monev jaminan sosial ketenagakerjaan / Monev of employment social security",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", parents=[common], help="create or migrate the database and load the region master")
    from cakupan.imports import registry

    imp = sub.add_parser("import", parents=[common], help="import one file of a dataset")
    imp.add_argument(
        "dataset",
        help=" | ".join(f"{d.name} ({'/'.join(d.formats)})" for d in registry.datasets()),
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="validate only; store nothing")
    imp.add_argument("--user", help="record this Cakupan account as the importer")
    imp.add_argument("--json", action="store_true", help="machine-readable report")
    ind = sub.add_parser("indicators", parents=[common], help="indicators of one region and month")
    ind.add_argument("region")
    ind.add_argument("period")
    ind.add_argument("--json", action="store_true")
    rank = sub.add_parser("ranking", parents=[common], help="children of a region ranked by coverage")
    rank.add_argument("parent")
    rank.add_argument("period")
    rank.add_argument("--json", action="store_true")
    rep = sub.add_parser(
        "report", parents=[common], help="the Monev report of a region and month (PDF, XLSX)"
    )
    rep.add_argument("region")
    rep.add_argument("period")
    rep.add_argument("--out", type=Path, required=True, help="FILE.pdf or FILE.xlsx")
    batch = sub.add_parser(
        "report-batch", parents=[common], help="the reports of all regions of a level as one zip (resumable)"
    )
    batch.add_argument("level", choices=["provinsi", "kabupaten", "semua"])
    batch.add_argument("period")
    batch.add_argument("--out", type=Path, required=True, help="FILE.zip")
    batch.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
    serve = sub.add_parser("serve", parents=[common], help="serve the web application and API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    demo = sub.add_parser(
        "demo", parents=[common], help="init, load simulated demo data, create a demo login, serve"
    )
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="prepare everything but do not serve")
    user = sub.add_parser("user", parents=[common], help="manage user accounts and their roles")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", parents=[common], help="create an account (password printed once)")
    add.add_argument("username")
    add.add_argument("--role", required=True, help="NATIONAL_ADMIN, NATIONAL_ANALYST, BPJS_OFFICER, ...")
    add.add_argument("--region", action="append", default=[], help="region code; repeat for several")
    add.add_argument("--office", help="office name (its regions)")
    add.add_argument("--name", default="", help="full name")
    grant = user_sub.add_parser("grant", parents=[common], help="give an existing account a role")
    grant.add_argument("username")
    grant.add_argument("--role", required=True)
    grant.add_argument("--region", action="append", default=[])
    grant.add_argument("--office")
    reset = user_sub.add_parser("password", parents=[common], help="set a new random password (printed once)")
    reset.add_argument("username")
    user_sub.add_parser("list", parents=[common], help="accounts with their roles and regions")
    tok = user_sub.add_parser("token", parents=[common], help="create an API token (printed once)")
    tok.add_argument("username")
    tok.add_argument("--role", required=True)
    tok.add_argument("--region", action="append", default=[], required=True)
    tok.add_argument("--days", type=int, default=90)
    tok.add_argument("--name", default="cli")
    from cakupan.participants import cli as participants_cli

    # `import participants` options (engine, pseudonymisation key) and `cakupan match`.
    participants_cli.add_parsers(sub, common)
    from cakupan.backup import cli as backup_cli

    # `cakupan backup FILE` and `cakupan restore FILE [--replace]`.
    backup_cli.add_parsers(sub, common)
    from cakupan.common import sweep_cli

    sweep_cli.add_parsers(sub, common)  # `cakupan nik-sweep [--dry-run]`
    from cakupan.packs import cli as packs_cli

    packs_cli.add_parsers(sub, common)  # `cakupan pack REGION PERIOD [--meeting ID] --out FILE`
    from cakupan.tasks import cli as tasks_cli

    tasks_cli.add_parsers(sub, common)  # `cakupan digest [--dry-run] [--user NAME]`
    from cakupan.participants import poverty_cli

    poverty_cli.add_parsers(sub, common)  # `cakupan poverty LIST [--period YYYY-MM] [--json]`
    work = sub.add_parser("worker", parents=[common], help="run background jobs (report batches, charts)")
    work.add_argument("--once", action="store_true", help="run the waiting jobs, then stop")
    manage = sub.add_parser("manage", parents=[common], help="run a Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _language(args_list)
    _setup_django()  # first: the datasets the parser lists are registered by the apps
    args = _parser().parse_args(args_list)
    if hasattr(signal, "SIGPIPE") and args.command not in SERVING:
        # `cakupan ranking 00 2024-06 | head` ends quietly. Never for the server: a browser that leaves a
        # page while a part of it is loading closes the socket, and SIGPIPE would end the whole server.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    from django.utils import translation

    from cakupan.audit.context import audit_context

    # Everything a command writes is recorded as done from the command line, by this system user.
    with translation.override(lang), audit_context(source="cli", actor_label=_operator()):
        handler: Callable[[argparse.Namespace, str], int] = COMMANDS[args.command]
        if args.command in SERVING:
            from cakupan.jobs.datadir import data_dir_refusal

            refusal = data_dir_refusal()
            if refusal:
                _out(refusal, sys.stderr)
                return EXIT_DATA
        from django.db import DatabaseError

        try:
            return handler(args, lang)
        except DatabaseError:
            if _database_ready():
                raise
            from django.utils.translation import gettext as _

            # A command run before `cakupan init` (issue 19): one line, not a traceback.
            _out(_("The database is not set up yet: run `cakupan init` first."), sys.stderr)
            return EXIT_DATA


def _database_ready() -> bool:
    from django.db import connection

    return "regions_region" in connection.introspection.table_names()


def _operator() -> str:
    return f"{getpass.getuser()}@{socket.gethostname()}"


def _out(text: str = "", stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout, flush=True)


def cmd_init(args: argparse.Namespace, lang: str) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.utils.translation import gettext as _

    from cakupan.common.formatting import fmt_int
    from cakupan.regions.services import regions_load_master

    call_command("migrate", interactive=False, verbosity=0)
    if not settings.WHITENOISE_USE_FINDERS:
        # Production serves the collected, compressed copies: an upgrade refreshes them here, in the same
        # step as the migrations.
        call_command("collectstatic", interactive=False, verbosity=0)
    result = regions_load_master()
    _out(
        _("Database ready. Region master: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "created": fmt_int(result.created, lang),
            "updated": fmt_int(result.updated, lang),
            "unchanged": fmt_int(result.unchanged, lang),
        }
    )
    _out(_("Regions by level: %(counts)s") % {"counts": _level_counts(lang)})
    return EXIT_OK


def _level_counts(lang: str) -> str:
    from django.db.models import Count

    from cakupan.common.formatting import fmt_int
    from cakupan.regions.models import Region

    counts = dict(Region.objects.values_list("level").annotate(n=Count("code")).values_list("level", "n"))
    labels = {level: str(label) for level, label in Region.Level.choices}
    return "; ".join(f"{labels[level]} {fmt_int(counts.get(level, 0), lang)}" for level in sorted(labels))


def _progress(lang: str) -> Callable[[str, int, int], None]:
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from cakupan.common.formatting import fmt_int

    def report(stage: str, done: int, total: int) -> None:
        if stage == "write":
            _out(
                _("Writing %(done)s of %(total)s figures…")
                % {"done": fmt_int(done, lang), "total": fmt_int(total, lang)},
                sys.stderr,
            )
        else:
            _out(
                ngettext(
                    "Recomputing figures for %(n)s month…", "Recomputing figures for %(n)s months…", total
                )
                % {"n": fmt_int(total, lang)},
                sys.stderr,
            )

    return report


# How many replaced figures a dry run lists in words (its --json gives the first 200, as the API does).
REPLACED_SHOWN = 20


def _figure_text(value: float | int | None, lang: str) -> str:
    from cakupan.common.formatting import fmt_decimal, fmt_int

    if value is None:
        return "–"
    if isinstance(value, int):
        return fmt_int(value, lang)
    return fmt_decimal(Decimal(str(value)), lang)


def cmd_import(args: argparse.Namespace, lang: str) -> int:
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from cakupan.common.formatting import fmt_int
    from cakupan.imports import registry
    from cakupan.imports import selectors as import_selectors
    from cakupan.imports.datasets import FIGURE_DATASETS
    from cakupan.imports.models import ImportBatch
    from cakupan.imports.services import import_commit, import_plan
    from cakupan.imports.validation import validate_file

    if args.dataset == "participants":
        from cakupan.participants.cli import cmd_import_participants

        return cmd_import_participants(args, lang)
    known = registry.names()
    if args.dataset not in known:
        _out(
            _("Unknown dataset %(name)s; choose one of: %(names)s")
            % {"name": args.dataset, "names": ", ".join(known)},
            sys.stderr,
        )
        return EXIT_USAGE
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        _out(_("Cannot read %(file)s: %(error)s") % {"file": args.file, "error": exc.strerror}, sys.stderr)
        return EXIT_USAGE
    from cakupan.common.nik_guard import upload_name

    args.file = args.file.with_name(upload_name(args.file.name, kind=args.dataset))  # never a NIK in a name
    user = None
    if args.user:
        user = get_user_model().objects.filter(username=args.user).first()
        if user is None:
            _out(_("No Cakupan account named %(name)s.") % {"name": args.user}, sys.stderr)
            return EXIT_USAGE
    if args.dataset == "boundaries":
        return _import_boundaries(args, content, user, lang)
    if args.dataset not in FIGURE_DATASETS:
        return _import_other(args, content, user, lang)
    validation = validate_file(dataset_name=args.dataset, file_name=args.file.name, content=content)
    report: dict[str, Any] = {
        "file": args.file.name,
        "dataset": args.dataset,
        "sha256": validation.sha256,
        "rows": validation.data_rows,
        "periods": validation.periods,
        "regions": validation.regions,
        "valid": validation.ok,
        "stored": False,
        "dry_run": args.dry_run,
        "problems": [p.as_dict() for p in validation.problems],
        "warnings": [p.as_dict() for p in validation.warnings],
    }
    if not validation.ok:
        if args.json:
            _out(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            _print_problems(args.file.name, validation.problems, lang)
        return EXIT_DATA
    if not args.json:
        _print_warnings(validation.warnings)
    summary = _("%(file)s: %(rows)s, %(regions)s, %(first)s to %(last)s.") % {
        "file": args.file.name,
        "rows": _count(ngettext("%(n)s row", "%(n)s rows", validation.data_rows), validation.data_rows, lang),
        "regions": _count(
            ngettext("%(n)s region", "%(n)s regions", validation.regions), validation.regions, lang
        ),
        "first": validation.periods[0],
        "last": validation.periods[-1],
    }
    if args.dry_run:
        plan = import_plan(validation=validation)
        report.update(new=len(plan.new), replaced=len(plan.replaced), unchanged=plan.unchanged)
        # Which stored figures the file would replace, and the file behind each (as the preview says).
        replaced_rows = import_selectors.replaced_figure_rows(user, plan, dataset=args.dataset)
        report["replaced_figures"] = replaced_rows
        if args.json:
            _out(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        else:
            _out(summary)
            _out(
                ngettext(
                    "Valid. Would store %(new)s new figure and replace %(replaced)s (%(same)s unchanged). "
                    "Dry run: nothing was stored.",
                    "Valid. Would store %(new)s new figures and replace %(replaced)s (%(same)s unchanged). "
                    "Dry run: nothing was stored.",
                    len(plan.new),
                )
                % {
                    "new": fmt_int(len(plan.new), lang),
                    "replaced": fmt_int(len(plan.replaced), lang),
                    "same": fmt_int(plan.unchanged, lang),
                }
            )
            for row in replaced_rows[:REPLACED_SHOWN]:
                _out(
                    _(
                        "  row %(row)s, %(region)s %(when)s %(item)s: %(old)s → %(new)s "
                        "(file %(file)s, batch #%(batch)s)"
                    )
                    % {
                        "row": row["row"],
                        "region": row["region_code"],
                        "when": row["when"],
                        "item": row["item_label"],
                        "old": _figure_text(row["old_value"], lang),
                        "new": _figure_text(row["new_value"], lang),
                        "file": row["old_file_name"] or "–",
                        "batch": row["old_batch_id"],
                    }
                )
            if len(plan.replaced) > REPLACED_SHOWN:
                _out(
                    _("  … and %(n)s more (--json lists the first 200).")
                    % {"n": fmt_int(len(plan.replaced) - REPLACED_SHOWN, lang)}
                )
        return EXIT_OK
    actor = _operator()
    batch, plan = import_commit(
        validation=validation, by=user, actor=actor, source=ImportBatch.Source.CLI, progress=_progress(lang)
    )
    report.update(
        new=len(plan.new),
        replaced=len(plan.replaced),
        unchanged=plan.unchanged,
        stored=batch is not None,
        batch=batch.pk if batch else None,
    )
    if args.json:
        _out(json.dumps(report, ensure_ascii=False, indent=2))
        return EXIT_OK
    _out(summary)
    if batch is None:
        _out(_("Nothing changed: every figure in the file equals the stored one."))
    else:
        _out(
            ngettext(
                "Stored as batch #%(id)s: %(new)s new figure, %(replaced)s replaced (history kept), "
                "%(same)s unchanged.",
                "Stored as batch #%(id)s: %(new)s new figures, %(replaced)s replaced (history kept), "
                "%(same)s unchanged.",
                len(plan.new),
            )
            % {
                "id": batch.pk,
                "new": fmt_int(len(plan.new), lang),
                "replaced": fmt_int(len(plan.replaced), lang),
                "same": fmt_int(plan.unchanged, lang),
            }
        )
    return EXIT_OK


def _count(text: str, n: int, lang: str) -> str:
    """A counted phrase ("%(n)s rows") with the number written the way the language writes it."""
    from cakupan.common.formatting import fmt_int

    return text % {"n": fmt_int(n, lang)}


def _print_problems(file_name: str, problems: list[Any], lang: str) -> None:
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from cakupan.common.formatting import fmt_int

    _out(
        ngettext(
            "%(file)s is refused: %(n)s problem. Nothing was stored.",
            "%(file)s is refused: %(n)s problems. Nothing was stored.",
            len(problems),
        )
        % {"file": file_name, "n": fmt_int(len(problems), lang)}
    )
    for p in problems:
        where = _("row %(row)s") % {"row": p.row} if p.row else _("file")
        column = _(", column %(column)s") % {"column": p.column} if p.column else ""
        value = _(', value "%(value)s"') % {"value": p.value} if p.value else ""
        _out(f"{p.file}: {where}{column}{value}: {p.reason}")


def _print_warnings(warnings: list[Any]) -> None:
    """What a valid file should be checked for (codes read in another system than meant)."""
    from django.utils.translation import gettext as _

    for p in warnings:
        where = _("row %(row)s") % {"row": p.row} if p.row else _("file")
        _out(
            _("Warning: %(file)s: %(where)s: %(reason)s")
            % {"file": p.file, "where": where, "reason": p.reason}
        )


def _import_boundaries(args: argparse.Namespace, content: bytes, user: Any, lang: str) -> int:
    """Region boundaries (GeoJSON) for the maps: validated whole, stored simplified, or refused whole."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from cakupan.common.formatting import fmt_int
    from cakupan.maps.services import boundaries_import

    result = boundaries_import(
        file_name=args.file.name,
        content=content,
        dry_run=args.dry_run,
        by=user,
        actor=_operator(),
        source="cli",
    )
    if args.json:
        _out(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK if result.ok else EXIT_DATA
    if not result.ok:
        _print_problems(args.file.name, result.problems, lang)
        return EXIT_DATA
    _out(
        ngettext(
            "%(file)s: %(n)s boundary; %(new)s new, %(replaced)s replaced, %(same)s unchanged%(dry)s.",
            "%(file)s: %(n)s boundaries; %(new)s new, %(replaced)s replaced, %(same)s unchanged%(dry)s.",
            result.features,
        )
        % {
            "file": args.file.name,
            "n": fmt_int(result.features, lang),
            "new": fmt_int(len(result.created), lang),
            "replaced": fmt_int(len(result.replaced), lang),
            "same": fmt_int(len(result.unchanged), lang),
            "dry": _(" (dry run: nothing stored)") if args.dry_run else "",
        }
    )
    if result.batch_id is not None:
        _out(_("Stored as import batch #%(id)s.") % {"id": result.batch_id})
    return EXIT_OK


def _region_and_period(region: str, period: str) -> tuple[Any, str] | str:
    from django.utils.translation import gettext as _

    from cakupan.common.periods import PeriodError, parse_period
    from cakupan.regions.selectors import region_get

    found = region_get(code=region)
    if found is None:
        return _("Unknown region %(code)s.") % {"code": region}
    try:
        return found, parse_period(period)
    except PeriodError as error:
        if error.reason == "year":
            return _("%(period)s: the year must be between 2000 and 2100.") % {"period": period}
        if error.reason == "month":
            return _("%(period)s: the month must be 01 to 12.") % {"period": period}
        return _("%(period)s is not a month; write YYYY-MM, e.g. 2024-06.") % {"period": period}


def _no_data(region: Any, period: str, lang: str) -> str:
    """A month without figures, and the nearest months that have some (as the API and the page say)."""
    from cakupan.indicators.library import nearest_periods
    from cakupan.indicators.words import no_data_text

    nearest = nearest_periods(region.code, period)
    return no_data_text(name=region.name, code=region.code, period=period, nearest=nearest, lang=lang)


def cmd_indicators(args: argparse.Namespace, lang: str) -> int:
    from django.utils.translation import gettext as _

    from cakupan.common import formatting as f
    from cakupan.indicators.labels import segment_label
    from cakupan.indicators.library import region_indicators
    from cakupan.indicators.serialise import indicators_dict
    from cakupan.indicators.words import completeness_text, denominator_text, unmeasured_text

    resolved = _region_and_period(args.region, args.period)
    if isinstance(resolved, str):
        _out(resolved, sys.stderr)
        return EXIT_DATA
    region, period = resolved
    ind = region_indicators(region.code, period)
    if ind is None:
        _out(_no_data(region, period, lang), sys.stderr)
        return EXIT_DATA
    if args.json:
        _out(json.dumps(indicators_dict(ind), ensure_ascii=False, indent=2))
        return EXIT_OK
    _out(f"{ind.region_name} ({ind.region_code}) — {f.fmt_month(period, lang)}")
    if ind.simulated:
        _out(_("Simulated data"))
    coverage = f.fmt_pct(ind.coverage_rate, lang)
    if ind.incomplete:
        coverage = _("%(rate)s (incomplete)") % {"rate": coverage}
    elif ind.coverage_rate is None:
        coverage = f"{coverage} ({unmeasured_text(ind.unmeasured)})"
    rows = [
        (_("Coverage"), coverage),
        (_("Active participants"), f.fmt_int(ind.active, lang)),
        (_("Active participants, all"), f.fmt_int(ind.active_all, lang)),
        (_("Inactive participants"), f.fmt_int(ind.inactive, lang)),
        (_("Registered participants"), f.fmt_int(ind.registered, lang)),
        (
            _("Working population"),
            f"{f.fmt_int(ind.workers, lang)} ({denominator_text(ind, lang)})",
        ),
        (
            _("Gap to UCJ %(ucj)s") % {"ucj": f.fmt_pct(ind.ucj_target, lang)},
            f.fmt_points(ind.gap_points, lang, signed=False),
        ),
        (_("Workers to protect"), f.fmt_int(ind.workers_to_protect, lang)),
        (_("Target"), f.fmt_pct(ind.target_rate, lang)),
        (_("Gap to target"), f.fmt_points(ind.target_gap_points, lang, signed=False)),
        (_("Workers to reach the target"), f.fmt_int(ind.workers_to_target, lang)),
        (_("Rank among neighbours"), f"{ind.rank} / {ind.rank_of}" if ind.rank else f.DASH),
        (_("National coverage"), f.fmt_pct(ind.national_coverage_rate, lang)),
        (_("Difference to national"), f.fmt_points(ind.diff_to_national_points, lang)),
        (_("Wage earners covered (of formal workers)"), f.fmt_pct(ind.pu_coverage_rate, lang)),
        (_("Non-wage earners covered (of informal workers)"), f.fmt_pct(ind.bpu_coverage_rate, lang)),
        (_("Informal workers not yet protected"), f.fmt_int(ind.bpu_unprotected, lang)),
        (
            _("Change on last month"),
            _with_basis(ind.change_month_points, ind.change_month_basis_regions, lang),
        ),
        (
            _("Change on a year earlier"),
            _with_basis(ind.change_year_points, ind.change_year_basis_regions, lang),
        ),
        (_("Recent pace a month"), _with_basis(ind.pace_points_per_month, ind.pace_basis_regions, lang)),
        (_("Target reached at the recent pace"), _target_projection(ind, lang)),
        (_("UCJ reached at the recent pace"), _ucj_projection(ind, lang)),
    ]
    for segment in ind.segments:
        rows.append(
            (
                _("Active %(segment)s") % {"segment": segment_label(segment.segment)},
                f"{f.fmt_int(segment.active, lang)} ({f.fmt_pct(segment.share_of_active, lang)})",
            )
        )
    if ind.children_total is not None:
        rows.append((_("Completeness"), completeness_text(ind, lang)))
    width = max(len(label) for label, _v in rows)
    for label, value in rows:
        _out(f"{label.ljust(width)}  {value}")
    for warning in ind.warnings:
        _out(f"! {_warning_words(warning)}")
    return EXIT_OK


def _with_basis(points: Any, basis: int | None, lang: str) -> str:
    """A change, and over how many regions when that is fewer than the month's."""
    from cakupan.common import formatting as f
    from cakupan.indicators.words import change_basis_text

    shown = f.fmt_points(points, lang)
    return f"{shown} ({change_basis_text(basis, lang)})" if basis is not None else shown


def _warning_words(warning: dict[str, Any]) -> str:
    from django.utils.translation import get_language

    from cakupan.indicators.words import warning_sentence

    return warning_sentence(warning, get_language())


def _target_projection(ind: Any, lang: str) -> str:
    """The month the target is reached at the recent pace, or the page's words when it is not."""
    from django.utils.translation import gettext as _

    from cakupan.common import formatting as f

    if ind.target_reached_month is None and ind.target_gap_points:
        return _("Not reached at the recent pace.")
    if ind.months_to_target:
        return _("%(n)s months, by %(m)s") % {
            "n": ind.months_to_target,
            "m": f.fmt_month(ind.target_reached_month, lang),
        }
    return f.fmt_month(ind.target_reached_month, lang)


def _ucj_projection(ind: Any, lang: str) -> str:
    """When UCJ is reached at the recent pace, in the words of the region page."""
    from django.utils.translation import gettext as _

    from cakupan.common import formatting as f

    if ind.months_to_ucj == 0:
        return _("UCJ is reached.")
    if ind.ucj_reached_month:
        return _("%(n)s months, by %(m)s") % {
            "n": ind.months_to_ucj,
            "m": f.fmt_month(ind.ucj_reached_month, lang),
        }
    if ind.coverage_rate is None:
        return f.DASH
    return _("Not reached at the recent pace.")


def cmd_ranking(args: argparse.Namespace, lang: str) -> int:

    from cakupan.common import formatting as f
    from cakupan.indicators.library import children_ranking
    from cakupan.indicators.serialise import ranking_dict
    from cakupan.indicators.words import denominator_text, not_ranked_text, warnings_sentence

    resolved = _region_and_period(args.parent, args.period)
    if isinstance(resolved, str):
        _out(resolved, sys.stderr)
        return EXIT_DATA
    region, period = resolved
    rows = children_ranking(region.code, period)
    if not rows:
        _out(_no_data(region, period, lang), sys.stderr)
        return EXIT_DATA
    if args.json:
        _out(json.dumps(ranking_dict(region.code, period, rows), ensure_ascii=False, indent=2))
        return EXIT_OK
    _out(f"{region.name} ({region.code}) — {f.fmt_month(period, lang)}")
    width = max(len(r.region_name) for r in rows)
    for r in rows:
        if not r.ranked:
            continue
        _out(
            f"{str(r.rank).rjust(4)}  {r.region_code.ljust(6)} {r.region_name.ljust(width)}  "
            f"{f.fmt_pct(r.coverage_rate, lang).rjust(9)}  {f.fmt_int(r.active, lang).rjust(12)}  "
            + denominator_text(r, lang, short=True)
        )
    for r in rows:
        if not r.ranked:
            _out(
                f"{f.DASH.rjust(4)}  {r.region_code.ljust(6)} {r.region_name.ljust(width)}  "
                + not_ranked_text(r)
            )
    # The warnings travel with the figures (data contract v2): one line per region that has any.
    for r in rows:
        if r.warnings:
            _out(f"   !  {r.region_code.ljust(6)} {r.region_name}: {warnings_sentence(r.warnings, lang)}")
    return EXIT_OK


def _import_other(args: argparse.Namespace, content: bytes, user: Any, lang: str) -> int:
    from django.utils.translation import ngettext

    from cakupan.common.formatting import fmt_int

    outcome: Any
    if args.dataset == "employers":
        from cakupan.compliance.services import employers_import

        outcome = employers_import(
            file_name=args.file.name,
            content=content,
            by=user,
            actor=_operator(),
            source="cli",
            dry_run=args.dry_run,
        )
        problems = outcome.validation.problems
    elif args.dataset == "region_crosswalk":
        from cakupan.regions.services import region_crosswalk_import

        outcome = region_crosswalk_import(
            file_name=args.file.name, content=content, by=user, actor=_operator(), dry_run=args.dry_run
        )
        problems = outcome.problems
    else:
        from cakupan.monev.services import monev_dataset_import

        outcome = monev_dataset_import(
            dataset=args.dataset,
            file_name=args.file.name,
            content=content,
            by=user,
            actor=_operator(),
            dry_run=args.dry_run,
        )
        problems = outcome.problems
    report = outcome.as_dict()
    if args.json:
        _out(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return EXIT_OK if outcome.ok else EXIT_DATA
    if not outcome.ok:
        _print_problems(args.file.name, problems, lang)
        return EXIT_DATA
    counts = {
        key: fmt_int(int(report.get(key) or 0), lang) for key in ("rows", "new", "replaced", "unchanged")
    }
    rows = int(report.get("rows") or 0)
    if args.dry_run:
        _out(
            ngettext(
                "%(file)s: %(rows)s row valid. Would store %(new)s new and replace %(replaced)s "
                "(%(unchanged)s unchanged). Dry run: nothing was stored.",
                "%(file)s: %(rows)s rows valid. Would store %(new)s new and replace %(replaced)s "
                "(%(unchanged)s unchanged). Dry run: nothing was stored.",
                rows,
            )
            % {"file": args.file.name, **counts}
        )
    else:
        _out(
            ngettext(
                "%(file)s: %(rows)s row stored: %(new)s new, %(replaced)s replaced, %(unchanged)s unchanged.",
                "%(file)s: %(rows)s rows stored: %(new)s new, %(replaced)s replaced, "
                "%(unchanged)s unchanged.",
                rows,
            )
            % {"file": args.file.name, **counts}
        )
    return EXIT_OK


def cmd_match(args: argparse.Namespace, lang: str) -> int:
    from cakupan.participants.cli import cmd_match as match

    return match(args, lang)


def cmd_backup(args: argparse.Namespace, lang: str) -> int:
    from cakupan.backup.cli import run_backup

    return run_backup(args, lang)


def cmd_nik_sweep(args: argparse.Namespace, lang: str) -> int:
    from cakupan.common.sweep_cli import run

    return run(args, lang)


def cmd_pack(args: argparse.Namespace, lang: str) -> int:
    from cakupan.packs.cli import run_pack

    return run_pack(args, lang)


def cmd_digest(args: argparse.Namespace, lang: str) -> int:
    from cakupan.tasks.cli import run

    return run(args, lang)


def cmd_poverty(args: argparse.Namespace, lang: str) -> int:
    from cakupan.participants.poverty_cli import run

    return run(args, lang)


def cmd_restore(args: argparse.Namespace, lang: str) -> int:
    from cakupan.backup.cli import run_restore

    return run_restore(args, lang)


def cmd_report(args: argparse.Namespace, lang: str) -> int:
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from cakupan.common.formatting import fmt_int
    from cakupan.reports.content import NoFigures
    from cakupan.reports.pdf import PdfUnavailable
    from cakupan.reports.services import report_render

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "xlsx"):
        _out(_("The output file must end in .pdf or .xlsx."), sys.stderr)
        return EXIT_USAGE
    resolved = _region_and_period(args.region, args.period)
    if isinstance(resolved, str):
        _out(resolved, sys.stderr)
        return EXIT_DATA
    region, period = resolved
    try:
        # The command line reads as the public pages do; district reports need the web or API with a role.
        rendered = report_render(user=AnonymousUser(), code=region.code, period=period, fmt=fmt, lang=lang)
    except NoFigures:
        _out(
            _("No figures for %(name)s (%(code)s) in %(period)s.")
            % {"name": region.name, "code": region.code, "period": period},
            sys.stderr,
        )
        return EXIT_DATA
    except PermissionDenied:
        _out(
            _("District and village reports are not public; download them from the region page."), sys.stderr
        )
        return EXIT_DATA
    except PdfUnavailable as error:
        _out(str(error), sys.stderr)
        return EXIT_DATA
    _write_file(args.out, rendered.content)
    _out(
        _("Report written to %(path)s (%(size)s bytes).")
        % {"path": args.out, "size": fmt_int(len(rendered.content), lang)}
    )
    return EXIT_OK


def _write_file(path: Path, data: bytes) -> None:
    """Complete or absent: a report cut short never lies at the path under its final name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def cmd_report_batch(args: argparse.Namespace, lang: str) -> int:
    import shutil
    import zipfile

    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from cakupan.common.formatting import fmt_int
    from cakupan.jobs.models import Job
    from cakupan.jobs.progress import follow
    from cakupan.reports.services import batch_params, batch_regions

    resolved = _region_and_period("00", args.period)
    if isinstance(resolved, str):
        _out(resolved, sys.stderr)
        return EXIT_DATA
    _national, period = resolved
    if not batch_regions(args.level, period):
        _out(_("No figures for %(period)s.") % {"period": period}, sys.stderr)
        return EXIT_DATA
    params = batch_params(level=args.level, period=period, fmt=args.format, lang=lang)
    job = follow(kind="reports.batch", params=params, stream=sys.stderr)
    if job.status != Job.Status.DONE:
        _out(_("The batch stopped: %(error)s") % {"error": job.error}, sys.stderr)
        return EXIT_DATA
    args.out.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.out.with_name(args.out.name + ".part")
    shutil.copyfile(job.result_path, temporary)
    os.replace(temporary, args.out)
    with zipfile.ZipFile(args.out) as archive:
        written = len(archive.namelist())  # what the zip holds, whatever the job counted
    _out(
        ngettext("%(count)s report written to %(path)s.", "%(count)s reports written to %(path)s.", written)
        % {"count": fmt_int(written, lang), "path": args.out}
    )
    return EXIT_OK


def _serve(host: str, port: int, lang: str) -> int:
    from django.utils.translation import gettext as _
    from waitress import serve

    from cakupan.wsgi import application

    _out(
        _("Cakupan is running at http://%(host)s:%(port)s/ (stop with Ctrl+C)") % {"host": host, "port": port}
    )
    from django.conf import settings

    from cakupan.common.preload import preload_heavy_modules

    preload_heavy_modules()  # before the server's and the worker's threads start
    stop = threading.Event()
    if settings.CAKUPAN_SERVE_WORKER:
        # The embedded set-up runs its background jobs itself (production runs `cakupan worker`).
        from cakupan.jobs.worker import worker_thread

        worker_thread(stop)
    try:
        serve(application, host=host, port=port, threads=8, ident="cakupan", _quiet=True)
    finally:
        stop.set()
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, lang: str) -> int:
    return _serve(args.host, args.port, lang)


def cmd_worker(args: argparse.Namespace, lang: str) -> int:
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from cakupan.common.formatting import fmt_int
    from cakupan.common.preload import preload_heavy_modules
    from cakupan.jobs.worker import worker_run

    preload_heavy_modules()
    stop = threading.Event()
    # SIGTERM (systemd, docker stop) ends the worker between jobs; a job cut short is resumed later.
    signal.signal(signal.SIGTERM, lambda *_args: stop.set())
    if not args.once:
        _out(_("Cakupan worker waiting for jobs (stop with Ctrl+C)"))
    try:
        ran = worker_run(stop=stop, once=args.once)
    except KeyboardInterrupt:
        return EXIT_OK
    if args.once:
        _out(ngettext("%(count)s job run.", "%(count)s jobs run.", ran) % {"count": fmt_int(ran, lang)})
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, lang: str) -> int:
    from django.conf import settings
    from django.utils.translation import gettext as _

    from cakupan.accounts.services import user_ensure_demo
    from cakupan.demo.load import demo_load

    if settings.ENVIRONMENT == "production":
        # Simulated figures and a login printed on the screen have no place on a real server.
        _out(_("`cakupan demo` does not run with CAKUPAN_ENV=production: use `cakupan serve`."), sys.stderr)
        return EXIT_USAGE
    code = cmd_init(args, lang)
    if code != EXIT_OK:
        return code
    loaded = demo_load(progress=lambda msg: _out(msg))
    login = user_ensure_demo(password_file=Path(settings.DATA_DIR) / "demo_login.txt")
    _out(
        _("Simulated demo data loaded: %(months)s months up to %(end)s for all 514 regencies and cities.")
        % {"months": loaded.months, "end": loaded.end_period}
    )
    _out(_("Address: http://%(host)s:%(port)s/") % {"host": args.host, "port": args.port})
    _out(_("Login: %(user)s / %(password)s") % {"user": login.username, "password": login.password})
    if args.no_serve:
        return EXIT_OK
    return _serve(args.host, args.port, lang)


def _grant(user: Any, args: argparse.Namespace) -> str | None:
    """Assign the role of `args`; returns a message when the arguments are wrong."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from cakupan.accounts.models import Office
    from cakupan.accounts.roles import NATIONAL_ROLES, Role
    from cakupan.accounts.services import role_assign
    from cakupan.regions.selectors import region_get

    if args.role not in Role.values:
        return _("Unknown role %(role)s; choose one of: %(roles)s") % {
            "role": args.role,
            "roles": ", ".join(Role.values),
        }
    office = None
    if args.office:
        office = Office.objects.filter(name=args.office).first()
        if office is None:
            return _("No office named %(name)s.") % {"name": args.office}
    regions = []
    for code in args.region:
        region = region_get(code=code)
        if region is None:
            return _("Unknown region %(code)s.") % {"code": code}
        regions.append(region)
    if args.role not in NATIONAL_ROLES and not regions and office is None:
        return _("Name the regions (--region) or the office (--office) of this role.")
    try:
        if args.role in NATIONAL_ROLES:
            role_assign(user=user, role=args.role)
        for region in regions:
            role_assign(user=user, role=args.role, region=region)
        if office is not None:
            role_assign(user=user, role=args.role, office=office)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def cmd_user(args: argparse.Namespace, lang: str) -> int:
    from django.contrib.auth.models import User
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils.translation import gettext as _

    from cakupan.accounts import access
    from cakupan.accounts.services import generate_password, user_create, user_set_password

    if args.user_command == "list":
        for account in User.objects.order_by("username"):
            grants = "; ".join(
                f"{role} {'00' if where.everything else ','.join(sorted(where.roots))}"
                for role, where in access.grants(account)
            )
            state = "" if account.is_active else " (nonaktif)"
            _out(f"{account.username}{state}: {grants or '-'}")
        return EXIT_OK
    if args.user_command == "add":
        password = generate_password()
        try:
            with transaction.atomic():
                account = user_create(username=args.username, password=password, full_name=args.name)
                problem = _grant(account, args)
                if problem:
                    raise ValidationError(problem)
        except ValidationError as exc:
            _out(" ".join(exc.messages), sys.stderr)
            return EXIT_USAGE
        _out(
            _("Account %(name)s created. Password (shown once): %(password)s")
            % {"name": args.username, "password": password}
        )
        return EXIT_OK
    found = User.objects.filter(username=args.username).first()
    if found is None:
        _out(_("No Cakupan account named %(name)s.") % {"name": args.username}, sys.stderr)
        return EXIT_DATA
    account = found
    if args.user_command == "token":
        from cakupan.accounts.tokens import token_create
        from cakupan.regions.codes import CodeError, normalise

        try:
            codes = [normalise(code) for code in args.region]
            _token, plain = token_create(
                user=account, name=args.name, role=args.role, region_codes=codes, days=args.days
            )
        except (ValidationError, CodeError) as exc:
            _out(" ".join(getattr(exc, "messages", [str(exc)])), sys.stderr)
            return EXIT_USAGE
        _out(plain)
        return EXIT_OK
    if args.user_command == "grant":
        problem = _grant(account, args)
        if problem:
            _out(problem, sys.stderr)
            return EXIT_USAGE
        _out(_("Role %(role)s given to %(name)s.") % {"role": args.role, "name": args.username})
        return EXIT_OK
    password = generate_password()
    user_set_password(user=account, password=password)
    _out(
        _("New password for %(name)s (shown once): %(password)s")
        % {"name": args.username, "password": password}
    )
    return EXIT_OK


def cmd_manage(args: argparse.Namespace, lang: str) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cakupan manage", *args.args])
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, str], int]] = {
    "init": cmd_init,
    "import": cmd_import,
    "indicators": cmd_indicators,
    "ranking": cmd_ranking,
    "serve": cmd_serve,
    "demo": cmd_demo,
    "user": cmd_user,
    "manage": cmd_manage,
    "worker": cmd_worker,
    "report": cmd_report,
    "report-batch": cmd_report_batch,
    "match": cmd_match,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "nik-sweep": cmd_nik_sweep,
    "pack": cmd_pack,
    "digest": cmd_digest,
    "poverty": cmd_poverty,
}

if __name__ == "__main__":
    sys.exit(main())
