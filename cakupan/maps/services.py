"""Importing region boundaries from GeoJSON: validate the whole file, report every problem, store all or
nothing, simplified for display, with one audit event per file."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.core.codes import PROVINCE, REGENCY, VILLAGE, CodeError, level_of, normalise
from cakupan.core.problems import Problem, shown
from cakupan.imports import registry
from cakupan.imports.models import ImportBatch
from cakupan.imports.services import import_commit
from cakupan.imports.stores import Progress, register_store
from cakupan.imports.validation import Validation
from cakupan.maps import topology
from cakupan.maps.geometry import (
    MIN_RING_POSITIONS,
    Geometry,
    as_geometry,
    bbox_of,
    geometry_points,
    geometry_vertices,
    polygons_of,
    ring_area,
    simplify_geometry,
    simplify_polygons,
)
from cakupan.maps.models import Boundary, BoundaryChange
from cakupan.maps.selectors import boundaries_for
from cakupan.regions.models import Region
from cakupan.regions.scope import RegionScope
from cakupan.regions.selectors import region_codes_known

# Douglas–Peucker tolerance in degrees (about 110 m at the equator), and islands smaller than
# (2 × tolerance)² (about 5 ha) dropped. A province map is drawn 800 pixels wide, where a pixel is 0.01°
# or more, so nothing visible is lost; the drawing simplifies further to the pixel (svg.py). On the shared
# boundaries this keeps about 38,000 of 113,000 province vertices and 86,000 of 161,000 regency vertices.
DEFAULT_TOLERANCE = 0.001
COORDINATE_DIGITS = 4  # about 11 m

# Indonesia spans about 95–141° E and 11° S–6° N; the margin accepts every outlying island.
LON_RANGE = (94.0, 142.0)
LAT_RANGE = (-12.0, 7.0)

CODE_PROPERTIES = ("code", "kode", "region_code")
LABEL_LON_PROPERTIES = ("label_lng", "label_lon")
LABEL_LAT_PROPERTIES = ("label_lat",)
MAX_BYTES = 64 * 1024 * 1024
# A broken geometry can be wrong at every one of its positions; after this many problems the rest of that
# feature's geometry is summed up in one line.
MAX_PROBLEMS_PER_GEOMETRY = 10


@dataclass
class BoundaryImportResult:
    """What an import found and did. Nothing is stored when `problems` is not empty (or on a dry run)."""

    file_name: str
    sha256: str
    size: int
    tolerance: float
    features: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    vertices_in: int = 0
    vertices_out: int = 0
    stored: bool = False
    dry_run: bool = False
    batch_id: int | None = None  # the import batch that stored it (None: nothing changed, or not stored)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """The report of `cakupan import boundaries --json`."""
        return {
            "file": self.file_name,
            "dataset": "boundaries",
            "sha256": self.sha256,
            "features": self.features,
            "valid": self.ok,
            "stored": self.stored,
            "dry_run": self.dry_run,
            "batch": self.batch_id,
            "created": len(self.created),
            "replaced": len(self.replaced),
            "unchanged": len(self.unchanged),
            "vertices_in": self.vertices_in,
            "vertices_out": self.vertices_out,
            "tolerance_degrees": self.tolerance,
            "problems": [p.as_dict() for p in self.problems],
        }


@dataclass(frozen=True)
class _Feature:
    row: int
    code: str
    geometry: Geometry
    label_lon: float | None
    label_lat: float | None


def _refuse_constant(name: str) -> Any:
    raise ValueError(_("%(name)s is not a JSON number") % {"name": name})


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _GeometryCheck:
    """Every problem of one feature's geometry, up to MAX_PROBLEMS_PER_GEOMETRY."""

    def __init__(self, file_name: str, row: int) -> None:
        self.file_name = file_name
        self.row = row
        self.problems: list[Problem] = []
        self.more = 0

    def add(self, where: str, value: object, reason: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS_PER_GEOMETRY:
            self.more += 1
            return
        text = shown(value)
        self.problems.append(
            Problem(self.file_name, self.row, "geometry", f"{where}: {text}" if where else text, reason)
        )

    def finish(self) -> list[Problem]:
        if self.more:
            self.problems.append(
                Problem(
                    self.file_name,
                    self.row,
                    "geometry",
                    "",
                    _("and %(n)d more problems in this geometry") % {"n": self.more},
                )
            )
        return self.problems

    def check(self, geometry: object) -> None:
        if not isinstance(geometry, dict):
            self.add("", geometry, _("the feature has no geometry; expected a Polygon or MultiPolygon"))
            return
        kind = geometry.get("type")
        if kind not in ("Polygon", "MultiPolygon"):
            self.add(
                "", kind, _("geometry of type %(type)s; expected a Polygon or MultiPolygon") % {"type": kind}
            )
            return
        coordinates = geometry.get("coordinates")
        polygons = [coordinates] if kind == "Polygon" else coordinates
        if (
            not isinstance(polygons, list)
            or not polygons
            or (kind == "MultiPolygon" and not all(isinstance(p, list) for p in polygons))
        ):
            self.add("", shown(coordinates, 40), _("the coordinates are not a list of polygons"))
            return
        for p_index, polygon in enumerate(polygons, start=1):
            if not isinstance(polygon, list) or not polygon:
                self.add(
                    _("polygon %(p)d") % {"p": p_index}, polygon, _("a polygon is a non-empty list of rings")
                )
                continue
            for r_index, ring in enumerate(polygon, start=1):
                self.check_ring(ring, _("polygon %(p)d, ring %(r)d") % {"p": p_index, "r": r_index})

    def check_ring(self, ring: object, where: str) -> None:
        if not isinstance(ring, list):
            self.add(where, ring, _("a ring is a list of positions"))
            return
        good: list[tuple[float, float]] = []
        ok = True
        for index, position in enumerate(ring, start=1):
            at = _("%(where)s, position %(n)d") % {"where": where, "n": index}
            if (
                not isinstance(position, list)
                or len(position) < 2
                or not all(_is_number(v) for v in position)
            ):
                self.add(
                    at, json.dumps(position), _("a position is a list of two numbers [longitude, latitude]")
                )
                ok = False
                continue
            lon, lat = float(position[0]), float(position[1])
            if not all(math.isfinite(float(v)) for v in position):
                self.add(at, position, _("not a finite number (infinite or NaN)"))
                ok = False
                continue
            if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                self.add(
                    at,
                    json.dumps(position),
                    _(
                        "outside Indonesia: longitude must be within %(lon0)s..%(lon1)s and latitude within "
                        "%(lat0)s..%(lat1)s (WGS84 degrees, with a margin around the outermost islands; "
                        "is the file in another projection, or are longitude and latitude swapped?)"
                    )
                    % {
                        "lon0": LON_RANGE[0],
                        "lon1": LON_RANGE[1],
                        "lat0": LAT_RANGE[0],
                        "lat1": LAT_RANGE[1],
                    },
                )
                ok = False
                continue
            good.append((lon, lat))
        if not ok:
            return
        if len(good) < MIN_RING_POSITIONS:
            self.add(
                where,
                _("%(n)d positions") % {"n": len(good)},
                _("a ring needs at least 4 positions (3 corners and the first repeated at the end)"),
            )
            return
        if good[0] != good[-1]:
            self.add(
                where,
                f"{list(good[0])} … {list(good[-1])}",
                _("the ring is not closed: its last position must repeat the first"),
            )
            return
        if ring_area(good) == 0.0:
            self.add(where, _("%(n)d positions") % {"n": len(good)}, _("the ring has no area (degenerate)"))


def _code_of(feature: dict[str, Any]) -> tuple[str | None, str | None]:
    """(raw code, where it came from) from the properties, else the feature id."""
    properties = feature.get("properties")
    if isinstance(properties, dict):
        for key in CODE_PROPERTIES:
            value = properties.get(key)
            if value is not None and str(value).strip():
                return str(value).strip(), key
    feature_id = feature.get("id")
    if feature_id is not None and not isinstance(feature_id, bool) and str(feature_id).strip():
        return str(feature_id).strip(), "id"
    return None, None


def _label(
    properties: dict[str, Any], keys: tuple[str, ...], bounds: tuple[float, float]
) -> tuple[float | None, str | None, object]:
    """(value, the property it came from if invalid, the invalid value)."""
    for key in keys:
        if key in properties and properties[key] is not None:
            value = properties[key]
            if _is_number(value) and math.isfinite(value) and bounds[0] <= value <= bounds[1]:
                return float(value), None, None
            return None, key, value
    return None, None, None


def _parse(file_name: str, content: bytes, result: BoundaryImportResult) -> list[_Feature]:
    problems = result.problems
    if len(content) > MAX_BYTES:
        problems.append(
            Problem(
                file_name,
                0,
                "",
                "",
                _("the file is larger than %(mb)d MB; simplify the boundaries first")
                % {"mb": MAX_BYTES >> 20},
            )
        )
        return []
    if not content.strip():
        problems.append(Problem(file_name, 0, "", "", _("The file is empty.")))
        return []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(file_name, 0, "", "", _("not UTF-8 text (byte %(pos)d)") % {"pos": exc.start + 1})
        )
        return []
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                file_name,
                0,
                "",
                "",
                _("not valid JSON: %(error)s at line %(line)d, column %(column)d")
                % {"error": exc.msg, "line": exc.lineno, "column": exc.colno},
            )
        )
        return []
    except (ValueError, RecursionError) as exc:
        problems.append(Problem(file_name, 0, "", "", _("not valid JSON: %(error)s") % {"error": exc}))
        return []
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        kind = document.get("type") if isinstance(document, dict) else type(document).__name__
        problems.append(
            Problem(
                file_name,
                0,
                "type",
                shown(kind),
                _(
                    'not a GeoJSON FeatureCollection (RFC 7946): the top level needs "type": '
                    '"FeatureCollection" and a list of features'
                ),
            )
        )
        return []
    features = document.get("features")
    if not isinstance(features, list):
        problems.append(
            Problem(file_name, 0, "features", "", _("the FeatureCollection has no list of features"))
        )
        return []
    if not features:
        problems.append(Problem(file_name, 0, "features", "", _("the FeatureCollection has no features")))
        return []
    result.features = len(features)

    parsed: list[_Feature] = []
    codes_seen: dict[str, int] = {}
    for row, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(
                Problem(file_name, row, "type", shown(json.dumps(feature)[:60]), _("not a GeoJSON Feature"))
            )
            continue
        properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        assert isinstance(properties, dict)
        raw, source = _code_of(feature)
        code: str | None = None
        if raw is None:
            problems.append(
                Problem(
                    file_name,
                    row,
                    "code",
                    "",
                    _(
                        "no region code: put the Kemendagri code in properties.code (or kode, region_code) "
                        "or in the feature id"
                    ),
                )
            )
        else:
            try:
                code = normalise(raw)
            except CodeError:
                problems.append(
                    Problem(
                        file_name,
                        row,
                        "code",
                        shown(raw),
                        _("not a Kemendagri region code (e.g. 53 or 53.71)"),
                    )
                )
            if code is not None and source != "id" and feature.get("id") is not None:
                try:
                    other = normalise(str(feature["id"]))
                except CodeError:
                    other = code  # an id that is not a code (a row number, a UUID) says nothing
                if other != code:
                    problems.append(
                        Problem(
                            file_name,
                            row,
                            "id",
                            shown(feature["id"]),
                            _("the feature id and properties.%(key)s (%(code)s) name different regions")
                            % {"key": source, "code": code},
                        )
                    )
            if code is not None and level_of(code) >= VILLAGE:
                problems.append(
                    Problem(
                        file_name,
                        row,
                        "code",
                        code,
                        _(
                            "a village code: boundaries are kept for the nation, provinces, regencies and "
                            "districts only"
                        ),
                    )
                )
                code = None
            if code is not None:
                if code in codes_seen:
                    problems.append(
                        Problem(
                            file_name,
                            row,
                            "code",
                            code,
                            _("duplicate of feature %(row)d (the same region twice)")
                            % {"row": codes_seen[code]},
                        )
                    )
                else:
                    codes_seen[code] = row

        check = _GeometryCheck(file_name, row)
        check.check(feature.get("geometry"))
        if not check.problems:
            reason = topology.invalid_reason(topology.as_shape(feature["geometry"]))
            if reason is not None:
                check.add(
                    "",
                    reason,
                    _(
                        "the geometry is not valid (a ring crosses itself or another ring of the polygon); "
                        "repair it in a GIS (e.g. QGIS: Fix geometries)"
                    ),
                )
        problems.extend(check.finish())

        label_lon, bad_lon, bad_lon_value = _label(properties, LABEL_LON_PROPERTIES, LON_RANGE)
        label_lat, bad_lat, bad_lat_value = _label(properties, LABEL_LAT_PROPERTIES, LAT_RANGE)
        for key, value in ((bad_lon, bad_lon_value), (bad_lat, bad_lat_value)):
            if key is not None:
                problems.append(
                    Problem(
                        file_name,
                        row,
                        key,
                        shown(value),
                        _("a label point is a number of WGS84 degrees within Indonesia (or leave it out)"),
                    )
                )
        if code is not None and not check.problems:
            parsed.append(_Feature(row, code, feature["geometry"], label_lon, label_lat))

    known = region_codes_known(codes=set(codes_seen))
    for code, row in codes_seen.items():
        if code not in known:
            problems.append(
                Problem(
                    file_name,
                    row,
                    "code",
                    code,
                    _("unknown region code %(code)s (not in the Kepmendagri 2025 region master)")
                    % {"code": code},
                )
            )
    problems.sort(key=lambda p: p.row)
    return parsed


