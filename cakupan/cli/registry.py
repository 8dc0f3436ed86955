"""The commands of `cakupan`, found in the apps: each installed app's module `commands.py` (when it has
one) lists its commands as `COMMANDS`, a list of `cakupan.core.commands.Command`, and the datasets it
imports through a service of its own as `IMPORTS` (`cakupan.core.commands.DatasetImport`). The command
line's own commands (init, import, serve, demo, manage) and those of `cakupan.backup`, which is no Django
app, are listed here by module name. Found once per process."""

from __future__ import annotations

import argparse
import functools
import importlib
import importlib.util

from django.apps import apps

from cakupan.core.commands import Command, DatasetImport

# Modules with commands that are not the `commands.py` of an installed app.
OWN_MODULES = ("cakupan.cli.site", "cakupan.cli.importing", "cakupan.backup.commands")

# The order `cakupan --help` lists the commands in (the contract's first); others follow as found.
ORDER = (
    "init",
    "import",
    "indicators",
    "ranking",
    "report",
    "report-batch",
    "serve",
    "demo",
    "user",
    "match",
    "backup",
    "restore",
    "nik-sweep",
    "pack",
    "digest",
    "poverty",
    "worker",
    "manage",
)


def command_modules() -> list[str]:
    found = [*OWN_MODULES]
    for config in apps.get_app_configs():
        name = f"{config.name}.commands"
        if name not in found and importlib.util.find_spec(name) is not None:
            found.append(name)
    return found


@functools.cache
def commands() -> dict[str, Command]:
    """Every command by name, in the order of `ORDER`, then the others in the order they were found."""
    found: list[Command] = []
    for module in command_modules():
        found.extend(getattr(importlib.import_module(module), "COMMANDS", []))
    names = [command.name for command in found]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise RuntimeError(f"commands registered twice: {', '.join(twice)}")
    rank = {name: index for index, name in enumerate(ORDER)}
    ordered = sorted(found, key=lambda command: rank.get(command.name, len(ORDER)))
    return {command.name: command for command in ordered}


@functools.cache
def dataset_imports() -> dict[str, DatasetImport]:
    """The datasets `cakupan import` hands to their app's own service, by name."""
    found: dict[str, DatasetImport] = {}
    for module in command_modules():
        for entry in getattr(importlib.import_module(module), "IMPORTS", []):
            if entry.dataset in found:
                raise RuntimeError(f"dataset imported by two commands: {entry.dataset}")
            found[entry.dataset] = entry
    return found


def build_parser(known: dict[str, Command]) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["id", "en"], help="bahasa pesan / message language")
    parser = argparse.ArgumentParser(
        prog="cakupan",
        description="Cakupan: Monev jaminan sosial ketenagakerjaan / Monev of employment social security",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", required=True)
    added: list[object] = []
    for command in known.values():
        if command.add_parsers not in added:  # backup and restore share one
            command.add_parsers(sub, common)
            added.append(command.add_parsers)
    return parser
