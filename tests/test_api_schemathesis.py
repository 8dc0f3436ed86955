"""Schemathesis against the OpenAPI document: generated requests to every operation of a running server,
with a token, must never meet a server error or a response that breaks the document.

The operations are run in four parts (AREAS, by the first segment of their path; the last part takes every
path the others do not name, so a new area is never left out), one test each, so that `-n 2` runs two at
once; each worker starts one server, on a database of its own, for the parts it runs. An area's operations
stay in one part, so the stateful phase still links an upload to its batch or a report batch to its job."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.personas import PARTICIPATION_HEADER, WORKFORCE_HEADER, csv_bytes, participation_rows
from tests.support import free_port, own_database, run, serving

# Run once when the suite runs on both databases: on SQLite, while the route fuzz sends its hostile values to
# the API's routes on PostgreSQL (conftest.py `one_pass`).
pytestmark = [pytest.mark.slow, pytest.mark.one_pass("sqlite")]

# The first segments of the API paths (/api/v1/<segment>/…) of each part but the last, which has the rest.
AREAS = {
    "figures-reports-jobs": (
        "regions", "indicators", "ranking", "trends", "targets", "budget", "reports", "jobs", "maps",
    ),
    "imports-compliance": ("imports", "compliance"),
    "monev-packs": ("monev", "packs"),
    "participants-datacalls-and-the-rest": (),
}  # fmt: skip
# Generated cases a part must reach at the least: in all, the 1,000 the whole run reached before it was
# split (110 at most an operation).
MIN_CASES = {
    "figures-reports-jobs": 250,
    "imports-compliance": 200,
    "monev-packs": 250,
    "participants-datacalls-and-the-rest": 300,
}


def _paths(segments: tuple[str, ...]) -> str:
    return rf"^/api/v1/({'|'.join(segments)})(/|$)"


def _selection(part: str) -> list[str]:
    if AREAS[part]:
        return ["--include-path-regex", _paths(AREAS[part])]
    named = tuple(segment for segments in AREAS.values() for segment in segments)
    return ["--exclude-path-regex", _paths(named)]


@dataclass(frozen=True)
class Api:
    base: str
    token: str


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """A server of the worker's own, with a month of figures and a token of a BPJS officer of NTT."""
    folder = tmp_path_factory.mktemp("schemathesis")
    with own_database(folder / "var", "initialised") as env:
        workforce = folder / "w.csv"
        workforce.write_bytes(csv_bytes(WORKFORCE_HEADER, [("53.71", "2024-06", "total", "200000", "BPS")]))
        participation = folder / "p.csv"
        participation.write_bytes(
            csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-06", {"PU": 9}))
        )
        for dataset, path in (("workforce", workforce), ("participation", participation)):
            assert run(env, "import", dataset, str(path)).returncode == 0
        assert run(env, "user", "add", "etl", "--role", "BPJS_OFFICER", "--region", "53").returncode == 0
        token = run(env, "user", "token", "etl", "--role", "BPJS_OFFICER", "--region", "53").stdout.strip()
        with serving(env, free_port()) as base:
            # The first request loads every view: made here, so that schemathesis never waits on it.
            with urllib.request.urlopen(f"{base}/api/openapi.json", timeout=600) as answer:
                assert answer.status == 200
            yield Api(base, token)


@pytest.mark.parametrize("part", list(AREAS))
def test_generated_requests_meet_no_server_error_and_no_schema_break(
    part: str, api: Api, tmp_path: Path
) -> None:
    report = tmp_path / "schemathesis.json"
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "st"),
            "run",
            f"{api.base}/api/openapi.json",
            *_selection(part),
            "--checks",
            "all",
            # A file or a region code can be well-formed and still wrong: the importer's 422 with every
            # problem is the designed answer, not a schema fault.
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            "110",
            # One worker: on Python 3.11.7, hypothesis parsing lambdas in two threads at once can crash
            # CPython's AST recursion check (gh-106905, fixed in 3.11.8), failing the run.
            "--workers",
            "1",
            "--seed",
            "20240601",
            # No example database in the working tree (nor anywhere): a failure prints how to replay it.
            "--generation-database",
            "none",
            "--no-color",
            "--header",
            f"Authorization: Bearer {api.token}",
            "--report",
            "json",
            "--report-json-path",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=tmp_path,
    )
    summary = json.loads(report.read_text())
    cases = summary["test_cases"]["generated"]
    print(f"schemathesis {part}: {cases} generated cases, {len(summary['failures'])} failure kinds")
    assert done.returncode == 0, done.stdout[-6000:]
    assert summary["failures"] == [] and summary["test_cases"]["errored"] == 0
    assert cases >= MIN_CASES[part]
