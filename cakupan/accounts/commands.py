"""`cakupan user add|grant|password|list|token`: accounts, their roles and regions, and API tokens. A
password or a token is printed once and never stored in the clear."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.models import Office
from cakupan.accounts.roles import NATIONAL_ROLES, Role
from cakupan.accounts.services import generate_password, role_assign, user_create, user_set_password
from cakupan.accounts.tokens import token_create
from cakupan.core.codes import CodeError, normalise
from cakupan.core.commands import EXIT_DATA, EXIT_OK, EXIT_USAGE, Command, out
from cakupan.regions.selectors import region_get


def _grant(user: Any, args: argparse.Namespace) -> str | None:
    """Assign the role of `args`; returns a message when the arguments are wrong."""
    if args.role not in Role.values:
        return _("Unknown role %(role)s; choose one of: %(roles)s") % {
            "role": args.role,
            "roles": ", ".join(Role.values),
        }
    office = None
    if args.office:
        office = Office.objects.filter(name=args.office).first()
        if office is None:
            return _("No office named %(name)s.") % {"name": args.office}
    regions = []
    for code in args.region:
        region = region_get(code=code)
        if region is None:
            return _("Unknown region %(code)s.") % {"code": code}
        regions.append(region)
    if args.role not in NATIONAL_ROLES and not regions and office is None:
        return _("Name the regions (--region) or the office (--office) of this role.")
    try:
        if args.role in NATIONAL_ROLES:
            role_assign(user=user, role=args.role)
        for region in regions:
            role_assign(user=user, role=args.role, region=region)
        if office is not None:
            role_assign(user=user, role=args.role, office=office)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def user(args: argparse.Namespace, lang: str) -> int:
    if args.user_command == "list":
        for account in User.objects.order_by("username"):
            grants = "; ".join(
                f"{role} {'00' if where.everything else ','.join(sorted(where.roots))}"
                for role, where in access.grants(account)
            )
            state = "" if account.is_active else " (nonaktif)"
            out(f"{account.username}{state}: {grants or '-'}")
        return EXIT_OK
    if args.user_command == "add":
        password = generate_password()
        try:
            with transaction.atomic():
                account = user_create(username=args.username, password=password, full_name=args.name)
                problem = _grant(account, args)
                if problem:
                    raise ValidationError(problem)
        except ValidationError as exc:
            out(" ".join(exc.messages), sys.stderr)
            return EXIT_USAGE
        out(
            _("Account %(name)s created. Password (shown once): %(password)s")
            % {"name": args.username, "password": password}
        )
        return EXIT_OK
    found = User.objects.filter(username=args.username).first()
    if found is None:
        out(_("No Cakupan account named %(name)s.") % {"name": args.username}, sys.stderr)
        return EXIT_DATA
    account = found
    if args.user_command == "token":
        try:
            codes = [normalise(code) for code in args.region]
            _token, plain = token_create(
                user=account, name=args.name, role=args.role, region_codes=codes, days=args.days
            )
        except (ValidationError, CodeError) as exc:
            out(" ".join(getattr(exc, "messages", [str(exc)])), sys.stderr)
            return EXIT_USAGE
        out(plain)
        return EXIT_OK
    if args.user_command == "grant":
        problem = _grant(account, args)
        if problem:
            out(problem, sys.stderr)
            return EXIT_USAGE
        out(_("Role %(role)s given to %(name)s.") % {"role": args.role, "name": args.username})
        return EXIT_OK
    password = generate_password()
    user_set_password(user=account, password=password)
    out(
        _("New password for %(name)s (shown once): %(password)s")
        % {"name": args.username, "password": password}
    )
    return EXIT_OK


def _parser(sub: Any, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("user", parents=[common], help="manage user accounts and their roles")
    user_sub = parser.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", parents=[common], help="create an account (password printed once)")
    add.add_argument("username")
    add.add_argument("--role", required=True, help="NATIONAL_ADMIN, NATIONAL_ANALYST, BPJS_OFFICER, ...")
    add.add_argument("--region", action="append", default=[], help="region code; repeat for several")
    add.add_argument("--office", help="office name (its regions)")
    add.add_argument("--name", default="", help="full name")
    grant = user_sub.add_parser("grant", parents=[common], help="give an existing account a role")
    grant.add_argument("username")
    grant.add_argument("--role", required=True)
    grant.add_argument("--region", action="append", default=[])
    grant.add_argument("--office")
    reset = user_sub.add_parser("password", parents=[common], help="set a new random password (printed once)")
    reset.add_argument("username")
    user_sub.add_parser("list", parents=[common], help="accounts with their roles and regions")
    tok = user_sub.add_parser("token", parents=[common], help="create an API token (printed once)")
    tok.add_argument("username")
    tok.add_argument("--role", required=True)
    tok.add_argument("--region", action="append", default=[], required=True)
    tok.add_argument("--days", type=int, default=90)
    tok.add_argument("--name", default="cli")


COMMANDS = [Command("user", user, _parser)]
