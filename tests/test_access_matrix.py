"""Every page, partial, download and API operation, for every persona: who may use it, and that the
officer of region B sees nothing of region A. A route without a rule here fails the suite.

One test a route (every persona, in turn, on the same records), so that `-n 2` spreads the routes over
both workers: the personas, the records of region A and B and the rules are made once a worker, in a
transaction around the module (conftest.py `module_transaction`); each route's test runs in a savepoint
of it, rolled back after the test, so a route's writes (a POST) are never seen by another route."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from cakupan.accounts.tokens import token_create
from cakupan.audit.models import AuditEvent
from cakupan.imports import staging
from cakupan.imports.models import ImportBatch
from tests.access_rules import (
    B_PERSONAS,
    CAN_IMPORT,
    CAN_IMPORT_PARTICIPATION,
    CAN_VIEW_IMPORTS,
    LOGGED_IN,
    PERSONAS,
    SEES_A_DETAIL,
    SEES_A_IMPORTS,
    Check,
    compliance,
    datacalls,
    everyone,
    jobs,
    maps,
    monev,
    ops,
    packs,
    participants,
    province_b,
    reports,
    split,
    tasks,
)
from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    Personas,
    csv_bytes,
    load,
    make_personas,
    participation_rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas) -> dict[str, Any]:
    """Figures and records of region A (NTT, with a district of Kota Kupang) and region B (NTB)."""
    return world_make(personas)


def world_make(personas: Personas) -> dict[str, Any]:
    """The records of `world`, stored."""
    load(
        "workforce",
        csv_bytes(
            WORKFORCE_HEADER,
            [
                ("53", "2024-06", "total", "1654526", ""),
                ("52", "2024-06", "total", "2000000", ""),
                ("53.71.01", "2024-06", "total", "40000", ""),
            ],
        ),
    )
    load(
        "participation",
        csv_bytes(
            PARTICIPATION_HEADER,
            participation_rows("53.71.01", "2024-06", {"PU": 9})
            + participation_rows("53", "2024-06", {"PU": 558_115})
            + participation_rows("52", "2024-06", {"PU": 700_000}),
        ),
    )
    batch_a, _ = load(
        "participation",
        csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-05", {"PU": 7})),
        "a.csv",
    )
    token_a, _plain = token_create(
        user=personas.officer_a, name="a", role="REGIONAL_OFFICER", region_codes=["53"], days=30
    )
    staged = staging.stage(
        dataset="participation",
        file_name="p.csv",
        user_id=personas.bpjs_officer_a.pk,
        content=csv_bytes(PARTICIPATION_HEADER, participation_rows("53.71", "2024-04", {"PU": 1})),
    )
    event_a = AuditEvent.objects.filter(region_code__startswith="53").first() or AuditEvent.objects.first()
    assert batch_a is not None and event_a is not None
    return {"batch_a": batch_a, "token_a": token_a, "staged": staged, "event_a": event_a}


def rules(w: dict[str, Any]) -> dict[str, list[Check]]:
    batch, token, staged, event = w["batch_a"], w["token_a"], w["staged"], w["event_a"]
    district = "53.71.01"
    empty_csv = lambda: {"dataset": "participation", "file": SimpleUploadedFile("x.csv", b"")}  # noqa: E731
    return {
        # A signed-in user with regions lands on their one region or on what waits for them (tasks).
        "dashboards:national": [
            Check("GET", "/", split({"national_admin", "national_analyst"}, 200, 302, 200))
        ],
        "dashboards:region": [
            Check("GET", "/wilayah/53/?periode=2024-06", everyone(200)),
            Check("GET", "/wilayah/53/?periode=2024-06&bagian=anak", everyone(200)),
            Check("GET", f"/wilayah/{district}/?periode=2024-06", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        "dashboards:fair": [
            Check("GET", "/peringkat/00/?periode=2024-06", everyone(200)),
            Check("GET", "/peringkat/53.71/?periode=2024-06", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        "dashboards:compare": [
            Check(
                "GET",
                f"/bandingkan/?wilayah=53,{district}&periode=2024-06",
                everyone(200),
                forbidden_text={p: f'href="/wilayah/{district}/' for p in PERSONAS if p not in SEES_A_DETAIL},
                required_text={p: f'href="/wilayah/{district}/' for p in SEES_A_DETAIL},
            )
        ],
        # The home page's "find a region": a district of A opens only for those who may see its figures.
        "dashboards:find": [
            Check("GET", "/cari/?wilayah=53", everyone(302)),
            Check("GET", f"/cari/?wilayah={district}", split(SEES_A_DETAIL, 302, 200, 200)),
        ],
        # The region picker's matches: districts of A only to those who may see A's district figures.
        "regions:picker-matches": [
            Check(
                "GET",
                "/pilih-wilayah/?q=53.71",
                everyone(200),
                forbidden_text={p: f'data-code="{district}"' for p in PERSONAS if p not in SEES_A_DETAIL},
                required_text={p: f'data-code="{district}"' for p in SEES_A_DETAIL},
            )
        ],
        "imports:upload": [Check("GET", "/impor/", split(CAN_IMPORT, 200, 403, 302))],
        "imports:preview": [
            Check("GET", f"/impor/pratinjau/{staged}/", split({"bpjs_officer_a"}, 200, 404, 302))
        ],
        "imports:confirm": [
            Check(
                "POST",
                f"/impor/pratinjau/{staged}/simpan/",
                split(set(), 302, 404, 302, others={"bpjs_officer_a": 302}),
            )
        ],
        "imports:batch": [
            Check(
                "GET",
                f"/impor/batch/{batch.pk}/",
                split(SEES_A_IMPORTS, 200, 403, 302, others={"officer_b": 404, "bpjs_b": 404}),
            )
        ],
        "accounts:login": [Check("GET", "/akun/masuk/", everyone(200))],
        "accounts:logout": [Check("POST", "/akun/keluar/", everyone(302))],
        "accounts:account": [Check("GET", "/akun/", split(set(LOGGED_IN), 200, 200, 302))],
        "accounts:token-revoke": [
            Check("POST", f"/akun/token/{token.pk}/cabut/", split({"officer_a"}, 302, 404, 302))
        ],
        # Email and the digest: each signed-in user sets only their own address (the form names no other).
        "accounts:email": [
            Check(
                "POST",
                "/akun/surel/",
                split(set(LOGGED_IN), 302, 302, 302),
                data=lambda: {"address": "", "digest": "on", "language": "id"},
            )
        ],
        "accounts:email-resend": [
            Check("POST", "/akun/surel/kirim-ulang/", split(set(LOGGED_IN), 302, 302, 302))
        ],
        # A verification link proves the mailbox, not a login: a forged one is refused to everyone.
        "accounts:email-verify": [Check("GET", "/akun/surel/verifikasi/palsu/", everyone(400))],
        "audit:list": [Check("GET", "/audit/", split({"national_admin"}, 200, 403, 302))],
        "audit:detail": [Check("GET", f"/audit/{event.pk}/", split({"national_admin"}, 200, 403, 302))],
        "api:openapi-json": [Check("GET", "/api/openapi.json", everyone(200))],
        "api:openapi-view": [Check("GET", "/api/docs", everyone(200))],
        "api:api-root": [Check("GET", "/api/", everyone(404))],
        "api:region_list": [Check("GET", "/api/v1/regions?parent=53", everyone(200))],
        "api:region_detail": [Check("GET", "/api/v1/regions/53.71", everyone(200))],
        "api:indicators_detail": [
            Check("GET", "/api/v1/indicators/53/2024-06", everyone(200)),
            Check("GET", f"/api/v1/indicators/{district}/2024-06", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        # The batches behind a region's month: as readable as its indicators.
        "api:indicators_sources": [
            Check("GET", "/api/v1/indicators/53/2024-06/sources", everyone(200)),
            Check(
                "GET", f"/api/v1/indicators/{district}/2024-06/sources", split(SEES_A_DETAIL, 200, 403, 403)
            ),
        ],
        "api:ranking_detail": [
            Check("GET", "/api/v1/ranking/00/2024-06", everyone(200)),
            Check("GET", "/api/v1/ranking/53.71/2024-06", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        "api:trend_detail": [
            Check("GET", "/api/v1/trends/53", everyone(200)),
            Check("GET", f"/api/v1/trends/{district}", split(SEES_A_DETAIL, 200, 403, 403)),
        ],
        "api:target_list": [Check("GET", "/api/v1/targets", everyone(200))],
        "api:budget": [Check("GET", "/api/v1/budget?workers=10&months=12", everyone(200))],
        "api:import_upload": [
            Check("POST", "/api/v1/imports", split(CAN_IMPORT_PARTICIPATION, 422, 403, 401), data=empty_csv)
        ],
        # The datasets and their templates are no secret: any signed-in user (or token) reads them.
        "api:dataset_index": [
            Check("GET", "/api/v1/imports/datasets", split(set(LOGGED_IN), 200, 200, 401)),
        ],
        "imports:template-xlsx": [
            Check("GET", "/impor/templat/participation.xlsx", split(set(LOGGED_IN), 200, 200, 302))
        ],
        "imports:template-csv": [
            Check("GET", "/impor/templat/targets.csv", split(set(LOGGED_IN), 200, 200, 302))
        ],
        "imports:example-csv": [
            Check("GET", "/impor/contoh/benefits.csv", split(set(LOGGED_IN), 200, 200, 302))
        ],
        "api:batch_index": [
            Check(
                "GET",
                "/api/v1/imports",
                split(CAN_VIEW_IMPORTS, 200, 403, 401),
                forbidden_text={"officer_b": f'"id": {batch.pk},', "bpjs_b": f'"id": {batch.pk},'},
            ),
        ],
        "api:batch_detail": [
            Check(
                "GET",
                f"/api/v1/imports/{batch.pk}",
                split(SEES_A_IMPORTS, 200, 403, 401, others={"officer_b": 404, "bpjs_b": 404}),
            )
        ],
        # An old Monev or employers batch id: none here, so 404 to whoever may look, 403 to the others.
        "api:batch_legacy_detail": [
            Check(
                "GET",
                "/api/v1/imports/legacy/employers/424242",
                split(
                    CAN_VIEW_IMPORTS | {"compliance_a", "licensing_a", "compliance_b", "licensing_b"},
                    404,
                    403,
                    401,
                ),
            )
        ],
        "api:batch_changes": [
            Check(
                "GET",
                f"/api/v1/imports/{batch.pk}/changes",
                split(SEES_A_IMPORTS, 200, 403, 401, others={"officer_b": 404, "bpjs_b": 404}),
            )
        ],
        # Open data: public; district tables hide small counts unless the reader has a role for the region.
        "opendata:index": [Check("GET", "/data-terbuka/", everyone(200))],
        # The poverty linkage's open data (tests/access_rules/participants.py matches a list in A): public.
        "opendata:poverty": [Check("GET", "/data-terbuka/kemiskinan/53/", everyone(200))],
        "opendata:poverty-download": [Check("GET", "/data-terbuka/kemiskinan/53/unduh.csv", everyone(200))],
        "opendata:region": [
            Check("GET", "/data-terbuka/53/", everyone(200)),
            Check("GET", "/data-terbuka/53.71/?periode=2024-06", everyone(200)),
        ],
        "opendata:download": [
            Check("GET", "/data-terbuka/53/unduh.json", everyone(200)),
            Check(
                "GET",
                "/data-terbuka/53.71/unduh.csv?periode=2024-06",
                everyone(200),
                # The district has 9 active participants: fewer than k, so hidden from readers without a
                # role for Kota Kupang. The row reads `…,40000,2024-06,,9,…` (workers, their month and
                # source, active) only for those who may see it.
                forbidden_text={p: ",40000,2024-06,,9," for p in PERSONAS if p not in SEES_A_DETAIL},
                required_text={p: ",40000,2024-06,,9," for p in SEES_A_DETAIL},
            ),
        ],
        "set_language": [
            Check("POST", "/i18n/setlang/", everyone(302), data=lambda: {"language": "en", "next": "/"})
        ],
        # The Django admin (reference data, users): staff only; everyone else is sent to its login.
        "admin:*": [
            Check("GET", "/admin/", split({"national_admin"}, 200, 302, 302)),
            Check("GET", "/admin/regions/region/", split({"national_admin"}, 200, 302, 302)),
            Check("GET", "/admin/audit/auditevent/", split({"national_admin"}, 200, 302, 302)),
        ],
    }


def _routes(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def route_names() -> list[str]:
    """Every route the URL resolver knows, sorted, the Django admin's as one ("admin:*")."""
    names = set(_routes(get_resolver().url_patterns))
    admin = {"admin:*"} if any(n.startswith("admin:") for n in names) else set()
    return sorted({n for n in names if not n.startswith("admin:")} | admin)


