from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cakupan.common.dated import dated_value_add
from cakupan.compliance.config import Config
from cakupan.compliance.detection import Detected, RuleSet, detect
from cakupan.compliance.models import Finding, ProgramRequirement, Setting
from cakupan.compliance.tests.helpers import employer, load_employers, row

pytestmark = pytest.mark.django_db
JUNE_2026 = date(2026, 6, 30)


@pytest.fixture
def rules(db: object) -> RuleSet:
    return RuleSet.of(Config.at(JUNE_2026))


def check(
    rules: RuleSet, rw: int, gw: int, rwage: int, gwage: int, programs: str = "JKK;JKM;JHT;JP"
) -> Detected:
    return detect(
        rules,
        reported_workers=rw,
        registered_workers=gw,
        reported_wages_idr=rwage,
        registered_wages_idr=gwage,
        programs=programs,
    )


def test_workers_reported_and_none_registered_is_pwbd_alone(rules: RuleSet) -> None:
    result = check(rules, 10, 0, 50_000_000, 0, "")
    assert result.rules == ("PWBD",)
    assert result.worker_shortfall == 10
    # A small employer (10 workers): JKK 0.24 % + JKM 0.30 % + JHT 5.7 % of the whole wage bill.
    assert result.contribution_shortfall_idr == 3_120_000


def test_an_employer_with_no_workers_at_all_has_no_finding(rules: RuleSet) -> None:
    assert not check(rules, 0, 0, 0, 0, "").found


def test_fewer_workers_registered_than_reported_is_pds_tk(rules: RuleSet) -> None:
    result = check(rules, 50, 49, 150_000_000, 150_000_000)
    assert result.rules == ("PDS_TK",) and result.worker_shortfall == 1
    # One worker at the average wage (3,000,000) across JKK, JKM, JHT and JP (9.24 %).
    assert result.contribution_shortfall_idr == 277_200


def test_more_workers_registered_than_reported_is_no_finding(rules: RuleSet) -> None:
    assert not check(rules, 10, 12, 30_000_000, 36_000_000, "JKK;JKM;JHT").found


@pytest.mark.parametrize(
    ("registered_wages", "flagged"),
    [(95_000_000, False), (94_999_999, True), (100_000_000, False), (120_000_000, False)],
)
def test_pds_upah_allows_the_configured_tolerance(
    rules: RuleSet, registered_wages: int, flagged: bool
) -> None:
    result = check(rules, 30, 30, 100_000_000, registered_wages)
    assert ("PDS_UPAH" in result.rules) is flagged


def test_the_tolerance_is_dated_configuration(db: object) -> None:
    dated_value_add(
        model=Setting, key="wage_tolerance_pct", value=10, valid_from=date(2026, 7, 1), legal_basis="test"
    )
    june, july = RuleSet.of(Config.at(JUNE_2026)), RuleSet.of(Config.at(date(2026, 7, 31)))
    assert check(june, 30, 30, 100_000_000, 92_000_000).rules == ("PDS_UPAH",)
    assert not check(july, 30, 30, 100_000_000, 92_000_000).found


@pytest.mark.parametrize(
    ("workers", "programs", "missing"),
    [
        (4, "JKK;JKM", ()),  # micro: JHT voluntary
        (5, "JKK;JKM", ("JHT",)),  # small
        (19, "JKK;JKM;JHT", ()),  # small: JP voluntary
        (20, "JKK;JKM;JHT", ("JP",)),  # medium
        (100, "JKK;JHT;JP", ("JKM",)),  # large
        (100, "JKK;JKM;JHT;JP;JKP", ()),
    ],
)
def test_pds_program_follows_the_size_class(
    rules: RuleSet, workers: int, programs: str, missing: tuple[str, ...]
) -> None:
    wages = workers * 4_000_000
    result = check(rules, workers, workers, wages, wages, programs)
    assert result.missing_programs == missing
    assert ("PDS_PROGRAM" in result.rules) is bool(missing)


def test_a_missing_pension_program_is_estimated_on_the_capped_wage(rules: RuleSet) -> None:
    # 20 workers earning 20,000,000 each: JP (3 %) counts only up to the 2025 cap of Rp10,547,400.
    result = check(rules, 20, 20, 400_000_000, 400_000_000, "JKK;JKM;JHT")
    assert result.rules == ("PDS_PROGRAM",)
    assert result.contribution_shortfall_idr == round(20 * 10_547_400 * 0.03)


def test_the_programs_of_each_size_class_are_dated_configuration(db: object) -> None:
    dated_value_add(
        model=ProgramRequirement,
        size_class="MICRO",
        program="JHT",
        valid_from=date(2026, 7, 1),
        legal_basis="t",
    )
    june, july = RuleSet.of(Config.at(JUNE_2026)), RuleSet.of(Config.at(date(2026, 7, 31)))
    assert not check(june, 3, 3, 9_000_000, 9_000_000, "JKK;JKM").found
    assert check(july, 3, 3, 9_000_000, 9_000_000, "JKK;JKM").rules == ("PDS_PROGRAM",)


def test_a_rule_can_be_switched_off_from_a_date(db: object) -> None:
    dated_value_add(model=Setting, key="pds_tk_on", value=0, valid_from=date(2026, 7, 1), legal_basis="test")
    july = RuleSet.of(Config.at(date(2026, 7, 31)))
    assert check(july, 50, 49, 150_000_000, 150_000_000).rules == ()


positions = st.tuples(
    st.integers(0, 5000), st.integers(0, 5000), st.integers(0, 10**11), st.integers(0, 10**11)
).filter(lambda p: (p[0] > 0 or p[2] == 0) and (p[1] > 0 or p[3] == 0))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=positions, programs=st.sets(st.sampled_from(["JKK", "JKM", "JHT", "JP", "JKP"])))
def test_detection_invariants(
    rules: RuleSet,  # the rules are read-only: sharing them is safe
    position: tuple[int, int, int, int],
    programs: set[str],
) -> None:
    rw, gw, rwage, gwage = position
    listed = ";".join(p for p in ("JKK", "JKM", "JHT", "JP", "JKP") if p in programs)
    result = check(rules, rw, gw, rwage, gwage, listed)
    assert result.worker_shortfall == max(0, rw - gw) and result.contribution_shortfall_idr >= 0
    assert result.found or result.contribution_shortfall_idr == 0
    assert ("PWBD" in result.rules) == (gw == 0 and rw > 0)
    if "PWBD" in result.rules:
        assert result.rules == ("PWBD",)
    # An employer that registers every worker, the whole wage bill and every program is compliant.
    assert (
        not check(rules, rw, max(rw, gw), rwage, max(rwage, gwage), "JKK;JKM;JHT;JP").found or rw == 0 == gw
    )


def test_detection_keeps_one_finding_per_employer_for_its_latest_month(db: object) -> None:
    load_employers(
        [row("NPP1", registered=0, registered_wages=0, programs=""), row("NPP2"), row("NPP3", registered=45)]
    )
    findings = {f.employer.key: f.rules for f in Finding.objects.select_related("employer")}
    assert findings == {"NPP1": "PWBD", "NPP3": "PDS_TK;PDS_UPAH"}
    load_employers([row("NPP1", period="2026-07")])
    assert not Finding.objects.filter(employer=employer("NPP1")).exists()
