"""Checks of the distinct values of a column. A file of millions of rows has a few thousand distinct
codes, months and segments: checking those (not every row) keeps validation inside the engine's one scan;
`ingest.locate` finds the rows only when something is wrong."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyarrow as pa
import pyarrow.compute as pc

from cakupan.analytics.problems import HIDDEN, N_, Translate, shown, untranslated
from cakupan.analytics.schema import (
    DOTTED_RE,
    PERIOD_RE,
    PROGRAMS,
    SEGMENT_SPELLINGS,
    SEGMENTS,
    STATUS_SPELLINGS,
    dotted,
)
from cakupan.core.nik import contains_nik
from cakupan.core.values import ValueProblem, parse_period
from cakupan.core.vocabulary import FUNDER_SPELLINGS, FUNDERS, spelling


def all_dotted(values: list[str | None]) -> bool:
    """Every value is a dotted Kemendagri code exactly as stored (no spaces, no bare digits)."""
    array = pa.array(values, pa.string())
    if array.null_count:
        return False
    return bool(pc.all(pc.match_substring_regex(array, DOTTED_RE.pattern)).as_py())


KnownCodes = Callable[[set[str]], set[str]]  # dotted codes → those the region master knows


def region_problems(
    values: Iterable[str | None],
    *,
    known: KnownCodes | None,
    within: str | None = None,
    translate: Translate = untranslated,
) -> dict[str | None, str]:
    """Bad codes; with `within` (a dotted code, "00" for the nation), codes outside it are bad too."""
    _ = translate
    bad: dict[str | None, str] = {}
    codes: dict[str, list[str]] = {}
    values = list(values)
    # The usual file has every code written dotted: checked in one go, not value by value.
    written_dotted = all_dotted(values)
    anywhere = within in (None, "00")
    if written_dotted and anywhere:  # every value present and shaped right: only the master can refuse one
        if known is None:
            return bad
        present = {value for value in values if value is not None}
        message = N_("unknown region code %(code)s (not in the Kepmendagri 2025 region master)")
        return {code: _(message) % {"code": code} for code in sorted(present - known(present))}
    for value in values:
        if value is None or not value.strip():
            bad[value] = _(N_("required value is missing"))
            continue
        code = value if written_dotted else dotted(value)
        if code is None:
            bad[value] = _(N_("not a Kemendagri region code (e.g. 53.71.01.1001 or 5371011001)"))
        elif not anywhere and code != within and not code.startswith(f"{within}."):
            bad[value] = _(N_("region %(code)s is outside %(region)s, the region of this list")) % {
                "code": code,
                "region": within,
            }
        else:
            codes.setdefault(code, []).append(value)
    if known is not None and codes:
        for code in sorted(set(codes) - known(set(codes))):
            for value in codes[code]:
                bad[value] = _(
                    N_("unknown region code %(code)s (not in the Kepmendagri 2025 region master)")
                ) % {"code": code}
    return bad


def period_problems(
    values: Iterable[str | None], *, latest: str | None = None, translate: Translate = untranslated
) -> dict[str | None, str]:
    _ = translate
    bad: dict[str | None, str] = {}
    for value in values:
        if value is None or not value.strip():
            bad[value] = _(N_("required value is missing"))
        elif not PERIOD_RE.match(value.strip()):
            # The engine groups by the month as written: a participant file writes it YYYY-MM exactly.
            bad[value] = _(N_("not a month: write YYYY-MM, e.g. 2024-06"))
        else:
            try:  # the bounds of every importer: years 2000 to 2100, no month after `latest`
                parse_period(value.strip(), latest=latest)
            except ValueProblem as problem:
                bad[value] = problem.reason(_)
    return bad


def choice_problems(
    values: Iterable[str | None], spellings: dict[str, str], allowed: Iterable[str], translate: Translate
) -> dict[str | None, str]:
    _ = translate
    bad: dict[str | None, str] = {}
    for value in values:
        if value is None or not value.strip():
            bad[value] = _(N_("required value is missing"))
        elif spelling(value) not in spellings:
            bad[value] = _(N_("not one of: %(allowed)s")) % {"allowed": ", ".join(allowed)}
    return bad


def segment_problems(
    values: Iterable[str | None], translate: Translate = untranslated
) -> dict[str | None, str]:
    return choice_problems(values, SEGMENT_SPELLINGS, SEGMENTS, translate)


def status_problems(
    values: Iterable[str | None], translate: Translate = untranslated
) -> dict[str | None, str]:
    return choice_problems(values, STATUS_SPELLINGS, ("active", "inactive"), translate)


def program_problems(
    values: Iterable[str | None], translate: Translate = untranslated
) -> dict[str | None, str]:
    _ = translate
    bad: dict[str | None, str] = {}
    for value in values:
        if value is None:
            continue  # no programs recorded
        names = [p.strip().upper() for p in value.replace(",", ";").split(";")]
        unknown = [n for n in names if n and n not in PROGRAMS]
        if unknown:
            bad[value] = _(N_("unknown program %(program)s; programs are %(allowed)s, separated by ;")) % {
                "program": shown(unknown[0], 20),
                "allowed": ", ".join(PROGRAMS),
            }
    return bad


def text_problems(
    values: Iterable[str | None], *, max_length: int, translate: Translate = untranslated
) -> dict[str | None, str]:
    """Free text (an agency, a category): not too long, and never something that looks like a NIK (a list
    with its columns swapped would otherwise store NIKs as agency names)."""
    _ = translate
    bad: dict[str | None, str] = {}
    for value in values:
        if value is None:
            continue
        if HIDDEN in value or contains_nik(value):  # hidden as the file was read, or grouped
            bad[value] = _(N_("looks like a NIK (16 digits): NIKs belong in the nik column only"))
        elif len(value) > max_length:
            bad[value] = _(N_("longer than %(n)d characters")) % {"n": max_length}
    return bad


def optional_period_problems(
    values: Iterable[str | None], *, latest: str | None = None, translate: Translate = untranslated
) -> dict[str | None, str]:
    """A month a row may leave empty (last_paid_period, registered_period): written YYYY-MM when given."""
    given = [v for v in values if v is not None and v.strip()]
    return period_problems(given, latest=latest, translate=translate)


def funder_problems(
    values: Iterable[str | None], translate: Translate = untranslated
) -> dict[str | None, str]:
    """funded_by, when given: one of the contract's funders (SELF, EMPLOYER, APBD_PROVINSI, …)."""
    given = [v for v in values if v is not None and v.strip()]
    return choice_problems(given, FUNDER_SPELLINGS, FUNDERS, translate)