def boundaries_import(
    *,
    file_name: str,
    content: bytes,
    tolerance: float = DEFAULT_TOLERANCE,
    dry_run: bool = False,
    by: User | None = None,
    actor: str = "",
    source: str = "cli",
) -> BoundaryImportResult:
    """Validate a GeoJSON FeatureCollection of region boundaries and, when it has no problem at all,
    store every feature simplified for display, replacing the boundaries of the same regions.

    Every problem is reported (file, feature number as `row`, column, value, reason) and then nothing is
    stored, as with every other dataset. What is stored goes through the one import commit: an import batch
    (file, hash, who, when, what it created and replaced) with its audit event, in one transaction. The
    same file twice changes nothing the second time."""
    if not (math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError("the tolerance is a number of degrees, 0 or more")
    result = BoundaryImportResult(
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        tolerance=tolerance,
        dry_run=dry_run,
    )
    features = _parse(file_name, content, result)
    if result.problems:
        return result

    now = timezone.now()
    rows: list[BoundaryRow] = []
    outlines = _display_outlines(features, tolerance)
    for feature in features:
        simplified = outlines[feature.row]
        result.vertices_in += geometry_vertices(feature.geometry)
        vertices = geometry_vertices(simplified)
        result.vertices_out += vertices
        boundary = Boundary(
            region_id=feature.code,
            geometry=simplified,
            bbox=[round(v, 6) for v in bbox_of(geometry_points(feature.geometry))],
            label_lon=feature.label_lon,
            label_lat=feature.label_lat,
            vertices=vertices,
            source_file=file_name[:255],
            source_sha256=result.sha256,
            imported_at=now,
        )
        rows.append(BoundaryRow(feature.row, feature.code, boundary))
    # Nesting is checked on the outlines as they will be stored and drawn (a third of the vertices).
    result.problems.extend(_nesting_problems(file_name, rows))
    if result.problems:
        return result
    validation = Validation(
        dataset=registry.get("boundaries"),
        file_name=file_name,
        sha256=result.sha256,
        size=result.size,
        rows=rows,
        data_rows=len(rows),
        region_codes_seen={r.region for r in rows},
    )
    if dry_run:
        _tell(result, STORE.plan(validation))
        return result
    with transaction.atomic():
        plan = STORE.plan(validation)
        _tell(result, plan)
        batch, _plan = import_commit(validation=validation, by=by, actor=actor, source=source, plan=plan)
    result.stored = True
    result.batch_id = batch.pk if batch is not None else None
    return result


def _display_outlines(features: list[_Feature], tolerance: float) -> dict[int, Geometry]:
    """Each feature's outline as stored for display, by feature number: the regions of one level simplified
    together as one coverage so neighbours stay joined (`topology.coverage_outlines`), rounded to
    COORDINATE_DIGITS with islands smaller than (2 × tolerance)² dropped; a lone region, or one whose
    outline does not survive that valid, simplified alone (never empty)."""
    min_area = (2 * tolerance) ** 2
    by_level: dict[int, list[_Feature]] = {}
    for feature in features:
        by_level.setdefault(level_of(feature.code), []).append(feature)
    out: dict[int, Geometry] = {}
    for group in by_level.values():
        together: list[Geometry | None] = [None] * len(group)
        if tolerance > 0:
            together = topology.coverage_outlines(
                [f.geometry for f in group], tolerance=tolerance, snapping=10.0**-COORDINATE_DIGITS
            )
        for feature, outline in zip(group, together, strict=True):
            kept: Geometry | None = None
            if outline is not None:
                polygons = simplify_polygons(
                    polygons_of(outline), 0.0, digits=COORDINATE_DIGITS, min_area=min_area
                )
                if polygons and topology.is_valid_outline(as_geometry(polygons)):
                    kept = as_geometry(polygons)
            out[feature.row] = kept or simplify_geometry(
                feature.geometry, tolerance, digits=COORDINATE_DIGITS, min_area=min_area
            )
    return out


def _nesting_problems(file_name: str, features: list[BoundaryRow]) -> list[Problem]:
    """Regencies drawn outside their province by more than the tolerance, each checked against the
    province in the same file or else the stored one; a province of the file is checked against the stored
    regencies it does not replace, so the check holds whichever layer arrives first."""
    tolerance = settings.CAKUPAN_BOUNDARY_OUTSIDE_PERCENT / 100
    in_file = {f.region: f for f in features}
    shapes = {f.region: topology.as_shape(f.boundary.geometry) for f in features}
    regencies = {code for code in in_file if level_of(code) == REGENCY}
    provinces = {code for code in in_file if level_of(code) == PROVINCE}
    stored_provinces = boundaries_for(codes={c.split(".")[0] for c in regencies} - provinces)
    stored_regencies = {
        code: b
        for code, b in boundaries_for(
            codes=Region.objects.filter(parent_id__in=provinces, level=REGENCY).values_list("code", flat=True)
        ).items()
        if code not in in_file
    }
    problems: list[Problem] = []

    def report(row: int, child: str, parent: str, share: float, where: str) -> None:
        problems.append(
            Problem(
                file_name,
                row,
                "geometry",
                child,
                _(
                    "%(share)s %% of %(child)s lies outside the boundary of its province %(parent)s "
                    "(%(where)s); at most %(tolerance)s %% is accepted"
                )
                % {
                    "share": round(share * 100),
                    "child": child,
                    "parent": parent,
                    "where": where,
                    "tolerance": settings.CAKUPAN_BOUNDARY_OUTSIDE_PERCENT,
                },
            )
        )

    for code in sorted(regencies):
        parent = code.split(".")[0]
        if parent in shapes:
            outline, where = shapes[parent], _("in this file")
        elif parent in stored_provinces:
            outline, where = topology.as_shape(stored_provinces[parent].geometry), _("stored")
        else:
            continue  # checked when the province arrives
        share = topology.outside_share(shapes[code], outline)
        if share > tolerance:
            report(in_file[code].row, code, parent, share, where)
    for code, stored in sorted(stored_regencies.items()):
        parent = code.split(".")[0]
        share = topology.outside_share(topology.as_shape(stored.geometry), shapes[parent])
        if share > tolerance:
            report(
                in_file[parent].row, code, parent, share, _("a stored regency against this file's province")
            )
    return problems


class BoundaryRow(NamedTuple):
    """One feature of a valid file, ready to store."""

    row: int
    region: str
    boundary: Boundary


_COMPARED = ("geometry", "bbox", "label_lon", "label_lat")


@dataclass(frozen=True)
class BoundaryPlan:
    new: list[BoundaryRow]
    replaced: list[tuple[BoundaryRow, Boundary]]  # (the file's row, the boundary stored now)
    unchanged_codes: list[str]

    @property
    def unchanged(self) -> int:
        return len(self.unchanged_codes)

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.replaced)

    @property
    def details(self) -> dict[str, int]:
        return {
            "vertices_in": sum(geometry_vertices(r.boundary.geometry) for r in self.new)
            + sum(geometry_vertices(r.boundary.geometry) for r, _old in self.replaced),
        }


