"""Command-line parts of the participants app, registered in `cakupan/participants/commands.py`:

- `cakupan import participants FILE [--covers CODE ...] [--engine duckdb|spark] [--spark-master URL]
  [--memory-limit 4GB] [--pseudonymise-key-file F | --pseudonymise-key-env VAR] [--dry-run] [--user NAME]
  [--json] [--progress]` (a progress bar on standard error: on a terminal, or with --progress)
- `cakupan match LIST --region CODE [--name NAME] [--period YYYY-MM] [--engine …] [--pseudonymise-key-file F
  | --pseudonymise-key-env VAR] [--user NAME] [--json]`

Exit codes as every command: 0 done, 1 the file is refused (every problem listed, nothing stored), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _out(text: str = "", stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout, flush=True)


def _engine_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("participant-level engine")
    group.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb", help="default: duckdb")
    group.add_argument("--spark-master", help="Spark master URL (default local[2], or CAKUPAN_SPARK_MASTER)")
    group.add_argument("--memory-limit", help="DuckDB memory limit, e.g. 4GB (default CAKUPAN_ENGINE_MEMORY)")
    keys = group.add_mutually_exclusive_group()
    keys.add_argument(
        "--pseudonymise-key-file", type=Path, help="replace a raw NIK column by its HMAC with the key in FILE"
    )
    keys.add_argument(
        "--pseudonymise-key-env", metavar="VAR", help="the same, with the key in environment variable VAR"
    )


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `match`, and the participants options to the existing `import` command."""
    importer = sub.choices.get("import")
    if importer is not None:
        _engine_options(importer)
        importer.add_argument(
            "--covers",
            action="append",
            default=[],
            metavar="CODE",
            help=(
                "participants: the file is complete for this region (00: national; repeatable); without "
                "it the file stands only for the villages it has rows for"
            ),
        )
        importer.add_argument(
            "--progress",
            action="store_true",
            help="participants: show how far the import is on standard error also when it is not a terminal",
        )
    matcher = sub.add_parser(
        "match",
        parents=[common],
        help="how many people on a list are active participants (by region, agency)",
    )
    matcher.add_argument(
        "list", type=Path, help="CSV or Parquet: nik_hash (or nik), region_code, agency, category"
    )
    matcher.add_argument("--region", required=True, help="the region of the list; every member must be in it")
    matcher.add_argument("--name", help="name of the list (default: the file name)")
    matcher.add_argument("--period", help="month to match against, YYYY-MM (default: the latest)")
    matcher.add_argument("--user", help="record this Cakupan account as the uploader")
    matcher.add_argument("--json", action="store_true", help="machine-readable report")
    _engine_options(matcher)


def _key(args: argparse.Namespace) -> bytes | None:
    from cakupan.analytics.nik import load_key

    if getattr(args, "pseudonymise_key_file", None):
        return load_key(key_file=args.pseudonymise_key_file)
    if getattr(args, "pseudonymise_key_env", None):
        return load_key(env_var=args.pseudonymise_key_env)
    return None


def _engine(args: argparse.Namespace) -> Any:
    from cakupan.analytics.engine import EngineConfig
    from cakupan.participants.services import engine_config

    config = engine_config(args.engine, spark_master=args.spark_master)
    if args.memory_limit:
        config = EngineConfig(**{**config.__dict__, "memory_limit": args.memory_limit})
    return config


def _user(args: argparse.Namespace) -> tuple[Any, bool]:
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _

    if not getattr(args, "user", None):
        return None, True
    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        _out(_("No Cakupan account named %(name)s.") % {"name": args.user}, sys.stderr)
        return None, False
    return user, True


def _problems(file_name: str, problems: list[Any], found: int, lang: str) -> None:
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from cakupan.common.formatting import fmt_int

    _out(
        ngettext(
            "%(file)s is refused: %(n)s problem. Nothing was stored.",
            "%(file)s is refused: %(n)s problems. Nothing was stored.",
            max(found, len(problems)),
        )
        % {"file": file_name, "n": fmt_int(max(found, len(problems)), lang)}
    )
    for p in problems:
        where = _("row %(row)s") % {"row": p.row} if p.row else _("file")
        column = _(", column %(column)s") % {"column": p.column} if p.column else ""
        value = _(', value "%(value)s"') % {"value": p.value} if p.value else ""
        _out(f"{p.file}: {where}{column}{value}: {p.reason}")
    if found > len(problems):
        _out(_("… and %(n)s more problems.") % {"n": fmt_int(found - len(problems), lang)})