# Known when the tests are collected (the same list on every worker): one test a route.
ROUTES = route_names()


def all_rules(personas: Personas, world: dict[str, Any]) -> dict[str, list[Check]]:
    table = rules(world)
    for domain in (compliance, monev, reports, jobs, participants, ops, packs, maps, tasks, datacalls):
        extra = domain.rules(personas)
        assert not set(extra) & set(table), f"{domain.__name__} repeats a route"
        table |= extra
    province_b.apply(table)
    table["imports:batch"] += _batch_of_every_dataset()
    return table


# Who sees a batch of region A on the one batch page, as its dataset decides: employers with
# `view_compliance` for every region of the file (Kota Kupang), benefits with `import_benefits`.
SEES_EMPLOYERS_A = {"national_admin", "national_analyst", "bpjs_officer_a", "compliance_a", "licensing_a"}
SEES_BENEFITS_A = {"national_admin", "bpjs_officer_a"}


def _batch_of_every_dataset() -> list[Check]:
    """The batch page of the employers and benefits batches of region A that the domains' rules stored:
    region B's personas who see such batches of their own regions are told it is not there (404)."""
    employers = ImportBatch.objects.get(dataset="employers", touched_regions="53.71")
    benefits = ImportBatch.objects.get(dataset="benefits")
    return [
        Check(
            "GET",
            f"/impor/batch/{employers.pk}/",
            split(
                SEES_EMPLOYERS_A,
                200,
                403,
                302,
                others={"compliance_b": 404, "licensing_b": 404, "bpjs_b": 404},
            ),
        ),
        Check(
            "GET",
            f"/impor/batch/{benefits.pk}/",
            split(SEES_BENEFITS_A, 200, 403, 302, others={"bpjs_b": 404}),
        ),
    ]


