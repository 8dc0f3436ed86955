"""The participants app's commands: `cakupan match` and `cakupan poverty` (their parsers and handlers live
in `participants.cli` and `participants.poverty_cli`); `match`'s parsers also add the participant-level
options to `cakupan import`, whose `participants` dataset this app reads."""

from __future__ import annotations

from cakupan.core.commands import Command
from cakupan.participants import cli, poverty_cli

COMMANDS = [
    Command("match", cli.cmd_match, cli.add_parsers),
    Command("poverty", poverty_cli.run, poverty_cli.add_parsers),
]
