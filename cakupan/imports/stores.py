"""How each dataset's rows are stored: one `Store` per dataset, registered from the dataset's own module
(figures in `imports/services.py`, Monev rows in `monev/services.py`, employers in
`compliance/services.py`). `imports.services.import_commit` is the one commit: it creates the batch,
writes its audit event and calls the store, all in one transaction. The store also says who may see a
batch of its dataset and which of the batch's rows, because that stays as each domain decides."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import QuerySet

from cakupan.regions.scope import RegionScope

if TYPE_CHECKING:
    from cakupan.imports.models import ImportBatch
    from cakupan.imports.validation import Validation

Progress = Callable[[str, int, int], None]


class Plan(Protocol):
    """What committing a valid file would change, compared with what is stored now."""

    @property
    def new(self) -> Sequence[Any]: ...

    @property
    def replaced(self) -> Sequence[Any]: ...

    @property
    def unchanged(self) -> int: ...

    @property
    def changes_anything(self) -> bool: ...

    @property
    def details(self) -> Mapping[str, int]:
        """Counts only this dataset has, kept in ImportBatch.details (e.g. new_employers)."""
        ...


@dataclass(frozen=True)
class RowPlan:
    """The plan of a register of rows (Monev registers, agents, the region crosswalk): rows not stored
    yet, rows that replace a stored one (with its pk), and how many are unchanged."""

    new: list[Any]
    replaced: list[tuple[Any, int]]
    unchanged: int

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.replaced)

    @property
    def details(self) -> dict[str, int]:
        return {}


class Store(Protocol):
    @property
    def changes_template(self) -> str:
        """The template that lists what a batch replaced, given `changes` (a page of them)."""
        ...

    @property
    def visible_with(self) -> str:
        """ "any": a batch is seen by whoever sees one of its regions (figures); "all": by its sender and
        by whoever sees every one of its regions (Monev rows, employers)."""
        ...

    @property
    def changes_figures(self) -> bool:
        """Whether its rows are figures the indicators read: `figures_changed` is sent after a commit."""
        ...

    def plan(self, validation: Validation) -> Plan: ...

    def commit(
        self, validation: Validation, plan: Plan, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        """Write the plan's rows under `batch`, keeping what they replace."""
        ...

    def refresh(
        self, validation: Validation, plan: Plan, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        """Recompute what follows from the rows (the figure rollup, the employers' findings)."""
        ...

    def view_scope(self, user: Any) -> RegionScope:
        """The regions whose rows of a batch the user may see."""
        ...

    def changes(self, batch: ImportBatch, scope: RegionScope) -> QuerySet[Any]:
        """What the batch replaced, in the regions of `scope`."""
        ...


_STORES: dict[str, Store] = {}


def register_store(dataset: str, store: Store) -> Store:
    existing = _STORES.get(dataset)
    if existing is not None and existing is not store:
        raise ValueError(f"the store of {dataset!r} is registered twice")
    _STORES[dataset] = store
    return store


def store_for(dataset: str) -> Store:
    """The store of a dataset; KeyError when none is registered."""
    return _STORES[dataset]


def stored_datasets() -> list[str]:
    return list(_STORES)
