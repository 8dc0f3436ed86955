"""What every command of `cakupan` shares, free of Django: the exit statuses of the contract (spec/cli.md),
the registration of a command, and writing to the terminal and to a file.

An app offers commands in its module `commands.py`, as a list `COMMANDS` of `Command`; the command line
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
from typing import Any, TextIO

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
