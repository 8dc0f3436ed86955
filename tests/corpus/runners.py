"""Importing one file the ways a user can: through the service the command line and the pages call, through
the `cakupan` command (in this process), through the upload pages and the API. Each returns the problems
reported and everything shown, so the test can compare them and look for a NIK in what the user sees."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cakupan.cli import main
from cakupan.compliance.services import employers_import
from cakupan.imports.models import ImportBatch
from cakupan.imports.services import import_commit
from cakupan.imports.validation import validate_file
from cakupan.maps.services import boundaries_import
from cakupan.monev.services import monev_dataset_import
from cakupan.participants.services import MatchRefused, match_list_create, participants_rollup_import

FIGURES = ("workforce", "participation", "targets")
MONEV = ("vulnerable_funding", "benefits")
LIST_REGION = "53.71"


@dataclass
class Outcome:
    problems: list[dict[str, Any]]
    shown: str  # everything the user sees: the report, messages, the page


def by_service(dataset: str, path: Path) -> Outcome:
    """The service each entry point calls, as the command line calls it (no region scope)."""
    content = path.read_bytes()
    problems: list[Any]
    if dataset in FIGURES:
        validation = validate_file(dataset_name=dataset, file_name=path.name, content=content)
        if validation.ok:  # not expected: committed so the state check shows what it changed
            import_commit(validation=validation, by=None, actor="corpus", source=ImportBatch.Source.CLI)
        problems = validation.problems
    elif dataset == "employers":
        problems = employers_import(file_name=path.name, content=content).validation.problems
    elif dataset in MONEV:
        problems = monev_dataset_import(dataset=dataset, file_name=path.name, content=content).problems
    elif dataset == "participants":
        problems = participants_rollup_import(path=path, user=None).problems
    elif dataset == "match_list":
        try:
            outcome = match_list_create(
                name="Honorer", region_code=LIST_REGION, file_name=path.name, content=content, user=None
            )
        except MatchRefused as exc:
            return Outcome([], str(exc))
        problems = outcome.problems
    elif dataset == "boundaries":
        problems = boundaries_import(file_name=path.name, content=content).problems
    else:
        raise ValueError(dataset)
    found = [p.as_dict() for p in problems]
    return Outcome(found, json.dumps(found, ensure_ascii=False))


def by_cli(dataset: str, path: Path, capsys: pytest.CaptureFixture[str]) -> Outcome:
    """`cakupan import DATASET FILE --json` (or `cakupan match LIST`): refused with exit status 1."""
    if dataset == "match_list":
        args = ["match", str(path), "--region", LIST_REGION]
    else:
        args = ["import", dataset, str(path)]
    code = main([*args, "--json", "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 1, (code, out, err)
    report = json.loads(out)
    assert report["valid"] is False
    return Outcome(report["problems"], out + err)


_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_TAG = re.compile(r"<[^>]+>")


def problems_on_page(page: str) -> list[dict[str, Any]]:
    """The rows of the page's table of problems: the table headed File, Row, Column, Value and a reason."""
    tables = [t.split("</table>", 1)[0] for t in page.split("<table")[1:]]
    headed = [t for t in tables if re.search(r">File</th>.*>Row</th>.*>Column</th>.*>Value</th>", t, re.S)]
    assert headed, "the page shows no table of problems"
    found = []
    for row in _ROW.findall(headed[0].split("<tbody>", 1)[-1]):
        cells = [html.unescape(_TAG.sub("", c)).strip() for c in _CELL.findall(row)]
        if len(cells) == 5:
            number = 0 if cells[1] in ("–", "0") else int(cells[1])
            file, _row, column, value, reason = cells
            found.append({"file": file, "row": number, "column": column, "value": value, "reason": reason})
    return found


def by_web(dataset: str, path: Path, client: Client) -> Outcome:
    """The upload page of the dataset, then its preview (and an attempt to store it anyway)."""
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    if dataset in FIGURES or dataset in MONEV:
        base = "/impor/" if dataset in FIGURES else "/monev/impor/"
        # Refused at once, with no preview to store from: the file is not kept.
        page = client.post(base, {"dataset": dataset, "file": upload})
        assert page.status_code == 422, page.content[:500]
        assert "/simpan/" not in page.content.decode()
    elif dataset == "employers":
        page = client.post("/kepatuhan/impor/", {"file": upload})
        assert page.status_code == 422
    elif dataset == "match_list":
        fields = {"name": "Honorer", "region": LIST_REGION, "period": "", "file": upload}
        page = client.post("/peserta/cocokkan/", fields)
        assert page.status_code == 200
    else:
        raise ValueError(f"{dataset} has no upload page")
    text = page.content.decode()
    return Outcome(problems_on_page(text), text)


def by_api(dataset: str, path: Path, client: Client) -> Outcome:
    """POST /api/v1/imports: 422 with every problem."""
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post("/api/v1/imports", {"dataset": dataset, "file": upload})
    assert response.status_code == 422, response.content[:500]
    body = response.json()
    return Outcome(body["error"]["problems"], response.content.decode())
