"""The daily digest: each user's task list (`tasks_for_user`, the list of /saya/) by email, at a fixed
local hour (CAKUPAN_DIGEST_HOUR, 07:00) in the time zone of the user's region, once per user and local
day, to a verified address of a user who has not opted out, and only when something waits for them.

Titles and links only, as on the task list: no figure, no NIK. Indonesian unless the user chose English
for email. A periodic job runs every hour and sends to the users whose local hour it is; the
(user, local day) row of `DigestSent` is claimed before sending, so no two workers send the same digest.
Off when no SMTP server is configured: the job says so in the log and sends nothing."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cakupan.accounts.models import EmailPreference
from cakupan.accounts.services import email_enabled
from cakupan.jobs.periodic import periodic_job
from cakupan.tasks.models import DigestSent
from cakupan.tasks.selectors import Task, my_regions, tasks_for_user

logger = logging.getLogger(__name__)

# Indonesia's three time zones (Keppres 41/1987) by Kemendagri province code.
WIB = ZoneInfo("Asia/Jakarta")  # Sumatra, Java, West and Central Kalimantan
WITA = ZoneInfo("Asia/Makassar")  # Bali, Nusa Tenggara, South, East and North Kalimantan, Sulawesi
WIT = ZoneInfo("Asia/Jayapura")  # Maluku, North Maluku and the six Papua provinces
WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96"})
ZONE_NAMES = {WIB.key: "WIB", WITA.key: "WITA", WIT.key: "WIT"}


def zone_of_region(code: str) -> ZoneInfo:
    """The time zone of a region by its province; the nation (00) keeps Jakarta's, WIB."""
    province = code[:2]
    if province in WITA_PROVINCES:
        return WITA
    if province in WIT_PROVINCES:
        return WIT
    return WIB


def zone_of_user(user: Any) -> ZoneInfo:
    """The time zone of the user's region: of their first region by code when they hold several, WIB for
    a national user or one without a region."""
    landing = my_regions(user)
    if landing.everything or not landing.regions:
        return WIB
    return zone_of_region(landing.regions[0].code)


def digest_recipients() -> QuerySet[Any]:
    """Active users with a verified address (still their account's) who have not opted out."""
    return (
        get_user_model()
        .objects.filter(is_active=True, email_preference__digest=True)
        .exclude(email="")
        .filter(email_preference__verified_address=F("email"))
        .select_related("email_preference")
        .order_by("pk")
    )


@dataclass(frozen=True)
class Digest:
    user: Any
    to: str
    language: str
    local_date: date
    subject: str
    text: str
    html: str
    tasks: list[Task]

    def message(self, connection: Any = None) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.subject, body=self.text, to=[self.to], connection=connection
        )
        message.attach_alternative(self.html, "text/html")
        return message


def digest_build(user: Any, *, local_date: date) -> Digest | None:
    """The user's digest for their local day, or None when nothing waits for them. The task list is
    read in the user's email language, as its labels are worded when it is read."""
    preference = EmailPreference.objects.filter(user=user).first() or EmailPreference(user=user)
    site = settings.CAKUPAN_SITE_URL
    with translation.override(preference.language):
        tasks = tasks_for_user(user, today=local_date)
        if not tasks:
            return None
        overdue = sum(1 for t in tasks if t.overdue)
        subject = ngettext(
            "%(site)s: %(n)d task waits for you", "%(site)s: %(n)d tasks wait for you", len(tasks)
        ) % {"site": settings.CAKUPAN_SITE_NAME, "n": len(tasks)}
        if overdue:
            subject += " " + ngettext("(%(n)d overdue)", "(%(n)d overdue)", overdue) % {"n": overdue}
        context = {
            "user": user,
            "local_date": local_date,
            "items": [(t, site + t.url) for t in tasks],
            "overdue": overdue,
            "mine_url": site + reverse("tasks:mine"),
            "account_url": site + reverse("accounts:account") + "#email",
            "site_name": settings.CAKUPAN_SITE_NAME,
        }
        text = render_to_string("tasks/email/digest.txt", context)
        html = render_to_string("tasks/email/digest.html", context)
    return Digest(
        user=user,
        to=user.email,
        language=preference.language,
        local_date=local_date,
        subject=subject,
        text=text,
        html=html,
        tasks=tasks,
    )


