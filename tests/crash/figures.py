"""Imports killed mid-way: a participation, workforce or employers file each run. A file is stored whole
(figures, history, rollups, findings, batch and audit record together) or not at all, and a killed
import is retried with the same file until it goes in."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from tests.crash.harness import Ending, Work, mark
from tests.crash.state import (
    FREE,
    GROWS,
    Broken,
    differences,
    recomputed_differs,
    require,
    snapshot,
)

PERIODS = ("2024-05", "2024-06")
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
STATUSES = ("active", "inactive")
EMPLOYERS = 1500
# Each new file changes this share of the figures of the one before (the rest are unchanged).
CHANGED = 0.2

Key = tuple[str, ...]


@dataclass(frozen=True)
class File:
    dataset: str
    name: str
    rows: dict[Key, tuple[Any, ...]]  # key → the figures the file gives it

    def content(self) -> bytes:
        from benchmarks.employers import HEADER as EMPLOYERS_HEADER
        from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes

        if self.dataset == "participation":
            return csv_bytes(PARTICIPATION_HEADER, (k + v for k, v in self.rows.items()))
        if self.dataset == "workforce":
            return csv_bytes(WORKFORCE_HEADER, (k + v for k, v in self.rows.items()))
        return csv_bytes(EMPLOYERS_HEADER, ((k[0], *v[:2], k[1], *v[2:]) for k, v in self.rows.items()))


def _participation(rng: random.Random, regencies: list[str]) -> dict[Key, tuple[Any, ...]]:
    return {
        (code, period, segment, status): (rng.randrange(10, 5000),)
        for code in regencies
        for period in PERIODS
        for segment in SEGMENTS
        for status in STATUSES
    }


def _workforce(rng: random.Random, regencies: list[str]) -> dict[Key, tuple[Any, ...]]:
    rows: dict[Key, tuple[Any, ...]] = {}
    for code in regencies:
        for period in PERIODS:
            rows.update(_workforce_region(rng, code, period))
    return rows


def _workforce_region(rng: random.Random, code: str, period: str) -> dict[Key, tuple[Any, ...]]:
    formal, informal = rng.randrange(1000, 90000), rng.randrange(1000, 90000)
    return {
        (code, period, "total"): (formal + informal, "Sakernas"),
        (code, period, "formal"): (formal, "Sakernas"),
        (code, period, "informal"): (informal, "Sakernas"),
    }


def _employer(rng: random.Random, index: int, region: str) -> tuple[Any, ...]:
    workers = rng.randrange(1, 400)
    registered = workers if rng.random() < 0.6 else rng.randrange(0, workers + 1)
    wage = rng.randrange(2_000_000, 9_000_000, 50_000)
    programs = "JKK;JKM;JHT;JP" if rng.random() < 0.8 else "JKK;JKM"
    return (
        f"PT Crash {index} {rng.randrange(100)}",
        region,
        workers,
        registered,
        workers * wage,
        registered * wage,
        programs,
    )


def _employers(rng: random.Random, regencies: list[str]) -> dict[Key, tuple[Any, ...]]:
    return {
        (f"NPP{index:08d}", PERIODS[-1]): _employer(rng, index, rng.choice(regencies))
        for index in range(EMPLOYERS)
    }


def _changed(
    rng: random.Random, dataset: str, rows: dict[Key, tuple[Any, ...]]
) -> dict[Key, tuple[Any, ...]]:
    """The next file: a fifth of the figures changed."""
    new = dict(rows)
    for key, value in rows.items():
        if rng.random() >= CHANGED:
            continue
        if dataset == "participation":
            new[key] = (value[0] + rng.randrange(1, 500),)
        elif dataset == "workforce":
            if key[2] == "total":
                new.update(_workforce_region(rng, key[0], key[1]))
        else:
            new[key] = _employer(rng, int(key[0][3:]), value[1])
    return new


class ImportWork(Work):
    name = "import"
    focus = "commit"
    policies = {
        "imports.importbatch": GROWS,
        "imports.importbatch_touched_regions": GROWS,
        "imports.figurechange": GROWS,
        "indicators.participationfigure": FREE,
        "indicators.workforcefigure": FREE,
        "indicators.regionmonth": FREE,
        "compliance.employer": FREE,
        "compliance.employerposition": FREE,
        "compliance.positionchange": GROWS,
        "compliance.finding": FREE,
        "audit.auditevent": GROWS,
        "jobs.job": GROWS,  # charts to draw for the new figures, queued once the import is committed
    }

    def prepare(self) -> None:
        from cakupan.regions.models import Region

        regencies = sorted(Region.objects.filter(level=Region.Level.REGENCY).values_list("code", flat=True))
        self.stored: dict[str, dict[Key, tuple[Any, ...]]] = {
            "participation": {},
            "workforce": {},
            "employers": {},
        }
        self.latest = {
            "participation": _participation(self.rng, regencies),
            "workforce": _workforce(self.rng, regencies),
            "employers": _employers(self.rng, regencies),
        }
        self.generation = 0
        self.file = self._file()

    def _file(self) -> File:
        dataset = ("participation", "workforce", "employers")[self.generation % 3]
        if self.generation >= 3:
            self.latest[dataset] = _changed(self.rng, dataset, self.latest[dataset])
        return File(dataset, f"crash-{dataset}-{self.generation}.csv", self.latest[dataset])

    def shape(self) -> str:
        return self.file.dataset

    def operate(self, attempt: int) -> None:
        from cakupan.compliance import services
        from cakupan.imports.services import import_commit
        from cakupan.imports.validation import validate_file

        file = self.file
        if file.dataset == "employers":
            commit = services.employers_commit

            def marked(**kwargs: Any) -> Any:
                mark("commit")  # validated and planned: the writing begins
                return commit(**kwargs)

            services.employers_commit = marked  # the child only
            outcome = services.employers_import(file_name=file.name, content=file.content(), actor="crash")
            assert outcome.ok and outcome.stored, [p.as_dict() for p in outcome.validation.problems[:3]]
            return
        validation = validate_file(dataset_name=file.dataset, file_name=file.name, content=file.content())
        assert validation.ok, [p.as_dict() for p in validation.problems[:3]]
        mark("commit")
        batch, _plan = import_commit(
            validation=validation,
            by=None,
            actor="crash",
            source="cli",
            progress=lambda stage, *_: mark(stage),
        )
        assert batch is not None

    def verify(self, attempt: int, before: Any, ending: Ending) -> str:
        after = self.keep(snapshot())  # the checks below only read (or roll back)
        file = self.file
        batches = self._batches(file)
        if not batches:
            require(differences(before, after, {}))  # not committed: nothing at all changed
            require(self._stored_as(self.stored))
            # Killed in the transaction when the child had begun committing.
            return "rolled back" if ending.reached else "killed before committing"
        if len(batches) > 1:
            raise Broken(f"{file.name} was stored {len(batches)} times")
        require(differences(before, after, self.policies))
        expected = {**self.stored, file.dataset: {**self.stored[file.dataset], **file.rows}}
        problems = self._stored_as(expected)
        problems += self._batch_complete(file, batches[0])
        problems += self._derived_current()
        require(problems)
        self.stored = expected
        self.generation += 1
        self.file = self._file()
        return "committed"

    def _batches(self, file: File) -> list[int]:
        from cakupan.imports.models import ImportBatch

        batches = ImportBatch.objects.filter(dataset=file.dataset, file_name=file.name)
        return list(batches.values_list("pk", flat=True))

    def _stored_as(self, expected: dict[str, dict[Key, tuple[Any, ...]]]) -> list[str]:
        """Every figure as the files committed so far give it: nothing lost, nothing half-replaced."""
        problems = []
        for dataset, rows in self._stored().items():
            want = expected[dataset]
            if rows != want:
                wrong = [k for k in want.keys() | rows.keys() if rows.get(k) != want.get(k)]
                problems.append(
                    f"{dataset}: {len(wrong)} figures differ from the files committed "
                    f"(e.g. {wrong[0]}: {rows.get(wrong[0])} instead of {want.get(wrong[0])})"
                )
        return problems

    def _stored(self) -> dict[str, dict[Key, tuple[Any, ...]]]:
        from cakupan.compliance.models import EmployerPosition
        from cakupan.indicators.models import ParticipationFigure, WorkforceFigure

        participation = ParticipationFigure.objects.values_list(
            "region_id", "period", "segment", "status", "participants"
        )
        workforce = WorkforceFigure.objects.values_list("region_id", "period", "sector", "workers", "source")
        positions = EmployerPosition.objects.values_list(
            "employer__key",
            "period",
            "employer__name",
            "employer__region_id",
            "reported_workers",
            "registered_workers",
            "reported_wages_idr",
            "registered_wages_idr",
            "programs",
        )
        return {
            "participation": {(r, p, s, t): (int(n),) for r, p, s, t, n in participation},
            "workforce": {(r, p, s): (int(n), source) for r, p, s, n, source in workforce},
            "employers": {(k, p): tuple(rest) for k, p, *rest in positions},
        }

    def _batch_complete(self, file: File, batch_id: int) -> list[str]:
        """The batch record, its figures, its history of replaced figures and its audit event agree."""
        from cakupan.audit.models import AuditEvent
        from cakupan.compliance.models import EmployerPosition, PositionChange
        from cakupan.imports.models import FigureChange, ImportBatch
        from cakupan.indicators.models import ParticipationFigure, WorkforceFigure

        old = self.stored[file.dataset]
        figures = slice(2, None) if file.dataset == "employers" else slice(None)  # not the name and region
        new = [k for k in file.rows if k not in old]
        replaced = [k for k in file.rows if k in old and old[k][figures] != file.rows[k][figures]]
        problems = []
        batch = ImportBatch.objects.get(pk=batch_id)
        counts = (batch.new_figures, batch.replaced_figures)
        if file.dataset == "employers":
            written = EmployerPosition.objects.filter(batch_id=batch_id).count()
            history = PositionChange.objects.filter(batch_id=batch_id).count()
            regions_of_rows = {v[1] for v in file.rows.values()}  # (name, region, …figures) by key
        else:
            model = ParticipationFigure if file.dataset == "participation" else WorkforceFigure
            written = model.objects.filter(batch_id=batch_id).count()
            history = FigureChange.objects.filter(batch_id=batch_id).count()
            regions_of_rows = {k[0] for k in file.rows}
        entity, entity_id = "imports.importbatch", str(batch_id)
        regions = batch.touched_regions.count()
        if regions != len(regions_of_rows):
            problems.append(f"batch {batch_id} lists {regions} regions")
        if counts != (len(new), len(replaced)):
            problems.append(
                f"batch {batch_id} records {counts} new/replaced, the file has {len(new)}/{len(replaced)}"
            )
        if written != len(new) + len(replaced):
            problems.append(f"batch {batch_id} has {written} figures of {len(new) + len(replaced)}")
        if history != len(replaced):
            problems.append(f"batch {batch_id} kept {history} replaced figures of {len(replaced)}")
        events = AuditEvent.objects.filter(entity_type=entity, action="import")
        events = events.filter(entity_id=entity_id) if entity_id else events.filter(after__import=batch_id)
        if events.count() != 1:
            problems.append(f"batch {batch_id} has {events.count()} audit events")
        return problems

    def _derived_current(self) -> list[str]:
        """The rollups and the findings are those of the figures stored now."""
        from cakupan.compliance.models import Finding
        from cakupan.compliance.services import detection_run
        from cakupan.indicators.models import RegionMonth
        from cakupan.indicators.services import periods_with_figures, rollup_refresh

        return recomputed_differs(
            RegionMonth, lambda: rollup_refresh(months=periods_with_figures())
        ) + recomputed_differs(Finding, lambda: detection_run(), ignore=("detected_at",))

    def finish(self) -> dict[str, Any]:
        return {"progress": self.generation}
