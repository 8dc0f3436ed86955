"""A row's region, read from whatever identifies it — a Kemendagri code (`region_code`), a BPS code
(`kode_bps`), a name (`region_name`, with `provinsi`/`kabupaten`/`kecamatan` above it) — as today's
Kemendagri code, before the existence and scope checks. Every problem names the code as written.

The rules (contract v2, "Region identity"): BPS provinces through the dated table of `cakupan.core.bps`;
BPS regencies by their name within the province (every successor province for a pre-split Papua code) or
through an imported `region_crosswalk`; the 2021 codes of regencies the Papua split moved are stored under
today's; figures of a province that was later split cannot be divided."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cakupan.core import bps
from cakupan.core.bps import BPS, KEMENDAGRI, NAME
from cakupan.core.codes import PROVINCE, REGENCY, VILLAGE, ParsedCode, level_of, parent_of
from cakupan.core.region_names import PROVINCE_ALIASES, RegencyNames, place_key, says_what
from cakupan.regions.models import Region, RegionCrosswalk
from cakupan.regions.scope import RegionScope

CODE, BPS_CODE, NAME_COLUMN = "region_code", "kode_bps", "region_name"
PROVINCE_NAME, REGENCY_NAME, DISTRICT_NAME = "provinsi", "kabupaten", "kecamatan"
PARENT_NAMES = (PROVINCE_NAME, REGENCY_NAME, DISTRICT_NAME)
# Headers that do not say which code system they are in: refused, with a reason that asks to name it.
GENERIC_HEADERS = frozenset({"kode", "kode_daerah", "wilayah", "kode_desa"})
Issue = tuple[str, str]  # (column, reason)


@dataclass
class Reading:
    """A row's region as stored (None when it could not be read), as written, and what was said."""

    stored: str | None
    column: str
    written: str
    system: str
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        return self.stored is not None and (self.system != KEMENDAGRI or self.written != self.stored)


