"""Writes of the employer register: importing employers files, running detection, corrections.

Case changes are not here: they live in `transitions.py`, the one module that changes a case, always
with an event in its history.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.audit.choices import Action
from cakupan.audit.services import audit_bulk, audit_record
from cakupan.common.bulk import bulk_insert
from cakupan.compliance.config import Config
from cakupan.compliance.detection import RuleSet, detect
from cakupan.compliance.models import (
    Case,
    Employer,
    EmployerPosition,
    Finding,
    PositionChange,
)
from cakupan.compliance.transitions import case_region_follow
from cakupan.compliance.validation import EmployerRow, EmployerValidation, validate_employers
from cakupan.core.gc_pause import collection_paused
from cakupan.core.periods import last_day
from cakupan.core.problems import Problem
from cakupan.imports.models import ImportBatch
from cakupan.imports.services import import_commit
from cakupan.imports.stores import Progress, register_store
from cakupan.imports.validation import Validation
from cakupan.regions.models import Region
from cakupan.regions.scope import RegionScope

CHUNK = 900  # ids per IN (…) list: below SQLite's limit of variables in one statement
FIGURES = ("reported_workers", "registered_workers", "reported_wages_idr", "registered_wages_idr", "programs")


@dataclass(frozen=True)
class EmployersPlan:
    new_employers: int
    new: list[EmployerRow]
    replaced: list[tuple[EmployerRow, int, tuple[Any, ...], int | None]]  # row, position id, old, old batch
    unchanged: int
    master_changes: list[tuple[int, str, str]]  # employer id, name, region (from its latest month)
    # Rows naming the same stored employer for the same month (once by NPP, once by NIB).
    conflicts: list[tuple[EmployerRow, EmployerRow]] = field(default_factory=list)
    # Rows whose NPP or NIB is held by more than one stored employer: (row, [(name, key), …]).
    ambiguous: list[tuple[EmployerRow, list[tuple[str, str]]]] = field(default_factory=list)
    # The stored employers the file's keys name, as the plan found them: (pk, name, region, latest period).
    existing: dict[str, tuple[int, str, str, str]] = field(default_factory=dict)

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.replaced or self.master_changes)

    @property
    def details(self) -> dict[str, int]:
        return {"new_employers": self.new_employers}


@dataclass
class EmployersOutcome:
    """What an import did: the validation (with every problem), and when stored, the batch and plan."""

    validation: EmployerValidation
    batch: ImportBatch | None = None
    plan: EmployersPlan | None = None
    findings: int = 0
    notes: list[str] = field(default_factory=list)

    dry_run: bool = False

    @property
    def stored(self) -> bool:
        return self.batch is not None

    @property
    def ok(self) -> bool:
        return self.validation.ok

    def as_dict(self) -> dict[str, Any]:
        """The report the command line prints with --json."""
        v, plan = self.validation, self.plan
        return {
            "file": v.file_name,
            "dataset": "employers",
            "sha256": v.sha256,
            "rows": len(v.rows),
            "periods": v.periods,
            "regions": v.regions,
            "valid": v.ok,
            "stored": self.stored,
            "dry_run": self.dry_run,
            "batch": self.batch.pk if self.batch else None,
            "new_employers": plan.new_employers if plan else 0,
            "new": len(plan.new) if plan else 0,
            "replaced": len(plan.replaced) if plan else 0,
            "unchanged": plan.unchanged if plan else 0,
            "findings": self.findings,
            "problems": [p.as_dict() for p in v.problems],
        }


def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _latest_rows(rows: Sequence[EmployerRow]) -> dict[str, EmployerRow]:
    """Each employer's row of its latest month in the file: its name and region stand."""
    latest: dict[str, EmployerRow] = {}
    for row in rows:
        current = latest.get(row.key)
        if current is None or row.period > current.period:
            latest[row.key] = row
    return latest


# Above this many keys or ids, one scan of the table beats hundreds of IN (…) queries.
SCAN_FROM = 2000


