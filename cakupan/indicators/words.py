"""The partial-reporting figures of the library in words, for the pages, the reports and the CLI: why a
region has no rate or no rank, how complete a parent's figure is, what a change compares, and each
data-quality warning. Translated at the time of showing (library results are cached across languages)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cakupan.common.formatting import fmt_int, fmt_month, fmt_pct
from cakupan.indicators.library import RegionIndicators, TrendPoint


def unmeasured_text(reason: dict[str, Any] | None) -> str:
    """Why a region has participants but no coverage rate."""
    kind = (reason or {}).get("kind")
    if kind == "no_workforce":
        return _("No workforce: the participants have no working population to be measured against.")
    if kind == "no_participants":
        return _("No participant figures for this month.")
    if kind == "partial_participants":
        return _(
            "Participants from %(reporting)s of %(total)s sub-regions; not comparable with the region's "
            "workforce."
        ) % {"reporting": reason["reporting"], "total": reason["total"]}  # type: ignore[index]
    if kind == "partial_workforce":
        return _(
            "Workforce from %(reporting)s of %(total)s sub-regions; not comparable with the region's "
            "participants."
        ) % {"reporting": reason["reporting"], "total": reason["total"]}  # type: ignore[index]
    return _("Participants and workforce come from different sub-regions: no coverage can be measured.")


def completeness_text(ind: RegionIndicators, lang: str | None) -> str:
    """'2 of 3 sub-regions reporting, 50,00 % of the workforce measured' for a region with parts."""
    if ind.children_total is None:
        return ""
    parts = [
        ngettext(
            "%(reporting)s of %(total)s sub-region reporting",
            "%(reporting)s of %(total)s sub-regions reporting",
            ind.children_total,
        )
        % {"reporting": ind.children_reporting, "total": ind.children_total}
    ]
    if ind.leaves_total:
        parts.append(
            _("%(reporting)s of %(total)s regions where the workforce is supplied")
            % {"reporting": ind.leaves_reporting, "total": ind.leaves_total}
        )
    if ind.measured_workforce_share is not None:
        parts.append(
            _("%(share)s of the workforce measured") % {"share": fmt_pct(ind.measured_workforce_share, lang)}
        )
    return "; ".join(parts)


def denominator_text(ind: RegionIndicators | TrendPoint, lang: str | None, *, short: bool = False) -> str:
    """The denominator behind a coverage rate: its source and vintage, shown beside the rate on every surface
    ('BPS Sakernas Agustus 2024 · Agustus 2024'); for a parent the distinct sources and the range of months
    ('2 sources: A; B · Februari 2024 to Agustus 2024'). Empty when the region has no workforce figure."""
    if not ind.workers_period:
        return ""
    return denominator_words(
        ind.workers_period_from or ind.workers_period,
        ind.workers_period,
        ind.workforce_sources,
        lang,
        short=short,
    )


def shared_denominator_text(rows: list[RegionIndicators], lang: str | None, *, short: bool = False) -> str:
    """The denominator of every rate of a table when all its rows share one (a province's regencies
    measured on the same survey and month): a table prints it once rather than on each row. Empty when
    two rows differ or none has a workforce figure."""
    texts = {denominator_text(row, lang, short=short) for row in rows} - {""}
    return texts.pop() if len(texts) == 1 else ""


def denominator_words(
    first: str, last: str, sources: list[str] | tuple[str, ...], lang: str | None, *, short: bool = False
) -> str:
    """denominator_text from its parts (the months of the workforce figures used, their sources), for rows
    that carry them without the indicators (open data)."""
    when = (
        fmt_month(last, lang, short=short)
        if first == last
        else _("%(first)s to %(last)s")
        % {"first": fmt_month(first, lang, short=short), "last": fmt_month(last, lang, short=short)}
    )
    if not sources:
        return _("workforce of %(when)s, source not given") % {"when": when}
    named = "; ".join(sources)
    if len(sources) > 1:
        named = ngettext("%(n)s source: %(names)s", "%(n)s sources: %(names)s", len(sources)) % {
            "n": len(sources),
            "names": named,
        }
    return f"{named} · {when}"


def not_ranked_text(ind: RegionIndicators) -> str:
    """Why a region with figures is left out of a ranking and a map's colours."""
    if ind.incomplete:
        return _("Not ranked: incomplete (too little of its workforce measured).")
    return _("Not ranked: %(why)s") % {"why": unmeasured_text(ind.unmeasured)}


def change_basis_text(regions: int | None, lang: str | None) -> str:
    """'over the same 12 regions' when a change compares fewer regions than the month has."""
    if regions is None:
        return ""
    return ngettext("change over the same %(n)s region", "change over the same %(n)s regions", regions) % {
        "n": fmt_int(regions, lang)
    }


