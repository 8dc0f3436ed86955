"""Writes of the Monev register. Each service checks the writer's capability for the record's region
(the views check it too, to answer before a form is shown) and runs in one transaction."""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.common.bulk import bulk_insert
from cakupan.common.dated import value_on
from cakupan.core.codes import NATIONAL
from cakupan.imports.models import ImportBatch
from cakupan.imports.selectors import import_scope
from cakupan.imports.services import import_commit
from cakupan.imports.stores import Progress, RowPlan, register_store, store_for
from cakupan.imports.validation import Validation
from cakupan.indicators import library
from cakupan.indicators.models import Target
from cakupan.monev import config
from cakupan.monev.importing import MonevValidation, Row
from cakupan.monev.models import (
    AddresseeReport,
    Attendee,
    BenefitFigure,
    BudgetLine,
    CommitmentSource,
    Document,
    FollowUp,
    InpresInstruction,
    Meeting,
    MeetingItem,
    MeetingSignatories,
    MonevParameter,
    Regulation,
    SemesterNarrative,
    StaffCoverage,
    VulnerableFunding,
)
from cakupan.regions.models import Region
from cakupan.regions.scope import RegionScope


def require_writer(user: Any, region_code: str, cap: str = Cap.WRITE_MONEV) -> None:
    if user is not None and not access.can(user, cap, region_code):
        raise PermissionDenied(
            _("You may not write Monev records for region %(code)s.") % {"code": region_code}
        )


# --- documents -------------------------------------------------------------------------------------------


