"""The case chain, the ONE place where a case changes (its status, or its region when its employer's is
corrected). Every change writes a CaseEvent (who, in which role, when, the note, the deadlines) and its
evidence files in the same transaction.

    detected → first written warning → second written warning → inspection note → referral to the
    licensing office (TMP2T) → re-check due → closed as compliant | sanction imposed → sanction lifted

A case can also be closed as compliant from any step before a sanction, once the employer's latest
position no longer shows a finding; a sanction only while it still does. Each step names the roles that
may take it, in the case's region; the inspection note is a labour inspector's (a compliance officer of a
labour inspectorate office, not of BPJS).
Deadlines count working days (weekends, national holidays and collective leave are not), from the date
of the step's letter, not from the day it is entered: a letter may not be dated before the previous
step's letter, after today, or more than `letter_max_age_days` (dated configuration) before today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.accounts import access
from cakupan.accounts.models import Office, RoleAssignment
from cakupan.accounts.roles import ROLE_CAPS, Cap, Role
from cakupan.compliance.config import Config
from cakupan.compliance.evidence import (
    EvidenceRefused,
    Upload,
    evidence_check,
    evidence_remove,
    evidence_write,
)
from cakupan.compliance.models import Case, CaseEvent, Employer, Evidence, Finding, Setting
from cakupan.compliance.workdays import Calendar, HolidaysMissing, add_months
from cakupan.indicators.params import ParameterMissing
from cakupan.regions.scope import NOTHING, RegionScope

S = Case.Status
CASE_OPENERS = frozenset({Role.COMPLIANCE_OFFICER, Role.BPJS_OFFICER})
MAX_NOTE = 4000
MAX_FILES = 10
MAX_LETTER_NUMBER = 100


class TransitionRefused(Exception):
    """A step that may not be taken; the message says why, in words for the user."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Step:
    action: str
    label: Promise
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    waits: bool = False  # only from the case's `next_from` date (a warning must run its course)
    needs_compliance: bool = False  # only when the employer no longer has a finding
    needs_finding: bool = False  # only while the employer still has a finding (a sanction needs a breach)
    needs_inspector: bool = False  # a compliance officer of a labour inspectorate, not of BPJS


OPEN_STATES = frozenset({S.DETECTED, S.WARNING_1, S.WARNING_2, S.INSPECTION_NOTE, S.REFERRED, S.RECHECK_DUE})

STEPS: dict[str, Step] = {
    s.action: s
    for s in (
        Step(
            "warn1",
            gettext_lazy("Issue the first written warning"),
            frozenset({S.DETECTED}),
            S.WARNING_1,
            frozenset({Role.BPJS_OFFICER, Role.COMPLIANCE_OFFICER}),
        ),
        Step(
            "warn2",
            gettext_lazy("Issue the second written warning"),
            frozenset({S.WARNING_1}),
            S.WARNING_2,
            frozenset({Role.BPJS_OFFICER, Role.COMPLIANCE_OFFICER}),
            waits=True,
        ),
        Step(
            "inspect",
            gettext_lazy("Record the labour inspector's inspection note"),
            frozenset({S.WARNING_2}),
            S.INSPECTION_NOTE,
            frozenset({Role.COMPLIANCE_OFFICER}),
            waits=True,
            needs_inspector=True,
        ),
        Step(
            "refer",
            gettext_lazy("Refer to the licensing office for withholding of public services (TMP2T)"),
            frozenset({S.INSPECTION_NOTE}),
            S.REFERRED,
            frozenset({Role.COMPLIANCE_OFFICER}),
        ),
        Step(
            "recheck",
            gettext_lazy("Start the re-check"),
            frozenset({S.REFERRED}),
            S.RECHECK_DUE,
            frozenset({Role.COMPLIANCE_OFFICER, Role.BPJS_OFFICER}),
            waits=True,
        ),
        Step(
            "close",
            gettext_lazy("Close as compliant"),
            OPEN_STATES,
            S.CLOSED_COMPLIANT,
            frozenset({Role.COMPLIANCE_OFFICER, Role.BPJS_OFFICER}),
            needs_compliance=True,
        ),
        Step(
            "sanction",
            gettext_lazy("Impose the sanction (withhold public services)"),
            frozenset({S.RECHECK_DUE}),
            S.SANCTIONED,
            frozenset({Role.LICENSING_OFFICER}),
            needs_finding=True,
        ),
        Step(
            "lift",
            gettext_lazy("Lift the sanction"),
            frozenset({S.SANCTIONED}),
            S.LIFTED,
            frozenset({Role.LICENSING_OFFICER}),
            needs_compliance=True,
        ),
    )
}