def warning_text(warning: dict[str, Any], lang: str | None) -> str | None:
    """The warnings of partial reporting in words; None for the kinds worded elsewhere."""
    kind = warning.get("kind")
    if kind == "coverage_above_100":
        return _(
            "Coverage above 100 %% (%(rate)s): more active participants than workers; check both figures."
        ) % {"rate": fmt_pct(Fraction(str(warning["coverage_rate"])), lang)}
    if kind == "incomplete":
        return _(
            "Incomplete: only %(share)s of the workforce is measured (minimum %(minimum)s); the rate is "
            "not a headline, not mapped and not ranked."
        ) % {
            "share": fmt_pct(Fraction(str(warning["share"])), lang),
            "minimum": fmt_pct(Fraction(str(warning["minimum"])), lang),
        }
    if kind == "children_incomplete":
        return _(
            "Children incomplete: %(reporting)s of %(total)s sub-regions report, so the supplied figures "
            "are not compared with them."
        ) % {"reporting": warning["reporting"], "total": warning["total"]}
    if kind == "old_workforce":
        return _(
            "The workforce figure is from %(month)s, %(age)s months before this month (warning beyond "
            "%(limit)s)."
        ) % {
            "month": fmt_month(str(warning["workers_period"]), lang),
            "age": warning["age_months"],
            "limit": warning["limit"],
        }
    return None


def no_data_text(
    *, name: str, code: str, period: str, nearest: tuple[str | None, str | None], lang: str | None
) -> str:
    """'No figures for NTT (53) in June 2030. Nearest months with figures: May 2024.'"""
    said = _("No figures for %(name)s (%(code)s) in %(period)s.") % {
        "name": name,
        "code": code,
        "period": fmt_month(period, lang),
    }
    months = [fmt_month(m, lang) for m in nearest if m is not None]
    if not months:
        return f"{said} {_('No month has figures for this region yet.')}"
    return f"{said} {_('Nearest months with figures:')} {', '.join(months)}."


def warning_sentence(warning: dict[str, Any], lang: str | None) -> str:
    """Any data-quality warning of a region and month in words: the one wording of every surface (pages,
    map tooltips, reports, downloads, the CLI)."""
    worded = warning_text(warning, lang)
    if worded is not None:
        return worded
    kind = warning.get("kind")
    measure = str(warning.get("measure", ""))
    if kind == "parent_mismatch":
        return _(
            "%(measure)s: the figure supplied for this region (%(supplied)s) differs from the sum of its "
            "parts (%(sum)s); the supplied figure is shown."
        ) % {
            "measure": _measure_label(measure),
            "supplied": fmt_int(warning.get("supplied"), lang),
            "sum": fmt_int(warning.get("children_sum"), lang),
        }
    if kind == "incomplete_children":
        what = _("participants") if measure == "participation" else _("workforce")
        return _(
            "%(what)s: only %(reporting)s of %(total)s sub-regions have figures; the sum covers those."
        ) % {
            "what": what,
            "reporting": warning.get("reporting"),
            "total": warning.get("total"),
        }
    if kind == "mixed_workforce_periods":
        return _(
            "The workforce figures of the sub-regions are from different months (%(oldest)s to %(newest)s)."
        ) % {
            "oldest": fmt_month(str(warning.get("oldest")), lang),
            "newest": fmt_month(str(warning.get("newest")), lang),
        }
    return str(warning)


def warnings_sentence(warnings: list[dict[str, Any]], lang: str | None) -> str:
    """Every warning of a figure in one cell of a table or a download, separated by ' | '."""
    return " | ".join(warning_sentence(w, lang) for w in warnings)


def _measure_label(measure: str) -> str:
    """`active_pu` → `PU aktif`; `formal` → `pekerja formal`, in the active language."""
    if measure in ("total", "formal", "informal"):
        return {
            "total": _("workers, total"),
            "formal": _("workers, formal sector"),
            "informal": _("workers, informal sector"),
        }[measure]
    status, _sep, segment = measure.partition("_")
    if status == "active":
        return _("%(segment)s active") % {"segment": segment.upper()}
    if status == "inactive":
        return _("%(segment)s inactive") % {"segment": segment.upper()}
    return measure


def warning_kind_label(kind: str) -> str:
    """A warning named in a few words, where only its kind is published (open data)."""
    labels = {
        "coverage_above_100": _("coverage above 100 %"),
        "incomplete": _("incomplete"),
        "parent_mismatch": _("the supplied figure differs from the sum of its parts"),
        "children_incomplete": _("children incomplete"),
        "incomplete_children": _("only some sub-regions have figures"),
        "old_workforce": _("old workforce figure"),
        "mixed_workforce_periods": _("workforce figures of different months"),
    }
    return labels.get(kind, kind)
