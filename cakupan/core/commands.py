"""What every command of `cakupan` shares, free of Django: the exit statuses of the contract (spec/cli.md),
the registration of a command, and writing to the terminal and to a file.

An app offers commands in its module `commands.py`, as a list `COMMANDS` of `Command`, and the datasets it
imports through a service of its own as a list `IMPORTS` of `DatasetImport`; the command line
(`cakupan.cli`) finds those modules through the installed apps, so no app imports the command line.
"""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO

# 0 done; 1 refused input, an unknown region or no data; 2 a usage error.
EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace, str], int]
# add_parsers(sub, common): adds the command's parser to `sub` (argparse's subparsers) with `common` (the
# options every command takes, --lang) as a parent; it may also add options to a command named before it.
AddParsers = Callable[[Any, argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    """One command: `cakupan NAME ...` runs `handler(args, lang)`, whose result is the exit status.

    Commands that share one `add_parsers` (backup and restore) name the same function; it is called once.
    A serving command runs until stopped: it keeps the default SIGPIPE and is refused a data folder that
    the server could not write to.
    """

    name: str
    handler: Handler
    add_parsers: AddParsers
    serving: bool = False


class ImportRun(Protocol):
    """Validates and, unless `dry_run`, stores one file; returns the outcome (`ok`, `as_dict()`) and its
    problems. `by` is the account named by --user (its regions then bound the file), `actor` who runs it."""

    def __call__(
        self, *, file_name: str, content: bytes, by: Any, actor: str, dry_run: bool
    ) -> tuple[Any, list[Any]]: ...


@dataclass(frozen=True)
class DatasetImport:
    """`cakupan import DATASET FILE` for a dataset its app stores through a service of its own (its own
    checks, scope and report). Every other dataset of the registry goes through the import pipeline
    (validate_file, import_plan, import_commit with the dataset's store)."""

    dataset: str
    run: ImportRun


def out(text: str = "", stream: TextIO | None = None) -> None:
    """One line to standard output (or `stream`), written at once: scripts read the lines as they come."""
    print(text, file=stream or sys.stdout, flush=True)


def write_file(path: Path, data: bytes) -> None:
    """Complete or absent: a file cut short never lies at the path under its final name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def operator() -> str:
    """Who runs the command, as the audit history names them: the system user at the machine."""
    return f"{getpass.getuser()}@{socket.gethostname()}"