def roles_label(roles: frozenset[str]) -> str:
    return _(" or ").join(str(Role(r).label) for r in sorted(roles))


def acting_role(user: Any, roles: frozenset[str], region_code: str) -> str | None:
    """The first of `roles` the user holds for the region, or None."""
    for role, where in access.grants(user):
        if role in roles and where.covers(region_code):
            return role
    return None


def _deadlines(
    target: str, config: Config, today: date, calendar: Calendar
) -> tuple[date | None, date | None]:
    """(next step possible from, next step due by) on entering `target` today."""
    act = config.days(Setting.Key.ACT_DAYS)
    if target == S.DETECTED:
        return None, calendar.add_working_days(today, config.days(Setting.Key.OPEN_DAYS))
    if target in (S.WARNING_1, S.WARNING_2):
        runs_until = calendar.add_working_days(today, config.days(Setting.Key.WARNING_DAYS))
        return runs_until, calendar.add_working_days(runs_until, act)
    if target == S.INSPECTION_NOTE:
        return None, calendar.add_working_days(today, config.days(Setting.Key.INSPECTION_DAYS))
    if target == S.REFERRED:
        recheck = add_months(today, config.days(Setting.Key.RECHECK_MONTHS))
        return recheck, calendar.add_working_days(recheck, act)
    if target == S.RECHECK_DUE:
        return None, calendar.add_working_days(today, act)
    return None, None


def _deadlines_or_refuse(
    target: str, config: Config, today: date, calendar: Calendar
) -> tuple[date | None, date | None]:
    """The deadlines, or a refusal when one falls in a year without a holiday list: a deadline is never
    counted as if that year had no holidays, and the user learns what is missing."""
    try:
        return _deadlines(target, config, today, calendar)
    except HolidaysMissing as exc:
        raise TransitionRefused(
            _(
                "The deadline of this step falls in %(year)d, and there is no list of national holidays "
                "and collective leave for %(year)d yet: the administrator must add the holidays of "
                "%(year)d (Compliance › Holidays) before this step can be taken."
            )
            % {"year": exc.year},
            "holidays",
        ) from None


def _note(note: str) -> str:
    text = (note or "").strip()
    if not text:
        raise TransitionRefused(_("Write a note saying what was done and on what basis."), "note")
    if len(text) > MAX_NOTE:
        raise TransitionRefused(
            _("The note is longer than %(limit)d characters.") % {"limit": MAX_NOTE}, "note"
        )
    return text


def labour_inspector_scope(user: Any) -> RegionScope:
    """The regions where the user is a labour inspector: a compliance officer through an office of kind
    labour inspectorate (a compliance officer of a BPJS office, or assigned to a region alone, is not)."""
    if getattr(user, "pk", None) is None:
        return NOTHING
    rows = RoleAssignment.objects.filter(
        user_id=user.pk, role=Role.COMPLIANCE_OFFICER, office__kind=Office.Kind.INSPECTORATE
    ).prefetch_related("office__regions")
    return RegionScope.of({region.code for row in rows if row.office for region in row.office.regions.all()})


def role_refusal(case: Case, step: Step, user: Any) -> TransitionRefused | None:
    """Why the user's roles do not allow the step in the case's region, or None when they do."""
    role = acting_role(user, step.roles, case.region_id)
    if step.needs_inspector and (role is None or not labour_inspector_scope(user).covers(case.region_id)):
        return TransitionRefused(
            _(
                "Only a labour inspector (a compliance officer of a labour inspectorate) for region "
                "%(region)s may “%(step)s”."
            )
            % {"region": case.region_id, "step": step.label},
            "role",
        )
    if role is None:
        return TransitionRefused(
            _("Only a %(roles)s for region %(region)s may “%(step)s”.")
            % {"roles": roles_label(step.roles), "region": case.region_id, "step": step.label},
            "role",
        )
    return None