def _zones_at_hour(now: datetime, hour: int) -> set[str]:
    return {zone.key for zone in (WIB, WITA, WIT) if now.astimezone(zone).hour == hour}


def digest_due(*, now: datetime) -> list[tuple[Any, date]]:
    """The recipients whose local hour is the digest hour now, with their local day, who have not had
    that day's digest yet."""
    zones = _zones_at_hour(now, settings.CAKUPAN_DIGEST_HOUR)
    if not zones:
        return []
    due = []
    for user in digest_recipients():
        zone = zone_of_user(user)
        if zone.key not in zones:
            continue
        local_date = now.astimezone(zone).date()
        if not DigestSent.objects.filter(user=user, local_date=local_date).exists():
            due.append((user, local_date))
    return due


def _claim(user: Any, local_date: date, count: int) -> bool:
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, local_date=local_date, tasks=count)
    except IntegrityError:  # another worker claimed it first: it sends
        return False
    return True


@dataclass
class DigestRun:
    off: bool = False
    sent: list[str] = field(default_factory=list)
    nothing_due: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def digest_send(*, pairs: list[tuple[Any, date]]) -> DigestRun:
    """Send each (user, local day) its digest once: claimed first, the claim given back if the server
    refuses the message (so a later run may try again). The server is reached only when there is mail."""
    run = DigestRun()
    if not email_enabled():
        run.off = True
        return run
    digests = []
    for user, local_date in pairs:
        digest = digest_build(user, local_date=local_date)
        if digest is None:
            run.nothing_due.append(user.get_username())
        else:
            digests.append(digest)
    if not digests:
        return run
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException):
        logger.exception("the mail server cannot be reached: no digest sent")
        run.failed += [d.user.get_username() for d in digests]
        return run
    try:
        for digest in digests:
            user, local_date = digest.user, digest.local_date
            if not _claim(user, local_date, len(digest.tasks)):
                continue
            try:
                digest.message(connection).send()
            except (OSError, smtplib.SMTPException):
                logger.exception("the digest of user %s could not be sent", user.pk)
                DigestSent.objects.filter(user=user, local_date=local_date).delete()
                run.failed.append(user.get_username())
            else:
                run.sent.append(user.get_username())
    finally:
        connection.close()
    return run


def digest_send_due(*, now: datetime | None = None) -> DigestRun:
    """Send the digests due now (the hourly job)."""
    if not email_enabled():
        logger.info("digest: email is off (CAKUPAN_EMAIL_HOST is empty); no digest sent")
        return DigestRun(off=True)
    now = now or timezone.now()
    run = digest_send(pairs=digest_due(now=now))
    logger.info(
        "digest: %d sent, %d with nothing due, %d failed",
        len(run.sent),
        len(run.nothing_due),
        len(run.failed),
    )
    return run


class DigestFailed(Exception):
    pass


@periodic_job("digest", every=timedelta(hours=1))
def digest_hourly() -> None:
    run = digest_send_due()
    if run.failed:
        # Recorded on the periodic run; the claims were given back.
        raise DigestFailed(f"{len(run.failed)} digests could not be sent")


@dataclass(frozen=True)
class Preview:
    user: Any
    zone: ZoneInfo
    local_date: date
    reason: str  # why nothing would be sent ("" when a digest would be)
    digest: Digest | None


def digest_preview(*, users: QuerySet[Any] | list[Any], now: datetime | None = None) -> list[Preview]:
    """What each user would be sent today, whatever the hour, or why nothing would be (the command
    line's dry run). Sends and records nothing."""
    now = now or timezone.now()
    previews = []
    for user in users:
        zone = zone_of_user(user)
        local_date = now.astimezone(zone).date()
        preference = EmailPreference.objects.filter(user=user).first()
        reason, digest = "", None
        if not user.is_active:
            reason = _("the account is inactive")
        elif not user.email:
            reason = _("no email address")
        elif preference is None or not preference.is_verified_for(user.email):
            reason = _("the address is not verified")
        elif not preference.digest:
            reason = _("the digest is turned off")
        elif DigestSent.objects.filter(user=user, local_date=local_date).exists():
            reason = _("already sent today")
        else:
            digest = digest_build(user, local_date=local_date)
            if digest is None:
                reason = _("nothing is due")
        previews.append(Preview(user=user, zone=zone, local_date=local_date, reason=reason, digest=digest))
    return previews
