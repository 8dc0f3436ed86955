"""Issue 19 §6: the login page names the product, and the 403 page has a way back."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_the_login_page_brand_is_the_product_name_not_the_host(client: Client) -> None:
    page = client.get("/akun/masuk/", HTTP_HOST="127.0.0.1:8101").content.decode()
    brand = page.split('class="brand"', 1)[1].split("</a>", 1)[0]
    assert "Cakupan" in brand and "127.0.0.1" not in brand
    assert "<title>Masuk · Cakupan</title>" in page


def test_the_403_page_links_home_and_to_the_login_or_the_account(client: Client, personas: Personas) -> None:
    refused = client.get("/audit/", follow=False)
    assert refused.status_code == 302  # not signed in: the login page first
    client.force_login(personas.officer_b)
    page = client.get("/audit/")
    body = page.content.decode()
    assert page.status_code == 403
    main = body.split('id="main"', 1)[1]
    assert 'href="/"' in main and 'href="/akun/"' in main
    anonymous = Client().get("/wilayah/53.71.01/").content.decode().split('id="main"', 1)[1]
    assert 'href="/"' in anonymous and 'href="/akun/masuk/?next=/wilayah/53.71.01/"' in anonymous
