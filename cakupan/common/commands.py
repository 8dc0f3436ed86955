"""`cakupan nik-sweep [--dry-run] [--json]` (parser and handler in `common.sweep_cli`)."""

from __future__ import annotations

from cakupan.common import sweep_cli
from cakupan.core.commands import Command

COMMANDS = [Command("nik-sweep", sweep_cli.run, sweep_cli.add_parsers)]
