"""`cakupan import DATASET FILE [--dry-run] [--user NAME] [--json]`: one file of any dataset of the data
contract. A dataset goes through the import pipeline (validate_file, import_plan, import_commit with its
store) unless its app registers a service of its own for the command (`IMPORTS` in the app's commands.py:
employers, the region crosswalk, the Monev registers); participant files and region boundaries, read whole
by their own readers, go to the participants and maps apps."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cakupan.cli.registry import dataset_imports
from cakupan.common.formatting import fmt_decimal, fmt_int
from cakupan.common.nik_guard import upload_name
from cakupan.core.commands import EXIT_DATA, EXIT_OK, EXIT_USAGE, Command, DatasetImport, operator, out
from cakupan.imports import registry
from cakupan.imports import selectors as import_selectors
from cakupan.imports.datasets import FIGURE_DATASETS
from cakupan.imports.models import ImportBatch
from cakupan.imports.services import import_commit, import_plan
from cakupan.imports.validation import validate_file
from cakupan.maps.services import boundaries_import
from cakupan.participants.cli import cmd_import_participants


def _progress(lang: str) -> Callable[[str, int, int], None]:
    def report(stage: str, done: int, total: int) -> None:
        if stage == "write":
            out(
                _("Writing %(done)s of %(total)s figures…")
                % {"done": fmt_int(done, lang), "total": fmt_int(total, lang)},
                sys.stderr,
            )
        else:
            out(
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
    if value is None:
        return "–"
    if isinstance(value, int):
        return fmt_int(value, lang)
    return fmt_decimal(Decimal(str(value)), lang)


def import_file(args: argparse.Namespace, lang: str) -> int:
    if args.dataset == "participants":
        return cmd_import_participants(args, lang)
    known = registry.names()
    if args.dataset not in known:
        out(
            _("Unknown dataset %(name)s; choose one of: %(names)s")
            % {"name": args.dataset, "names": ", ".join(known)},
            sys.stderr,
        )
        return EXIT_USAGE
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        out(_("Cannot read %(file)s: %(error)s") % {"file": args.file, "error": exc.strerror}, sys.stderr)
        return EXIT_USAGE
    args.file = args.file.with_name(upload_name(args.file.name, kind=args.dataset))  # never a NIK in a name
    user = None
    if args.user:
        user = get_user_model().objects.filter(username=args.user).first()
        if user is None:
            out(_("No Cakupan account named %(name)s.") % {"name": args.user}, sys.stderr)
            return EXIT_USAGE
    if args.dataset == "boundaries":
        return _import_boundaries(args, content, user, lang)
    by_service = dataset_imports().get(args.dataset)
    if by_service is not None:
        return _import_by_service(by_service, args, content, user, lang)
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
            out(json.dumps(report, ensure_ascii=False, indent=2))
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
        replaced_rows = (
            import_selectors.replaced_figure_rows(user, plan, dataset=args.dataset)
            if args.dataset in FIGURE_DATASETS
            else []
        )
        report["replaced_figures"] = replaced_rows
        if args.json:
            out(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        else:
            out(summary)
            out(
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
                out(
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
                out(
                    _("  … and %(n)s more (--json lists the first 200).")
                    % {"n": fmt_int(len(plan.replaced) - REPLACED_SHOWN, lang)}
                )
        return EXIT_OK
    actor = operator()
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
        out(json.dumps(report, ensure_ascii=False, indent=2))
        return EXIT_OK
    out(summary)
    if batch is None:
        out(_("Nothing changed: every figure in the file equals the stored one."))
    else:
        out(
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
    return text % {"n": fmt_int(n, lang)}


def _print_problems(file_name: str, problems: list[Any], lang: str) -> None:
    out(
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
        out(f"{p.file}: {where}{column}{value}: {p.reason}")


def _print_warnings(warnings: list[Any]) -> None:
    """What a valid file should be checked for (codes read in another system than meant)."""
    for p in warnings:
        where = _("row %(row)s") % {"row": p.row} if p.row else _("file")
        out(
            _("Warning: %(file)s: %(where)s: %(reason)s")
            % {"file": p.file, "where": where, "reason": p.reason}
        )


def _import_boundaries(args: argparse.Namespace, content: bytes, user: Any, lang: str) -> int:
    """Region boundaries (GeoJSON) for the maps: validated whole, stored simplified, or refused whole."""
    result = boundaries_import(
        file_name=args.file.name,
        content=content,
        dry_run=args.dry_run,
        by=user,
        actor=operator(),
        source="cli",
    )
    if args.json:
        out(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK if result.ok else EXIT_DATA
    if not result.ok:
        _print_problems(args.file.name, result.problems, lang)
        return EXIT_DATA
    out(
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
        out(_("Stored as import batch #%(id)s.") % {"id": result.batch_id})
    return EXIT_OK


def _import_by_service(
    by_service: DatasetImport, args: argparse.Namespace, content: bytes, user: Any, lang: str
) -> int:
    outcome, problems = by_service.run(
        file_name=args.file.name, content=content, by=user, actor=operator(), dry_run=args.dry_run
    )
    report = outcome.as_dict()
    if args.json:
        out(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return EXIT_OK if outcome.ok else EXIT_DATA
    if not outcome.ok:
        _print_problems(args.file.name, problems, lang)
        return EXIT_DATA
    counts = {
        key: fmt_int(int(report.get(key) or 0), lang) for key in ("rows", "new", "replaced", "unchanged")
    }
    rows = int(report.get("rows") or 0)
    if args.dry_run:
        out(
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
        out(
            ngettext(
                "%(file)s: %(rows)s row stored: %(new)s new, %(replaced)s replaced, %(unchanged)s unchanged.",
                "%(file)s: %(rows)s rows stored: %(new)s new, %(replaced)s replaced, "
                "%(unchanged)s unchanged.",
                rows,
            )
            % {"file": args.file.name, **counts}
        )
    return EXIT_OK


def _parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("import", parents=[common], help="import one file of a dataset")
    parser.add_argument(
        "dataset",
        help=" | ".join(f"{d.name} ({'/'.join(d.formats)})" for d in registry.datasets()),
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="validate only; store nothing")
    parser.add_argument("--user", help="record this Cakupan account as the importer")
    parser.add_argument("--json", action="store_true", help="machine-readable report")


# The participants app adds its options (engine, pseudonymisation key, --covers) to this parser.
COMMANDS = [Command("import", import_file, _parser)]