def refusal(case: Case, step: Step, user: Any, today: date) -> TransitionRefused | None:
    """Why the user may not take the step on `today` (the letter's date, when one is given), or None
    when they may. The role is checked first: a user without it learns nothing about the case's progress
    from the answer."""
    problem = role_refusal(case, step, user)
    if problem is not None:
        return problem
    if case.status not in step.sources:
        return TransitionRefused(
            _("“%(step)s” is not possible while the case is at “%(status)s”.")
            % {"step": step.label, "status": case.get_status_display()},
            "order",
        )
    if step.waits and case.next_from is not None and today < case.next_from:
        return TransitionRefused(
            _("“%(step)s” is possible from %(day)s: the current step runs until then.")
            % {"step": step.label, "day": case.next_from.isoformat()},
            "wait",
        )
    if step.needs_compliance:
        finding = Finding.objects.filter(employer_id=case.employer_id).first()
        if finding is not None:
            return TransitionRefused(
                _(
                    "The employer is not compliant yet: its position of %(period)s still shows %(rules)s. "
                    "Import or correct its latest position first."
                )
                % {"period": finding.period, "rules": "; ".join(finding.rule_labels)},
                "compliance",
            )
    if step.needs_finding and not Finding.objects.filter(employer_id=case.employer_id).exists():
        return TransitionRefused(
            _(
                "The employer complies now (no finding in its latest position): close the case as "
                "compliant instead."
            ),
            "compliance",
        )
    return None


def previous_letter_date(case: Case) -> date | None:
    """The letter date of the case's latest step (events that are no step, a region corrected, have none)."""
    return (
        CaseEvent.objects.filter(case_id=case.pk, letter_date__isnull=False)
        .order_by("-letter_date", "-at", "-id")
        .values_list("letter_date", flat=True)
        .first()
    )


def letter_refusal(case: Case | None, *, number: str, day: date, today: date) -> TransitionRefused | None:
    """Why a step's letter may not be recorded as given, or None: its number is missing or too long, its
    date lies after today, further back than the configured number of days, or before the letter of
    the case's previous step."""
    if not number.strip():
        return TransitionRefused(_("Give the number of the step's letter."), "letter_number")
    if len(number.strip()) > MAX_LETTER_NUMBER:
        return TransitionRefused(
            _("The letter number is longer than %(limit)d characters.") % {"limit": MAX_LETTER_NUMBER},
            "letter_number",
        )
    if day > today:
        return TransitionRefused(
            _(
                "The letter is dated %(day)s, after today (%(today)s): a step is recorded once its "
                "letter is out."
            )
            % {"day": day.isoformat(), "today": today.isoformat()},
            "letter_future",
        )
    try:
        max_age = Config.at(today).days(Setting.Key.LETTER_MAX_AGE_DAYS)
    except ParameterMissing as exc:
        return TransitionRefused(str(exc), "configuration")
    if (today - day).days > max_age:
        return TransitionRefused(
            _(
                "The letter is dated %(day)s, more than %(n)d days ago: check the date, or ask the "
                "administrator (Compliance › Settings, letter age)."
            )
            % {"day": day.isoformat(), "n": max_age},
            "letter_old",
        )
    previous = previous_letter_date(case) if case is not None else None
    if previous is not None and day < previous:
        return TransitionRefused(
            _("The letter is dated %(day)s, before the letter of the previous step (%(previous)s).")
            % {"day": day.isoformat(), "previous": previous.isoformat()},
            "letter_order",
        )
    return None


def _step_refusal(
    case: Case, step: Step, user: Any, *, number: str, day: date, today: date
) -> TransitionRefused | None:
    """The role first, then the letter, then the chain's order and conditions (on the letter's date)."""
    return (
        role_refusal(case, step, user)
        or letter_refusal(case, number=number, day=day, today=today)
        or refusal(case, step, user, day)
    )


