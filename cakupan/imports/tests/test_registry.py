from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from cakupan.cli import main
from cakupan.core import engine_files
from cakupan.imports import registry
from cakupan.imports.datasets import FIGURE_DATASETS
from cakupan.imports.file_templates import template_csv, template_xlsx
from cakupan.imports.validation import validate_file
from tests.personas import Personas

# Every row-by-row dataset of the data contract (../shared/spec/data-formats.md).
CONTRACT_DATASETS = {
    "workforce",
    "participation",
    "targets",
    "employers",
    "vulnerable_funding",
    "benefits",
    "region_crosswalk",
    # The Monev budget register and Perisai agents (issue 23).
    "budget_lines",
    "perisai_agents",
}


def test_every_dataset_of_the_contract_is_registered_once() -> None:
    assert set(registry.names(reader="rows")) == CONTRACT_DATASETS
    assert set(registry.names()) == CONTRACT_DATASETS | {"participants", "boundaries"}
    assert set(FIGURE_DATASETS) <= set(registry.names())


def test_the_participant_file_is_listed_with_the_columns_the_engine_reads() -> None:
    listed = registry.get("participants")
    assert listed.reader == "participants" and listed.make_row is None
    assert [(c.name, c.aliases, c.required) for c in listed.columns] == [
        (c.name, c.aliases, c.required) for c in engine_files.PARTICIPANTS.columns
    ]
    assert listed.aliases() == engine_files.PARTICIPANTS.lookup()


def test_a_dataset_read_whole_is_never_read_row_by_row() -> None:
    with pytest.raises(ValueError, match="not read row by row"):
        validate_file(dataset_name="boundaries", file_name="batas.csv", content=b"code\n53\n")


def test_registering_another_dataset_under_a_taken_name_is_refused() -> None:
    taken = registry.get("workforce")
    clone = registry.Dataset(
        name="workforce",
        label="x",
        columns=taken.columns,
        key=taken.key,
        make_row=taken.make_row,
        capabilities=taken.capabilities,
    )
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(clone)
    assert registry.get("workforce") is taken


def test_every_header_spelling_names_one_column_only() -> None:
    for dataset in registry.datasets():
        spellings = [a for c in dataset.columns for a in (c.name, *c.aliases)]
        assert len(spellings) == len(set(spellings)), dataset.name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CONTRACT_DATASETS))
def test_the_example_file_of_every_dataset_imports_cleanly(name: str) -> None:
    content = template_csv(registry.get(name), example=True)
    validation = validate_file(dataset_name=name, file_name=f"contoh-{name}.csv", content=content)
    assert validation.ok, validation.problems
    assert len(validation.rows) == len(registry.get(name).examples)


@pytest.mark.parametrize("name", sorted(CONTRACT_DATASETS))
def test_the_csv_template_is_the_header_alone_with_a_byte_order_mark(name: str) -> None:
    content = template_csv(registry.get(name), example=False)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [[c.name for c in registry.get(name).columns]]


@pytest.mark.parametrize("name", sorted(CONTRACT_DATASETS))
def test_the_xlsx_template_has_the_data_sheet_first_with_lists_and_the_aliases_explained(name: str) -> None:
    dataset = registry.get(name)
    workbook = load_workbook(io.BytesIO(template_xlsx(dataset)))
    data, example, notes = workbook.worksheets
    assert [c.value for c in data[1]] == [c.name for c in dataset.columns]
    assert data.max_row == 1 or all(c.value is None for row in data.iter_rows(min_row=2) for c in row)
    choices = [c for c in dataset.columns if c.kind == "choice"]
    assert len(data.data_validations.dataValidation) == len(choices)
    for rule, column in zip(data.data_validations.dataValidation, choices, strict=True):
        assert rule.formula1 == '"' + ",".join(column.stored_choices) + '"'
    assert [c.value for c in example[1]] == [c.name for c in dataset.columns]
    explained = {row[0]: row[1] for row in notes.iter_rows(min_row=6, values_only=True)}
    for column in dataset.columns:
        assert (explained[column.name] or "") == ", ".join(column.aliases)