def _prepare(args: argparse.Namespace, path: Path) -> tuple[Any, Any, int | None]:
    """(key, engine, exit code on a usage error)."""
    from django.utils.translation import gettext as _

    from cakupan.analytics.nik import KeyProblem

    if not path.is_file():
        _out(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": _("no such file")}, sys.stderr)
        return None, None, EXIT_USAGE
    try:
        key = _key(args)
    except KeyProblem as exc:
        _out(_("The pseudonymisation key cannot be used: %(error)s") % {"error": exc}, sys.stderr)
        return None, None, EXIT_USAGE
    return key, _engine(args), None


def cmd_import_participants(args: argparse.Namespace, lang: str) -> int:
    """`cakupan import participants FILE`: validate, roll up, store through the import pipeline."""
    from django.utils.translation import gettext as _

    from cakupan.common.formatting import fmt_int
    from cakupan.imports.models import ImportBatch
    from cakupan.participants.services import CoversRefused, covers_parsed, participants_rollup_import

    key, engine, failed = _prepare(args, args.file)
    if failed is not None:
        return failed
    from cakupan.common.nik_guard import upload_name

    name = upload_name(args.file.name, kind="participants")  # a NIK in the name is never kept or shown
    user, found = _user(args)
    if not found:
        return EXIT_USAGE
    try:
        covers = covers_parsed(list(getattr(args, "covers", None) or []), user=user)
    except CoversRefused as exc:
        _out(str(exc), sys.stderr)
        return EXIT_USAGE
    dry_run = bool(getattr(args, "dry_run", False))
    stream = sys.stderr
    bar = ProgressBar(stream, lang, live=stream.isatty()) if stream.isatty() or args.progress else None
    if bar is not None:
        bar("read", 0, 0)
    done = participants_rollup_import(
        path=args.file,
        file_name=name,
        engine=engine,
        pseudonymise_key=key,
        user=user,
        source=ImportBatch.Source.CLI,
        covers=covers,
        dry_run=dry_run,
        progress=bar,
    )
    if bar is not None:
        bar.close()
    rollup, problems = done.rollup, done.problems
    found_n = max(rollup.problems_found, len(problems))
    report: dict[str, Any] = {
        "file": name,
        "dataset": "participants",
        "engine": engine.name,
        "rows": rollup.rows,
        "pseudonymised": rollup.pseudonymised,
        "valid": not problems,
        "dry_run": dry_run,
        "stored": done.changed,
        "batch_id": done.batch.pk if done.batch else None,
        "figures": len(done.validation.rows) if done.validation else 0,
        "program_figures": rollup.programs_table.num_rows if rollup.programs_table is not None else 0,
        "problems": [p.as_dict() for p in problems],
        "problems_found": found_n,
    }
    if not problems:
        report |= done.summary()
    if args.json:
        _out(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    elif problems:
        _problems(name, problems, found_n, lang)
    else:
        _preview_lines(done, name, lang)
        if dry_run:
            _out(_("Valid. Dry run: nothing was stored."))
        elif not done.changed:
            _out(_("Nothing changed: every figure equals the stored one."))
        else:
            _out(
                _(
                    "Stored: %(new)s new, %(replaced)s replaced and %(removed)s removed participation "
                    "figures (import batch %(batch)s), %(programs)s counts per program."
                )
                % {
                    "new": fmt_int(report["new_figures"], lang),
                    "replaced": fmt_int(report["replaced_figures"], lang),
                    "removed": fmt_int(report["removed_figures"], lang),
                    "batch": f"#{done.batch.pk}" if done.batch else "–",
                    "programs": fmt_int(done.program_changes, lang),
                }
            )
    return EXIT_DATA if problems else EXIT_OK


class ProgressBar:
    """How far an import is, on standard error: each step on a line of its own, and while figures are
    written a bar redrawn in place on a terminal (`live`); elsewhere (`--progress` into a file or a pipe)
    the line of a step is written once, with the count when it is done."""

    WIDTH = 30

    def __init__(self, stream: TextIO, lang: str, *, live: bool) -> None:
        self.stream, self.lang, self.live = stream, lang, live
        self.step = ""
        self.drawn = False

    def _label(self, step: str, total: int) -> str:
        from django.utils.translation import gettext as _
        from django.utils.translation import ngettext

        from cakupan.common.formatting import fmt_int

        if step == "read":
            return _("Reading and checking the file (every value, a person once a month)…")
        if step == "compare":
            return _("Comparing the figures with the stored ones…")
        if step == "write":
            return _("Writing participation figures")
        if step == "programs":
            return _("Writing counts per program")
        if step == "rollup":
            return ngettext(
                "Recomputing every region's figures for %(n)s month…",
                "Recomputing every region's figures for %(n)s months…",
                total,
            ) % {"n": fmt_int(total, self.lang)}
        return step

    def __call__(self, step: str, done: int, total: int) -> None:
        from cakupan.common.formatting import fmt_int

        counted = step in ("write", "programs") and total > 0
        if step != self.step:
            self._end_line()
            self.step = step
            if not counted:
                self.stream.write(self._label(step, total) + "\n")
                self.stream.flush()
                return
        if not counted:
            return
        share = min(1.0, done / total)
        counts = f"{fmt_int(done, self.lang)} / {fmt_int(total, self.lang)}"
        if self.live:
            filled = round(self.WIDTH * share)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.stream.write(f"\r{self._label(step, total)} [{bar}] {share:4.0%} {counts}")
            self.drawn = True
        elif done >= total:
            self.stream.write(f"{self._label(step, total)}: {counts}\n")
        self.stream.flush()

    def _end_line(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def close(self) -> None:
        self._end_line()


def _preview_lines(done: Any, name: str, lang: str) -> None:
    """What the file holds and what it would change: people, merged records, identical rows, people
    kept in another village, its coverage, and the files whose figures it replaces or removes."""
    from django.utils.translation import gettext as _

    from cakupan.common.formatting import fmt_int, fmt_month
    from cakupan.imports.templatetags.import_format import item_label

    summary = done.summary()
    _out(
        _(
            "%(file)s: %(rows)s records of %(persons)s people (%(merged)s records merged into another of the "
            "same person, %(identical)s identical duplicate rows); %(figures)s participation figures, "
            "%(months)s."
        )
        % {
            "file": name,
            "rows": fmt_int(summary["rows"], lang),
            "persons": fmt_int(summary["persons"], lang),
            "merged": fmt_int(summary["merged_records"], lang),
            "identical": fmt_int(summary["identical_rows"], lang),
            "figures": fmt_int(len(done.validation.rows) if done.validation else 0, lang),
            "months": ", ".join(summary["periods"]),
        }
    )
    for row in summary["identical_examples"]:
        _out(
            _("  identical rows: %(hash)s %(region)s %(period)s %(segment)s %(status)s, %(copies)s times")
            % {
                "hash": row["nik_hash"],
                "region": row["region_code"],
                "period": row["period"],
                "segment": row["segment"],
                "status": row["status"],
                "copies": row["copies"],
            }
        )
    if summary["kept_elsewhere"]:
        _out(
            _(
                "%(n)s people are already counted in another village by another file of the month: they "
                "stay there and are not counted here."
            )
            % {"n": fmt_int(summary["kept_elsewhere"], lang)}
        )
        for row in summary["kept_elsewhere_examples"]:
            _out(
                _("  %(hash)s %(period)s: in %(region)s here, counted in %(stored)s")
                % {
                    "hash": row["nik_hash"],
                    "period": row["period"],
                    "region": row["region_code"],
                    "stored": row["stored_region"],
                }
            )
    if summary["covers"]:
        _out(_("Declared complete for: %(codes)s.") % {"codes": ", ".join(_named(summary["covers"]))})
    else:
        _out(_("Not declared complete for any region: it stands for the villages it has rows for."))
    for replaced in summary["replaces"]:
        origin = _("aggregate file") if replaced["origin"] == "aggregate" else _("participant file")
        _out(
            _(
                "Replaces %(replaced)s and removes %(removed)s figures of %(origin)s %(file)s (import batch "
                "#%(batch)s)."
            )
            % {
                "replaced": fmt_int(replaced["replaced"], lang),
                "removed": fmt_int(replaced["removed"], lang),
                "origin": origin,
                "file": replaced["file_name"],
                "batch": replaced["batch_id"],
            }
        )
    for replaced in summary["replaced"][:50]:
        _out(
            _(
                "  replaced: %(region)s %(period)s %(segment)s/%(status)s %(old)s → %(new)s "
                "(%(origin)s, #%(batch)s)"
            )
            % {
                "region": replaced["region_code"],
                "period": fmt_month(replaced["period"], lang),
                "segment": replaced["segment"],
                "status": item_label(replaced["status"]),
                "old": fmt_int(replaced["participants"], lang),
                "new": fmt_int(replaced["new_participants"], lang),
                "origin": _("aggregate file") if replaced["origin"] == "aggregate" else _("participant file"),
                "batch": replaced["batch_id"],
            }
        )
    for removed in summary["removed"][:50]:
        _out(
            _("  removed: %(region)s %(period)s %(segment)s/%(status)s (%(n)s)")
            % {
                "region": removed["region_code"],
                "period": fmt_month(removed["period"], lang),
                "segment": removed["segment"],
                "status": item_label(removed["status"]),
                "n": fmt_int(removed["participants"], lang),
            }
        )


def _named(codes: list[str]) -> list[str]:
    """Region codes with their names, as officers know them: "53.71 Kota Kupang"."""
    from cakupan.regions.models import Region

    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [f"{code} {names[code]}" if code in names else code for code in codes]


def cmd_match(args: argparse.Namespace, lang: str) -> int:
    """`cakupan match LIST --region CODE`: how many of the list are active participants."""
    from django.utils.translation import gettext as _

    from cakupan.common.formatting import fmt_int
    from cakupan.core.codes import CodeError, normalise
    from cakupan.participants.selectors import match_table
    from cakupan.participants.services import MatchRefused, match_list_create

    key, engine, failed = _prepare(args, args.list)
    if failed is not None:
        return failed
    from cakupan.common.nik_guard import upload_name

    list_name = upload_name(args.list.name, kind="match-list")  # a NIK in the name is never kept or shown
    try:
        region = normalise(args.region)
    except CodeError:
        _out(_("Not a region code: %(code)s") % {"code": args.region}, sys.stderr)
        return EXIT_USAGE
    user, found = _user(args)
    if not found:
        return EXIT_USAGE
    try:
        outcome = match_list_create(
            name=args.name or list_name,
            region_code=region,
            file_name=list_name,
            content=args.list.read_bytes(),
            user=user,
            period=args.period,
            pseudonymise_key=key,
            engine=engine,
            actor="cli",
        )
    except MatchRefused as exc:
        _out(str(exc), sys.stderr)
        return EXIT_DATA
    if outcome.match_list is None:
        if args.json:
            _out(json.dumps({"valid": False, "problems": [p.as_dict() for p in outcome.problems]}, indent=2))
        else:
            _problems(list_name, outcome.problems, outcome.result.problems_found, lang)
        return EXIT_DATA
    match_list = outcome.match_list
    table = match_table(match_list)
    if args.json:
        body = {
            "id": match_list.pk,
            "period": match_list.period,
            "suppression_k": table.k,
            "rows": [
                {"region_code": r.region_code, "agency": r.agency, "category": r.category, **r.cells}
                for r in table.rows
            ],
            "totals": table.totals,
        }
        _out(json.dumps(body, ensure_ascii=False, indent=2))
        return EXIT_OK
    _out(
        _("%(name)s (#%(id)s): %(listed)s listed, %(matched)s active participants in %(period)s.")
        % {
            "name": match_list.name,
            "id": match_list.pk,
            "listed": fmt_int(table.totals["listed"], lang),
            "matched": fmt_int(table.totals["matched"], lang),
            "period": match_list.period,
        }
    )
    _out(_("Counts from 1 to %(k)s are hidden (–).") % {"k": table.k - 1})
    for r in table.rows:
        cells = " ".join(f"{c}={fmt_int(v, lang)}" for c, v in r.cells.items())
        _out(f"{r.region_code}\t{r.agency}\t{r.category}\t{cells}")
    return EXIT_OK