def allowed_steps(
    case: Case, user: Any, today: date | None = None
) -> list[tuple[Step, TransitionRefused | None]]:
    """The steps from the case's status, each with why the user may not take it (None: may)."""
    today = today or timezone.localdate()
    return [
        (step, refusal(case, step, user, today)) for step in STEPS.values() if case.status in step.sources
    ]


def _store_files(files: Sequence[Upload], config: Config, limit: int = MAX_FILES) -> list[tuple[Any, str]]:
    if len(files) > limit:
        raise TransitionRefused(_("Attach at most %(n)d files to one step.") % {"n": MAX_FILES}, "evidence")
    try:
        checked = [evidence_check(f, max_bytes=config.evidence_max_bytes) for f in files]
    except EvidenceRefused as exc:
        raise TransitionRefused(str(exc), "evidence") from None
    stored: list[tuple[Any, str]] = []
    try:
        for item in checked:
            stored.append((item, evidence_write(item)))
    except OSError:
        for _item, name in stored:
            evidence_remove(name)
        raise
    return stored


def _event(
    *,
    case: Case,
    from_status: str,
    by: User,
    role: str,
    note: str,
    now: datetime,
    stored: list[tuple[Any, str]],
    letter_number: str = "",
    letter_date: date | None = None,
    letter_files: int = 0,
) -> CaseEvent:
    """The event of a step (or of a region corrected: no letter). The first `letter_files` of `stored`
    are the letter itself, the rest other evidence."""
    event = CaseEvent.objects.create(
        case=case,
        from_status=from_status,
        to_status=case.status,
        at=now,
        by=by,
        by_label=by.get_username(),
        by_role=role,
        note=note,
        letter_number=letter_number,
        letter_date=letter_date,
        next_from=case.next_from,
        due_date=case.due_date,
    )
    for index, (item, name) in enumerate(stored):
        Evidence.objects.create(
            event=event,
            case=case,
            file_name=item.file_name,
            is_letter=index < letter_files,
            stored_name=name,
            content_type=item.content_type,
            size_bytes=len(item.content),
            sha256=item.sha256,
        )
    return event


def _with_files(files: Sequence[Upload], config: Config, work: Any, limit: int = MAX_FILES) -> Any:
    """Store the files, run `work(stored)` in one transaction; on any failure remove the files again."""
    stored = _store_files(files, config, limit)
    try:
        with transaction.atomic():
            return work(stored)
    except BaseException:
        for _item, name in stored:
            evidence_remove(name)
        raise


