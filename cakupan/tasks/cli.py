"""`cakupan digest [--dry-run] [--user NAME]` (registered in
`cakupan/tasks/commands.py`): the daily digest of each user
(or one), whatever the hour. With --dry-run it prints what would be sent (recipient, subject, the text) or
why nothing would be, and sends and records nothing; without it, it sends today's digest now to those
who have not had it today (each user's local day, as the hourly job would).

Exit codes as every command: 0 shown or sent; 1 nothing to send (or email is off), 2 an unknown user.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _out(text: str = "", stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout, flush=True)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    digest = sub.add_parser(
        "digest", parents=[common], help="the daily digest of what waits for each user (email)"
    )
    digest.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")
    digest.add_argument("--user", help="only this account")


def run(args: argparse.Namespace, lang: str) -> int:
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from cakupan.accounts.services import email_enabled
    from cakupan.tasks.digest import ZONE_NAMES, digest_preview, digest_send

    users = get_user_model().objects.order_by("username")
    if args.user:
        users = users.filter(username=args.user)
        if not users.exists():
            _out(_("No user named %(name)s.") % {"name": args.user}, sys.stderr)
            return EXIT_USAGE
    else:
        users = users.filter(is_active=True)
    if not email_enabled():
        _out(_("Email is off: CAKUPAN_EMAIL_HOST is empty, so no digest is sent."), sys.stderr)
        if not args.dry_run:
            return EXIT_DATA
    previews = digest_preview(users=list(users))
    ready = [p for p in previews if p.digest is not None]
    for preview in previews:
        name = preview.user.get_username()
        if preview.digest is None:
            if args.user or args.dry_run:
                _out(_("%(name)s: nothing to send (%(reason)s)") % {"name": name, "reason": preview.reason})
            continue
        if args.dry_run:
            digest = preview.digest
            _out(f"== {name} <{digest.to}> · {preview.local_date:%Y-%m-%d} {ZONE_NAMES[preview.zone.key]}")
            _out(_("Subject: %(subject)s") % {"subject": digest.subject})
            _out(digest.text.rstrip())
            _out()
    if args.dry_run:
        _out(
            ngettext(
                "Dry run: %(n)d digest would be sent; nothing was sent.",
                "Dry run: %(n)d digests would be sent; nothing was sent.",
                len(ready),
            )
            % {"n": len(ready)}
        )
        return EXIT_OK if ready else EXIT_DATA
    run_ = digest_send(pairs=[(p.user, p.local_date) for p in ready])
    for name in run_.sent:
        _out(_("%(name)s: sent") % {"name": name})
    for name in run_.failed:
        _out(_("%(name)s: the mail server refused it (see the log)") % {"name": name}, sys.stderr)
    if not run_.sent and not run_.failed:
        _out(_("No digest to send."))
    return EXIT_OK if run_.sent and not run_.failed else EXIT_DATA