def kbli_problems(values: Iterable[str | None], translate: Translate = untranslated) -> dict[str | None, str]:
    """kbli, when given: a 5-digit KBLI 2020 code of a known division, or a section letter A to U."""
    from cakupan.analytics.sectors import sections

    _ = translate
    letters = {s.letter for s in sections()}
    divisions = {f"{d:02d}" for s in sections() for d in range(s.first_division, s.last_division + 1)}
    bad: dict[str | None, str] = {}
    for value in values:
        if value is None or not value.strip():
            continue
        text = value.strip().upper()
        if text in letters or (len(text) == 5 and text.isdigit() and text[:2] in divisions):
            continue
        if HIDDEN in value or contains_nik(value):
            bad[value] = _(N_("looks like a NIK (16 digits): NIKs belong in the nik column only"))
        else:
            bad[value] = _(
                N_("not a KBLI 2020 code: write 5 digits (e.g. 47111) or the section letter (A to U)")
            )
    return bad


def participant_v2_problems(
    values: dict[str, list[str | None]], *, latest: str | None = None, translate: Translate = untranslated
) -> dict[str, dict[str | None, str]]:
    """The optional participant columns of contract v2 a file has (`values`: column → distinct values)."""
    check: dict[str, Callable[[list[str | None]], dict[str | None, str]]] = {
        "last_paid_period": lambda v: optional_period_problems(v, latest=latest, translate=translate),
        "registered_period": lambda v: optional_period_problems(v, latest=latest, translate=translate),
        "funded_by": lambda v: funder_problems(v, translate),
        "kbli": lambda v: kbli_problems(v, translate),
    }
    return {column: check[column](found) for column, found in values.items() if column in check}
