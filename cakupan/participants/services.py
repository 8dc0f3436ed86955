"""Writes of the participants app: rolling a participants file up into the participation figures (through
the import pipeline), and matching a list against the participants."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.analytics.engine import EngineConfig, EngineName
from cakupan.analytics.matching import MatchResult, match_run
from cakupan.analytics.nik import load_key
from cakupan.analytics.problems import Problem
from cakupan.analytics.rollup import RollupResult, rollup_run
from cakupan.audit.choices import Action
from cakupan.audit.services import audit_bulk, audit_record, batch_audit_context
from cakupan.common.arrow_bulk import arrow_insert
from cakupan.common.bulk import bulk_insert, sqlite_write_cache
from cakupan.core.codes import NATIONAL, CodeError, normalise
from cakupan.core.gc_pause import collection_paused
from cakupan.core.periods import of_date
from cakupan.imports.arrow_rows import ArrowRows
from cakupan.imports.models import ImportBatch
from cakupan.imports.services import import_commit
from cakupan.imports.stores import Progress
from cakupan.imports.validation import Validation
from cakupan.indicators.figure_store import Coverage, Plan
from cakupan.participants.figure_plan import (
    FIGURE_KEYS,
    ProgramPlan,
    figure_plan,
    program_plan,
)
from cakupan.participants.models import MatchList, MatchMember, ParticipantsIngest, ProgramFigure
from cakupan.regions.selectors import region_codes_known


def participants_dir() -> Path:
    """The restricted zone for participant-level files (keyed hashes only): under the data directory."""
    folder = Path(settings.DATA_DIR) / "participants"
    (folder / "work").mkdir(parents=True, exist_ok=True)
    (folder / "store").mkdir(parents=True, exist_ok=True)
    return folder


def engine_config(name: EngineName = "duckdb", *, spark_master: str | None = None) -> EngineConfig:
    """The engine settings (CAKUPAN_ENGINE_MEMORY, CAKUPAN_ENGINE_THREADS, CAKUPAN_SPARK_MASTER); the
    engine spills into the restricted zone."""
    config = EngineConfig.from_env(name, temp_directory=str(participants_dir() / "work" / "spill"))
    if spark_master:
        config = EngineConfig(**{**config.__dict__, "spark_master": spark_master})
    return config


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def known_region_codes(codes: set[str]) -> set[str]:
    return region_codes_known(codes=codes)


class CoversRefused(Exception):
    """A declared coverage that cannot be used (not a region, or outside the user's import regions)."""


def covers_parsed(values: list[str], *, user: User | None) -> tuple[str, ...]:
    """The regions a file is declared complete for, as dotted codes ("00": the nation), each within the
    user's import regions (a command run without --user is the system's, and may cover any)."""
    found: list[str] = []
    for value in values:
        try:
            code = normalise(value)
        except CodeError:
            raise CoversRefused(_("Not a region code: %(code)s") % {"code": value}) from None
        if code != NATIONAL and not region_codes_known(codes={code}):
            raise CoversRefused(_("Unknown region code %(code)s.") % {"code": code})
        if user is not None and not access.can(user, Cap.IMPORT_PARTICIPATION, code):
            raise CoversRefused(
                _("You may not import participants for %(code)s, so the file cannot cover it.")
                % {"code": code}
            )
        found.append(code)
    return tuple(sorted(set(found)))


@dataclass
class RollupImport:
    """What `participants_rollup_import` did (or, in a dry run, would do). With problems nothing was
    stored."""

    rollup: RollupResult
    covers: tuple[str, ...] = ()
    dry_run: bool = False
    validation: Validation | None = None  # the participation file built from the rollup
    plan: Plan | None = None
    batch: ImportBatch | None = None
    ingest: ParticipantsIngest | None = None
    program_changes: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return self.ingest is not None

    def replaced_files(self) -> list[dict[str, Any]]:
        """The files whose figures this one replaces or removes: batch, file, origin and how many."""
        if self.plan is None:
            return []
        counts: dict[int, list[int]] = {}
        origins: dict[int, str] = {}
        for current in [r.current for r in self.plan.replaced] + [r.current for r in self.plan.removed]:
            counts.setdefault(current.batch_id, [0, 0])
            origins[current.batch_id] = "participants" if current.source else "aggregate"
        for replaced in self.plan.replaced:
            counts[replaced.current.batch_id][0] += 1
        for removed in self.plan.removed:
            counts[removed.current.batch_id][1] += 1
        names = dict(ImportBatch.objects.filter(pk__in=counts).values_list("pk", "file_name"))
        return [
            {
                "batch_id": pk,
                "file_name": names.get(pk, ""),
                "origin": origins[pk],
                "replaced": replaced,
                "removed": removed,
            }
            for pk, (replaced, removed) in sorted(counts.items())
        ]

    def replaced_figures(self, limit: int = 200) -> list[dict[str, Any]]:
        """The stored figures the file replaces (the first `limit`): each with its value now and the file's,
        and the batch and origin (aggregate or participant file) of the figure it replaces."""
        if self.plan is None:
            return []
        return [
            {
                "region_code": r.parsed.region,
                "period": r.parsed.when,
                "segment": r.parsed.item[0],
                "status": r.parsed.item[1],
                "participants": int(r.old_value),
                "new_participants": int(r.parsed.value),
                "batch_id": r.current.batch_id,
                "origin": "participants" if r.current.source else "aggregate",
            }
            for r in self.plan.replaced[:limit]
        ]

    def removed_figures(self, limit: int = 200) -> list[dict[str, Any]]:
        """The stored figures the file removes (the first `limit`), with their file's batch."""
        if self.plan is None:
            return []
        return [
            {
                "region_code": r.region,
                "period": r.when,
                "segment": r.item[0],
                "status": r.item[1],
                "participants": int(r.current.value),
                "batch_id": r.current.batch_id,
            }
            for r in self.plan.removed[:limit]
        ]

    def summary(self) -> dict[str, Any]:
        """The preview's counts and lists, as the command's JSON, the API and the page give them."""
        rollup = self.rollup
        plan = self.plan
        return {
            "covers": list(self.covers),
            "rows": rollup.rows,
            "persons": rollup.persons,
            "merged_records": rollup.merged_records,
            "identical_rows": rollup.identical_rows,
            "identical_examples": rollup.identical_examples,
            "kept_elsewhere": rollup.kept_elsewhere,
            "kept_elsewhere_examples": rollup.kept_examples,
            "periods": list(rollup_months(rollup)),
            "new_figures": len(plan.new) if plan else 0,
            "replaced_figures": len(plan.replaced) if plan else 0,
            "removed_figures": len(plan.removed) if plan else 0,
            "unchanged_figures": plan.unchanged if plan else 0,
            "complete_regions": sorted({code for code, _month in plan.complete}) if plan else [],
            "replaces": self.replaced_files(),
            "replaced": self.replaced_figures(),
            "removed": self.removed_figures(),
        }


def person_store_parts(months: list[str]) -> list[tuple[str, list[str]]]:
    """The person store of these months: for each month, the stored file of the latest ingest holding it
    (each ingest's file holds the whole store of its months after it)."""
    wanted = set(months)
    parts: dict[str, list[str]] = {}
    for ingest in ParticipantsIngest.objects.exclude(stored_file="").order_by("-created_at", "-id"):
        for month in sorted(wanted & set(ingest.periods or [])):
            parts.setdefault(ingest.stored_file, []).append(month)
            wanted.discard(month)
        if not wanted:
            break
    base = Path(settings.DATA_DIR)
    return [(str(base / stored), found) for stored, found in parts.items() if (base / stored).is_file()]


def participants_rollup_import(
    *,
    path: str | os.PathLike[str],
    engine: EngineName | EngineConfig = "duckdb",
    pseudonymise_key: bytes | None = None,
    user: User | None,
    actor: str = "",
    source: str = ImportBatch.Source.CLI,
    file_name: str | None = None,
    covers: tuple[str, ...] = (),
    dry_run: bool = False,
    scope_user: User | None = None,
    content: bytes | None = None,
    progress: Progress | None = None,
) -> RollupImport:
    """Validate a participants file, roll it up (a person once a month) and store the participation
    figures through the import pipeline (all-or-nothing, idempotent, with provenance and history), the
    counts per program, and the person store of its months for list matching and later analyses.

    The file is authoritative for the villages it has rows for and for the regions in `covers` (declared
    complete; dotted codes, "00" the nation, from `covers_parsed`): in its months, stored figures there
    that it does not repeat are removed. Figures above its area are derived from their children.
    `scope_user`: the regions of the rows must be in this user's import regions (web and API).

    `pseudonymise_key` replaces a raw NIK column by its keyed hash as the file is read; without it such a
    column is refused. Re-importing the same file changes nothing. `dry_run`: the plan only. `content`:
    an upload held in memory (`path` is its name): a raw NIK in it never reaches a file. `progress(step,
    done, total)` is told how far the storing is."""
    source_path = Path(path)
    name = file_name or source_path.name
    config = engine if isinstance(engine, EngineConfig) else engine_config(engine)
    zone = participants_dir()
    if content is not None:
        sha256, size = hashlib.sha256(content).hexdigest(), len(content)
    else:
        sha256, size = _sha256(source_path)
    staged = zone / "work" / f"{sha256}-{uuid.uuid4().hex}.parquet"
    rollup: RollupResult | None = None
    try:
        rollup = rollup_run(
            path=source_path,
            engine=config,
            key=pseudonymise_key,
            work_dir=zone / "work",
            file_name=name,
            known_codes=known_region_codes,
            latest_period=of_date(timezone.localdate()),
            translate=_,
            covers=covers,
            stored=person_store_parts,
            persons_out=None if dry_run else staged,
            content=content,
        )
        outcome = RollupImport(rollup=rollup, covers=covers, dry_run=dry_run, problems=list(rollup.problems))
        if rollup.ok and scope_user is not None:
            outcome.problems.extend(_outside_scope(rollup, scope_user, name))
        if not outcome.ok:
            return outcome
        coverage = Coverage(covers=covers, leaves=frozenset(rollup.codes), months=rollup_months(rollup))
        if dry_run:
            planned = figure_plan(_figures(rollup), coverage)
            outcome.validation = _validation(planned.rows, rollup, name, sha256, size)
            outcome.plan = planned.plan
            outcome.program_changes = program_plan(rollup.programs_table, coverage).changes
            return outcome
        _store(outcome, rollup, coverage, name, sha256, size, staged, config, user, actor, source, progress)
    finally:
        if rollup is not None:
            rollup.persons_settled()  # the person store is written in a thread: ended before it is removed
        staged.unlink(missing_ok=True)
    return outcome


def _outside_scope(rollup: RollupResult, user: User, name: str) -> list[Problem]:
    where = access.scope(user, Cap.IMPORT_PARTICIPATION)
    return [
        Problem(
            name,
            0,
            "region_code",
            code,
            _("region %(code)s is outside the regions you may import participants for") % {"code": code},
        )
        for code in rollup.codes
        if not where.covers(code)
    ][:200]


def rollup_months(rollup: RollupResult) -> tuple[str, ...]:
    """The months of the file's figures."""
    figures = _figures(rollup)
    return tuple(sorted(str(m) for m in pc.unique(figures["period"]).to_pylist()))


def _figures(rollup: RollupResult) -> pa.Table:
    if rollup.figures_table is not None:
        return rollup.figures_table
    return pa.table(
        {k: pa.array([], pa.string()) for k in FIGURE_KEYS} | {"participants": pa.array([], pa.int64())}
    )


def _validation(rows: ArrowRows, rollup: RollupResult, name: str, sha256: str, size: int) -> Validation:
    """The rollup's figures the file is authoritative for (its own codes, and every level inside a region
    it covers), with their origin, as the `participation` dataset's validated rows."""
    return Validation.of_figures(
        dataset_name="participation",
        file_name=name,
        sha256=sha256,
        size=size,
        rows=rows,
        data_rows=rollup.rows,
    )


@collection_paused()
@transaction.atomic
def _store(
    outcome: RollupImport,
    rollup: RollupResult,
    coverage: Coverage,
    name: str,
    sha256: str,
    size: int,
    staged: Path,
    config: EngineConfig,
    user: User | None,
    actor: str,
    source: str,
    progress: Progress | None,
) -> None:
    # The engine checked every value with the rules of the `participation` dataset; its figures go to the
    # same commit under the participants file's own name and hash (re-importing it is recognised), with a
    # plan made in this transaction by joining them with the stored figures (`figure_plan`).
    if progress:
        progress("compare", 0, 1)
    planned = figure_plan(_figures(rollup), coverage)
    validation = outcome.validation = _validation(planned.rows, rollup, name, sha256, size)
    batch, plan = import_commit(
        validation=validation, by=user, actor=actor, source=source, plan=planned.plan, progress=progress
    )
    outcome.batch, outcome.plan = batch, plan
    programs = program_plan(rollup.programs_table, coverage)
    if batch is None and not programs.changes:
        return
    # The ingest, its program figures and their events belong to the import batch of the figures.
    with batch_audit_context(
        source=source, by=user, actor_label=actor, batch_id=batch.pk if batch is not None else None
    ):
        ingest = ParticipantsIngest.objects.create(
            file_name=name,
            sha256=sha256,
            size_bytes=size,
            rows=rollup.rows,
            engine=config.name,
            pseudonymised=rollup.pseudonymised,
            periods=list(coverage.months),
            uploaded_by=user,
            actor=actor or (user.get_username() if user is not None else source),
            batch=batch,
            program_figures_written=programs.changes,
            stored_file="",
        )
        stored = participants_dir() / "store" / f"{ingest.pk}-{sha256[:16]}.parquet"
        rollup.persons_written()  # written by the engine while the figures were compared and stored
        os.replace(staged, stored)  # the work and store folders are in the one restricted zone
        try:
            ingest.stored_file = str(stored.relative_to(Path(settings.DATA_DIR)))
            ingest.save(update_fields=["stored_file"])
            with sqlite_write_cache():
                _write_programs(ingest, programs, progress)
        except BaseException:
            stored.unlink(missing_ok=True)  # the transaction is rolled back: no record points to it
            raise
        outcome.ingest = ingest
        outcome.program_changes = programs.changes


def _write_programs(ingest: ParticipantsIngest, programs: ProgramPlan, progress: Progress | None) -> None:
    """Delete the stored counts that change or go (by id), write the new ones from the plan's Arrow table
    (COPY or one INSERT per chunk), and record what was replaced."""
    if not programs.changes:
        return
    ids = programs.old_ids
    for start in range(0, len(ids), DELETE_CHUNK):
        ProgramFigure.objects.filter(pk__in=ids[start : start + DELETE_CHUNK]).delete()
    written = programs.written.num_rows
    if progress:
        progress("programs", 0, written)
    arrow_insert(
        ProgramFigure,
        programs.written,
        constants={"ingest": ingest.pk},
        written=(lambda done: progress("programs", done, written)) if progress else None,
    )
    _audit_programs(ingest, programs)


DELETE_CHUNK = 5000
# Replaced figures per audit event: a national correction replaces up to ~900,000 program figures of a
# month (every village × programs × statuses); in events of this size each stays around 150 kB.
AUDIT_CHUNK = 2000


def _audit_programs(ingest: ParticipantsIngest, programs: ProgramPlan) -> None:
    """One import event for the ingest's program figures, then the replaced ones with their value before
    and after, keyed `region period program status`, in events of at most AUDIT_CHUNK figures. New figures
    are the stored rows with this ingest (until a later ingest replaces them, and its events keep them)."""
    replaced = programs.replaced
    figures = programs.changes
    audit_bulk(
        entity_type="participants.programfigure",
        entity_id=str(ingest.pk),
        summary={
            "ingest": ingest.pk,
            "batch": ingest.batch_id,
            "file": ingest.file_name,
            "sha256": ingest.sha256,
            "periods": ingest.periods,
            "figures": figures,
            "new": figures - len(replaced),
            "replaced": len(replaced),
        },
        note=(
            f"Participants ingest {ingest.pk} ({ingest.file_name}) wrote {figures} program figures; "
            f"the {len(replaced)} it replaced are in the update events of this ingest."
        ),
    )
    for start in range(0, len(replaced), AUDIT_CHUNK):
        part = replaced[start : start + AUDIT_CHUNK]
        regions = {key[0] for key, _old, _new in part}
        audit_record(
            action=Action.UPDATE,
            entity_type="participants.programfigure",
            entity_id=str(ingest.pk),
            region_code=next(iter(regions)) if len(regions) == 1 else "",
            before={" ".join(key): old for key, old, _new in part},
            after={" ".join(key): new for key, _old, new in part},
            note=(
                f"Program figures replaced by participants ingest {ingest.pk}: {start + 1}–"
                f"{start + len(part)} of {len(replaced)} (region period program status)."
            ),
        )


class MatchRefused(Exception):
    """The list cannot be matched as a whole (no participant data yet); the message says why."""


def latest_ingest(period: str | None = None) -> ParticipantsIngest | None:
    """The ingest whose stored file holds the person store of `period` (the latest import of that month),
    or the latest ingest."""
    ingests = ParticipantsIngest.objects.exclude(stored_file="").order_by("-created_at", "-id")
    if period is None:
        return ingests.first()
    return next((i for i in ingests.iterator() if period in (i.periods or [])), None)


@dataclass
class MatchOutcome:
    result: MatchResult
    match_list: MatchList | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.result.problems


def match_list_create(
    *,
    name: str,
    region_code: str,
    file_name: str,
    content: bytes,
    user: User | None,
    period: str | None = None,
    pseudonymise_key: bytes | None = None,
    engine: EngineName | EngineConfig = "duckdb",
    actor: str = "",
) -> MatchOutcome:
    """Match a list (held in memory: a list of raw NIKs is pseudonymised as it is read and never written)
    against the participants of the latest ingest, and store its members as keyed hashes with the
    segment each is active in. Every member must be in `region_code`. With problems nothing is stored."""
    ingest = latest_ingest(period)
    if ingest is None and period is not None and latest_ingest() is not None:
        raise MatchRefused(_("No participant data of %(period)s has been imported.") % {"period": period})
    if ingest is None:
        raise MatchRefused(_("No participant data has been imported yet: import a participants file first."))
    config = engine if isinstance(engine, EngineConfig) else engine_config(engine)
    result = match_run(
        participants_path=Path(settings.DATA_DIR) / ingest.stored_file,
        list_path=file_name,
        list_content=content,
        period=period,
        engine=config,
        key=pseudonymise_key,
        work_dir=participants_dir() / "work",
        file_name=file_name,
        known_codes=known_region_codes,
        within=region_code,
        with_members=True,
        translate=_,
    )
    outcome = MatchOutcome(result=result)
    if not result.ok:
        return outcome
    outcome.match_list = _store_match(
        result, name, region_code, file_name, hashlib.sha256(content).hexdigest(), ingest, user, actor
    )
    return outcome


@transaction.atomic
def _store_match(
    result: MatchResult,
    name: str,
    region_code: str,
    file_name: str,
    sha256: str,
    ingest: ParticipantsIngest,
    user: User | None,
    actor: str,
) -> MatchList:
    with batch_audit_context(source="", by=user, actor_label=actor or "cli"):
        match_list = MatchList.objects.create(
            name=name,
            region_id=region_code,
            period=result.period,
            file_name=file_name,
            sha256=sha256,
            members_count=len(result.members),
            matched_count=sum(1 for m in result.members if m[4] is not None),
            pseudonymised=result.pseudonymised,
            ingest=ingest,
            uploaded_by=user,
            actor=actor or (user.get_username() if user is not None else "cli"),
        )
        bulk_insert(
            MatchMember,
            ("match_list", "nik_hash", "region_code", "agency", "category", "segment"),
            (
                (match_list.pk, h, region, agency, category, segment or "")
                for h, region, agency, category, segment in result.members
            ),
        )
        # The members' hashes are personal data: they stay in MatchMember (written once, never updated)
        # and are not copied into the log, which keeps what was matched against what, and the counts.
        segments: dict[str, int] = {}
        for *_member, segment in result.members:
            segments[segment or "none"] = segments.get(segment or "none", 0) + 1
        audit_bulk(
            entity_type="participants.matchmember",
            entity_id=str(match_list.pk),
            summary={
                "list": match_list.pk,
                "name": match_list.name,
                "region": region_code,
                "period": match_list.period,
                "file_name": match_list.file_name,
                "sha256": match_list.sha256,
                "ingest": ingest.pk,
                "ingest_batch": ingest.batch_id,
                "pseudonymised": match_list.pseudonymised,
                "members": match_list.members_count,
                "matched": match_list.matched_count,
                "members_by_segment": dict(sorted(segments.items())),
            },
            region_code=region_code,
        )
        return match_list


NIK_KEY_FILE_VARIABLE = "CAKUPAN_NIK_KEY_FILE"
NIK_KEY_VARIABLE = "CAKUPAN_NIK_KEY"


def nik_key_configured() -> bytes | None:
    """The server's pseudonymisation key, for lists of raw NIKs uploaded on the web: the file named by
    CAKUPAN_NIK_KEY_FILE, or CAKUPAN_NIK_KEY itself; None when neither is set. It must be the key the
    participants were hashed with. Raises KeyProblem for a key that is set but unusable."""
    if os.environ.get(NIK_KEY_FILE_VARIABLE):
        return load_key(key_file=os.environ[NIK_KEY_FILE_VARIABLE])
    if os.environ.get(NIK_KEY_VARIABLE):
        return load_key(env_var=NIK_KEY_VARIABLE)
    return None