def case_open(
    *,
    employer: Employer,
    by: User,
    note: str,
    files: Sequence[Upload] = (),
    detected_on: date | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """Open a case on an employer with a finding: `detected` on `detected_on` (by default today: no
    letter is sent), with the deadline for the first warning counted from that day."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    detected_on = detected_on or today
    text = _note(note)
    role = acting_role(by, CASE_OPENERS, employer.region_id)
    if role is None:
        raise TransitionRefused(
            _("Only a %(roles)s for region %(region)s may open a case.")
            % {"roles": roles_label(CASE_OPENERS), "region": employer.region_id},
            "role",
        )
    finding = Finding.objects.filter(employer=employer).first()
    if finding is None:
        raise TransitionRefused(
            _("%(employer)s has no finding in its latest position: there is nothing to open a case on.")
            % {"employer": employer.name},
            "compliance",
        )
    existing = Case.objects.filter(employer=employer, status__in=[*OPEN_STATES, S.SANCTIONED]).first()
    if existing is not None:
        raise TransitionRefused(
            _("%(employer)s already has case #%(id)d (%(status)s).")
            % {"employer": employer.name, "id": existing.pk, "status": existing.get_status_display()},
            "exists",
        )
    if detected_on > today:
        raise TransitionRefused(
            _("A case cannot be opened on a day after today (%(day)s).") % {"day": detected_on.isoformat()},
            "letter_future",
        )
    config = Config.at(detected_on)
    next_from, due = _deadlines_or_refuse(S.DETECTED, config, detected_on, Calendar())

    def work(stored: list[tuple[Any, str]]) -> Case:
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    employer=employer,
                    region_id=employer.region_id,
                    status=S.DETECTED,
                    status_since=now,
                    next_from=next_from,
                    due_date=due,
                    rules=finding.rules,
                    period=finding.period,
                    registered_workers_at_open=finding.registered_workers,
                    worker_shortfall_at_open=finding.worker_shortfall,
                    contribution_shortfall_at_open_idr=finding.contribution_shortfall_idr,
                    opened_at=now,
                    opened_by=by,
                )
        except IntegrityError:
            raise TransitionRefused(
                _("%(employer)s already has an open case.") % {"employer": employer.name}, "exists"
            ) from None
        _event(
            case=case,
            from_status="",
            by=by,
            role=role,
            note=text,
            now=now,
            stored=stored,
            letter_date=detected_on,
        )
        return case

    result: Case = _with_files(files, config, work)
    return result


def case_transition(
    *,
    case: Case,
    action: str,
    by: User,
    note: str,
    letter_number: str,
    letter_date: date,
    letter_file: Upload | None = None,
    files: Sequence[Upload] = (),
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """Take one step of the chain on its letter (number, date and, optionally, the letter's file), or
    raise TransitionRefused saying why not. The step's deadlines count from the letter's date."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    step = STEPS.get(action)
    if step is None:
        raise TransitionRefused(_("Unknown step."), "order")
    text = _note(note)
    number = letter_number.strip()
    config = Config.at(letter_date)
    uploads = [letter_file, *files] if letter_file is not None else list(files)

    def work(stored: list[tuple[Any, str]]) -> Case:
        # Locked and read again: two people clicking at once cannot both move the case.
        current = Case.objects.select_for_update().get(pk=case.pk)
        problem = _step_refusal(current, step, by, number=number, day=letter_date, today=today)
        if problem is not None:
            raise problem
        role = acting_role(by, step.roles, current.region_id) or ""
        from_status = current.status
        current.status = step.target
        current.status_since = now
        current.next_from, current.due_date = _deadlines_or_refuse(
            step.target, config, letter_date, Calendar()
        )
        fields = ["status", "status_since", "next_from", "due_date"]
        if step.target == S.SANCTIONED:
            current.sanctioned_on = letter_date
            current.sanction_reason = text
            fields += ["sanctioned_on", "sanction_reason"]
        if step.target in (S.CLOSED_COMPLIANT, S.LIFTED):
            current.closed_at = now
            fields.append("closed_at")
        current.save(update_fields=fields)
        _event(
            case=current,
            from_status=from_status,
            by=by,
            role=role,
            note=text,
            now=now,
            stored=stored,
            letter_number=number,
            letter_date=letter_date,
            letter_files=1 if letter_file is not None else 0,
        )
        return current

    # Refuse before storing any file when the step is plainly not possible.
    problem = _step_refusal(case, step, by, number=number, day=letter_date, today=today)
    if problem is not None:
        raise problem
    if len(files) > MAX_FILES:
        raise TransitionRefused(_("Attach at most %(n)d files to one step.") % {"n": MAX_FILES}, "evidence")
    result: Case = _with_files(uploads, config, work, limit=MAX_FILES + len(uploads) - len(files))
    return result


def case_region_follow(*, case: Case, region_code: str, by: User, now: datetime | None = None) -> Case:
    """Move a case to its employer's corrected region (a case's scope is its employer's region), with an
    event in its history saying so; the status and the deadlines stay as they are."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        old = current.region_id
        if old == region_code:
            return current
        current.region_id = region_code
        current.save(update_fields=["region"])
        role = next(
            (r for r, where in access.grants(by) if Cap.MANAGE_CASES in ROLE_CAPS[r] and where.covers(old)),
            "",
        )
        note = _("Region corrected from %(old)s to %(new)s with the employer's data.") % {
            "old": old,
            "new": region_code,
        }
        _event(case=current, from_status=current.status, by=by, role=role, note=note, now=now, stored=[])
    return current
