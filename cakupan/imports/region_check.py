"""The region codes of a file, checked in one query: every row of an unknown code, and every row of a
region outside what the importer may import, becomes a problem with its row, column and value. Shared by
every dataset's validation (figures, employers, Monev datasets)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cakupan.core.codes import CodeError, normalise
from cakupan.core.problems import Problem
from cakupan.regions.scope import RegionScope
from cakupan.regions.selectors import region_codes_known

# stored code → the (row number, value as written, column it was written in) of each row naming it
CodeRows = dict[str, list[tuple[int, str, str]]]


def _as_read(reason: str, code: str, raw: str, column: str) -> str:
    """The reason, with how the value as written was read when it was read as another code."""
    try:
        same = column == "region_code" and normalise(raw) == code
    except CodeError:
        same = False
    if same:
        return reason
    return _("%(reason)s (%(column)s %(written)s is read as %(code)s)") % {
        "reason": reason,
        "column": column,
        "written": raw,
        "code": code,
    }


def region_problems(
    *, file_name: str, dataset: str, code_rows: CodeRows, scope: RegionScope | None
) -> list[Problem]:
    unknown = set(code_rows) - region_codes_known(codes=set(code_rows))
    problems = [
        Problem(
            file_name,
            number,
            column,
            raw,
            _as_read(
                _("unknown region code %(code)s (not in the Kepmendagri 2025 region master)")
                % {"code": code},
                code,
                raw,
                column,
            ),
        )
        for code in sorted(unknown)
        for number, raw, column in code_rows[code]
    ]
    if scope is not None:
        problems += [
            Problem(
                file_name,
                number,
                column,
                raw,
                _as_read(
                    _("region %(code)s is outside the regions you may import %(dataset)s for")
                    % {"code": code, "dataset": dataset},
                    code,
                    raw,
                    column,
                ),
            )
            for code in sorted(c for c in set(code_rows) - unknown if not scope.covers(c))
            for number, raw, column in code_rows[code]
        ]
    return problems