@dataclass(frozen=True)
class Matrix:
    """The personas, the records of region A and B, every route's checks, and the folder of the records'
    files, made once a worker (`shared_matrix`)."""

    personas: Personas
    world: dict[str, Any]
    rules: dict[str, list[Check]]
    media_root: Path


@pytest.fixture(scope="module")
def shared_matrix(
    module_transaction: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Matrix:
    """Stored in the module's transaction (rolled back after the module's last test), with the fast
    password hasher and a files folder of the module's own, as each test has them (conftest.py)."""
    media_root = tmp_path_factory.mktemp("matrix") / "files"
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=fast):
        cache.clear()
        personas = make_personas()
        world = world_make(personas)
        return Matrix(personas, world, all_rules(personas, world), media_root)


@pytest.fixture
def matrix(shared_matrix: Matrix, db: None, settings: Any) -> Matrix:
    """The module's records, in this test's savepoint, and a copy of their files in the test's own files
    folder (a test may delete one: a confirmed upload's staged file)."""
    shutil.copytree(shared_matrix.media_root, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return shared_matrix


def test_every_route_has_an_access_rule(matrix: Matrix) -> None:
    missing = sorted(set(ROUTES) - set(matrix.rules))
    assert missing == [], f"routes without an access rule: {missing}"
    # A rule is checked by the test of its route: a rule of no route would be checked by none.
    unchecked = sorted(set(matrix.rules) - set(ROUTES))
    assert unchecked == [], f"access rules of no route (renamed or removed?): {unchecked}"


@pytest.mark.parametrize("route", ROUTES)
def test_each_persona_gets_exactly_what_its_role_and_regions_allow(route: str, matrix: Matrix) -> None:
    """Every check of the route as every persona. Province B's personas also send their GETs as HTMX
    requests (an HTMX partial must refuse exactly what its page refuses): the regional officer of B both
    ways, B's other roles as HTMX only, which takes the same access checks and keeps the matrix's time
    down."""
    checks = matrix.rules.get(route)
    assert checks, f"{route} has no access rule"
    failures = []
    for check in checks:
        for persona in PERSONAS:
            user = getattr(matrix.personas, persona, None)
            for as_htmx in _htmx_variants(check, persona):
                failures += _check_as(route, check, persona, user, as_htmx)
    assert failures == [], "\n".join(failures)


def _htmx_variants(check: Check, persona: str) -> tuple[bool, ...]:
    if check.method != "GET" or persona not in B_PERSONAS:
        return (False,)
    return (False, True) if persona == "officer_b" else (True,)


def _check_as(route: str, check: Check, persona: str, user: Any, htmx: bool) -> list[str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    data = check.data() if check.data else {}
    via = " (HTMX)" if htmx else ""
    if check.method == "GET":
        response = client.get(check.url, headers={"HX-Request": "true"} if htmx else {})
    elif check.json:
        response = client.post(check.url, json.dumps(data), content_type="application/json")
    else:
        response = client.post(check.url, data)
    failures = []
    if response.status_code != check.expect[persona]:
        failures.append(
            f"{route} {check.method} {check.url} as {persona}{via}: "
            f"{response.status_code}, expected {check.expect[persona]}"
        )
    body = response.getvalue().decode(errors="replace")  # streamed files too
    hidden = check.forbidden_text.get(persona)
    if hidden and hidden in body:
        failures.append(f"{route} {check.url} as {persona}{via}: shows {hidden!r}")
    shown = check.required_text.get(persona)
    if shown and shown not in body:
        failures.append(f"{route} {check.url} as {persona}{via}: does not show {shown!r}")
    return failures


def test_the_officer_of_region_b_cannot_see_region_a_by_guessing(matrix: Matrix) -> None:
    world = matrix.world
    client = Client()
    client.force_login(matrix.personas.officer_b)
    batch: ImportBatch = world["batch_a"]
    for url in (
        f"/impor/batch/{batch.pk}/",
        f"/api/v1/imports/{batch.pk}",
        f"/api/v1/imports/{batch.pk}/changes",
        "/wilayah/53.71.01/",
        "/api/v1/indicators/53.71.01/2024-06",
        "/api/v1/ranking/53.71/2024-06",
        f"/impor/pratinjau/{world['staged']}/",
        "/wilayah/53.71.01/?bagian=anak",
    ):
        assert client.get(url, HTTP_HX_REQUEST="true").status_code in (403, 404), url
    # Batches with rows of region B are B's to see; the batch of region A alone is not among them.
    seen = [item["id"] for item in client.get("/api/v1/imports").json()["items"]]
    assert seen and batch.pk not in seen
