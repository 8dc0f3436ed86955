"""Login lockout with two limits: a username from an address (AXES_FAILURE_LIMIT), and an address alone
(AXES_IP_FAILURE_LIMIT, higher: an office behind one NAT address shares it), against one address trying
many usernames.

django-axes checks every set of AXES_LOCKOUT_PARAMETERS but compares the highest count with one limit;
this handler gives the address-only count its own limit, and lets a successful login clear only its own
username's failures, so that logging in to one account cannot wipe an address's failures on others."""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class TwoLimitLockoutHandler(AxesDatabaseHandler):
    """Expects AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        pair, *address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if not address:
            return int(pair)
        # The address count scaled to the pair's limit: it reaches that limit at AXES_IP_FAILURE_LIMIT.
        limit = get_failure_limit(request, credentials)
        return max(int(pair), int(address[0]) * limit // settings.AXES_IP_FAILURE_LIMIT)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _deleted = pair.delete()
        return int(count)
