from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cakupan.accounts.models import Office
from cakupan.compliance.models import Case
from cakupan.compliance.tests.helpers import non_compliant
from cakupan.compliance.transitions import case_open
from cakupan.monev.models import FollowUp
from cakupan.monev.tests.helpers import follow_up, meeting
from cakupan.tasks.selectors import tasks_for_user

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_user_with_one_region_lands_on_it_and_one_with_several_gets_a_chooser(personas: Any) -> None:
    assert _client(personas.officer_a).get("/")["Location"] == "/wilayah/53/"
    chooser = _client(personas.bpjs_officer_a).get("/", follow=True)
    assert chooser.redirect_chain == [("/saya/", 302)]
    page = chooser.content.decode()
    assert 'href="/wilayah/53.71/"' in page and 'href="/wilayah/53.01/"' in page
    assert "/wilayah/52" not in page
    assert '<h1 id="task-list-title">' in page  # the page's title; a region page gets it as a section
    # National roles and the public stay on the national page; a link with a query stays where it points.
    assert _client(personas.national_analyst).get("/").status_code == 200
    assert Client().get("/").status_code == 200
    assert _client(personas.officer_a).get("/?periode=2024-06").status_code == 200


def test_the_own_region_page_loads_the_task_list_and_another_region_does_not(personas: Any) -> None:
    client = _client(personas.officer_a)
    assert "/saya/?bagian=daftar" in client.get("/wilayah/53/").content.decode()
    assert "/saya/?bagian=daftar" not in client.get("/wilayah/53.71/").content.decode()
    assert "/saya/?bagian=daftar" not in Client().get("/").content.decode()


def test_follow_ups_due_of_my_region_or_my_office_are_mine_and_region_b_sees_none(personas: Any) -> None:
    today = timezone.localdate()
    m = meeting("53", personas.officer_a, held_on=today - timedelta(days=30))
    late = follow_up(m, personas.officer_a, action="Surati 12 perusahaan", due_on=today - timedelta(days=3))
    soon = follow_up(m, personas.officer_a, action="Rapat ulang", due_on=today + timedelta(days=2))
    follow_up(m, personas.officer_a, action="Laporan semester", due_on=today + timedelta(days=60))
    done = follow_up(m, personas.officer_a, action="Sudah", due_on=today - timedelta(days=1))
    FollowUp.objects.filter(pk=done.pk).update(status=FollowUp.Status.DONE)
    inspectorate = Office.objects.get(name="UPT Pengawasan Ketenagakerjaan NTT")
    FollowUp.objects.filter(pk=soon.pk).update(owner=inspectorate)

    mine = [(t.title, t.overdue) for t in tasks_for_user(personas.officer_a, today=today)]
    assert mine == [("Surati 12 perusahaan", True)]  # the owned one is its office's, not the region's
    assert [t.title for t in tasks_for_user(personas.compliance_a, today=today)] == ["Rapat ulang"]
    for outsider in (personas.officer_b, personas.compliance_b, personas.bpjs_b):
        assert tasks_for_user(outsider, today=today) == []

    page = _client(personas.officer_a).get("/saya/?bagian=daftar").content.decode()
    assert "Surati 12 perusahaan" in page and f"/monev/tindak-lanjut/{late.pk}/" in page
    assert "<strong>" in page  # marked overdue
    assert "Surati" not in _client(personas.officer_b).get("/saya/").content.decode()


def test_a_case_step_due_is_on_the_list_of_the_role_that_takes_it(personas: Any) -> None:
    today = timezone.localdate()
    case = case_open(employer=non_compliant(), by=personas.compliance_a, note="x")
    Case.objects.filter(pk=case.pk).update(due_date=today - timedelta(days=1))
    tasks = tasks_for_user(personas.compliance_a, today=today)
    expected = [("case_step", True, f"/kepatuhan/kasus/{case.pk}/")]
    assert [(t.kind, t.overdue, t.url) for t in tasks] == expected
    assert tasks_for_user(personas.compliance_b, today=today) == []
    assert tasks_for_user(personas.officer_b, today=today) == []


def test_the_task_list_needs_a_login() -> None:
    assert Client().get("/saya/").status_code == 302


def test_a_commitment_at_risk_is_on_its_owning_offices_list(personas: Any) -> None:
    from cakupan.monev.tests.targets.test_commitments import END, KUPANG, TODAY, _branch, _commit, _figures

    _figures("2024-01", 40_000)  # 40 % in January, 45 % in June: 51 % by December at this pace
    _figures("2024-06", 45_000)
    m = meeting(KUPANG, personas.officer_a, held_on=TODAY - timedelta(days=9))
    _commit(m, personas.officer_a, "60", owner=_branch())  # at risk
    _commit(m, personas.officer_a, "50", owner=_branch())  # on track: not a task
    _commit(m, personas.officer_a, "60")  # at risk, but no office owns it
    tasks = tasks_for_user(personas.bpjs_officer_a, today=TODAY)
    expected = [("commitment", END, False, "/wilayah/53.71/")]
    assert [(t.kind, t.due, t.overdue, t.url) for t in tasks] == expected
    for other in (personas.officer_a, personas.bpjs_b, personas.officer_b):
        assert [t for t in tasks_for_user(other, today=TODAY) if t.kind == "commitment"] == []
