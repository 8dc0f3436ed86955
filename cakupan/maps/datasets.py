"""Region boundaries in the one registry of datasets: a GeoJSON FeatureCollection, one feature a region, read
whole by `maps.services.boundaries_import`. The properties it reads are declared with the reader."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from cakupan.accounts.roles import Cap
from cakupan.imports.registry import Column, Dataset, register
from cakupan.maps.services import CODE_PROPERTIES, LABEL_LAT_PROPERTIES, LABEL_LON_PROPERTIES

BOUNDARIES = register(
    Dataset(
        name="boundaries",
        label=gettext_lazy("Region boundaries (maps)"),
        description=gettext_lazy(
            "A GeoJSON FeatureCollection of province or regency boundaries, one feature a region, keyed by "
            "its Kemendagri code; simplified for display as it is stored."
        ),
        columns=(
            Column(CODE_PROPERTIES[0], "region", aliases=CODE_PROPERTIES[1:], example="53.71"),
            Column("geometry", "geometry", example='{"type": "Polygon", "coordinates": [...]}'),
            Column(LABEL_LON_PROPERTIES[0], "decimal", aliases=LABEL_LON_PROPERTIES[1:], required=False),
            Column(LABEL_LAT_PROPERTIES[0], "decimal", aliases=LABEL_LAT_PROPERTIES[1:], required=False),
        ),
        key=(CODE_PROPERTIES[0],),
        key_words=gettext_lazy("same region"),
        capabilities=(Cap.IMPORT_BOUNDARIES,),
        reader="geojson",
    )
)
