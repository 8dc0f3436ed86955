"""Fair rankings: by level, by the gain over a year, and within peer groups (kabupaten vs kota, and size
bands by workforce), so that a small regency that doubled its coverage is seen next to its peers."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cakupan.indicators import formulas, library
from cakupan.indicators.library import RegionIndicators
from cakupan.regions.models import Region

# Workforce size bands for peer groups; boundaries in workers.
SIZE_BANDS: tuple[tuple[int, str], ...] = ((250_000, "kecil"), (1_000_000, "sedang"), (10**12, "besar"))
SIZE_LABELS = {
    "kecil": _("under 250,000 workers"),
    "sedang": _("250,000 to 1 million workers"),
    "besar": _("over 1 million workers"),
}
KINDS = ("level", "gain", "peers")


@dataclass(frozen=True)
class FairRow:
    ind: RegionIndicators
    rank: int | None
    gain_points: Fraction | None  # change in coverage on a year earlier, in points
    gain_relative: Fraction | None  # coverage now ÷ a year earlier − 1, as a percentage
    group: str  # peer group key, e.g. "kota/sedang"


@dataclass(frozen=True)
class FairGroup:
    key: str
    label: str
    rows: list[FairRow]


def size_band(workers: int | None) -> str:
    if workers is None:
        return "?"
    return next(name for limit, name in SIZE_BANDS if workers < limit)


def _regions_under(region: Region) -> list[str]:
    """The regencies under a region (all 514 for national), or the children of a regency."""
    if region.level >= Region.Level.REGENCY:
        return list(Region.objects.filter(parent=region).values_list("code", flat=True))
    prefix = "" if region.level == Region.Level.NATIONAL else region.code + "."
    qs = Region.objects.filter(level=Region.Level.REGENCY)
    if prefix:
        qs = qs.filter(code__startswith=prefix)
    return list(qs.values_list("code", flat=True))


def _rows(indicators: list[RegionIndicators]) -> list[FairRow]:
    rows = []
    for ind in indicators:
        now, gain = ind.coverage_rate, ind.change_year_points
        # A year earlier is now − gain only when the gain compares the month's whole footprint; over fewer
        # regions (`change_year_basis_regions`) the two rates are of different footprints.
        same = ind.change_year_basis_regions is None
        before = now - gain if now is not None and gain is not None and same else None
        relative = (now / before - 1) * 100 if now is not None and before else None
        rows.append(
            FairRow(
                ind=ind,
                rank=None,
                gain_points=ind.change_year_points,
                gain_relative=relative,
                group=f"{ind.kind}/{size_band(ind.workers)}",
            )
        )
    return rows


def _ranked(rows: list[FairRow], key: Any) -> list[FairRow]:
    values = [key(r) for r in rows]
    ranks = formulas.competition_rank(values)
    ranked = [
        FairRow(r.ind, rank, r.gain_points, r.gain_relative, r.group)
        for r, rank in zip(rows, ranks, strict=True)
    ]
    return sorted(ranked, key=lambda r: (r.rank is None, r.rank or 0, r.ind.region_name))


def _ranked_rate(row: FairRow) -> Fraction | None:
    """An incomplete or unmeasured coverage is not ranked (docs/figures.md)."""
    return row.ind.coverage_rate if row.ind.ranked else None


def fair_ranking(region: Region, *, period: str, kind: str) -> list[FairGroup]:
    """Regencies under a region (or a province's regencies) ranked one of the fair ways. The national
    ranking computes 514 regencies (1.6–3.5 s on a cold cache): it is cached like the figures (keyed by
    the figures version), and drawn ahead after an import by the chart pre-draw (`fair_rankings_warm`)."""
    key = f"fair:{region.code}:{period}:{kind}:{get_language()}:{library.figures_version()}"
    groups: list[FairGroup] | None = cache.get(key)
    if groups is None:
        groups = _fair_ranking(region, period=period, kind=kind)
        cache.set(key, groups)
    return groups


def fair_rankings_warm(*, period: str, lang: str) -> int:
    """The fair rankings of the nation and of every province, every kind, drawn ahead in one language."""
    regions = Region.objects.filter(level__lte=Region.Level.PROVINCE)
    with translation.override(lang):
        for region in regions:
            for kind in KINDS:
                fair_ranking(region, period=period, kind=kind)
    return len(regions) * len(KINDS)


def _fair_ranking(region: Region, *, period: str, kind: str) -> list[FairGroup]:
    found = library.compute(_regions_under(region), period)
    rows = _rows(list(found.values()))
    if kind == "gain":
        return [FairGroup("all", str(_("All")), _ranked(rows, lambda r: r.gain_points))]
    if kind == "peers":
        groups: dict[str, list[FairRow]] = {}
        for row in rows:
            groups.setdefault(row.group, []).append(row)
        ordered = sorted(
            groups,
            key=lambda g: (
                g.split("/")[0],
                [n for _l, n in SIZE_BANDS].index(g.split("/")[1]) if g.split("/")[1] != "?" else 9,
            ),
        )
        return [FairGroup(key, _peer_label(key), _ranked(groups[key], _ranked_rate)) for key in ordered]
    return [FairGroup("all", str(_("All")), _ranked(rows, _ranked_rate))]


def _peer_label(key: str) -> str:
    kind, size = key.split("/")
    kind_label = {"kabupaten": _("Regencies (kabupaten)"), "kota": _("Cities (kota)")}.get(kind, kind)
    return f"{kind_label}, {SIZE_LABELS.get(size, _('workforce unknown'))}"
