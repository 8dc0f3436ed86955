"""Two API schemas with one name would be merged in the OpenAPI document: ninja keys its components by
class name, so an operation would be described with another's shape (a monev BudgetOut once hid the
indicators' one). Every schema class of the API has a name of its own."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    sub: type
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_every_api_schema_of_cakupan_has_a_name_of_its_own() -> None:
    import cakupan.api  # noqa: F401  (registers every router, and with it every schema)

    modules: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("cakupan."):
            modules[cls.__name__].add(cls.__module__)
    assert {name: found for name, found in modules.items() if len(found) > 1} == {}
