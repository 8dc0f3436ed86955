"""Making reports: one region and month as PDF or XLSX, and the batch of all regions of a level as a
background job whose result is one zip."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.accounts import access
from cakupan.common.formatting import fmt_month
from cakupan.core.codes import NATIONAL
from cakupan.indicators import library
from cakupan.indicators.versions import month_version
from cakupan.jobs.registry import job_kind
from cakupan.jobs.runner import JobContext
from cakupan.regions.models import Region
from cakupan.reports import printing
from cakupan.reports.content import report_content
from cakupan.reports.sections import shared_between_reports

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Levels of a batch: the query-string word (Indonesian, as in every address) → region levels.
LEVELS: dict[str, tuple[int, ...]] = {
    "provinsi": (Region.Level.PROVINCE,),
    "kabupaten": (Region.Level.REGENCY,),
    "semua": (Region.Level.PROVINCE, Region.Level.REGENCY),
}
BATCH_KIND = "reports.batch"


class ReportError(ValueError):
    """A request for a report that cannot be made as asked (unknown format or level)."""


@dataclass(frozen=True)
class Rendered:
    content: bytes
    file_name: str
    content_type: str


def report_render(*, user: Any, code: str, period: str, fmt: str, lang: str) -> Rendered:
    """The report as the user may read it (the region scope of the pages applies). Raises Http404,
    PermissionDenied, NoFigures (no figures for the month) or ReportError."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}: pdf or xlsx")
    content = report_content(user, code=code, period=period, lang=lang, with_charts=fmt == "pdf")
    if fmt == "pdf":
        from cakupan.reports.pdf import report_pdf

        data = report_pdf(content)
    else:
        from cakupan.reports.xlsx import report_xlsx

        data = report_xlsx(content)
    name = f"monev-{content.region.code}-{period}-{lang}.{fmt}"
    return Rendered(data, name, FORMATS[fmt])


def batch_regions(level: str, period: str) -> list[str]:
    """The regions of the level with figures for the month, provinces first, in code order."""
    if level not in LEVELS:
        raise ReportError(f"unknown level {level!r}: {', '.join(LEVELS)}")
    with_figures = set()
    for province in library.children_ranking(NATIONAL, period):
        with_figures.add(province.region_code)
        with_figures.update(r.region_code for r in library.children_ranking(province.region_code, period))
    regions = Region.objects.filter(level__in=LEVELS[level], code__in=with_figures)
    return list(regions.order_by("level", "code").values_list("code", flat=True))


def batch_params(*, level: str, period: str, fmt: str, lang: str) -> dict[str, Any]:
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}: pdf or xlsx")
    if level not in LEVELS:
        raise ReportError(f"unknown level {level!r}: {', '.join(LEVELS)}")
    # The figures version makes new figures new work; the same request on the same figures is served
    # the zip already made.
    return {
        "level": level,
        "period": period,
        "format": fmt,
        "lang": lang,
        "version": month_version(period),
    }


def batch_remake(params: dict[str, Any]) -> tuple[str, dict[str, str]] | None:
    """When the month's figures have changed since the batch was made: where to ask for it again, and
    with what (the form of the batch page). None while it is current."""
    from django.urls import reverse

    period = str(params.get("period", ""))
    if not period or params.get("version") == month_version(period):
        return None
    fields = {
        "periode": period,
        "tingkat": str(params.get("level", "")),
        "format": str(params.get("format", "")),
        "bahasa": str(params.get("lang", "")),
    }
    return reverse("reports:batch"), fields


def may_ask_for_batches(user: Any, params: dict[str, Any]) -> bool:
    """Any user with a role: a batch holds only what the public pages show (it is made as the public)."""
    return bool(getattr(user, "is_authenticated", False) and access.roles(user))


def describe_batch(params: dict[str, Any]) -> str:
    """What a batch holds, in words: "Provinces · Juni 2024 · PDF · Bahasa Indonesia"."""
    from django.utils.translation import get_language

    levels = {
        "provinsi": _("Provinces"),
        "kabupaten": _("Regencies and cities"),
        "semua": _("Provinces, regencies and cities"),
    }
    language = "English" if params.get("lang") == "en" else "Bahasa Indonesia"
    month = fmt_month(params.get("period"), get_language())
    return " · ".join(
        [levels.get(params.get("level", ""), ""), month, str(params.get("format", "")).upper(), language]
    )


