from __future__ import annotations

import pytest
from django.db.models import Count

from cakupan.regions.models import Region
from cakupan.regions.services import regions_load_master

pytestmark = pytest.mark.django_db


def test_the_whole_master_loads_with_parents_and_loading_again_changes_nothing() -> None:
    first = regions_load_master()
    counts = dict(Region.objects.values_list("level").annotate(n=Count("code")).values_list("level", "n"))
    assert counts == {0: 1, 1: 38, 2: 514, 3: 7285, 4: 83762}
    kinds = dict(
        Region.objects.filter(level=2).values_list("kind").annotate(n=Count("code")).values_list("kind", "n")
    )
    assert kinds == {"kabupaten": 416, "kota": 98}
    assert Region.objects.exclude(level=0).filter(parent=None).count() == 0
    village = Region.objects.select_related("parent__parent__parent__parent").get(code="53.71.01.1001")
    assert [a.code for a in village.ancestors()] == ["00", "53", "53.71", "53.71.01"]
    assert first.created + first.unchanged == 91_600
    again = regions_load_master()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 91_600)


def test_a_renamed_region_is_updated_not_duplicated() -> None:
    regions_load_master()
    Region.objects.filter(code="53").update(name="Old name")
    result = regions_load_master()
    assert (result.created, result.updated) == (0, 1)
    assert Region.objects.get(code="53").name == "Nusa Tenggara Timur"
