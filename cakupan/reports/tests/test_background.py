"""A region's report made in the background: the page asks, follows the progress and takes the file;
only the asker (the public's report: the public) may follow it or take it."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.test import Client

from cakupan.jobs.models import Job
from cakupan.jobs.worker import worker_run

pytestmark = pytest.mark.django_db


def _client(user: Any = None) -> Client:
    client = Client()
    client.cookies["cakupan_lang"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_the_region_page_asks_for_the_pdf_and_offers_it_when_ready(personas: Any, figures: None) -> None:
    officer = _client(personas.officer_a)
    page = officer.get("/wilayah/53/?periode=2024-06").content.decode()
    assert 'hx-post="/laporan/53/2024-06.pdf/buat/' in page and 'id="report-job"' in page
    asked = officer.post("/laporan/53/2024-06.pdf/buat/", HTTP_HX_REQUEST="true")
    assert asked.status_code == 200
    job = Job.objects.get(kind="reports.one")
    assert job.params["asker"] == personas.officer_a.pk and job.params["lang"] == "id"
    waiting = asked.content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "<progress" in waiting
    assert officer.get(f"/laporan/dibuat/{job.pk}/unduh/").status_code == 404  # not made yet
    worker_run(stop=threading.Event(), once=True)
    ready = officer.get(f"/laporan/dibuat/{job.pk}/?bagian=status").content.decode()
    assert "every 1s" not in ready and "Download monev-53-2024-06-id.pdf" in ready
    pdf = officer.get(f"/laporan/dibuat/{job.pk}/unduh/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content)[:5] == b"%PDF-"  # type: ignore[attr-defined]
    # Asked again on the same figures: the file already made, at once.
    again = officer.post("/laporan/53/2024-06.pdf/buat/", HTTP_HX_REQUEST="true").content.decode()
    assert "Download monev-53-2024-06-id.pdf" in again and Job.objects.filter(kind="reports.one").count() == 1


def test_another_user_or_the_public_cannot_follow_or_take_an_officers_report(
    personas: Any, figures: None
) -> None:
    asked = _client(personas.officer_a).post("/laporan/53/2024-06.pdf/buat/?bahasa=en")
    job = Job.objects.get(kind="reports.one")
    assert asked.status_code == 302 and asked["Location"] == f"/laporan/dibuat/{job.pk}/"
    assert job.params["lang"] == "en"
    worker_run(stop=threading.Event(), once=True)
    for other in (_client(personas.officer_b), _client(personas.national_analyst), _client()):
        assert other.get(f"/laporan/dibuat/{job.pk}/").status_code == 404
        assert other.get(f"/laporan/dibuat/{job.pk}/unduh/").status_code == 404


def test_the_public_follows_its_own_report_without_logging_in(figures: None) -> None:
    public = _client()
    asked = public.post("/laporan/53.71/2024-06.pdf/buat/", HTTP_HX_REQUEST="true")
    assert asked.status_code == 200
    job = Job.objects.get(kind="reports.one")
    assert job.params["asker"] is None
    page = public.get(f"/laporan/dibuat/{job.pk}/").content.decode()
    assert "Monev report" in page and "report-job" in page


def test_a_month_without_figures_an_unknown_format_or_a_get_is_refused(figures: None) -> None:
    public = _client()
    assert public.post("/laporan/53/2019-01.pdf/buat/").status_code == 404
    assert public.post("/laporan/53/2024-13.pdf/buat/").status_code == 404
    assert public.post("/laporan/53/2024-06.doc/buat/").status_code == 404
    assert public.get("/laporan/53/2024-06.pdf/buat/").status_code == 405
    assert not Job.objects.exists()
