"""The region picker: a region found by name or code, shown with its parents ("Kota Kupang — Nusa
Tenggara Timur"), submitted as its Kemendagri code.

Who may pick what is decided here, once, for the type-ahead and for the form fields alike: with a
capability (`cap`) only the regions where the user holds it; without one, the regions whose figures the
user may see (provinces and regencies for everyone, districts and villages with a role for them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cakupan.accounts import access
from cakupan.accounts.roles import Cap
from cakupan.core.codes import CodeError, normalise
from cakupan.regions.models import Region

PUBLIC_MAX_LEVEL = Region.Level.REGENCY
MATCHES_SHOWN = 12
# "Kota Kupang — Nusa Tenggara Timur (53.71)": the label a picked region shows; typed back, it is that code.
_LABEL_CODE = re.compile(r"\((\d[\d.]*)\)\s*$")


@dataclass(frozen=True)
class PickRules:
    """Which regions a picker offers: up to `max_level`, from `min_level`, and with `cap` only where the
    user holds that capability."""

    cap: str = ""
    min_level: int = Region.Level.NATIONAL
    max_level: int = Region.Level.VILLAGE

    def allows(self, user: Any, region: Region) -> bool:
        if not self.min_level <= region.level <= self.max_level:
            return False
        if self.cap:
            return access.can(user, self.cap, region.code)
        return region.level <= PUBLIC_MAX_LEVEL or access.can(user, Cap.VIEW_RESTRICTED, region.code)

    def queryset(self, user: Any) -> QuerySet[Region]:
        regions = Region.objects.filter(level__gte=self.min_level, level__lte=self.max_level)
        if self.cap:
            return regions.filter(access.scope(user, self.cap).q("code"))
        restricted = access.scope(user, Cap.VIEW_RESTRICTED)
        if restricted.everything:  # (an empty Q would drop out of the OR below, not widen it)
            return regions
        return regions.filter(Q(level__lte=PUBLIC_MAX_LEVEL) | restricted.q("code"))

    def as_query(self) -> dict[str, str]:
        query = {"dari": str(self.min_level), "tingkat": str(self.max_level)}
        return {**query, "hak": self.cap} if self.cap else query

    @classmethod
    def from_query(cls, params: Any) -> PickRules:
        """The rules a type-ahead request names; anything malformed falls back to the widest rule, which
        still offers only what the user may pick."""
        cap = params.get("hak", "")

        def level(name: str, default: int) -> int:
            raw = params.get(name, "")
            return int(raw) if raw.isdigit() and int(raw) <= Region.Level.VILLAGE else default

        return cls(
            cap=cap if cap in Cap.values else "",
            min_level=level("dari", Region.Level.NATIONAL),
            max_level=level("tingkat", Region.Level.VILLAGE),
        )


def region_label(region: Region) -> str:
    """The region's name with its parents up to the province: "Kelapa Lima — Kota Kupang, Nusa Tenggara
    Timur". A province or the national aggregate is its name alone."""
    parents = [a.name for a in reversed(region.ancestors()) if a.level >= Region.Level.PROVINCE]
    return f"{region.name} — {', '.join(parents)}" if parents else region.name


def region_choice_text(region: Region) -> str:
    """What the picker's text field holds for a picked region: the label and the code, typed back as is."""
    return f"{region_label(region)} ({region.code})"


def region_search(user: Any, *, text: str, rules: PickRules, limit: int = MATCHES_SHOWN) -> list[Region]:
    """Regions whose name holds every word typed, or whose code starts with what was typed; the higher
    levels and the names that start with the text first."""
    text = " ".join(text.split())[:80]
    if not text:
        return []
    allowed = rules.queryset(user).select_related("parent", "parent__parent", "parent__parent__parent")
    code = _code_of(text)
    if code is not None:
        found = allowed.filter(Q(code=code) | Q(code__startswith=code + ".")).order_by("level", "code")
        return list(found[:limit])
    named = allowed
    for word in text.split():
        named = named.filter(name__icontains=word)
    starts = list(named.filter(name__istartswith=text).order_by("level", "name")[:limit])
    rest = named.exclude(code__in=[r.code for r in starts]).order_by("level", "name")
    return starts + list(rest[: limit - len(starts)])


def _code_of(text: str) -> str | None:
    if not text[:1].isdigit():
        return None
    try:
        return normalise(text.rstrip("."))
    except CodeError:
        return None


@dataclass(frozen=True)
class Resolved:
    regions: list[Region]
    problems: list[str]


def regions_resolve(user: Any, *, texts: Iterable[str], rules: PickRules) -> Resolved:
    """Each text typed or picked, as a region: a code (dotted or not), a picked label ending in its code,
    or an exact name. What is unknown, ambiguous or not open to the user is named in `problems`."""
    regions: list[Region] = []
    problems: list[str] = []
    for text in texts:
        # A NUL never names a region, and PostgreSQL cannot compare text holding one: it is dropped here,
        # in the one place every form, widget and page reads a typed region through.
        text = " ".join(text.replace("\x00", "").split())
        if not text:
            continue
        region, problem = _resolve_one(user, text, rules)
        if problem:
            problems.append(problem)
        elif region is not None and region not in regions:
            regions.append(region)
    return Resolved(regions=regions, problems=problems)


