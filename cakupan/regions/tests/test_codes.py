from __future__ import annotations

import pytest

from cakupan.core.codes import CodeError, level_of, normalise, parent_of, parse_code


@pytest.mark.parametrize(
    ("raw", "dotted"),
    [
        ("53", "53"),
        ("5301", "53.01"),
        ("53.01", "53.01"),
        ("530101", "53.01.01"),
        ("5301012001", "53.01.01.2001"),
        (" 53.01.01.2001 ", "53.01.01.2001"),
        ("00", "00"),
        ("1110", "11.10"),
    ],
)
def test_codes_are_accepted_dotted_or_undotted_and_stored_dotted(raw: str, dotted: str) -> None:
    assert normalise(raw) == dotted


@pytest.mark.parametrize(
    "raw", ["", "5", "530", "53.1", "11.1", "53-01", "53.01.", "x53", "５３", "53.01.01.201"]
)
def test_anything_else_is_refused(raw: str) -> None:
    with pytest.raises(CodeError):
        parse_code(raw)


def test_the_input_style_is_remembered_for_the_mixed_style_check() -> None:
    assert parse_code("53.01").dotted_input is True
    assert parse_code("5301").dotted_input is False
    assert parse_code("53").dotted_input is None


def test_levels_and_parents_follow_from_the_code() -> None:
    assert [level_of(c) for c in ("00", "53", "53.01", "53.01.01", "53.01.01.2001")] == [0, 1, 2, 3, 4]
    assert [parent_of(c) for c in ("00", "53", "53.01", "53.01.01.2001")] == [None, "00", "53", "53.01.01"]
