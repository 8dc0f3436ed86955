from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cakupan.datacalls.models import DataCallAcceptance
from cakupan.datacalls.tests.helpers import (
    DUE,
    KUPANG,
    KUPANG_CITY,
    LAST_MONTH,
    data_call,
    meeting_ahead,
    submit_workforce,
)

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def test_the_host_calls_for_data_from_the_meeting_page(personas: Any) -> None:
    m = meeting_ahead(personas.officer_a, invited=("52",))
    host = _client(personas.officer_a)
    page = host.get(f"/monev/rapat/{m.pk}/").content.decode()
    assert f"/permintaan-data/rapat/{m.pk}/baru/" in page
    form = host.get(f"/permintaan-data/rapat/{m.pk}/baru/").content.decode()
    assert 'value="52"' in form and f'value="{KUPANG_CITY}"' in form and 'value="52.71"' not in form
    answer = host.post(
        f"/permintaan-data/rapat/{m.pk}/baru/",
        {
            "regions": [KUPANG_CITY, "52"],
            "datasets": ["workforce", "participation"],
            "first_month": LAST_MONTH,
            "last_month": LAST_MONTH,
            "due_on": DUE.isoformat(),
            "note": "Mohon dikirim",
        },
    )
    assert answer.status_code == 302
    detail = host.get(answer["Location"]).content.decode()
    assert "Regional officer" in detail and "BPJS Ketenagakerjaan officer" in detail  # who is asked
    assert detail.count('data-status="requested"') == 4
    # Who is asked, row by row: the importers of each dataset for the region, and where no one is.
    asked = dict(re.findall(r'<tr data-region="([\d.]+)">.*?<td [^>]*data-asked>(.*?)</td>', detail, re.S))
    nobody = '<strong class="error">no one imports {} for this region</strong>'
    assert asked == {
        "52": "petugas_ntb; " + nobody.format("Participation (BPJS Ketenagakerjaan participants)"),
        KUPANG_CITY: "bpjs_kupang; " + nobody.format("Workforce (denominator)"),
    }
    assert "/permintaan-data/" in host.get(f"/monev/rapat/{m.pk}/").content.decode()


def test_a_call_with_a_month_after_this_one_is_shown_again_with_the_reason(personas: Any) -> None:
    m = meeting_ahead(personas.officer_a)
    answer = _client(personas.officer_a).post(
        f"/permintaan-data/rapat/{m.pk}/baru/",
        {
            "regions": [KUPANG_CITY],
            "datasets": ["workforce"],
            "first_month": LAST_MONTH,
            "last_month": "2099-01",
            "due_on": DUE.isoformat(),
        },
    )
    assert answer.status_code == 422 and "at most 24 months" in answer.content.decode()


def test_the_host_accepts_a_submitted_cell_in_place_and_others_may_not(personas: Any) -> None:
    call = data_call(personas.officer_a, meeting_ahead(personas.officer_a), datasets=("workforce",))
    submit_workforce(KUPANG_CITY)
    host = _client(personas.officer_a)
    page = host.get(f"/permintaan-data/{call.pk}/").content.decode()
    assert page.count('data-status="submitted"') == 1 and "Accept</button>" in page
    body = {"region": KUPANG_CITY, "dataset": "workforce", "period": LAST_MONTH}
    # The BPJS branch sees its regencies' rows but does not accept; province B sees nothing.
    branch = _client(personas.bpjs_officer_a).get(f"/permintaan-data/{call.pk}/").content.decode()
    assert "Accept</button>" not in branch and 'data-region="53.71"' in branch
    assert (
        _client(personas.bpjs_officer_a).post(f"/permintaan-data/{call.pk}/terima/", body).status_code == 403
    )
    for outsider in (personas.officer_b, personas.bpjs_b, personas.compliance_b):
        assert _client(outsider).get(f"/permintaan-data/{call.pk}/").status_code == 404
        assert _client(outsider).post(f"/permintaan-data/{call.pk}/terima/", body).status_code == 404
        assert (
            f"/permintaan-data/{call.pk}/" not in _client(outsider).get("/permintaan-data/").content.decode()
        )
    assert not DataCallAcceptance.objects.exists()
    part = host.post(f"/permintaan-data/{call.pk}/terima/", body, HTTP_HX_REQUEST="true").content.decode()
    assert part.startswith('<section id="cells"') and 'data-status="accepted"' in part
    refused = host.post(
        f"/permintaan-data/{call.pk}/terima/", body | {"region": KUPANG}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 422 and "Nothing has been submitted" in refused.content.decode()


def test_an_invited_province_sees_only_its_own_rows(personas: Any) -> None:
    m = meeting_ahead(personas.officer_a, invited=("52",))
    call = data_call(personas.officer_a, m, regions=(KUPANG_CITY, "52"))
    page = _client(personas.officer_b).get(f"/permintaan-data/{call.pk}/").content.decode()
    assert 'data-region="52"' in page and 'data-region="53.71"' not in page
    assert "Only the regions within your roles are shown." in page