class RegionReader:
    """Reads the rows of one file; what it loads (names, the crosswalk) is loaded once, on first need."""

    def __init__(self, scope: RegionScope | None = None) -> None:
        self.scope = scope
        self._regencies: RegencyNames | None = None
        self._provinces: dict[str, str] | None = None  # code → name
        self._crosswalk: dict[str, list[tuple[str, str]]] | None = None
        self._children: dict[str, dict[str, list[str]]] = {}
        self._names: dict[str, str] = {}

    # --- what is loaded ---

    @property
    def regencies(self) -> RegencyNames:
        if self._regencies is None:
            rows = Region.objects.filter(level=REGENCY).values_list("code", "name", "kind", "parent_id")
            self._regencies = RegencyNames((c, n, k, p or "") for c, n, k, p in rows)
        return self._regencies

    @property
    def provinces(self) -> dict[str, str]:
        if self._provinces is None:
            self._provinces = dict(Region.objects.filter(level=PROVINCE).values_list("code", "name"))
        return self._provinces

    def crosswalk(self) -> dict[str, list[tuple[str, str]]]:
        if self._crosswalk is None:
            found: dict[str, list[tuple[str, str]]] = defaultdict(list)
            current = RegionCrosswalk.objects.filter(replaced_by__isnull=True)
            for code, valid_from, region in current.values_list("kode_bps", "valid_from", "region_id"):
                found[code].append((valid_from, region))
            self._crosswalk = {code: sorted(rows) for code, rows in found.items()}
        return self._crosswalk

    def name_of(self, code: str) -> str:
        if code not in self._names:
            if code in self.provinces:
                self._names[code] = self.provinces[code]
            elif code in self.regencies.names:
                self._names[code] = self.regencies.names[code]
            else:
                self._names[code] = (
                    Region.objects.filter(code=code).values_list("name", flat=True).first() or ""
                )
        return self._names[code]

    def described(self, code: str) -> str:
        name = self.name_of(code)
        return f"{code} {name}" if name else code

    # --- reading one row ---

    def read(self, parsed: dict[str, Any], when: str) -> Reading | None:
        """The row's region; None when no region column of the row parsed (its cell problem is said)."""
        month = bps.month_of(when)
        name = parsed.get(NAME_COLUMN)
        code: ParsedCode | None = parsed.get(CODE)
        if code is not None:
            reading = self._kemendagri(code.code, month)
        elif parsed.get(BPS_CODE):
            reading = self._bps(str(parsed[BPS_CODE]), month, name)
        elif name:
            return self._by_name(name, parsed)
        else:
            return None
        if name and reading.stored is not None and not reading.errors and reading.system == KEMENDAGRI:
            reading.errors += self._name_agrees(reading, name)
        return reading

    def _kemendagri(self, code: str, month: str | None) -> Reading:
        reading = Reading(code, CODE, code, KEMENDAGRI)
        level = level_of(code)
        moved = bps.moved_regencies()
        regency = code if level == REGENCY else ".".join(code.split(".")[:2]) if level > REGENCY else None
        if level == REGENCY and code in moved:
            reading.stored = moved[code]
        elif regency is not None and level > REGENCY and regency in moved:
            reading.stored = None
            reading.errors.append(
                (
                    CODE,
                    _(
                        "%(code)s lies under regency %(old)s of the 2021 list, now %(new)s: its district and "
                        "village codes changed with it and cannot be read; use today's codes"
                    )
                    % {"code": code, "old": regency, "new": self.described(moved[regency])},
                )
            )
        elif level == PROVINCE and (split := bps.undividable_split(code, month)):
            reading.stored = None
            reading.errors.append((CODE, self._undividable(code, month, split)))
        return reading

    def _undividable(self, code: str, month: str | None, split: str) -> str:
        return _(
            "province %(code)s before %(split)s was the undivided province that the 2022 Papua split later "
            "divided; a figure of %(month)s cannot be divided between today's provinces and is refused"
        ) % {"code": code, "split": split, "month": month}

    def _bps(self, code: str, month: str | None, name: str | None) -> Reading:
        reading = Reading(None, BPS_CODE, code, BPS)
        level = bps.bps_level(code)
        province = bps.bps_province(code[:2], month) if level else None
        if level is None or province is None:
            reading.errors.append(
                (
                    BPS_CODE,
                    _("%(code)s is not a BPS province code in %(month)s")
                    % {"code": code[:2], "month": month or _("today")}
                    if level
                    else _("not a BPS code; expected digits without dots, e.g. 53 or 5301"),
                )
            )
            return reading
        doubt = bps.in_doubt(province, month)
        if level == PROVINCE:
            if len(province.kemendagri) > 1:
                reading.errors.append(
                    (
                        BPS_CODE,
                        _(
                            "BPS %(code)s in %(month)s spans today's provinces %(codes)s; its figures cannot "
                            "be divided between them and are refused"
                        )
                        % {"code": code, "month": month, "codes": ", ".join(province.kemendagri)},
                    )
                )
                return reading
            reading.stored = province.kemendagri[0]
            if doubt:
                old = bps.bps_province(code, "2022-06")
                reading.warnings.append(
                    (
                        BPS_CODE,
                        _(
                            "BPS %(code)s in %(month)s is read as %(region)s, but a producer that had not "
                            "yet switched may still mean the old province (today's %(codes)s): check the "
                            "source"
                        )
                        % {
                            "code": code,
                            "month": month,
                            "region": self.described(reading.stored),
                            "codes": ", ".join(old.kemendagri if old else ()),
                        },
                    )
                )
            return reading
        if level == REGENCY:
            if name:
                # In the months of doubt the name may be one of the old province's successors.
                spans = province.kemendagri
                if doubt:
                    before = bps.bps_province(code[:2], "2022-06")
                    spans = before.kemendagri if before else spans
                return self._bps_by_name(reading, name, spans)
            found = self._crosswalked(code, month)
            if found is None:
                reading.errors.append(
                    (
                        BPS_CODE,
                        _(
                            "BPS regency code %(code)s cannot be read without its name: add a region_name "
                            "column, or have a national administrator or analyst import a region_crosswalk "
                            "(template: %(template)s)"
                        )
                        % {
                            "code": code,
                            "template": reverse("imports:template-xlsx", args=["region_crosswalk"]),
                        },
                    )
                )
            reading.stored = found
            return reading
        reading.errors.append(
            (
                BPS_CODE,
                _(
                    "BPS district and village codes are not read (their numbering differs from Kemendagri's "
                    "throughout); use Kemendagri codes in region_code"
                ),
            )
        )
        return reading

    def _crosswalked(self, code: str, month: str | None) -> str | None:
        rows = self.crosswalk().get(code)
        if not rows:
            return None
        if month is None:
            return rows[-1][1]
        at = bisect_right([start for start, _code in rows], month)
        return rows[at - 1][1] if at else None

    def _bps_by_name(self, reading: Reading, name: str, provinces: tuple[str, ...]) -> Reading:
        found = self.regencies.find(name, provinces)
        if len(found) == 1:
            reading.stored = found[0]
        else:
            reading.errors.append((NAME_COLUMN, self._not_one(name, found, provinces)))
        return reading

    def _not_one(self, name: str, found: list[str], provinces: tuple[str, ...] | list[str]) -> str:
        if found:
            return _("the name %(name)s is ambiguous: %(regions)s") % {
                "name": name,
                "regions": "; ".join(self.described(c) for c in found),
            }
        other = self.regencies.other_kind(name, provinces)
        if other:
            return _(
                "no regency named %(name)s in province %(provinces)s; did you mean %(other)s? (a bare name "
                "is a kabupaten: write Kota for a city)"
            ) % {"name": name, "provinces": ", ".join(provinces), "other": self.described(other[0])}
        return _("no regency or city named %(name)s in province %(provinces)s") % {
            "name": name,
            "provinces": ", ".join(self.described(p) for p in provinces),
        }

    def _name_agrees(self, reading: Reading, name: str) -> list[Issue]:
        code = reading.stored
        assert code is not None
        level = level_of(code)
        if level == REGENCY:
            if self.regencies.same(code, name):
                return []
            province = parent_of(code) or ""
            others = [c for c in self.regencies.find(name, [province]) if c != code]
            if others:
                return [
                    (
                        NAME_COLUMN,
                        _(
                            "%(written)s is %(region)s, but the name %(name)s is %(other)s; if the file's "
                            "codes are BPS codes, name the column kode_bps"
                        )
                        % {
                            "written": reading.written,
                            "region": self._as_written(reading),
                            "name": name,
                            "other": self.described(others[0]),
                        },
                    )
                ]
        elif level == PROVINCE:
            key = place_key(name)
            if key == place_key(self.name_of(code)) or PROVINCE_ALIASES.get(key) == code:
                return []
        elif place_key(name) == place_key(self.name_of(code)):
            return []
        return [
            (
                NAME_COLUMN,
                _("%(written)s is %(region)s, not %(name)s")
                % {"written": reading.written, "region": self._as_written(reading), "name": name},
            )
        ]

    def _as_written(self, reading: Reading) -> str:
        """The region a code is: its name, and its code too when it was written as another."""
        code = reading.stored or ""
        return self.described(code) if reading.written != code else self.name_of(code)

    # --- names without codes ---

    def _by_name(self, name: str, parsed: dict[str, Any]) -> Reading:
        reading = Reading(None, NAME_COLUMN, name, NAME)
        parents = [parsed.get(c) for c in PARENT_NAMES]
        province_name, regency_name, district_name = parents
        provinces: list[str]
        if province_name:
            province = self._province(province_name)
            if province is None:
                reading.errors.append(
                    (PROVINCE_NAME, _("no province named %(name)s") % {"name": province_name})
                )
                return reading
            provinces = [province]
        else:
            province = self._province(name)
            provinces = self._provinces_in_scope()
            if province is not None and not regency_name:
                # "Gorontalo" is a province and a kabupaten; "Provinsi Gorontalo" is not ambiguous.
                also = [] if says_what(name) else self.regencies.find(name, provinces)
                if also:
                    reading.errors.append((NAME_COLUMN, self._not_one(name, [province, *also], provinces)))
                else:
                    reading.stored = province
                return reading
        if not regency_name:
            found = self.regencies.find(name, provinces)
            if len(found) > 1 and not province_name:
                in_scope = [c for c in found if self.scope is None or self.scope.covers(c)]
                found = in_scope if len(in_scope) == 1 else found
            if len(found) == 1:
                reading.stored = found[0]
            elif found:
                reading.errors.append(
                    (NAME_COLUMN, self._not_one(name, found, provinces) + " — " + _("add a provinsi column"))
                )
            else:
                reading.errors.append(
                    (
                        NAME_COLUMN,
                        _(
                            "no province, regency or city named %(name)s; below regency level a file of "
                            "names needs the kabupaten (and kecamatan) columns"
                        )
                        % {"name": name},
                    )
                )
            return reading
        regencies = self.regencies.find(regency_name, provinces)
        if len(regencies) != 1:
            reading.errors.append((REGENCY_NAME, self._not_one(regency_name, regencies, provinces)))
            return reading
        parent = regencies[0]
        if district_name:
            districts = self._child(parent, district_name)
            if len(districts) != 1:
                reading.errors.append((DISTRICT_NAME, self._no_child(district_name, parent, districts)))
                return reading
            parent = districts[0]
        children = self._child(parent, name)
        if len(children) == 1:
            reading.stored = children[0]
        else:
            reading.errors.append((NAME_COLUMN, self._no_child(name, parent, children)))
        return reading

    def _province(self, name: str) -> str | None:
        key = place_key(name)
        if key in PROVINCE_ALIASES:
            return PROVINCE_ALIASES[key]
        return next((c for c, n in self.provinces.items() if place_key(n) == key), None)

    def _provinces_in_scope(self) -> list[str]:
        return [c for c in self.provinces if self.scope is None or _touches(self.scope, c)]

    def _child(self, parent: str, name: str) -> list[str]:
        if parent not in self._children:
            by_key: dict[str, list[str]] = defaultdict(list)
            for code, child in Region.objects.filter(parent_id=parent).values_list("code", "name"):
                by_key[place_key(child)].append(code)
                self._names[code] = child
            self._children[parent] = by_key
        return sorted(self._children[parent].get(place_key(name), []))

    def _no_child(self, name: str, parent: str, found: list[str]) -> str:
        if found:
            return _("the name %(name)s is ambiguous: %(regions)s") % {
                "name": name,
                "regions": "; ".join(self.described(c) for c in found),
            }
        level = level_of(parent) + 1
        if level == VILLAGE:
            return _("no village named %(name)s in %(parent)s") % {
                "name": name,
                "parent": self.described(parent),
            }
        return _("no district named %(name)s in %(parent)s") % {
            "name": name,
            "parent": self.described(parent),
        }


def _touches(scope: RegionScope, province: str) -> bool:
    """Whether the scope covers the province or a region in it."""
    return scope.everything or any(r == province or r.startswith(province + ".") for r in scope.roots)
