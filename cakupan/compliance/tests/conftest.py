from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    """These tests read the English texts (the msgids): pages and messages in English, not Indonesian."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def bpjs_inspector(personas: Any) -> Any:
    """A BPJS inspector: a compliance officer of a BPJS Ketenagakerjaan office (the regional office of
    NTT), not of a labour inspectorate: every compliance officer's step but the inspection note."""
    from cakupan.accounts.models import Office
    from cakupan.accounts.services import role_assign, user_create
    from cakupan.regions.models import Region

    office = Office.objects.create(name="BPJS Ketenagakerjaan Kantor Wilayah Banusramba", kind="BPJS_KANWIL")
    office.regions.set([Region.objects.get(code="53")])
    user = user_create(username="pemeriksa_bpjs", password="persona-passphrase-2026")
    role_assign(user=user, role="COMPLIANCE_OFFICER", office=office)
    return user
