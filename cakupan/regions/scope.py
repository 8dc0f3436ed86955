"""The regions a user may see or change: one value, applied to every query in one way."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from cakupan.core.codes import NATIONAL


@dataclass(frozen=True)
class RegionScope:
    """A set of regions with all their descendants. `everything` is the national scope."""

    everything: bool = False
    roots: frozenset[str] = frozenset()

    @classmethod
    def of(cls, codes: Iterable[str]) -> RegionScope:
        roots = frozenset(codes)
        if NATIONAL in roots:
            return cls(everything=True)
        # Drop roots already inside another root: 53.01 adds nothing to 53.
        kept = frozenset(c for c in roots if not any(c != r and c.startswith(r + ".") for r in roots))
        return cls(everything=False, roots=kept)

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.roots

    def covers(self, code: str) -> bool:
        if self.everything:
            return True
        return any(code == root or code.startswith(root + ".") for root in self.roots)

    def covers_all(self, codes: Iterable[str]) -> bool:
        return all(self.covers(c) for c in codes)

    def q(self, field: str = "region") -> Q:
        """A filter on a foreign key to Region (`field="region"`), or on the region code itself
        (`field="code"` for Region rows). Filtering on the related primary key needs no join."""
        column = "code" if field == "code" else f"{field}__code"
        if self.everything:
            return Q()
        if not self.roots:
            return Q(pk__in=[])
        condition = Q()
        for root in sorted(self.roots):
            condition |= Q(**{column: root}) | Q(**{f"{column}__startswith": root + "."})
        return condition

    def union(self, other: RegionScope) -> RegionScope:
        if self.everything or other.everything:
            return RegionScope(everything=True)
        return RegionScope.of(self.roots | other.roots)

    def intersect(self, other: RegionScope) -> RegionScope:
        if self.everything:
            return other
        if other.everything:
            return self
        kept = {r for r in self.roots if other.covers(r)} | {r for r in other.roots if self.covers(r)}
        return RegionScope.of(kept)


NOTHING = RegionScope()
EVERYTHING = RegionScope(everything=True)
