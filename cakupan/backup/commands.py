"""`cakupan backup FILE` and `cakupan restore FILE [--replace]` (parsers and handlers in `backup.cli`)."""

from __future__ import annotations

from cakupan.backup import cli
from cakupan.core.commands import Command

COMMANDS = [
    Command("backup", cli.run_backup, cli.add_parsers),
    Command("restore", cli.run_restore, cli.add_parsers),
]
