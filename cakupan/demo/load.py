"""Loading the simulated demo data through the same import pipeline as any user's file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cakupan.common import periods
from cakupan.common.formatting import fmt_int
from cakupan.demo.generator import generate_demo_files
from cakupan.imports.models import ImportBatch
from cakupan.imports.services import import_commit
from cakupan.imports.validation import validate_file
from cakupan.maps.demo import load_shared_boundaries, shared_data_dir


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
        if batch is not None:
            batches.append(batch.pk)
    shared = shared_data_dir()
    if shared.is_dir():
        regions = load_shared_boundaries(shared)
        if progress and regions:
            progress(_("Boundaries for %(n)s regions loaded from %(dir)s") % {"n": regions, "dir": shared})
    return DemoLoaded(end_period=end, months=months, batches=batches)