@job_kind(
    BATCH_KIND,
    label=gettext_lazy("Monev reports of all regions of a level"),
    describe=describe_batch,
    remake=batch_remake,
)
def reports_batch(context: JobContext) -> None:
    """Each region's report is written to its own file as it is made; a resumed job skips those already
    there, and the zip is made at the end."""
    params = context.params
    fmt, lang, period, level = params["format"], params["lang"], params["period"], params["level"]
    codes = batch_regions(level, period)
    parts = _parts_folder(context.folder, month_version(period))
    # The count is of reports, as the zip holds them: "38 of 38", never one more for the zipping itself.
    context.start(len(codes), message=f"{level} {period}")
    context.job.done = 0
    public = AnonymousUser()
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    todo = []
    for code in codes:
        target = parts / f"monev-{code}-{period}-{lang}.{fmt}"
        if target.exists():
            context.advance(message=names.get(code, code))
        else:
            todo.append((code, target))
    with shared_between_reports():  # e.g. a province's scorecard, made once for all its regencies
        if fmt == "pdf" and len(todo) > 1 and printing.processes() > 1:
            _batch_pdfs(context, todo, period=period, lang=lang, names=names)
        else:
            for code, target in todo:
                rendered = report_render(user=public, code=code, period=period, fmt=fmt, lang=lang)
                _write_atomically(target, rendered.content)
                context.advance(message=names.get(code, code))
    name = f"monev-{level}-{period}-{lang}-{fmt}.zip"
    _zip(context.folder / name, [parts / f"monev-{code}-{period}-{lang}.{fmt}" for code in codes])
    context.advance(0, message=name, force=True)
    context.finish(result_name=name)


def _batch_pdfs(
    context: JobContext, todo: list[tuple[str, Path]], *, period: str, lang: str, names: dict[str, str]
) -> None:
    """The PDFs of the batch in order, with WeasyPrint in a pool of processes (`printing`): this process
    reads each report's figures, draws its charts and writes its HTML while the pool turns the ones before
    into PDF. Each report is written as soon as it is made, in order, and counted then; when the job is
    stopped the reports the pool has begun are finished and written, so a resumed job makes only the rest."""
    from cakupan.reports.pdf import pdf_base_url, report_html

    public = AnonymousUser()
    base_url = pdf_base_url()
    workers = printing.processes()
    pending: deque[tuple[str, Path, Future[bytes]]] = deque()

    def write_oldest() -> None:
        code, target, future = pending.popleft()
        _write_atomically(target, future.result())
        context.advance(message=names.get(code, code))

    with printing.pool(workers) as pool:
        try:
            for code, target in todo:
                html = report_html(report_content(public, code=code, period=period, lang=lang))
                pending.append((code, target, pool.submit(printing.write_pdf, html, base_url)))
                # One more report ready than there are processes, so that none of them waits for work.
                while len(pending) > workers:
                    write_oldest()
            while pending:
                write_oldest()
        except BaseException:
            # Stopped (or a report failed): what the pool had already begun is finished and kept.
            pool.shutdown(wait=True, cancel_futures=True)
            for code, target, future in pending:
                if not future.cancelled() and future.exception() is None:
                    _write_atomically(target, future.result())
                    context.advance(message=names.get(code, code))
            context.advance(0, force=True)  # the count of reports written, as the resumed job finds them
            raise


def _parts_folder(folder: Path, version: str) -> Path:
    """Where the reports are made, by the figures they are made from: a job resumed after new figures came
    in makes every report again instead of zipping reports of two imports together."""
    parts = folder / "parts"
    current = parts / version
    for other in parts.iterdir() if parts.exists() else []:
        if other == current:
            continue
        if other.is_dir():
            shutil.rmtree(other)
        else:
            other.unlink()
    current.mkdir(parents=True, exist_ok=True)
    return current


def _write_atomically(path: Path, data: bytes) -> None:
    """A file is either complete or absent: an interrupted job never leaves half a report to resume from."""
    temporary = path.with_suffix(path.suffix + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _zip(path: Path, files: list[Path]) -> None:
    temporary = path.with_suffix(".zip.part")
    # PDF and XLSX are compressed already: stored, not deflated again.
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
        for file in files:
            archive.write(file, arcname=file.name)
    os.replace(temporary, path)
