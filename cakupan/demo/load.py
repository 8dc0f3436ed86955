"""Loading the simulated demo data through the same import pipeline as any user's file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.common.formatting import fmt_int
from cakupan.core import periods
from cakupan.demo.generator import generate_demo_files
from cakupan.demo.people import generate_people_files
from cakupan.imports.models import ImportBatch
from cakupan.imports.services import import_commit
from cakupan.imports.validation import validate_file
from cakupan.maps.demo import load_shared_boundaries, shared_data_dir
from cakupan.participants.models import PovertyLinkage
from cakupan.participants.poverty import poverty_linkage_create
from cakupan.participants.services import participants_rollup_import

POVERTY_LIST_NAME = "DTSEN (simulasi)"


@dataclass(frozen=True)
class DemoLoaded:
    end_period: str
    months: int
    batches: list[int]


def shared_population_csv() -> Path | None:
    """Dukcapil population per regency, where the reference data sits beside the checkout
    (CAKUPAN_SHARED_DATA, default ../shared/data); the demo scales its workforce by it."""
    path = shared_data_dir() / "stats" / "population_area.csv"
    return path if path.is_file() else None


def demo_load(
    *, months: int = 36, end_period: str | None = None, progress: Callable[[str], None] | None = None
) -> DemoLoaded:
    """Generate and import the demo files; the months end with the last complete month."""
    end = end_period or periods.shift(periods.of_date(timezone.localdate()), -1)
    out_dir = Path(settings.DATA_DIR) / "demo"
    files = generate_demo_files(
        out_dir, end_period=end, months=months, population_csv=shared_population_csv()
    )
    batches: list[int] = []
    for dataset, path in (
        ("workforce", files.workforce),
        ("participation", files.participation),
        ("targets", files.targets),
    ):
        batch = _import(dataset, path, progress)
        if batch is not None:
            batches.append(batch.pk)
    batches += demo_people_load(end_period=end, participation=files.participation, progress=progress)
    shared = shared_data_dir()
    if shared.is_dir():
        regions = load_shared_boundaries(shared)
        if progress and regions:
            progress(_("Boundaries for %(n)s regions loaded from %(dir)s") % {"n": regions, "dir": shared})
    return DemoLoaded(end_period=end, months=months, batches=batches)


def _import(dataset: str, path: Path, progress: Callable[[str], None] | None) -> ImportBatch | None:
    """One demo file through the import pipeline, as simulated data."""
    validation = validate_file(dataset_name=dataset, file_name=path.name, content=path.read_bytes())
    if not validation.ok:
        first = validation.problems[0]
        raise RuntimeError(
            f"demo file {path.name} is invalid: row {first.row} {first.column}: {first.reason}"
        )
    batch, plan = import_commit(
        validation=validation,
        by=None,
        actor="cakupan demo",
        source=ImportBatch.Source.DEMO,
        simulated=True,
    )
    if progress:
        progress(
            _("%(file)s: %(new)s new, %(replaced)s replaced, %(same)s unchanged")
            % {
                "file": path.name,
                "new": fmt_int(len(plan.new), get_language()),
                "replaced": fmt_int(len(plan.replaced), get_language()),
                "same": fmt_int(plan.unchanged, get_language()),
            }
        )
    return batch


@contextmanager
def _demo_batches_simulated() -> Iterator[None]:
    """Every import batch the demo creates meanwhile is marked simulated as it is created (before the
    figures it brings are rolled up), as `import_commit(simulated=True)` marks the aggregate files'."""

    def mark(sender: Any, instance: ImportBatch, **kwargs: Any) -> None:
        if instance._state.adding and instance.source == ImportBatch.Source.DEMO:
            instance.simulated = True

    pre_save.connect(mark, sender=ImportBatch, dispatch_uid="cakupan-demo-simulated")
    try:
        yield
    finally:
        pre_save.disconnect(sender=ImportBatch, dispatch_uid="cakupan-demo-simulated")


def demo_people_load(
    *,
    end_period: str,
    participation: Path,
    progress: Callable[[str], None] | None = None,
    **shape: Any,
) -> list[int]:
    """Person-level demo data through the product's own imports: the participants of a few regencies for
    the last months (adding up to the demo's participation figures there), the funding records of the
    budgets that pay some of them, and a poverty list matched against the last month. Returns the import
    batches it created (none when the data were already there). `shape`: the generator's `months` and
    `regencies`, to load less."""
    files = generate_people_files(
        Path(settings.DATA_DIR) / "demo" / "people",
        participation=participation,
        end_period=end_period,
        **shape,
    )
    batches: list[int] = []
    with _demo_batches_simulated():
        done = participants_rollup_import(
            path=files.participants, user=None, actor="cakupan demo", source=ImportBatch.Source.DEMO
        )
    if not done.ok:
        first = done.problems[0]
        raise RuntimeError(f"demo file {files.participants.name} is invalid: {first}")
    if done.batch is not None:
        batches.append(done.batch.pk)
    if progress:
        progress(
            _("%(file)s: %(rows)s participants of %(months)s months in %(regions)s")
            % {
                "file": files.participants.name,
                "rows": fmt_int(files.rows, get_language()),
                "months": len(files.months),
                "regions": ", ".join(files.regencies),
            }
        )
    funding = _import("vulnerable_funding", files.funding, progress)
    if funding is not None:
        batches.append(funding.pk)
    if not PovertyLinkage.objects.filter(name=POVERTY_LIST_NAME, period=end_period).exists():
        linked = poverty_linkage_create(
            name=POVERTY_LIST_NAME,
            list_path=files.poverty,
            user=None,
            period=end_period,
            actor="cakupan demo",
        )
        if linked.linkage is None:
            problems = linked.result.problems
            raise RuntimeError(f"demo file {files.poverty.name} is invalid: {problems[:1]}")
        if progress:
            progress(
                _("%(file)s matched against the participants of %(month)s")
                % {"file": files.poverty.name, "month": end_period}
            )
    files.poverty.unlink(missing_ok=True)  # as for any list: the aggregates are kept, the list is not
    return batches
