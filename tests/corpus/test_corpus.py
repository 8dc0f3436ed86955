"""Every broken file of the corpus is refused with a report that names its row and column and says why,
the same through every way in, and nothing stored changes. A file holding a NIK lets it out nowhere."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from cakupan.monev.services import monev_dataset_import
from tests.corpus.cases import API, APPLIES, CASES, FILES, ITEMS, NIK, WEB, Case, csv_file
from tests.corpus.runners import Outcome, by_api, by_cli, by_service, by_web
from tests.corpus.seed import seed
from tests.corpus.state import (
    database_state,
    files_state,
    nik_hits,
    process_database_state,
    process_files,
)
from tests.support import run

pytestmark = pytest.mark.django_db

REPORT_LIMIT = 400  # characters of a column, value or reason: a huge cell must not flood the report


@pytest.fixture(autouse=True)
def _english(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path / "data"
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _admin_client() -> Client:
    from cakupan.accounts.services import role_assign, user_create

    admin = user_create(username="admin_korpus", password="korpus-passphrase-2026")
    role_assign(user=admin, role="NATIONAL_ADMIN")
    client = Client()
    client.cookies["cakupan_lang"] = "en"
    client.force_login(admin)
    return client


def assert_refused(case: Case, problems: list[dict[str, Any]], how: str) -> None:
    assert problems, f"{how}: {case.id} was accepted"
    named = [(p["row"], p["column"]) for p in problems]
    assert any(
        p["row"] == case.row and p["column"] == case.column and case.reason in p["reason"] for p in problems
    ), f"{how}: expected row {case.row}, column {case.column!r}, '{case.reason}'; got {problems[:5]}"
    for p in problems:
        assert p["reason"].strip() and p["row"] >= 0, f"{how}: a problem without a reason or row: {p}"
        for key in ("column", "value", "reason"):
            assert len(str(p[key])) <= REPORT_LIMIT, f"{how}: {key} floods the report ({named[:3]})"


def _comparable(outcome: Outcome) -> list[tuple[int, str, str, str]]:
    return sorted(
        (int(p["row"]), str(p["column"]).strip(), str(p["value"]).strip(), str(p["reason"]).strip())
        for p in outcome.problems
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_broken_file_is_refused_with_its_row_column_and_reason_and_stores_nothing(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    seed(case.dataset, tmp_path)
    (tmp_path / "in").mkdir()
    path = case.write(tmp_path / "in")
    client = _admin_client() if {"web", "api"} & set(case.via) else None
    before = database_state(), files_state()

    outcomes = {"service": by_service(case.dataset, path)}
    if "cli" in case.via:
        outcomes["cli"] = by_cli(case.dataset, path, capsys)
    if "web" in case.via:
        assert client is not None
        outcomes["web"] = by_web(case.dataset, path, client)
    if "api" in case.via:
        assert client is not None
        outcomes["api"] = by_api(case.dataset, path, client)

    assert (database_state(), files_state()) == before
    for how, outcome in outcomes.items():
        assert_refused(case, outcome.problems, how)
        assert _comparable(outcome) == _comparable(outcomes["service"]), f"{how} reports otherwise"
        if case.nik:
            assert NIK not in outcome.shown, f"{how} shows the NIK"
    if case.nik:
        assert NIK not in caplog.text
        assert not nik_hits(NIK)


def test_the_corpus_covers_every_kind_of_broken_input_for_every_dataset_it_can_reach() -> None:
    assert len(CASES) >= 50
    assert len({c.id for c in CASES}) == len(CASES), "two cases share a file name"
    missing = [
        f"{dataset}: {item}"
        for dataset, items in APPLIES.items()
        for item in items
        if not any(c.dataset == dataset and c.covers == item for c in CASES)
    ]
    assert not missing
    kept = {f"{p.parent.name}/{p.name}" for p in FILES.glob("*/*")}
    assert kept <= {c.id for c in CASES if c.build is None}, "a file in files/ that no case reads"
    assert {c.covers for c in CASES} <= {*ITEMS, "other"}
    for case in CASES:
        assert ("web" not in case.via or case.dataset in WEB) and (
            "api" not in case.via or case.dataset in API
        )
    # Every way in is tried for every dataset that has it.
    for dataset in APPLIES:
        assert any("cli" in c.via for c in CASES if c.dataset == dataset), (
            f"{dataset}: no case through cakupan"
        )
        if dataset in WEB:
            assert any("web" in c.via for c in CASES if c.dataset == dataset), f"{dataset}: no case on a page"


PROCESS_CASES = [c for c in CASES if "process" in c.via]


@pytest.fixture(scope="module")
def cakupan_process(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A data folder of its own, with an empty SQLite database, for `cakupan` run as a separate process.
    The files tried this way are refused before the database is read, so none is set up (on either
    database): a command that tried to store anything would fail on the missing tables."""
    data = tmp_path_factory.mktemp("process") / "var"
    data.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("CAKUPAN_DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    # A key of its own, so that no first run writes one into the folder whose files are compared.
    return {**env, "CAKUPAN_DATA_DIR": str(data), "CAKUPAN_SECRET_KEY": "corpus-test-secret-key"}


@pytest.mark.parametrize("case", PROCESS_CASES, ids=lambda c: c.id)
def test_the_command_refuses_it_the_same_way_in_a_process_of_its_own(
    case: Case, cakupan_process: dict[str, str], tmp_path: Path
) -> None:
    path = case.write(tmp_path)
    data = Path(cakupan_process["CAKUPAN_DATA_DIR"])
    before = process_database_state(cakupan_process), process_files(data)
    done = run(cakupan_process, "import", case.dataset, str(path), "--json", "--lang", "en", timeout=120)
    assert done.returncode == 1, done.stderr
    assert_refused(case, json.loads(done.stdout)["problems"], "process")
    assert NIK not in done.stdout + done.stderr
    assert (process_database_state(cakupan_process), process_files(data)) == before


def test_the_fingerprints_see_a_stored_row_and_a_kept_file(tmp_path: Path, settings: Any) -> None:
    """The check that nothing changed is not blind: a stored figure or a new file changes it."""
    seed("benefits", tmp_path)
    before = database_state(), files_state()
    outcome = monev_dataset_import(
        dataset="benefits", file_name="lagi.csv", content=csv_file("benefits", {3: 13})()
    )
    assert outcome.ok and outcome.batch_id is not None
    assert database_state() != before[0]
    (Path(settings.MEDIA_ROOT) / "dokumen").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "dokumen" / "perda.pdf").write_bytes(b"%PDF-1.4")
    assert files_state() != before[1]
