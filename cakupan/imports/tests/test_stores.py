"""One plan and commit for every row-by-row dataset: each registered dataset has its store, and
import_commit writes the batch, its audit event, the rows and what follows from them all or nothing."""

from __future__ import annotations

from typing import Any

import pytest

from cakupan.audit.models import AuditEvent
from cakupan.compliance.models import Employer
from cakupan.compliance.services import STORE as EMPLOYERS_STORE
from cakupan.compliance.tests.helpers import employers_csv, row
from cakupan.compliance.validation import validate_employers
from cakupan.imports import registry, stores
from cakupan.imports.models import ImportBatch
from cakupan.imports.services import import_commit
from cakupan.indicators.models import ParticipationFigure
from tests.personas import PARTICIPATION_HEADER, csv_bytes, participation_rows, validate

pytestmark = pytest.mark.django_db


def test_every_registered_dataset_has_its_store() -> None:
    # Participant files store the participation figures they roll up to, through that dataset's store.
    assert set(registry.names()) - {"participants"} <= set(stores.stored_datasets())
    for name in stores.stored_datasets():
        store = stores.store_for(name)
        assert store.visible_with in ("any", "all") and store.changes_template.endswith(".html")


def test_a_store_registered_twice_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        stores.register_store("employers", object())


def _boom(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("refresh failed")


def test_an_employers_file_whose_detection_fails_leaves_no_batch_event_or_employer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    validation = validate_employers(file_name="e.csv", content=employers_csv([row()]))
    events = AuditEvent.objects.count()
    monkeypatch.setattr(EMPLOYERS_STORE, "refresh", _boom)
    with pytest.raises(RuntimeError):
        import_commit(validation=validation, by=None, source=ImportBatch.Source.CLI)
    assert not ImportBatch.objects.exists() and not Employer.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_figures_file_whose_rollup_fails_leaves_no_batch_or_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    content = csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-06", {"PU": 5}))
    validation = validate("participation", content, "p.csv")
    monkeypatch.setattr(type(stores.store_for("participation")), "refresh", _boom)
    with pytest.raises(RuntimeError):
        import_commit(validation=validation, by=None, source=ImportBatch.Source.CLI)
    assert not ImportBatch.objects.exists() and not ParticipationFigure.objects.exists()
