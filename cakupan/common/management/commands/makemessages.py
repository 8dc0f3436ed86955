"""Django's makemessages, also extracting `N_("…")`: the analytics package marks its messages with N_
because it never imports Django (cakupan/analytics/problems.py), and they are translated where shown."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
