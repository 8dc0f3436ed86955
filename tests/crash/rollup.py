"""Participant rollups killed mid-way: a participants file declared complete for the detailed regency
rolled up (DuckDB) into participation figures at every level from the regency down, counts per program
and the person store of its months, stored in one transaction through the import pipeline (what the
regency held and the file does not repeat is removed). A killed rollup is retried with the same file
until it goes in."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings

from tests.crash.harness import Ending, Work, mark
from tests.crash.state import FREE, GROWS, Broken, differences, recomputed_differs, require, snapshot

PERIODS = ("2024-05", "2024-06")
PEOPLE = 4000
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
PROGRAMS = ("JKK;JKM;JHT;JP", "JKK;JKM;JHT", "JKK;JKM", "JKK")
LEVELS = (5, 8, 13)  # the lengths of a dotted code at each level the file covers, regency to village
# Each new file moves this share of the people to another village, segment or status.
CHANGED = 0.2

Person = tuple[str, str, str, str]  # village, segment, status, programs


class RollupWork(Work):
    name = "rollup"
    focus = "store"
    policies = {
        "imports.importbatch": GROWS,
        "imports.importbatch_touched_regions": GROWS,
        "imports.figurechange": GROWS,
        "indicators.participationfigure": FREE,
        "indicators.participationremoval": GROWS,
        "indicators.participantscomplete": FREE,
        "indicators.regionmonth": FREE,
        "participants.participantsingest": GROWS,
        "participants.programfigure": FREE,
        "audit.auditevent": GROWS,
        "jobs.job": GROWS,  # charts to draw for the new figures
    }

    def prepare(self) -> None:
        import ibis
        import pandas  # noqa: F401
        import pyarrow.compute  # noqa: F401

        from cakupan.regions.models import Region
        from tests.personas import DETAILED_REGENCY

        # The engine's modules loaded once here, not in every child; no engine is started here (a
        # started engine's threads would not survive the fork).
        assert ibis.duckdb is not None

        self.regency = DETAILED_REGENCY
        self.villages = sorted(
            Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=DETAILED_REGENCY).values_list(
                "code", flat=True
            )
        )
        self.folder = Path(settings.DATA_DIR) / "crash"
        self.folder.mkdir(exist_ok=True)
        self.people = {(n, period): self._person() for n in range(PEOPLE) for period in PERIODS}
        self.figures: dict[tuple[str, ...], int] = {}
        self.programs: dict[tuple[str, ...], int] = {}
        self.generation = 0
        self.file = self._write()

    def _person(self) -> Person:
        rng = self.rng
        status = "active" if rng.random() < 0.8 else "inactive"
        return (rng.choice(self.villages), rng.choice(SEGMENTS), status, rng.choice(PROGRAMS))

    def _write(self) -> Path:
        if self.generation:
            for key in self.people:
                if self.rng.random() < CHANGED:
                    self.people[key] = self._person()
        path = self.folder / f"participants-{self.generation}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(("nik_hash", "region_code", "period", "segment", "status", "programs"))
            for (n, period), person in self.people.items():
                digest = hashlib.sha256(f"crash-person-{n}".encode()).hexdigest()
                writer.writerow((digest, person[0], period, *person[1:]))
        return path

    def _rolled_up(self) -> tuple[Counter[tuple[str, ...]], Counter[tuple[str, ...]]]:
        """What the file gives, counted here: people by region at every level, month, segment and
        status; and by program and status."""
        figures: Counter[tuple[str, ...]] = Counter()
        programs: Counter[tuple[str, ...]] = Counter()
        for (_n, period), (village, segment, status, held) in self.people.items():
            for length in LEVELS:
                code = village[:length]
                figures[(code, period, segment, status)] += 1
                for program in held.split(";"):
                    programs[(code, period, program, status)] += 1
        return figures, programs

    def shape(self) -> str:
        return "participants file"

    def operate(self, attempt: int) -> None:
        from cakupan.participants import services

        store = services._store

        def marked(*args: Any, **kwargs: Any) -> None:
            mark("store")  # rolled up: the transaction that stores it begins
            store(*args, **kwargs)

        services._store = marked  # the child only
        outcome = services.participants_rollup_import(
            path=self.file, user=None, actor="crash", covers=(self.regency,)
        )
        assert outcome.ok and outcome.changed, [p.reason for p in outcome.problems[:3]]

    def verify(self, attempt: int, before: Any, ending: Ending) -> str:
        from cakupan.participants.models import ParticipantsIngest

        after = self.keep(snapshot())  # the checks below only read (or roll back)
        ingests = list(ParticipantsIngest.objects.filter(file_name=self.file.name))
        if not ingests:
            require(differences(before, after, {}))
            require(self._stored_as(self.figures, self.programs))
            return "rolled back" if ending.reached else "killed before storing"
        if len(ingests) > 1:
            raise Broken(f"{self.file.name} was stored {len(ingests)} times")
        require(differences(before, after, self.policies))
        figures, programs = self._rolled_up()
        # The file covers the regency whole: what it does not repeat there is gone.
        expected_figures, expected_programs = dict(figures), dict(programs)
        problems = self._stored_as(expected_figures, expected_programs)
        problems += self._ingest_complete(ingests[0], figures, programs)
        problems += self._rollups_current()
        require(problems)
        self.figures, self.programs = expected_figures, expected_programs
        self.generation += 1
        self.file = self._write()
        return "committed"

    def _stored_as(
        self, figures: dict[tuple[str, ...], int], programs: dict[tuple[str, ...], int]
    ) -> list[str]:
        from cakupan.indicators.models import ParticipationFigure
        from cakupan.participants.models import ProgramFigure

        stored_figures = {
            tuple(row[:4]): int(row[4])
            for row in ParticipationFigure.objects.values_list(
                "region_id", "period", "segment", "status", "participants"
            )
        }
        stored_programs = {
            tuple(row[:4]): int(row[4])
            for row in ProgramFigure.objects.values_list(
                "region_id", "period", "program", "status", "participants"
            )
        }
        problems = []
        for what, stored, want in (
            ("figures", stored_figures, figures),
            ("program counts", stored_programs, programs),
        ):
            if stored != want:
                wrong = [k for k in want.keys() | stored.keys() if stored.get(k) != want.get(k)]
                problems.append(
                    f"{len(wrong)} {what} differ from the files stored (e.g. {wrong[0]}: "
                    f"{stored.get(wrong[0])} instead of {want.get(wrong[0])})"
                )
        return problems

    def _ingest_complete(
        self, ingest: Any, figures: Counter[tuple[str, ...]], programs: Counter[tuple[str, ...]]
    ) -> list[str]:
        """The ingest record, its import batch, its program counts and its stored file agree."""
        from cakupan.indicators.models import ParticipationFigure

        problems = []
        changed = sum(1 for k, n in figures.items() if self.figures.get(k) != n)
        if (
            ingest.batch_id is None
            or ParticipationFigure.objects.filter(batch_id=ingest.batch_id).count() != changed
        ):
            problems.append(f"ingest {ingest.pk}: its batch does not hold the {changed} figures it changed")
        changed_programs = sum(1 for k, n in programs.items() if self.programs.get(k) != n)
        removed_programs = len(self.programs.keys() - programs.keys())
        written = ingest.program_figures.count()
        if (written, ingest.program_figures_written) != (
            changed_programs,
            changed_programs + removed_programs,
        ):
            problems.append(f"ingest {ingest.pk}: {written} program counts, {changed_programs} changed")
        stored = Path(settings.DATA_DIR) / ingest.stored_file
        if not ingest.stored_file or not _whole_parquet(stored):
            problems.append(
                f"ingest {ingest.pk}: its stored file {ingest.stored_file!r} is missing or cut short"
            )
        if ingest.rows != len(self.people):
            problems.append(f"ingest {ingest.pk}: {ingest.rows} rows")
        return problems

    def _rollups_current(self) -> list[str]:
        from cakupan.indicators.models import RegionMonth
        from cakupan.indicators.services import periods_with_figures, rollup_refresh

        return recomputed_differs(RegionMonth, lambda: rollup_refresh(months=periods_with_figures()))

    def finish(self) -> dict[str, Any]:
        """Files a killed rollup leaves where no record points: not visible, but counted for the report."""
        from cakupan.participants.models import ParticipantsIngest

        zone = Path(settings.DATA_DIR) / "participants"
        referenced = {
            Path(settings.DATA_DIR) / name
            for name in ParticipantsIngest.objects.values_list("stored_file", flat=True)
        }
        stored = set((zone / "store").glob("*"))
        return {
            "progress": self.generation,
            "unreferenced_store_files": len(stored - referenced),
            "leftovers_in_work": len([p for p in (zone / "work").iterdir() if p.name != "spill"]),
        }


def _whole_parquet(path: Path) -> bool:
    """A Parquet file is written footer last: both ends carry the magic bytes only when it is whole."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            handle.seek(-4, 2)
            return head == b"PAR1" and handle.read(4) == b"PAR1"
    except OSError:
        return False