def _resolve_one(user: Any, text: str, rules: PickRules) -> tuple[Region | None, str]:
    labelled = _LABEL_CODE.search(text)
    code = _code_of(labelled.group(1) if labelled else text)
    if code is not None:
        region = Region.objects.select_related("parent").filter(code=code).first()
        if region is None:
            return None, _("No region has the code %(code)s.") % {"code": text}
        if not rules.allows(user, region):
            return None, _("%(region)s cannot be chosen here.") % {"region": region_label(region)}
        return region, ""
    named = [r for r in Region.objects.filter(name__iexact=text).order_by("level", "code")]
    named_allowed = [r for r in named if rules.allows(user, r)]
    if len(named_allowed) == 1:
        return named_allowed[0], ""
    if len(named_allowed) > 1:
        options = "; ".join(region_choice_text(r) for r in named_allowed[:5])
        return None, _("Several regions are named %(name)s: pick one of %(options)s.") % {
            "name": text,
            "options": options,
        }
    if named:
        return None, _("%(region)s cannot be chosen here.") % {"region": region_label(named[0])}
    return None, _("No region is named %(name)s; type part of the name and pick it from the list.") % {
        "name": text
    }


def split_texts(values: Sequence[str]) -> list[str]:
    """The values of a multiple picker: ticked codes and what was typed, commas separating several."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


class RegionPickerWidget(forms.Widget):
    """A text field with a type-ahead list (an ARIA combobox); without JavaScript a plain text field that
    takes a code, a name or a picked label. `multiple` keeps the chosen regions as ticked boxes."""

    template_name = "accounts/region_picker/picker.html"

    def __init__(
        self, *, rules: PickRules | None = None, multiple: bool = False, max_count: int = 0, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.rules = rules or PickRules()
        self.multiple = multiple
        self.max_count = max_count
        self.user: Any = None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name, "")
            return split_texts(raw if isinstance(raw, list) else [str(raw)])
        return data.get(name, "")

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        texts = value if isinstance(value, list) else ([value] if value else [])
        texts = [t.code if isinstance(t, Region) else str(t) for t in texts]
        resolved = regions_resolve(self.user, texts=texts, rules=self.rules)
        chosen = [{"code": r.code, "label": region_label(r)} for r in resolved.regions]
        typed = "" if resolved.regions else ", ".join(texts)
        if not self.multiple and resolved.regions:
            typed = region_choice_text(resolved.regions[0])
        context["picker"] = {
            "multiple": self.multiple,
            "chosen": chosen if self.multiple else [],
            "code": resolved.regions[0].code if resolved.regions and not self.multiple else "",
            "text": typed if not self.multiple else ", ".join(t for t in texts if _unresolved(t, resolved)),
            "query": urlencode(self.rules.as_query()),
            "max_count": self.max_count,
        }
        return context


def _unresolved(text: str, resolved: Resolved) -> bool:
    return not any(text in (r.code, r.name, region_choice_text(r)) for r in resolved.regions)


def _no_nul(text: str) -> None:
    """A NUL in a typed region is refused as Django's text fields refuse it (PostgreSQL cannot compare it)."""
    ProhibitNullCharactersValidator()(text)


class _PickerField(forms.Field):
    widget: RegionPickerWidget

    def __init__(self, *, rules: PickRules | None = None, max_count: int = 0, **kwargs: Any) -> None:
        self.rules = rules or PickRules()
        kwargs.setdefault(
            "widget", RegionPickerWidget(rules=self.rules, multiple=self.multiple, max_count=max_count)
        )
        super().__init__(**kwargs)
        self.user: Any = None

    multiple = False

    def for_user(self, user: Any) -> None:
        """Who picks: the form sets it (see `PickerFormMixin`) before validating or rendering."""
        self.user = user
        self.widget.user = user


class RegionField(_PickerField):
    """One region, chosen by name or code; cleans to the Region."""

    def clean(self, value: Any) -> Region | None:
        text = str(value or "").strip()
        _no_nul(text)
        if not text:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        resolved = regions_resolve(self.user, texts=[text], rules=self.rules)
        if resolved.problems:
            raise forms.ValidationError(resolved.problems[0], code="region")
        return resolved.regions[0]


class RegionsField(_PickerField):
    """Several regions (at most `max_count` when given); cleans to a list of Regions. A region over the
    limit is refused with a message, never dropped silently."""

    multiple = True

    def __init__(self, *, max_count: int = 0, **kwargs: Any) -> None:
        self.max_count = max_count
        super().__init__(max_count=max_count, **kwargs)

    def clean(self, value: Any) -> list[Region]:
        texts = split_texts(value if isinstance(value, list) else [str(value or "")])
        for text in texts:
            _no_nul(text)
        if not texts and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        resolved = regions_resolve(self.user, texts=texts, rules=self.rules)
        if resolved.problems:
            raise forms.ValidationError(resolved.problems, code="region")
        too_many = too_many_text(resolved.regions, self.max_count)
        if too_many:
            raise forms.ValidationError(too_many, code="too_many")
        return resolved.regions


def too_many_text(regions: Sequence[Region], max_count: int) -> str:
    if not max_count or len(regions) <= max_count:
        return ""
    return _("Up to %(count)d regions can be chosen; %(refused)s not added: untick one first.") % {
        "count": max_count,
        "refused": ", ".join(r.name for r in regions[max_count:]),
    }


class PickerFormMixin:
    """Hands the user to every picker field of the form: `Form(data, user=request.user)`."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, _PickerField):
                field.for_user(user)
