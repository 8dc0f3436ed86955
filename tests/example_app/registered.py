"""Registers the example app into the shipped registries for one test, and takes it out afterwards: what a
shipped app's `ready()` does once for good (see apps.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from cakupan.imports import registry, stores
from cakupan.monev.scorecard import ASPECTS, scorecard_aspect
from cakupan.reports import sections
from tests.example_app import datasets, report_sections, scorecard


@contextmanager
def registered() -> Iterator[None]:
    registry.register(datasets.DATASET)
    stores.register_store(datasets.NAME, datasets.STORE)
    sections.report_section(order=report_sections.ORDER)(report_sections.outreach_visits)
    scorecard_aspect(scorecard.KEY)(scorecard.visits_made)
    try:
        yield
    finally:
        registry._REGISTRY.pop(datasets.NAME, None)
        stores._STORES.pop(datasets.NAME, None)
        ASPECTS.pop(scorecard.KEY, None)
        sections.PROVIDERS[:] = [p for p in sections.PROVIDERS if p[1] is not report_sections.outreach_visits]
