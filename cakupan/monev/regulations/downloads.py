"""The rows of regulations, their documents and the Inpres 2/2021 matrix as the downloads and the API give
them."""

from __future__ import annotations

from django.utils.translation import get_language

from cakupan.monev.downloads import Row
from cakupan.monev.regulations.models import Regulation
from cakupan.monev.regulations.selectors import InpresMatrix


def regulation_row(r: Regulation) -> Row:
    """A regulation as the API (`/monev/regulations`) gives it."""
    return {
        "id": r.pk,
        "region_code": r.region_id,
        "region_name": r.region.name,
        "kind": r.kind,
        "kind_label": str(r.get_kind_display()),
        "number": r.number,
        "issued_on": r.issued_on,
        "title": r.title,
        "topics": r.topics,
        "topic_labels": r.topic_labels(),
        "inpres_instructions": [i.code for i in r.acts_on.all()],
        "inpres_instruction_texts": [i.text(get_language()) for i in r.acts_on.all()],
        "document_url": f"/monev/dokumen/{r.document_id}/" if r.document_id else None,
    }


def matrix_rows(matrix: InpresMatrix) -> list[Row]:
    """A row per region; per instruction, the regulations acting on it ("PERGUB 12 Tahun 2024")."""
    codes = [i.code for i in matrix.instructions]
    return [
        {
            "region_code": row.region.code,
            "region_name": row.region.name,
            "acted_on": row.done,
            "instructions": len(codes),
            **{
                code: [f"{b.line} {b.year}" for b in row.budget_lines]
                if index == row.budget_column
                else [f"{r.kind} {r.number}" for r in cell]
                for index, (code, cell) in enumerate(zip(codes, row.cells, strict=True))
            },
        }
        for row in matrix.rows
    ]
