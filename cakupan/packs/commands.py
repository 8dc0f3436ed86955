"""`cakupan pack REGION PERIOD [--meeting ID] [--user NAME] --out FILE` (parser and handler: `packs.cli`)."""

from __future__ import annotations

from cakupan.core.commands import Command
from cakupan.packs import cli

COMMANDS = [Command("pack", cli.run_pack, cli.add_parsers)]
