"""The apps register their commands (issue 22 §5): each command of the contract comes from the
`commands.py` of the app that owns it, the help lists them in the contract's order, a name registered twice
is refused, the datasets stored by a service of their own are named by their apps, and no app imports the
command line."""

from __future__ import annotations

import argparse
import ast
import importlib
import types
from pathlib import Path
from typing import Any

import pytest

from cakupan.cli import registry
from cakupan.core.commands import Command

PACKAGE = Path(registry.__file__).resolve().parent.parent

OWNERS = {
    "init": "cakupan.cli.site",
    "import": "cakupan.cli.importing",
    "indicators": "cakupan.indicators.commands",
    "ranking": "cakupan.indicators.commands",
    "report": "cakupan.reports.commands",
    "report-batch": "cakupan.reports.commands",
    "serve": "cakupan.cli.site",
    "demo": "cakupan.cli.site",
    "user": "cakupan.accounts.commands",
    "match": "cakupan.participants.commands",
    "backup": "cakupan.backup.commands",
    "restore": "cakupan.backup.commands",
    "nik-sweep": "cakupan.common.commands",
    "pack": "cakupan.packs.commands",
    "digest": "cakupan.tasks.commands",
    "poverty": "cakupan.participants.commands",
    "worker": "cakupan.jobs.commands",
    "manage": "cakupan.cli.site",
}


def test_each_command_comes_from_the_commands_module_of_the_app_that_owns_it() -> None:
    found = {
        command.name: module
        for module in registry.command_modules()
        for command in getattr(importlib.import_module(module), "COMMANDS", [])
    }
    assert {name: module for name, module in found.items() if name in OWNERS} == OWNERS
    assert list(registry.commands())[: len(registry.ORDER)] == list(registry.ORDER)


def test_the_datasets_imported_by_their_own_service_are_named_by_the_apps_that_own_them() -> None:
    owners = {name: by.run.__module__ for name, by in registry.dataset_imports().items()}
    assert owners == {
        "employers": "cakupan.compliance.commands",
        "region_crosswalk": "cakupan.imports.commands",
        "vulnerable_funding": "cakupan.monev.commands",
        "benefits": "cakupan.monev.commands",
        "budget_lines": "cakupan.monev.commands",
        "perisai_agents": "cakupan.monev.commands",
    }


def test_only_serve_demo_and_worker_run_until_stopped() -> None:
    serving = {name for name, command in registry.commands().items() if command.serving}
    assert serving == {"serve", "demo", "worker"}


def _parser(sub: Any, common: argparse.ArgumentParser) -> None:
    sub.add_parser("extra", parents=[common], help="a command an app adds")


def _module(*commands: Command) -> types.ModuleType:
    module = types.ModuleType("cakupan_test_commands")
    module.COMMANDS = list(commands)  # type: ignore[attr-defined]
    return module


def test_a_new_command_follows_the_contracts_and_a_name_registered_twice_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extra = Command("extra", lambda args, lang: 0, _parser)
    monkeypatch.setattr(registry, "command_modules", lambda: ["cakupan.indicators.commands", "extra"])
    real_import = registry.importlib.import_module
    modules = {"extra": _module(extra)}
    monkeypatch.setattr(
        registry.importlib, "import_module", lambda name: modules.get(name) or real_import(name)
    )
    registry.commands.cache_clear()
    try:
        assert list(registry.commands()) == ["indicators", "ranking", "extra"]
        help_text = registry.build_parser(registry.commands()).format_help()
        assert "{indicators,ranking,extra}" in help_text
        modules["extra"] = _module(extra, Command("ranking", lambda args, lang: 0, _parser))
        registry.commands.cache_clear()
        with pytest.raises(RuntimeError, match="commands registered twice: ranking"):
            registry.commands()
    finally:
        registry.commands.cache_clear()


def test_no_app_imports_the_command_line() -> None:
    importers = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "cli" or "tests" in relative.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            if any(name == "cakupan.cli" or name.startswith("cakupan.cli.") for name in names):
                importers.append(str(relative))
    assert importers == []