def _employer_lookup(
    keys: set[str],
) -> tuple[dict[str, tuple[int, str, str, str]], dict[str, list[tuple[str, str]]]]:
    """(pk, name, region, latest period) of the stored employers these file keys name: by the key they
    were first imported with, or by the NPP or NIB recorded for them since (an employer first known by its
    NPP and later listed by its NIB stays one employer); and the keys that name more than one stored
    employer (one by its import key, another by the NPP or NIB recorded for it since), with (name, key)
    of each."""
    columns = ("key", "npp", "nib", "pk", "name", "region_id", "latest_period")
    if len(keys) > SCAN_FROM:
        selections = [Employer.objects.values_list(*columns)]
    else:
        selections = [
            Employer.objects.filter(Q(key__in=c) | Q(npp__in=c) | Q(nib__in=c)).values_list(*columns)
            for c in _chunks(sorted(keys), CHUNK // 3)
        ]
    named: dict[str, dict[int, tuple[tuple[int, str, str, str], str]]] = {}
    for selection in selections:
        for key, npp, nib, pk, name, region, period in selection.iterator(chunk_size=5000):
            for value in {key, npp, nib}:
                if value and value in keys:
                    named.setdefault(value, {})[pk] = ((pk, name, region, period), key)
    found = {value: next(iter(by_pk.values()))[0] for value, by_pk in named.items() if len(by_pk) == 1}
    ambiguous = {
        value: sorted((item[1], own_key) for item, own_key in by_pk.values())
        for value, by_pk in named.items()
        if len(by_pk) > 1
    }
    return found, ambiguous


def _positions(
    ids: list[int], periods: list[str]
) -> dict[tuple[int, str], tuple[int, tuple[Any, ...], int | None]]:
    """(pk, figures, batch) of the stored positions of these employers in these months."""
    columns = ("pk", "employer_id", "period", "batch_id", *FIGURES)
    wanted = set(ids)
    base = EmployerPosition.objects.filter(period__in=periods)
    if len(ids) > SCAN_FROM:
        selections = [base.values_list(*columns)]
    else:
        selections = [base.filter(employer_id__in=c).values_list(*columns) for c in _chunks(ids)]
    stored: dict[tuple[int, str], tuple[int, tuple[Any, ...], int | None]] = {}
    for selection in selections:
        for pk, employer_id, period, batch_id, *figures in selection.iterator(chunk_size=5000):
            if employer_id in wanted:
                stored[(employer_id, period)] = (pk, tuple(figures), batch_id)
    return stored


def employers_plan(*, validation: EmployerValidation) -> EmployersPlan:
    """What committing the file would change, compared with what is stored now."""
    latest = _latest_rows(validation.rows)
    existing, ambiguous = _employer_lookup(set(latest))
    stored = _positions(sorted(pk for pk, *_rest in existing.values()), validation.periods)
    new: list[EmployerRow] = []
    replaced: list[tuple[EmployerRow, int, tuple[Any, ...], int | None]] = []
    unchanged = 0
    seen: dict[tuple[int, str], EmployerRow] = {}
    conflicts: list[tuple[EmployerRow, EmployerRow]] = []
    held_twice: list[tuple[EmployerRow, list[tuple[str, str]]]] = []
    for row in validation.rows:
        if row.key in ambiguous:
            held_twice.append((row, ambiguous[row.key]))
            continue
        known = existing.get(row.key)
        if known is not None:
            other = seen.setdefault((known[0], row.period), row)
            if other is not row:
                conflicts.append((row, other))
                continue
        current = stored.get((known[0], row.period)) if known else None
        if current is None:
            new.append(row)
        elif current[1] == row.figures:
            unchanged += 1
        else:
            replaced.append((row, current[0], current[1], current[2]))
    master_changes = []
    for key, row in latest.items():
        known = existing.get(key)
        if known is not None and row.period >= known[3] and (row.name, row.region) != (known[1], known[2]):
            master_changes.append((known[0], row.name, row.region))
    return EmployersPlan(
        new_employers=len(set(latest) - set(existing) - set(ambiguous)),
        new=new,
        replaced=replaced,
        unchanged=unchanged,
        master_changes=master_changes,
        conflicts=conflicts,
        ambiguous=held_twice,
        existing=existing,
    )


@collection_paused()
def employers_import(
    *,
    file_name: str,
    content: bytes,
    by: User | None = None,
    actor: str = "",
    source: str = ImportBatch.Source.CLI,
    scope: RegionScope | None = None,
    dry_run: bool = False,
) -> EmployersOutcome:
    """Validate and, when the whole file is valid, store it and run detection for its employers.

    For the command line (`cakupan import employers FILE [--dry-run]`): no request needed. A file with
    any problem stores nothing (`outcome.validation.problems` lists every one); the same file again
    changes nothing. With `dry_run` the plan (new, replaced, unchanged) is computed and nothing stored.
    """
    validation = validate_employers(file_name=file_name, content=content, scope=scope)
    outcome = EmployersOutcome(validation=validation, dry_run=dry_run)
    if not validation.ok:
        return outcome
    # The plan and the commit see the same stored data: one transaction.
    with transaction.atomic():
        outcome.plan = plan = employers_plan_checked(validation=validation)
        if validation.ok and not dry_run:
            outcome.batch, outcome.plan, outcome.findings = employers_commit(
                validation=validation, by=by, actor=actor, source=source, plan=plan
            )
    return outcome


def employers_plan_checked(*, validation: Validation) -> EmployersPlan:
    """The plan, with the rows it cannot store added to the validation's problems: two rows naming one
    stored employer for the same month, and an NPP or NIB that several stored employers hold."""
    plan = employers_plan(validation=validation)
    for row, other in plan.conflicts:
        validation.problems.append(
            Problem(
                validation.file_name,
                row.row,
                "employer_id",
                row.key,
                _("the same employer as row %(row)d (%(other)s), for the same month")
                % {"row": other.row, "other": other.key},
            )
        )
    for row, holders in plan.ambiguous:
        validation.problems.append(
            Problem(
                validation.file_name,
                row.row,
                "employer_id",
                row.key,
                _(
                    "%(id)s is held by more than one employer (%(holders)s): correct their NPP and NIB "
                    "before importing"
                )
                % {"id": row.key, "holders": "; ".join(f"{name} ({key})" for name, key in holders)},
            )
        )
    validation.problems.sort(key=lambda p: (p.row, p.column))
    return plan


def employers_commit(
    *,
    validation: EmployerValidation,
    by: User | None,
    actor: str = "",
    source: str,
    plan: EmployersPlan | None = None,
) -> tuple[ImportBatch | None, EmployersPlan, int]:
    """Store a valid file through the one `import_commit`, in one transaction: new employers, their
    positions, the replaced positions' history, one audit event, and fresh findings for every employer
    it touched. Returns (batch, plan, findings)."""
    batch, plan = import_commit(validation=validation, by=by, actor=actor, source=source, plan=plan)
    return batch, plan, int(batch.details.get("findings", 0)) if batch is not None else 0


class EmployersStore:
    """The `imports.stores.Store` of the employers dataset: positions by employer and month; a replaced
    position is kept in PositionChange (before and after); detection runs for the employers touched."""

    @property
    def changes_template(self) -> str:
        return "compliance/includes/batch_changes.html"

    @property
    def changes_figures(self) -> bool:
        return False

    @property
    def visible_with(self) -> str:
        return "all"

    def plan(self, validation: Validation) -> EmployersPlan:
        return employers_plan(validation=validation)

    def commit(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        if plan.conflicts:
            raise ValueError("refusing to commit a file naming one employer twice for a month")
        if plan.ambiguous:
            raise ValueError("refusing to commit a file naming an NPP or NIB that several employers hold")
        _employers_write(validation, plan, batch)

    def refresh(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        # The file's employers: those the plan found stored, and the new ones, each with a position the
        # batch wrote.
        written = EmployerPosition.objects.filter(batch=batch).values_list("employer_id", flat=True)
        touched = sorted(
            {pk for pk, *_rest in plan.existing.values()} | set(written.iterator(chunk_size=5000))
        )
        findings = detection_run(
            employer_ids=None if len(touched) > SCAN_FROM else touched, now=timezone.now()
        )
        batch.details = {**batch.details, "findings": findings}
        batch.save(update_fields=["details"])

    def view_scope(self, user: Any) -> RegionScope:
        from cakupan.compliance.selectors import view_scope

        return view_scope(user)

    def changes(self, batch: ImportBatch, scope: RegionScope) -> QuerySet[Any]:
        return (
            PositionChange.objects.filter(scope.q("employer__region"), batch=batch)
            .select_related("employer")
            .order_by("id")
        )


def _employers_write(validation: Validation, plan: EmployersPlan, batch: ImportBatch) -> None:
    now = timezone.now()
    latest = _latest_rows(validation.rows)
    # The employers the plan found stored, in this transaction; the new ones get the ids after the last.
    known = plan.existing
    last = Employer.objects.aggregate(last=Max("pk"))["last"] or 0
    bulk_insert(
        Employer,
        ("key", "kind", "npp", "nib", "name", "region", "latest_period", "created_at", "updated_at"),
        (
            (
                row.key,
                row.kind,
                row.key if row.kind == Employer.IdKind.NPP else "",
                row.key if row.kind == Employer.IdKind.NIB else "",
                row.name,
                row.region,
                row.period,
                now,
                now,
            )
            for key, row in sorted(latest.items())
            if key not in known
        ),
    )
    added = Employer.objects.filter(pk__gt=last).values_list("key", "pk").iterator(chunk_size=5000)
    ids = {key: value[0] for key, value in known.items()} | {key: pk for key, pk in added if key in latest}
    # A sequence behind the table's largest id (rows restored with their ids) numbers below it: by key.
    for chunk in _chunks(sorted(set(latest) - set(ids))):
        ids.update(Employer.objects.filter(key__in=chunk).values_list("key", "pk"))
    old_ids = [position_id for _row, position_id, _old, _batch in plan.replaced]
    for chunk in _chunks(old_ids):
        EmployerPosition.objects.filter(pk__in=chunk).delete()
    bulk_insert(
        PositionChange,
        ("employer", "period", "before", "after", "batch", "old_batch", "reason", "at"),
        (
            (
                ids[row.key],
                row.period,
                json.dumps(dict(zip(FIGURES, old, strict=True))),
                json.dumps(dict(zip(FIGURES, row.figures, strict=True))),
                batch.pk,
                old_batch,
                "",
                now,
            )
            for row, _pk, old, old_batch in plan.replaced
        ),
    )
    to_write = plan.new + [row for row, *_rest in plan.replaced]
    bulk_insert(
        EmployerPosition,
        ("employer", "period", *FIGURES, "batch"),
        ((ids[row.key], row.period, *row.figures, batch.pk) for row in to_write),
    )
    _update_master(plan.master_changes, validation.periods, now)


STORE = register_store("employers", EmployersStore())


def _update_master(changes: list[tuple[int, str, str]], periods: list[str], now: datetime) -> None:
    """Names and regions from each employer's latest month; then the latest month itself, set-based."""
    if changes:
        connection = connections[router.db_for_write(Employer)]
        quote = connection.ops.quote_name
        sql = (
            f"UPDATE {quote(Employer._meta.db_table)} SET {quote('name')} = %s, "  # noqa: S608
            f"{quote('region_id')} = %s, {quote('updated_at')} = %s WHERE {quote('id')} = %s"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, [(name, region, now, pk) for pk, name, region in changes])
    for period in sorted(periods):
        Employer.objects.filter(
            latest_period__lt=period,
            pk__in=EmployerPosition.objects.filter(period=period).values("employer_id"),
        ).update(latest_period=period, updated_at=now)


def detection_run(*, employer_ids: list[int] | None = None, now: datetime | None = None) -> int:
    """Recompute the findings of these employers (all when None) from their latest positions, with the
    rules valid at the end of each position's month. Returns how many employers have a finding."""
    now = now or timezone.now()
    with transaction.atomic():
        base = EmployerPosition.objects.filter(period=F("employer__latest_period"))
        selections = (
            [base]
            if employer_ids is None
            else [base.filter(employer_id__in=c) for c in _chunks(employer_ids)]
        )
        if employer_ids is None:
            Finding.objects.all().delete()
        else:
            for chunk in _chunks(employer_ids):
                Finding.objects.filter(employer_id__in=chunk).delete()
        rulesets: dict[str, RuleSet] = {}
        found = 0

        def rows() -> Iterable[tuple[Any, ...]]:
            nonlocal found
            for selection in selections:
                for employer_id, region, period, rw, gw, rwage, gwage, programs in selection.values_list(
                    "employer_id", "employer__region_id", "period", *FIGURES
                ).iterator(chunk_size=5000):
                    rules = rulesets.get(period)
                    if rules is None:
                        rules = rulesets[period] = RuleSet.of(Config.at(last_day(period)))
                    result = detect(
                        rules,
                        reported_workers=rw,
                        registered_workers=gw,
                        reported_wages_idr=rwage,
                        registered_wages_idr=gwage,
                        programs=programs,
                    )
                    if not result.found:
                        continue
                    found += 1
                    yield (
                        employer_id,
                        region,
                        period,
                        ";".join(result.rules),
                        result.size_class,
                        rw,
                        gw,
                        result.worker_shortfall,
                        result.wage_shortfall_idr,
                        ";".join(result.missing_programs),
                        result.contribution_shortfall_idr,
                        now,
                    )

        bulk_insert(
            Finding,
            (
                "employer",
                "region",
                "period",
                "rules",
                "size_class",
                "reported_workers",
                "registered_workers",
                "worker_shortfall",
                "wage_shortfall_idr",
                "missing_programs",
                "contribution_shortfall_idr",
                "detected_at",
            ),
            # Read fully before writing: PostgreSQL's COPY holds the connection, so the positions cannot
            # be read while it runs.
            list(rows()),
        )
        audit_bulk(
            entity_type="compliance.finding",
            summary={
                "employers_checked": "all" if employer_ids is None else len(employer_ids),
                "findings": found,
                "months": sorted(rulesets),
            },
            action=Action.UPDATE,
            note="Detection run: findings recomputed from the employers' latest positions.",
        )
    return found


def _identifier_holder(employer: Employer, value: str) -> Employer | None:
    """Another employer already known by this NPP or NIB (as its NPP, its NIB or its import key)."""
    if not value:
        return None
    return Employer.objects.exclude(pk=employer.pk).filter(Q(key=value) | Q(npp=value) | Q(nib=value)).first()


@transaction.atomic
def employer_update(
    *, employer: Employer, by: User, name: str, region: Region, npp: str, nib: str
) -> tuple[Employer, bool]:
    """Correct an employer's master data. Audited field by field (the model is registered). An NPP or
    NIB another employer already holds is refused: the licensing check would answer for the wrong one."""
    data = {"name": name, "region_id": region.pk, "npp": npp, "nib": nib}
    changed = [f for f, v in data.items() if getattr(employer, f) != v]
    if not changed:
        return employer, False
    errors = {}
    for f in ("npp", "nib"):
        holder = _identifier_holder(employer, data[f]) if f in changed else None
        if holder is not None:
            errors[f] = _("%(id)s is already the NPP or NIB of %(other)s (%(key)s).") % {
                "id": data[f],
                "other": holder.name,
                "key": holder.key,
            }
    if errors:
        raise ValidationError(errors)
    for f in changed:
        setattr(employer, f, data[f])
    employer.full_clean()
    employer.save(update_fields=[*changed, "updated_at"])
    if "region_id" in changed:
        # Cases follow the employer to its corrected region (their scope is the employer's region), each
        # with an event in its history.
        for case in Case.objects.filter(employer=employer).exclude(region_id=employer.region_id):
            case_region_follow(case=case, region_code=employer.region_id, by=by)
        detection_run(employer_ids=[employer.pk])  # the finding is listed under the new region
    return employer, True


@transaction.atomic
def position_correct(
    *, position: EmployerPosition, by: User, reason: str, figures: dict[str, Any]
) -> tuple[EmployerPosition, bool]:
    """Correct one month's position by hand: the values before are kept in PositionChange, one audit
    event is written, and the employer's finding is recomputed."""
    before = {f: getattr(position, f) for f in FIGURES}
    after = {f: figures.get(f, before[f]) for f in FIGURES}
    if before == after:
        return position, False
    for f, v in after.items():
        setattr(position, f, v)
    position.save(update_fields=list(FIGURES))
    PositionChange.objects.create(
        employer_id=position.employer_id,
        period=position.period,
        before=before,
        after=after,
        batch=None,
        old_batch_id=position.batch_id,
        changed_by=by,
        reason=reason,
    )
    audit_record(
        action=Action.UPDATE,
        entity_type="compliance.employerposition",
        entity_id=str(position.pk),
        region_code=position.employer.region_id,
        before=before,
        after=after,
        note=reason,
    )
    detection_run(employer_ids=[position.employer_id])
    return position, True