def document_check(upload: UploadedFile) -> str:
    """The type of an acceptable file (pdf, jpeg, png, docx); ValidationError saying why not."""
    limit = config.document_max_bytes()
    if (upload.size or 0) > limit:
        raise ValidationError(_("The file is larger than %(limit)d MB.") % {"limit": limit // 2**20})
    name = (upload.name or "").lower()
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    kind = config.EXTENSIONS.get(extension)
    allowed = config.document_types()
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("Documents must be of type %(types)s.") % {"types": ", ".join(t.upper() for t in allowed)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in config.KNOWN_TYPES[kind][1]):
        raise ValidationError(_("The content of the file is not %(type)s.") % {"type": kind.upper()})
    return kind


def document_store(*, upload: UploadedFile, region: Region, public: bool, by: Any) -> Document:
    """Keep the file under DATA_DIR/documents with a random name; the record says what it is."""
    kind = document_check(upload)
    stored_name = f"{secrets.token_hex(16)}.{kind}"
    digest = hashlib.sha256()
    path = config.documents_dir() / stored_name
    with path.open("xb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return Document.objects.create(
        region=region,
        original_name=(upload.name or stored_name)[:255],
        stored_name=stored_name,
        content_type=config.KNOWN_TYPES[kind][0],
        size_bytes=upload.size or path.stat().st_size,
        sha256=digest.hexdigest(),
        public=public,
        uploaded_by=by,
    )


# --- regulations ---------------------------------------------------------------------------------------


@transaction.atomic
def regulation_create(
    *,
    region: Region,
    kind: str,
    number: str,
    issued_on: date,
    title: str,
    topics: list[str],
    acts_on: Iterable[InpresInstruction],
    document: UploadedFile | None,
    by: Any,
) -> Regulation:
    require_writer(by, region.code)
    regulation = Regulation.objects.create(
        region=region,
        kind=kind,
        number=number,
        issued_on=issued_on,
        title=title,
        topics=sorted(set(topics)),
        document=document_store(upload=document, region=region, public=True, by=by) if document else None,
        created_by=by,
    )
    regulation.acts_on.set(list(acts_on))
    return regulation


@transaction.atomic
def regulation_update(
    *,
    regulation: Regulation,
    kind: str,
    number: str,
    issued_on: date,
    title: str,
    topics: list[str],
    acts_on: Iterable[InpresInstruction],
    document: UploadedFile | None,
    by: Any,
) -> Regulation:
    require_writer(by, regulation.region_id)
    regulation.kind = kind
    regulation.number = number
    regulation.issued_on = issued_on
    regulation.title = title
    regulation.topics = sorted(set(topics))
    if document is not None:
        regulation.document = document_store(upload=document, region=regulation.region, public=True, by=by)
    regulation.save()
    regulation.acts_on.set(list(acts_on))
    return regulation


# --- meetings and follow-ups ---------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    region: Region,
    held_on: date,
    place: str,
    institutions: str,
    agenda: str,
    by: Any,
    other_regions: Iterable[Region] = (),
) -> Meeting:
    require_writer(by, region.code)
    meeting = Meeting.objects.create(
        region=region, held_on=held_on, place=place, institutions=institutions, agenda=agenda, created_by=by
    )
    others = [r for r in other_regions if r.code != region.code]
    if others:
        meeting.other_regions.set(others)
    return meeting


@transaction.atomic
def meeting_item_add(*, meeting: Meeting, kind: str, text: str, by: Any) -> MeetingItem:
    require_writer(by, meeting.region_id)
    return MeetingItem.objects.create(meeting=meeting, region_id=meeting.region_id, kind=kind, text=text)


@transaction.atomic
def follow_up_create(
    *,
    meeting: Meeting,
    action: str,
    responsible: str,
    due_on: date,
    recommendation: MeetingItem | None,
    by: Any,
    owner: Any = None,
) -> FollowUp:
    """`owner`: the accounts.Office that owns it (its users see it as theirs), or None."""
    require_writer(by, meeting.region_id)
    if recommendation is not None and recommendation.meeting_id != meeting.pk:
        raise ValidationError(_("The recommendation belongs to another meeting."))
    return FollowUp.objects.create(
        meeting=meeting,
        region_id=meeting.region_id,
        recommendation=recommendation,
        action=action,
        responsible=responsible,
        due_on=due_on,
        owner=owner,
    )


# --- commitments ---------------------------------------------------------------------------------------


@transaction.atomic
def commitment_create(
    *,
    meeting: Meeting,
    region: Region,
    indicator: str,
    value: Decimal,
    deadline: date,
    owner: Any,
    source: str,
    by: Any,
) -> Target:
    """A commitment agreed at a meeting for the host region or one of its invited regions, owned by an
    office (accounts.Office) or by nobody yet: a target of the one register (no batch), the meeting kept
    as its Monev source."""
    require_writer(by, meeting.region_id)
    invited = meeting.other_regions.filter(pk=region.pk).exists()
    if region.pk != meeting.region_id and not invited:
        raise ValidationError(_("The region is neither the meeting's host nor one of its invited regions."))
    if indicator not in Target.Indicator.values:
        raise ValidationError(_("Unknown indicator %(name)s.") % {"name": indicator})
    if value <= 0:
        raise ValidationError(_("The target value must be above 0."))
    if indicator in Target.PERCENT and value > 100:
        raise ValidationError(_("A percentage target is at most 100."))
    if deadline < meeting.held_on:
        raise ValidationError(_("The deadline is before the meeting."))
    target = Target.objects.create(
        region=region,
        indicator=indicator,
        value=value,
        year=meeting.held_on.year,
        deadline=deadline,
        source=source,
        owner=owner,
        created_by=by,
    )
    CommitmentSource.objects.create(target=target, region=region, meeting=meeting)
    return target


@transaction.atomic
def follow_up_update(
    *,
    follow_up: FollowUp,
    status: str,
    done_on: date | None,
    evidence_note: str,
    evidence: UploadedFile | None,
    by: Any,
) -> FollowUp:
    """Move a follow-up on; done needs the day it was done (today when not given)."""
    require_writer(by, follow_up.region_id)
    follow_up.status = status
    if status == FollowUp.Status.DONE:
        follow_up.done_on = done_on or timezone.localdate()
    else:
        follow_up.done_on = None
    follow_up.evidence_note = evidence_note
    if evidence is not None:
        region = Region.objects.get(code=follow_up.region_id)
        follow_up.evidence = document_store(upload=evidence, region=region, public=False, by=by)
    follow_up.save()
    return follow_up


# --- attendance and the minutes' signatories ------------------------------------------------------------


@transaction.atomic
def attendee_add(
    *,
    meeting: Meeting,
    agency: str,
    position: str,
    person_name: str,
    attended: bool,
    head_of_region: bool,
    by: Any,
) -> Attendee:
    """An invited agency, and whether it came; the head of region in person only counts when present."""
    require_writer(by, meeting.region_id)
    return Attendee.objects.create(
        meeting=meeting,
        region_id=meeting.region_id,
        agency=agency,
        position=position,
        person_name=person_name,
        attended=attended,
        head_of_region=head_of_region and attended,
    )


@transaction.atomic
def attendee_update(*, attendee: Attendee, attended: bool, head_of_region: bool, by: Any) -> Attendee:
    require_writer(by, attendee.region_id)
    attendee.attended = attended
    attendee.head_of_region = head_of_region and attended
    attendee.save(update_fields=["attended", "head_of_region"])
    return attendee


@transaction.atomic
def attendee_remove(*, attendee: Attendee, by: Any) -> None:
    """An invitee entered by mistake (the audit trail keeps what it was)."""
    require_writer(by, attendee.region_id)
    attendee.delete()


@transaction.atomic
def meeting_signatories_set(
    *,
    meeting: Meeting,
    chair_name: str,
    chair_position: str,
    secretary_name: str,
    secretary_position: str,
    by: Any,
) -> MeetingSignatories:
    require_writer(by, meeting.region_id)
    signatories, _created = MeetingSignatories.objects.update_or_create(
        meeting=meeting,
        defaults={
            "region_id": meeting.region_id,
            "chair_name": chair_name,
            "chair_position": chair_position,
            "secretary_name": secretary_name,
            "secretary_position": secretary_position,
        },
    )
    return signatories


# --- the six-monthly report: what the Inpres addressees reported, the ministry's narrative -------------


@transaction.atomic
def addressee_report_create(
    *,
    kind: str,
    addressee: str,
    region: Region,
    year: int,
    half: int,
    text: str,
    document: UploadedFile | None,
    by: Any,
) -> AddresseeReport:
    """A minister's or head of agency's report belongs to the nation; a governor's to a province, a
    regent's or mayor's to a regency or city. Writing needs `write_monev` for that region."""
    expected = {
        AddresseeReport.Kind.GOVERNOR: Region.Level.PROVINCE,
        AddresseeReport.Kind.REGENT: Region.Level.REGENCY,
        AddresseeReport.Kind.MAYOR: Region.Level.REGENCY,
    }.get(AddresseeReport.Kind(kind), Region.Level.NATIONAL)
    if region.level != expected:
        message = _("A report of a %(kind)s belongs to a region of level %(level)s.") % {
            "kind": AddresseeReport.Kind(kind).label,
            "level": Region.Level(expected).label,
        }
        raise ValidationError({"region": message})
    if half not in (1, 2):
        raise ValidationError({"half": _("The half-year is 1 or 2.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("The year must lie between 2000 and 2100.")})
    require_writer(by, region.code)
    stored = document_store(upload=document, region=region, public=False, by=by) if document else None
    return AddresseeReport.objects.create(
        kind=kind,
        addressee=addressee,
        region=region,
        year=year,
        half=half,
        text=text,
        document=stored,
        entered_by=by,
    )


@transaction.atomic
def semester_narrative_save(
    *, year: int, half: int, obstacles: str, recommendations: str, by: Any
) -> SemesterNarrative:
    """The ministry's text of the report: national `write_monev` (an update is audited)."""
    require_writer(by, NATIONAL)
    narrative, _created = SemesterNarrative.objects.update_or_create(
        year=year,
        half=half,
        defaults={"obstacles": obstacles, "recommendations": recommendations, "updated_by": by},
    )
    return narrative


# --- datasets: vulnerable_funding and benefits ---------------------------------------------------------


@dataclass(frozen=True)
class MonevStore:
    """The `imports.stores.Store` of a Monev dataset: a row for the same key replaces the current one,
    which stays as history with `replaced_by` set to the batch that replaced it."""

    dataset: str
    model: type[models.Model]
    when: str  # "year" or "period"
    item: str  # "funder" or "program"
    value_fields: tuple[str, ...]

    @property
    def changes_template(self) -> str:
        return "monev/includes/batch_changes.html"

    @property
    def changes_figures(self) -> bool:
        return False

    @property
    def visible_with(self) -> str:
        return "all"

    def plan(self, validation: Validation) -> RowPlan:
        manager = self.model._default_manager
        whens = sorted({r.values[self.when] for r in validation.rows})
        current: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
        for start in range(0, len(whens), 500):
            qs = manager.filter(replaced_by=None, **{f"{self.when}__in": whens[start : start + 500]})
            for pk, region, when, item, *rest in qs.values_list(
                "pk", "region_id", self.when, self.item, *self.value_fields
            ):
                current[(region, when, item)] = (pk, tuple(rest))
        new: list[Row] = []
        replaced: list[tuple[Row, int]] = []
        unchanged = 0
        for row in validation.rows:
            found = current.get((row.region, row.values[self.when], row.values[self.item]))
            if found is None:
                new.append(row)
            elif found[1] == tuple(row.values.get(f) for f in self.value_fields):
                unchanged += 1
            else:
                replaced.append((row, found[0]))
        return RowPlan(new=new, replaced=replaced, unchanged=unchanged)

    def commit(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        old_ids = [pk for _row, pk in plan.replaced]
        manager = self.model._default_manager
        for start in range(0, len(old_ids), 5000):
            manager.filter(pk__in=old_ids[start : start + 5000]).update(replaced_by=batch)
        fields = ("region", self.when, self.item, *self.value_fields, "batch")
        to_write = plan.new + [row for row, _pk in plan.replaced]
        bulk_insert(
            self.model,
            fields,
            (
                (
                    row.region,
                    row.values[self.when],
                    row.values[self.item],
                    *(row.values.get(f) for f in self.value_fields),
                    batch.pk,
                )
                for row in to_write
            ),
        )

    def refresh(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        """Nothing follows from Monev rows: their pages read them as stored."""

    def view_scope(self, user: Any) -> RegionScope:
        return import_scope(user, self.dataset)

    def changes(self, batch: ImportBatch, scope: RegionScope) -> QuerySet[Any]:
        """The rows the batch replaced (kept with `replaced_by`), in the regions of `scope`."""
        return self.model._default_manager.filter(scope.q("region"), replaced_by=batch).order_by("pk")


STORES: dict[str, MonevStore] = {
    "vulnerable_funding": MonevStore(
        "vulnerable_funding",
        VulnerableFunding,
        "year",
        "funder",
        ("workers", "months", "amount_idr", "villages", "workers_per_village", "start_period"),
    ),
    "benefits": MonevStore("benefits", BenefitFigure, "period", "program", ("claims", "amount_idr")),
    "budget_lines": MonevStore(
        "budget_lines", BudgetLine, "year", "line", ("allocation_idr", "realisation_idr")
    ),
}
for _name, _store in STORES.items():
    register_store(_name, _store)


def monev_import_plan(*, validation: MonevValidation) -> RowPlan:
    """What committing would change, compared with the rows current now."""
    return store_for(validation.dataset.name).plan(validation)  # type: ignore[return-value]


def monev_import_commit(
    *, validation: MonevValidation, by: Any, source: str, actor: str = ""
) -> tuple[ImportBatch | None, RowPlan]:
    """Store a valid file (or entry) of a Monev dataset through the one `import_commit`: all of it, or
    nothing. Rows for the same key replace the current ones, which stay as history (`replaced_by`). None
    when nothing would change. Management-free: the command line calls it with `by=None` and
    `source="cli"`; with `by`, every region of the rows must be one the user may import the dataset for."""
    if not validation.ok:
        raise ValueError("refusing to commit a file with problems")
    if by is not None:
        scope = import_scope(by, validation.dataset.name)
        for code in validation.region_codes:
            if not scope.covers(code):
                raise PermissionDenied(
                    _("You may not write Monev records for region %(code)s.") % {"code": code}
                )
    batch, plan = import_commit(validation=validation, by=by, source=source, actor=actor)
    return batch, plan


# --- the funding check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingCheck:
    """The amount of a funding row against workers × months × the minimum BPU contribution (JKK + JKM)
    valid on 1 January of its year."""

    expected_idr: int
    monthly_idr: int
    difference_idr: int
    tolerance_pct: Fraction
    agrees: bool
    as_of: date


def funding_check(*, workers: int, months: int, amount_idr: int, year: int) -> FundingCheck:
    as_of = date(year, 1, 1)
    budget = library.contribution_budget(workers=workers, months=months, as_of=as_of)
    tolerance = Fraction(value_on(MonevParameter, MonevParameter.Key.FUNDING_TOLERANCE_PCT, day=as_of).value)
    difference = amount_idr - budget.total_idr
    allowed = Fraction(budget.total_idr) * tolerance / 100
    return FundingCheck(
        expected_idr=budget.total_idr,
        monthly_idr=budget.monthly_idr,
        difference_idr=difference,
        tolerance_pct=tolerance,
        agrees=abs(difference) <= allowed,
        as_of=as_of,
    )


# --- targets: entry and revision through the import pipeline -------------------------------------------


@transaction.atomic
def target_enter(
    *,
    region: Region,
    year: int,
    indicator: str,
    value: Decimal,
    source: str,
    regulation: Regulation | None,
    by: Any,
) -> Any:
    """Enter or revise one target the way the `targets` import writes it (the previous value is kept in
    imports.FigureChange, the batch audited): a one-row file through validation and import_commit.
    Returns the validation (with its problems) when the row is refused, else the import batch or None."""
    from cakupan.imports.validation import validate_file

    require_writer(by, region.code, Cap.IMPORT_TARGETS)
    if regulation is not None and regulation.region_id != region.code:
        raise ValidationError(_("The regulation belongs to another region."))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("region_code", "year", "indicator", "value", "source"))
    writer.writerow((region.code, year, indicator, format(value, "f"), source))
    content = buffer.getvalue().encode("utf-8")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    validation = validate_file(
        dataset_name="targets",
        file_name=f"entry-{region.code}-{year}-{indicator}-{stamp}.csv",
        content=content,
        scope=access.scope(by, Cap.IMPORT_TARGETS) if by is not None else None,
    )
    if not validation.ok:
        return validation
    batch, _plan = import_commit(validation=validation, by=by, source=ImportBatch.Source.WEB)
    target = Target.objects.yearly().get(region=region, year=year, indicator=indicator)
    link = CommitmentSource.objects.filter(target=target).first()
    if link is None and regulation is not None:
        CommitmentSource.objects.create(target=target, region=region, regulation=regulation)
    elif link is not None and regulation is None and link.meeting_id is None:
        link.delete()
    elif link is not None and link.regulation_id != (regulation.pk if regulation else None):
        link.regulation = regulation
        link.save()
    return batch


# --- the command line: one call per file, no Django management needed ---------------------------------


@dataclass(frozen=True)
class MonevImportResult:
    dataset: str
    file_name: str
    sha256: str
    rows: int
    regions: list[str]
    problems: list[Any]  # cakupan.core.problems.Problem
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    batch_id: int | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def stored(self) -> bool:
        return self.batch_id is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "dataset": self.dataset,
            "sha256": self.sha256,
            "rows": self.rows,
            "regions": self.regions,
            "valid": self.ok,
            "stored": self.stored,
            "dry_run": self.dry_run,
            "new": self.new,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "batch": self.batch_id,
            "problems": [p.as_dict() for p in self.problems],
        }


def monev_dataset_import(
    *, dataset: str, file_name: str, content: bytes, by: Any = None, actor: str = "", dry_run: bool = False
) -> MonevImportResult:
    """Validate and (unless `dry_run`) store one file of `vulnerable_funding` or `benefits`, all or
    nothing, as `cakupan import DATASET FILE` does for the foundation's datasets. Every region is allowed
    (the operator's command line); with `by`, the regions the user may import the dataset for are
    enforced (the dataset's capabilities: funding with `write_monev`, benefits with `import_benefits`)."""
    from cakupan.monev.importing import validate_monev_file

    scope = import_scope(by, dataset) if by is not None else None
    validation = validate_monev_file(dataset_name=dataset, file_name=file_name, content=content, scope=scope)
    result = MonevImportResult(
        dataset=dataset,
        file_name=file_name,
        sha256=validation.sha256,
        rows=len(validation.rows),
        regions=validation.region_codes,
        problems=list(validation.problems),
        dry_run=dry_run,
    )
    if not validation.ok:
        return result
    batch_id = None
    if dry_run:
        plan = monev_import_plan(validation=validation)
    else:
        batch, plan = monev_import_commit(
            validation=validation, by=by, source=ImportBatch.Source.CLI, actor=actor
        )
        batch_id = batch.pk if batch is not None else None
    return replace(
        result, new=len(plan.new), replaced=len(plan.replaced), unchanged=plan.unchanged, batch_id=batch_id
    )


# --- non-ASN staff, village officials and election organisers ------------------------------------------


@transaction.atomic
def staff_coverage_record(
    *,
    region: Region,
    period: str,
    group: str,
    agency: str,
    staff: int,
    covered: int,
    source: str,
    by: Any,
) -> StaffCoverage:
    """Enter or correct the figure of one agency for a month; a correction is an audited update, so the
    audit trail keeps the value before it."""
    require_writer(by, region.code)
    if covered > staff:
        raise ValidationError(_("Covered staff cannot exceed the staff."))
    row, created = StaffCoverage.objects.get_or_create(
        region=region,
        period=period,
        group=group,
        agency=agency.strip(),
        defaults={"staff": staff, "covered": covered, "source": source, "updated_by": by},
    )
    if not created:
        row.staff, row.covered, row.source, row.updated_by = staff, covered, source, by
        row.save()
    return row


@dataclass(frozen=True)
class StaffFromMatch:
    """What a list match wrote into the non-ASN table: one figure per region and agency, and the agencies
    left out with the reason."""

    written: list[StaffCoverage]
    skipped: list[tuple[str, str, str]]  # (region code, agency, reason)


@transaction.atomic
def staff_coverage_from_match(*, match_list: Any, by: Any) -> StaffFromMatch:
    """The non-ASN staff by agency of a list match (`participants.MatchList`): for each region and agency
    of the list, staff = members listed, covered = members active in the list's month, written as the
    month's figure of that agency (an existing figure is corrected, audited). Only counts the match
    publishes are written: an agency with a count hidden by the small-count rule, without an agency, or
    in a region the user may not write for is left out and said why."""
    from cakupan.participants.selectors import match_table

    table = match_table(match_list)
    grouped: dict[tuple[str, str], list[int | None]] = {}
    for row in table.rows:
        totals = grouped.setdefault((row.region_code, row.agency.strip()), [0, 0])
        for index, column in enumerate(("listed", "matched")):
            value, before = row.cells.get(column), totals[index]
            totals[index] = None if value is None or before is None else before + value
    scope = access.scope(by, Cap.WRITE_MONEV)
    regions = {r.code: r for r in Region.objects.filter(code__in={code for code, _agency in grouped})}
    source = _("List match: %(name)s (%(file)s, %(month)s)") % {
        "name": match_list.name,
        "file": match_list.file_name,
        "month": match_list.period,
    }
    written: list[StaffCoverage] = []
    skipped: list[tuple[str, str, str]] = []
    for (code, agency), (listed, matched) in sorted(grouped.items()):
        if not agency:
            skipped.append((code, agency, str(_("the list gives no agency"))))
        elif listed is None or matched is None:
            skipped.append((code, agency, str(_("a count is hidden by the small-count rule"))))
        elif code not in regions or not scope.covers(code):
            skipped.append((code, agency, str(_("not a region you may write for"))))
        else:
            written.append(
                staff_coverage_record(
                    region=regions[code],
                    period=match_list.period,
                    group=StaffCoverage.Group.NON_ASN,
                    agency=agency[:200],
                    staff=listed,
                    covered=matched,
                    source=source[:300],
                    by=by,
                )
            )
    return StaffFromMatch(written=written, skipped=skipped)
