"""The API operations of regulations, their documents and the Inpres 2/2021 matrix, under /api/v1/monev/
(assembled by `cakupan.monev.api`). No `from __future__ import annotations`: django-ninja builds its
parameter models from the real annotations."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema

from cakupan.common.api import (
    PUBLIC,
    READ_AUTH,
    Error,
    responses,
)
from cakupan.monev.api_parts import code_or_raw
from cakupan.monev.regulations import downloads, selectors
from cakupan.monev.selectors import region_public

router = Router(tags=["Monev"], auth=READ_AUTH)


class RegulationOut(Schema):
    id: int
    region_code: str
    region_name: str
    kind: str
    kind_label: str
    number: str
    issued_on: date
    title: str
    topics: list[str]
    topic_labels: list[str]
    inpres_instructions: list[str]
    inpres_instruction_texts: list[str] = Field(..., description="Each instruction in words")
    document_url: str | None


class RegulationFilters(Schema):
    region: str = "00"
    kind: str = ""
    topic: str = ""


@router.get(
    openapi_extra=PUBLIC,
    path="/regulations",
    response=responses({200: list[RegulationOut], 404: Error}),
    summary="Regulations of a region and the regions below it",
)
def monev_regulation_list(request: HttpRequest, filters: Query[RegulationFilters]) -> list[dict[str, Any]]:
    """Public information: regional regulations supporting employment social security, with the
    Inpres 2/2021 instructions each acts on."""
    region = region_public(code=code_or_raw(filters.region))
    rows = selectors.regulation_list(request.user, region=region, kind=filters.kind, topic=filters.topic)
    return [downloads.regulation_row(r) for r in rows]


class MatrixBudgetOut(Schema):
    year: int
    line: str
    allocation_idr: int


class MatrixRowOut(Schema):
    region_code: str
    region_name: str
    instructions: dict[str, list[int]]  # instruction code → ids of the regulations acting on it
    met: dict[str, bool] = Field(
        ...,
        description="Instruction code → met (the budget one by a budget line, others by a regulation)",
    )
    budget_lines: list[MatrixBudgetOut] = Field(
        ..., description="The budget lines that meet the budget instruction"
    )


class MatrixOut(Schema):
    region_code: str
    instructions: list[str]
    instruction_texts: dict[str, str] = Field(..., description="Each instruction code in words")
    rows: list[MatrixRowOut]


@router.get(
    openapi_extra=PUBLIC,
    path="/inpres/{code}",
    response=responses({200: MatrixOut, 404: Error}),
    summary="Inpres 2/2021 matrix of a region and its children",
)
def monev_inpres_matrix(request: HttpRequest, code: str) -> dict[str, Any]:
    region = region_public(code=code_or_raw(code))
    matrix = selectors.inpres_matrix(request.user, region=region)
    codes = [i.code for i in matrix.instructions]
    return {
        "region_code": region.code,
        "instructions": codes,
        "instruction_texts": {i.code: i.text(get_language()) for i in matrix.instructions},
        "rows": [
            {
                "region_code": row.region.code,
                "region_name": row.region.name,
                "instructions": {c: [r.pk for r in cell] for c, cell in zip(codes, row.cells, strict=True)},
                "met": dict(zip(codes, row.met, strict=True)),
                "budget_lines": [
                    {"year": b.year, "line": b.line, "allocation_idr": b.allocation_idr}
                    for b in row.budget_lines
                ],
            }
            for row in matrix.rows
        ],
    }
