"""The `cakupan` command (spec/cli.md). Messages in Bahasa Indonesia; English with --lang en or LANG=en*.

The commands come from the apps: each app that offers some lists them in its `commands.py` (see
`cakupan.core.commands.Command`), and `cakupan.cli.registry` finds those modules through the installed apps.
This module only sets Django up, once, before anything that needs the apps is imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from cakupan.core.commands import EXIT_DATA, EXIT_OK, EXIT_USAGE

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.settings")
    import django

    # First: the commands' modules import models, and the datasets `import` lists are registered by apps.
    django.setup()
    from cakupan.cli.dispatch import run

    return run(list(sys.argv[1:] if argv is None else argv))
