"""Case work killed mid-way: officers open cases and take them along the chain (warnings, inspection,
referral, re-check, sanction) with evidence files, and employers' next months are imported, making them
compliant (the case is closed or its sanction lifted) or not again. A status never changes without its
event, and the events of every case stay one unbroken chain."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path
from typing import Any

from tests.crash.harness import Ending, Work, mark
from tests.crash.state import FREE, GROWS, differences, recomputed_differs, require, snapshot

EMPLOYERS = 200
REGENCY = "53.71"  # Kota Kupang: the licensing officer's region
FIRST_MONTH = "2023-01"
ACTIONS = 30  # per run
# The chain step from each status, and who takes it.
CHAIN = {
    "DETECTED": ("warn1", "compliance"),
    "WARNING_1": ("warn2", "compliance"),
    "WARNING_2": ("inspect", "compliance"),
    "INSPECTION_NOTE": ("refer", "compliance"),
    "REFERRED": ("recheck", "compliance"),
    "RECHECK_DUE": ("sanction", "licensing"),
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class CaseWork(Work):
    name = "case"
    policies = {
        "compliance.case": FREE,  # checked below: no case lost, each agrees with its events
        "compliance.caseevent": GROWS,
        "compliance.evidence": GROWS,
        "imports.importbatch": GROWS,
        "imports.importbatch_touched_regions": GROWS,
        "compliance.employer": FREE,
        "compliance.employerposition": GROWS,
        "compliance.finding": FREE,
        "audit.auditevent": GROWS,
    }
    completed = frozenset({"10+ steps committed"})
    settings = {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}  # two test users

    def prepare(self) -> None:
        from cakupan.accounts.models import Office
        from cakupan.accounts.services import role_assign, user_create
        from cakupan.compliance.models import Employer
        from cakupan.regions.models import Region

        self.compliance = user_create(username="pengawas_crash", password="crash-passphrase-2026")
        self.licensing = user_create(username="dpmptsp_crash", password="crash-passphrase-2026")
        # A labour inspector (the inspection note is theirs): a compliance officer of a labour inspectorate.
        inspectorate = Office.objects.create(name="UPT Pengawasan Ketenagakerjaan Crash", kind="INSPECTORATE")
        inspectorate.regions.set([Region.objects.get(code="53")])
        role_assign(user=self.compliance, role="COMPLIANCE_OFFICER", office=inspectorate)
        role_assign(user=self.licensing, role="LICENSING_OFFICER", region=Region.objects.get(code=REGENCY))
        self._import([(f"NPP{n:08d}", FIRST_MONTH, False) for n in range(EMPLOYERS)], "start")
        self.employers = sorted(Employer.objects.values_list("pk", flat=True))

    def _import(self, rows: list[tuple[str, str, bool]], name: str) -> None:
        """Employers' positions for a month: compliant (every worker registered) or not (a fifth missing)."""
        from benchmarks.employers import HEADER
        from cakupan.compliance.services import employers_import
        from tests.personas import csv_bytes

        lines = [
            (
                key,
                f"CV Crash {key[-3:]}",
                REGENCY,
                period,
                50,
                50 if compliant else 40,
                150_000_000,
                150_000_000 if compliant else 120_000_000,
                "JKK;JKM;JHT;JP",
            )
            for key, period, compliant in rows
        ]
        outcome = employers_import(
            file_name=f"crash-{name}.csv", content=csv_bytes(HEADER, lines), actor="crash"
        )
        assert outcome.ok and outcome.stored, [p.as_dict() for p in outcome.validation.problems[:3]]

    def shape(self) -> str:
        return f"{ACTIONS} case actions"

    def operate(self, attempt: int) -> None:
        for action in range(ACTIONS):
            mark("act")
            self._act(self.rng.choice(self.employers), f"{attempt}-{action}")

    def _act(self, employer_id: int, tag: str) -> None:
        """The next thing that happens to this employer's case, or to the employer."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from cakupan.compliance.models import Case, Employer, Finding
        from cakupan.compliance.transitions import OPEN_STATES, case_open, case_transition
        from cakupan.core.periods import shift

        employer = Employer.objects.get(pk=employer_id)
        case = Case.objects.filter(
            employer=employer, status__in=[*OPEN_STATES, Case.Status.SANCTIONED]
        ).first()
        finding = Finding.objects.filter(employer=employer).exists()
        files = []
        if self.rng.random() < 0.4:
            content = PDF + f"% {tag}\n".encode()
            files = [SimpleUploadedFile(f"bukti-{tag}.pdf", content, content_type="application/pdf")]
        note = f"crash {tag}"
        next_month = shift(employer.latest_period, 1)
        if case is None:
            if finding:
                case_open(employer=employer, by=self.compliance, note=note, files=files)
            else:  # compliant again after a closed case: its next month falls short again
                self._import([(employer.key, next_month, False)], tag)
            return
        settles = case.status == Case.Status.SANCTIONED or self.rng.random() < 0.15
        if settles and finding:
            self._import([(employer.key, next_month, True)], tag)
            return
        if settles:
            action, by = (
                ("lift", self.licensing)
                if case.status == Case.Status.SANCTIONED
                else ("close", self.compliance)
            )
        else:
            action, who = CHAIN[case.status]
            if action == "sanction" and not finding:  # no sanction on an employer that complies again
                action, who = "close", "compliance"
            by = self.compliance if who == "compliance" else self.licensing
        # The step's letter is dated on its day: not before the day it may be taken, nor before the
        # previous step's letter (a waiting period can date that one ahead of the clock).
        dates = [timezone.localdate(), case.next_from or timezone.localdate()]
        dates += case.events.exclude(letter_date=None).values_list("letter_date", flat=True)
        today = max(d for d in dates if d is not None)
        case_transition(
            case=case,
            action=action,
            by=by,
            note=note,
            letter_number=f"B/{tag}",
            letter_date=today,
            files=files,
            today=today,
        )

    def before(self, attempt: int) -> Any:
        from cakupan.compliance.models import CaseEvent

        events: dict[int, list[int]] = {}
        for case_id, pk in CaseEvent.objects.order_by("at", "id").values_list("case_id", "pk"):
            events.setdefault(case_id, []).append(pk)
        return super().before(attempt), events

    def verify(self, attempt: int, before: Any, ending: Ending) -> str:
        from cakupan.compliance.models import Case, CaseEvent, Finding
        from cakupan.compliance.services import detection_run

        tables, events_before = before
        after = snapshot()  # the checks below only read (or roll back): the state before the next run
        require(differences(tables, after, self.policies))
        problems = self._chains(events_before)
        problems += self._evidence_whole()
        problems += self._imports_whole()
        problems += recomputed_differs(Finding, lambda: detection_run(), ignore=("detected_at",))
        if Case.objects.count() < len(events_before):
            problems.append("cases stored before the run are gone")
        require(problems)
        self.keep(after)
        added = CaseEvent.objects.count() - sum(len(e) for e in events_before.values())
        if added < 2:
            return "no step committed" if not added else "1 step committed"
        return "2–9 steps committed" if added < 10 else "10+ steps committed"

    def _chains(self, events_before: dict[int, list[int]]) -> list[str]:
        """Each case: events from `detected` on, each starting where the one before ended, the last one
        giving the case its status, dates and deadlines; the events of before the run kept as they were."""
        from cakupan.compliance.models import Case, CaseEvent

        problems = []
        events: dict[int, list[Any]] = {}
        for event in CaseEvent.objects.order_by("at", "id"):
            events.setdefault(event.case_id, []).append(event)
        for case in Case.objects.all():
            chain = events.get(case.pk, [])
            if not chain:
                problems.append(f"case {case.pk} ({case.status}) has no event")
                continue
            if chain[0].from_status != "" or chain[0].to_status != Case.Status.DETECTED:
                problems.append(f"case {case.pk} does not start with its opening")
            for earlier, later in itertools.pairwise(chain):
                if later.from_status != earlier.to_status:
                    problems.append(
                        f"case {case.pk}: {earlier.to_status} then an event from {later.from_status}"
                    )
            last = chain[-1]
            stored = (case.status, case.status_since, case.next_from, case.due_date)
            if stored != (last.to_status, last.at, last.next_from, last.due_date):
                problems.append(f"case {case.pk} is {stored}, its last event says {last.to_status}")
            if [e.pk for e in chain[: len(events_before.get(case.pk, []))]] != events_before.get(case.pk, []):
                problems.append(f"case {case.pk}: events of before the run are not its first ones")
        return problems

    def _evidence_whole(self) -> list[str]:
        from cakupan.compliance.evidence import evidence_path
        from cakupan.compliance.models import Evidence

        problems = []
        for item in Evidence.objects.select_related("event"):
            path = evidence_path(item.stored_name)
            data = path.read_bytes() if path.is_file() else b""
            if len(data) != item.size_bytes or hashlib.sha256(data).hexdigest() != item.sha256:
                problems.append(f"evidence {item.pk} ({item.stored_name}) is missing or cut short")
            if item.case_id != item.event.case_id:
                problems.append(f"evidence {item.pk} belongs to another case than its event")
        return problems

    def _imports_whole(self) -> list[str]:
        """Every employers import holds the positions it counts (those later replaced are in the history),
        and every employer's latest month is that of its latest position."""
        from django.db.models import Count, F, Max

        from cakupan.compliance.models import Employer, PositionChange
        from cakupan.imports.models import ImportBatch

        problems = []
        employers = ImportBatch.objects.filter(dataset="employers")
        for batch in employers.annotate(kept=Count("positions", distinct=True)):
            replaced = PositionChange.objects.filter(old_batch=batch).count()
            if batch.kept + replaced != batch.new_figures + batch.replaced_figures:
                problems.append(f"employers import {batch.pk} holds {batch.kept} of its positions")
        latest = Employer.objects.annotate(last=Max("positions__period")).exclude(latest_period=F("last"))
        if latest.exists():
            problems.append(
                f"{latest.count()} employers whose latest month is not that of their latest position"
            )
        return problems

    def finish(self) -> dict[str, Any]:
        """Evidence files a killed step wrote before its transaction: no record points to them (not visible,
        counted for the report)."""
        from cakupan.compliance.evidence import evidence_dir
        from cakupan.compliance.models import Case, CaseEvent, Evidence

        referenced = set(Evidence.objects.values_list("stored_name", flat=True))
        on_disk = {path.name for path in Path(evidence_dir()).iterdir()}
        return {
            "progress": CaseEvent.objects.count(),
            "cases": Case.objects.count(),
            "evidence": len(referenced),
            "unreferenced_evidence_files": len(on_disk - referenced),
        }
