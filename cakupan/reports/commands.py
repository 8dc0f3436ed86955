"""`cakupan report REGION PERIOD --out FILE` (PDF or XLSX by the file's extension) and `cakupan report-batch
LEVEL PERIOD --out FILE.zip`, the reports of every region of a level through the job queue (resumable)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cakupan.common.formatting import fmt_int
from cakupan.core.commands import EXIT_DATA, EXIT_OK, EXIT_USAGE, Command, out, write_file
from cakupan.indicators.commands import region_and_period
from cakupan.jobs.models import Job
from cakupan.jobs.progress import follow
from cakupan.reports.content import NoFigures
from cakupan.reports.pdf import PdfUnavailable
from cakupan.reports.services import batch_params, batch_regions, report_render


def report(args: argparse.Namespace, lang: str) -> int:
    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "xlsx"):
        out(_("The output file must end in .pdf or .xlsx."), sys.stderr)
        return EXIT_USAGE
    resolved = region_and_period(args.region, args.period)
    if isinstance(resolved, str):
        out(resolved, sys.stderr)
        return EXIT_DATA
    region, period = resolved
    try:
        # The command line reads as the public pages do; district reports need the web or API with a role.
        rendered = report_render(user=AnonymousUser(), code=region.code, period=period, fmt=fmt, lang=lang)
    except NoFigures:
        out(
            _("No figures for %(name)s (%(code)s) in %(period)s.")
            % {"name": region.name, "code": region.code, "period": period},
            sys.stderr,
        )
        return EXIT_DATA
    except PermissionDenied:
        out(_("District and village reports are not public; download them from the region page."), sys.stderr)
        return EXIT_DATA
    except PdfUnavailable as error:
        out(str(error), sys.stderr)
        return EXIT_DATA
    write_file(args.out, rendered.content)
    out(
        _("Report written to %(path)s (%(size)s bytes).")
        % {"path": args.out, "size": fmt_int(len(rendered.content), lang)}
    )
    return EXIT_OK


def report_batch(args: argparse.Namespace, lang: str) -> int:
    resolved = region_and_period("00", args.period)
    if isinstance(resolved, str):
        out(resolved, sys.stderr)
        return EXIT_DATA
    _national, period = resolved
    if not batch_regions(args.level, period):
        out(_("No figures for %(period)s.") % {"period": period}, sys.stderr)
        return EXIT_DATA
    params = batch_params(level=args.level, period=period, fmt=args.format, lang=lang)
    job = follow(kind="reports.batch", params=params, stream=sys.stderr)
    if job.status != Job.Status.DONE:
        out(_("The batch stopped: %(error)s") % {"error": job.error}, sys.stderr)
        return EXIT_DATA
    args.out.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.out.with_name(args.out.name + ".part")
    shutil.copyfile(job.result_path, temporary)
    os.replace(temporary, args.out)
    with zipfile.ZipFile(args.out) as archive:
        written = len(archive.namelist())  # what the zip holds, whatever the job counted
    out(
        ngettext("%(count)s report written to %(path)s.", "%(count)s reports written to %(path)s.", written)
        % {"count": fmt_int(written, lang), "path": args.out}
    )
    return EXIT_OK


def _report_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "report", parents=[common], help="the Monev report of a region and month (PDF, XLSX)"
    )
    parser.add_argument("region")
    parser.add_argument("period")
    parser.add_argument("--out", type=Path, required=True, help="FILE.pdf or FILE.xlsx")


def _batch_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "report-batch", parents=[common], help="the reports of all regions of a level as one zip (resumable)"
    )
    parser.add_argument("level", choices=["provinsi", "kabupaten", "semua"])
    parser.add_argument("period")
    parser.add_argument("--out", type=Path, required=True, help="FILE.zip")
    parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")


COMMANDS = [
    Command("report", report, _report_parser),
    Command("report-batch", report_batch, _batch_parser),
]
