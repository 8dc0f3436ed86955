"""`cakupan digest [--dry-run] [--user NAME]` (parser and handler in `tasks.cli`)."""

from __future__ import annotations

from cakupan.core.commands import Command
from cakupan.tasks import cli

COMMANDS = [Command("digest", cli.run, cli.add_parsers)]
