"""A pack of a region measured over part of its workforce: no headline rate, and the warning in words on
its slide, as the report says it; real figures carry no "Data simulasi"."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from pptx import Presentation

from cakupan.packs.content import pack_build
from cakupan.packs.render import pack_render
from cakupan.reports.tests.test_report_completeness import partial  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_an_incomplete_host_has_no_headline_rate_and_its_slide_says_why(partial: None) -> None:  # noqa: F811
    pack = pack_build(AnonymousUser(), code="53", period="2024-06", lang="en", drawings=False)
    assert pack.host.coverage_rate is None and not pack.simulated
    assert any("Incomplete: only 28.57% of the workforce is measured" in w for w in pack.host.warnings)
    deck = Presentation(io.BytesIO(pack_render(pack, "pptx")))
    texts = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    assert any("Incomplete: only 28.57%" in t for t in texts)
    assert not any("Simulated data" in t for t in texts)