def _tell(result: BoundaryImportResult, plan: BoundaryPlan) -> None:
    result.created = [r.region for r in plan.new]
    result.replaced = [r.region for r, _old in plan.replaced]
    result.unchanged = list(plan.unchanged_codes)


class BoundaryStore:
    """The `imports.stores.Store` of boundaries: new and changed outlines are written under the batch, and
    what each replaced is kept as a BoundaryChange."""

    @property
    def changes_template(self) -> str:
        return "maps/includes/boundary_changes.html"

    @property
    def visible_with(self) -> str:
        return "any"

    @property
    def changes_figures(self) -> bool:
        return False  # no figure is computed from a boundary; drawings are keyed by boundaries_version()

    def plan(self, validation: Validation) -> BoundaryPlan:
        rows: Sequence[BoundaryRow] = validation.rows
        existing = boundaries_for(codes=[r.region for r in rows])
        new: list[BoundaryRow] = []
        replaced: list[tuple[BoundaryRow, Boundary]] = []
        unchanged: list[str] = []
        for row in rows:
            current = existing.get(row.region)
            if current is None:
                new.append(row)
            elif all(getattr(current, name) == getattr(row.boundary, name) for name in _COMPARED):
                unchanged.append(row.region)
            else:
                replaced.append((row, current))
        return BoundaryPlan(new=new, replaced=replaced, unchanged_codes=unchanged)

    def commit(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        for row in plan.new:
            row.boundary.batch = batch
        Boundary.objects.bulk_create([r.boundary for r in plan.new], batch_size=200)
        BoundaryChange.objects.bulk_create(
            [
                BoundaryChange(
                    batch=batch,
                    region_id=row.region,
                    old_source_file=old.source_file,
                    old_source_sha256=old.source_sha256,
                    old_vertices=old.vertices,
                    old_imported_at=old.imported_at,
                    new_vertices=row.boundary.vertices,
                )
                for row, old in plan.replaced
            ],
            batch_size=500,
        )
        for row, _old in plan.replaced:
            row.boundary.batch = batch
        Boundary.objects.bulk_update([r.boundary for r, _old in plan.replaced], UPDATED, batch_size=200)

    def refresh(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        """Nothing follows from a boundary: the map drawings are keyed by boundaries_version()."""

    def view_scope(self, user: Any) -> RegionScope:
        return access.scope(user, Cap.VIEW_IMPORTS)

    def changes(self, batch: ImportBatch, scope: RegionScope) -> QuerySet[Any]:
        return BoundaryChange.objects.filter(scope.q("region"), batch=batch).select_related("region")


UPDATED = (
    "geometry",
    "bbox",
    "label_lon",
    "label_lat",
    "vertices",
    "source_file",
    "source_sha256",
    "imported_at",
    "batch",
)

STORE = BoundaryStore()
register_store("boundaries", STORE)
