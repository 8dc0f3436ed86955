"""Writes of the participants app: rolling a participants file up into the participation figures (through
the import pipeline), and matching a list against the participants."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.analytics.engine import EngineConfig, EngineName
from cakupan.analytics.ingest import Prepared
from cakupan.analytics.matching import MatchResult, match_run
from cakupan.analytics.problems import Problem
from cakupan.analytics.rollup import RollupResult, rollup_run
from cakupan.audit.choices import Action
from cakupan.audit.services import audit_bulk, audit_record, batch_audit_context
from cakupan.common.bulk import bulk_insert
from cakupan.common.periods import of_date
from cakupan.imports.models import ImportBatch
from cakupan.imports.services import Plan, import_commit
from cakupan.imports.validation import ParsedRow, Validation
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


@dataclass
class RollupImport:
    """What `participants_rollup_import` did. With problems nothing was stored."""

    rollup: RollupResult
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


def participants_rollup_import(
    *,
    path: str | os.PathLike[str],
    engine: EngineName | EngineConfig = "duckdb",
    pseudonymise_key: bytes | None = None,
    user: User | None,
    actor: str = "",
    source: str = ImportBatch.Source.CLI,
    file_name: str | None = None,
) -> RollupImport:
    """Validate a participants file, roll it up to every level and store the participation figures through
    the import pipeline (all-or-nothing, idempotent, with provenance and history), the counts per program,
    and a hash-only copy of the file for list matching.

    `pseudonymise_key` replaces a raw NIK column by its keyed hash as the file is read; without it such a
    column is refused. Re-importing the same file changes nothing."""
    source_path = Path(path)
    name = file_name or source_path.name
    config = engine if isinstance(engine, EngineConfig) else engine_config(engine)
    zone = participants_dir()
    sha256, size = _sha256(source_path)
    staged = zone / "work" / f"{sha256}.parquet"

    def keep(prepared: Prepared) -> None:
        shutil.copyfile(prepared.path, staged)

    rollup = rollup_run(
        path=source_path,
        engine=config,
        key=pseudonymise_key,
        work_dir=zone / "work",
        file_name=name,
        known_codes=known_region_codes,
        latest_period=of_date(timezone.localdate()),
        translate=_,
        on_prepared=keep,
    )
    outcome = RollupImport(rollup=rollup, problems=list(rollup.problems))
    if not rollup.ok:
        return outcome
    try:
        _store(outcome, rollup, name, sha256, size, staged, config, user, actor, source)
    finally:
        staged.unlink(missing_ok=True)
    return outcome


@transaction.atomic
def _store(
    outcome: RollupImport,
    rollup: RollupResult,
    name: str,
    sha256: str,
    size: int,
    staged: Path,
    config: EngineConfig,
    user: User | None,
    actor: str,
    source: str,
) -> None:
    # The engine checked every value with the rules of the `participation` dataset; its figures go to the
    # same plan and commit under the participants file's own name and hash (re-importing it is recognised).
    validation = Validation.of_figures(
        dataset_name="participation",
        file_name=name,
        sha256=sha256,
        size=size,
        rows=[
            ParsedRow(row=0, region=region, when=period, item=(segment, status), value=count)
            for region, period, segment, status, count in rollup.figures
        ],
        data_rows=rollup.rows,
    )
    outcome.validation = validation
    batch, plan = import_commit(validation=validation, by=user, actor=actor, source=source)
    outcome.batch, outcome.plan = batch, plan
    changes = _program_changes(rollup)
    if batch is None and not changes:
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
            periods=sorted({f[1] for f in rollup.figures}),
            uploaded_by=user,
            actor=actor or (user.get_username() if user is not None else source),
            batch=batch,
            program_figures_written=len(changes),
            stored_file="",
        )
        stored = participants_dir() / "store" / f"{ingest.pk}-{sha256[:16]}.parquet"
        shutil.copyfile(staged, stored)
        try:
            ingest.stored_file = str(stored.relative_to(Path(settings.DATA_DIR)))
            ingest.save(update_fields=["stored_file"])
            _write_programs(ingest, changes)
        except BaseException:
            stored.unlink(missing_ok=True)  # the transaction is rolled back: no record points to it
            raise
        outcome.ingest = ingest
        outcome.program_changes = len(changes)


ProgramKey = tuple[str, str, str, str]
# (region, period, program, status), the stored count (None: a new figure), the count of the file.
ProgramChange = tuple[ProgramKey, int | None, int]


def _program_changes(rollup: RollupResult) -> list[ProgramChange]:
    """The counts per program that differ from those stored, with the stored ones."""
    periods = sorted({f[1] for f in rollup.programs})
    stored: dict[ProgramKey, int] = {
        (region, period, program, status): n
        for region, period, program, status, n in ProgramFigure.objects.filter(
            period__in=periods
        ).values_list("region_id", "period", "program", "status", "participants")
    }
    return [
        ((r, p, prog, s), stored.get((r, p, prog, s)), n)
        for r, p, prog, s, n in rollup.programs
        if stored.get((r, p, prog, s)) != n
    ]


def _write_programs(ingest: ParticipantsIngest, changes: list[ProgramChange]) -> None:
    if not changes:
        return
    by_period: dict[str, list[tuple[str, str, str]]] = {}
    for (region, period, program, status), _old, _n in changes:
        by_period.setdefault(period, []).append((region, program, status))
    for period, keys in by_period.items():
        regions = sorted({k[0] for k in keys})
        for start in range(0, len(regions), 500):
            old = ProgramFigure.objects.filter(period=period, region_id__in=regions[start : start + 500])
            wanted = set(keys)
            ids = [
                pk
                for pk, r, prog, s in old.values_list("pk", "region_id", "program", "status")
                if (r, prog, s) in wanted
            ]
            ProgramFigure.objects.filter(pk__in=ids).delete()
    bulk_insert(
        ProgramFigure,
        ("region", "period", "program", "status", "participants", "ingest"),
        ((r, p, prog, s, n, ingest.pk) for (r, p, prog, s), _old, n in changes),
    )
    _audit_programs(ingest, changes)


# Replaced figures per audit event: a national correction replaces up to ~900,000 program figures of a
# month (every village × programs × statuses); in events of this size each stays around 150 kB.
AUDIT_CHUNK = 2000


def _audit_programs(ingest: ParticipantsIngest, changes: list[ProgramChange]) -> None:
    """One import event for the ingest's program figures, then the replaced ones with their value before
    and after, keyed `region period program status`, in events of at most AUDIT_CHUNK figures. New figures
    are the stored rows with this ingest (until a later ingest replaces them, and its events keep them)."""
    replaced = [(key, old, new) for key, old, new in changes if old is not None]
    audit_bulk(
        entity_type="participants.programfigure",
        entity_id=str(ingest.pk),
        summary={
            "ingest": ingest.pk,
            "batch": ingest.batch_id,
            "file": ingest.file_name,
            "sha256": ingest.sha256,
            "periods": ingest.periods,
            "figures": len(changes),
            "new": len(changes) - len(replaced),
            "replaced": len(replaced),
        },
        note=(
            f"Participants ingest {ingest.pk} ({ingest.file_name}) wrote {len(changes)} program figures; "
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


def latest_ingest() -> ParticipantsIngest | None:
    return ParticipantsIngest.objects.exclude(stored_file="").order_by("-created_at", "-id").first()


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
    ingest = latest_ingest()
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
    from cakupan.analytics.nik import load_key

    if os.environ.get(NIK_KEY_FILE_VARIABLE):
        return load_key(key_file=os.environ[NIK_KEY_FILE_VARIABLE])
    if os.environ.get(NIK_KEY_VARIABLE):
        return load_key(env_var=NIK_KEY_VARIABLE)
    return None