@pytest.mark.django_db
def test_the_import_page_links_the_templates_and_explains_the_formats(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.bpjs_officer_a)
    page = client.get("/impor/").content.decode()
    assert 'href="/impor/templat/participation.xlsx"' in page
    assert 'href="/impor/contoh/participation.csv"' in page
    assert "kode_wilayah" in page and "105.120" in page
    response = client.get("/impor/templat/participation.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-participation.xlsx"'
    assert client.get("/impor/templat/nothing.xlsx").status_code == 404


@pytest.mark.django_db
def test_the_monev_and_employer_import_pages_explain_their_own_datasets(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.national_admin)
    monev = client.get("/monev/impor/").content.decode()
    assert 'href="/impor/templat/vulnerable_funding.xlsx"' in monev
    assert 'href="/impor/templat/benefits.xlsx"' in monev
    employers = client.get("/kepatuhan/impor/").content.decode()
    assert 'href="/impor/templat/employers.xlsx"' in employers


def test_the_command_line_lists_the_registered_datasets(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    shown = capsys.readouterr().out
    for name in (*registry.names(), "participants", "boundaries"):
        assert name in shown


@pytest.mark.django_db
def test_the_api_lists_every_registered_dataset_with_its_columns_and_who_may_import_it(
    personas: Personas,
) -> None:
    client = Client()
    client.force_login(personas.bpjs_officer_a)
    listed = {d["name"]: d for d in client.get("/api/v1/imports/datasets").json()}
    assert set(listed) == set(registry.names())
    assert listed["participation"]["importable"] and not listed["targets"]["importable"]
    columns = {c["name"]: c for c in listed["participation"]["columns"]}
    assert "kode_wilayah" in columns["region_code"]["aliases"]
    assert listed["employers"]["template_xlsx"] == "/impor/templat/employers.xlsx"


@pytest.mark.django_db
def test_a_dataset_declared_in_one_module_is_validated_read_and_templated_like_every_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What a new dataset needs from the framework: its declaration. Columns, aliases, a rule across cells
    # and the key are all it says; reading, parsing, duplicates, regions and templates come with it.
    from cakupan.imports.datasets import PERIOD, REGION

    def rule(parsed: dict[str, object]) -> list[tuple[str, str]]:
        return [("agents", "more agents than villages")] if parsed.get("agents") == 999 else []

    agents = registry.Dataset(
        name="perisai_agents_test",
        label="Perisai agents",
        columns=(REGION, PERIOD, registry.Column("agents", "count", aliases=("jumlah_agen",), example="12")),
        key=("region_code", "period"),
        key_words="same region and month",
        make_row=lambda number, parsed: (number, parsed["region_code"].code, parsed["agents"]),
        capabilities=("write_monev",),
        rules=(rule,),
        examples=(("53.71", "2024-06", "12"),),
    )
    monkeypatch.setitem(registry._REGISTRY, agents.name, agents)
    content = (
        b"Agen Perisai Kota Kupang\n"
        b"kode_wilayah;periode;jumlah_agen\n"
        b"5371;Juni 2024;1.200\n"
        b"53.71;2024-06;999\n"
        b"Jumlah;;2.199\n"
    )
    result = validate_file(dataset_name=agents.name, file_name="agen.csv", content=content)
    assert [(p.row, p.column) for p in result.problems] == [
        (4, "agents"),
        (4, "region_code, period"),
        (5, "region_code"),
    ]
    assert template_csv(agents, example=True).decode("utf-8-sig").splitlines() == [
        "region_code,period,agents",
        "53.71,2024-06,12",
    ]
    first_row_only = content.replace(b"53.71;2024-06;999\n", b"").replace(b"Jumlah;;2.199\n", b"")
    valid = validate_file(dataset_name=agents.name, file_name="agen.csv", content=first_row_only)
    assert valid.ok and valid.rows == [(3, "53.71", 1200)] and valid.title_rows[0][0] == 1
