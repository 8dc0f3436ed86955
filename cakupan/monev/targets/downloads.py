"""The rows of targets and commitments as the downloads and the API give them."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language

from cakupan.indicators.serialise import number
from cakupan.monev.downloads import Row
from cakupan.monev.targets.selectors import TargetLine


def _plain(value: Decimal) -> int | float:
    """A stored decimal as written: 45 rather than 45.0000."""
    return int(value) if value == value.to_integral_value() else float(value)


def target_rows(lines: list[TargetLine]) -> list[Row]:
    return [
        {
            "year": line.target.year,
            "indicator": line.target.indicator,
            "value": _plain(line.target.value),
            "actual": number(line.actual) if line.target.indicator == "coverage_rate" else line.actual,
            "actual_period": line.actual_period,
            "status": line.status,
            "source": line.target.source,
            "regulation_id": line.regulation.pk if line.regulation else None,
            "regulation": f"{line.regulation.kind} {line.regulation.number}" if line.regulation else None,
            "revisions": [
                f"{_revised(change.old_value, line.target.indicator)} → "
                f"{_revised(change.new_value, line.target.indicator)} "
                f"({timezone.localtime(change.batch.created_at).date().isoformat()})"
                for change in line.history
            ],
        }
        for line in lines
    ]


def _revised(value: Decimal, indicator: str) -> str:
    """A revised target's value as the targets page writes it, in the reader's language ("6.400")."""
    from cakupan.common.formatting import fmt_int, fmt_pct

    lang = get_language()
    return fmt_pct(value, lang) if indicator == "coverage_rate" else fmt_int(int(value), lang)
