"""The rule by which the PostgreSQL pass leaves tests out (conftest.py DATABASE_FREE): the tests of the
Django-free packages import no Django and reach no database, so running them on a second database would
only repeat them."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import DATABASE_FIXTURES, DATABASE_FREE, ROOT, database_free

pytestmark = pytest.mark.slow

# What would reach a database all the same: the Django test database, the `cakupan` command (a database of
# its own), or the test helpers that start it.
REACHING = ("django", "tests", "cakupan.cli", "benchmarks.serving")


def _test_modules() -> list[Path]:
    return sorted(p for folder in DATABASE_FREE for p in (ROOT / folder).rglob("*.py") if "tests" in p.parts)


def test_the_database_free_tests_import_no_django() -> None:
    """Each test module of those packages is imported where Django cannot be imported."""
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts) for p in _test_modules()]
    assert len(modules) > 10, modules
    script = textwrap.dedent(
        """
        import importlib, sys

        class NoDjango:
            def find_spec(self, name, path=None, target=None):
                if name == "django" or name.startswith("django."):
                    raise ImportError("django is not importable here")
                return None

        sys.meta_path.insert(0, NoDjango())
        for name in sys.argv[1:]:
            importlib.import_module(name)
        assert not any(m == "django" or m.startswith("django.") for m in sys.modules)
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *modules], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert done.stdout.strip() == "ok"


def test_the_database_free_tests_ask_for_no_database() -> None:
    """No database fixture or marker in those tests, and no import of what starts `cakupan` (a database
    of its own)."""
    found = []
    for path in _test_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                asked = {a.arg for a in node.args.args + node.args.kwonlyargs} & DATABASE_FIXTURES
                found += [f"{path.name}:{node.lineno} {node.name} asks for {sorted(asked)}"] if asked else []
            elif isinstance(node, ast.Attribute) and node.attr == "django_db":
                found.append(f"{path.name}:{node.lineno} marks django_db")
            elif isinstance(node, ast.ImportFrom | ast.Import):
                names = (
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                )
                found += [
                    f"{path.name}:{node.lineno} imports {n}"
                    for n in names
                    if any(n == r or n.startswith(r + ".") for r in REACHING)
                ]
    assert found == []


def test_the_rule_marks_the_tests_of_those_packages_only(request: pytest.FixtureRequest) -> None:
    """This test (of tests/, with no database fixture) is not marked: the folder decides, then the
    fixtures."""
    assert not database_free(request.node)
    assert request.node.get_closest_marker("database_free") is None
