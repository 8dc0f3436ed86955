"""Every CSV download of every table, found by following the links of every page the access matrix
knows, reads as CSV should: the header on the first line, every row as wide as the header, the same
table through Python's csv module and through pandas (issue 23)."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pandas as pd
import pytest
from django.test import Client

from tests.personas import Personas
from tests.test_access_matrix import all_rules, world  # noqa: F401  (the matrix's records of A and B)

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _is_csv(href: str) -> bool:
    parts = urlsplit(href)
    return parts.path.endswith(".csv") or "unduh=csv" in parts.query or "format=csv" in parts.query


def _csv_links(client: Client, pages: list[str]) -> set[str]:
    found: set[str] = set()
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode(errors="replace"))
        found |= {urljoin(page, h) for h in parser.hrefs if _is_csv(h) and not h.startswith("http")}
    return found


def test_every_csv_download_has_its_header_first_and_reads_the_same_in_csv_and_pandas(
    personas: Personas,
    world: dict[str, Any],  # noqa: F811
) -> None:
    pages = sorted(
        {
            check.url
            for checks in all_rules(personas, world).values()
            for check in checks
            if check.method == "GET" and not check.url.startswith("/api/")
        }
    )
    client = Client()
    client.force_login(personas.national_admin)
    links = _csv_links(client, pages)
    # Tables of the region pages, rankings, compare, open data, every register and the templates (58 today).
    assert len(links) >= 50, sorted(links)
    for url in sorted(links):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/csv"), url
        text = response.content.decode("utf-8-sig")
        if not text.strip():
            continue  # an empty table: nothing to read
        rows = list(csv.reader(io.StringIO(text)))
        header, body = rows[0], rows[1:]
        assert header and not header[0].startswith("#"), (url, header)
        assert len(set(header)) == len(header), (url, header)
        assert all(len(row) == len(header) for row in body), url
        frame = pd.read_csv(
            io.BytesIO(response.content), encoding="utf-8-sig", dtype=str, keep_default_na=False
        )
        assert list(frame.columns) == header, url
        assert frame.values.tolist() == body, url
