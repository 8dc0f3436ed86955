"""`cakupan pack REGION PERIOD [--meeting ID] [--user NAME] --out FILE`, registered by `packs.commands`.

The pack is made directly (no background job): `.pptx`, `.pdf` or `.xlsx` by the file's extension. It reads
the figures as the public pages do, or as the account named by --user (whose scope then adds, e.g., the
compliance summary); a meeting's follow-ups are the operator's to print, as `cakupan backup` holds them.
Exit codes as every command: 0 written, 1 unknown region or meeting, or no figures (the nearest months
said as `cakupan indicators` says them), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cakupan.core.commands import out as _out
from cakupan.core.commands import write_file as _write_file
from cakupan.indicators.commands import no_data as _no_data
from cakupan.indicators.commands import region_and_period as _region_and_period

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    pack = sub.add_parser(
        "pack", parents=[common], help="the Monev meeting pack of a region and month (PPTX, PDF, XLSX)"
    )
    pack.add_argument("region")
    pack.add_argument("period")
    pack.add_argument("--meeting", type=int, help="the meeting (its id) the pack is for")
    pack.add_argument("--user", help="read the figures as this Cakupan account (default: as the public)")
    pack.add_argument("--out", type=Path, required=True, help="FILE.pptx, FILE.pdf or FILE.xlsx")


def run_pack(args: argparse.Namespace, lang: str) -> int:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from cakupan.common.formatting import fmt_int
    from cakupan.monev.models import Meeting
    from cakupan.packs.content import NoPackFigures, pack_build
    from cakupan.packs.render import FORMATS, pack_render
    from cakupan.reports.pdf import PdfUnavailable

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        _out(_("The output file must end in .pptx, .pdf or .xlsx."), sys.stderr)
        return EXIT_USAGE
    resolved = _region_and_period(args.region, args.period)
    if isinstance(resolved, str):
        _out(resolved, sys.stderr)
        return EXIT_DATA
    region, period = resolved
    meeting = None
    if args.meeting is not None:
        meeting = Meeting.objects.filter(pk=args.meeting).first()
        if meeting is None or meeting.region_id != region.code:
            _out(
                _("No meeting %(id)s hosted by %(name)s (%(code)s).")
                % {"id": args.meeting, "name": region.name, "code": region.code},
                sys.stderr,
            )
            return EXIT_DATA
    user: Any = AnonymousUser()
    if args.user:
        user = get_user_model().objects.filter(username=args.user, is_active=True).first()
        if user is None:
            _out(_("No active account %(name)s.") % {"name": args.user}, sys.stderr)
            return EXIT_USAGE
    try:
        pack = pack_build(
            user, code=region.code, period=period, lang=lang, meeting=meeting, drawings=fmt == "pdf"
        )
        data = pack_render(pack, fmt)
    except NoPackFigures:
        _out(_no_data(region, period, lang), sys.stderr)
        return EXIT_DATA
    except PermissionDenied:
        _out(
            _("District and village figures need an account with a role for the region (--user)."), sys.stderr
        )
        return EXIT_DATA
    except PdfUnavailable as error:
        _out(str(error), sys.stderr)
        return EXIT_DATA
    _write_file(args.out, data)
    _out(
        _("Meeting pack written to %(path)s (%(size)s bytes).")
        % {"path": args.out, "size": fmt_int(len(data), lang)}
    )
    return EXIT_OK
