"""Which models the audit trail follows, and how.

`audit_model` connects the model's save, delete and many-to-many signals, so every ORM create, update and
delete of it writes an AuditEvent. Bulk writes (bulk_create, bulk_update, QuerySet.update, raw SQL) send
no signals; whoever makes them writes one event for the whole operation (`audit_bulk`, or the import
batch event). Every concrete model of the project's apps is either registered here or named in one of
the allow-lists below with the reason; a test enforces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from cakupan.audit.choices import Action
from cakupan.audit.services import audit_record, import_batch_in_progress

# Never written to the log, whatever the registration says.
ALWAYS_EXCLUDED = frozenset({"password"})

# Models written only in bulk, by code that writes one event per operation.
BULK_AUDITED: dict[str, str] = {
    "indicators.workforcefigure": "written only by import_commit: one import event per batch, and every "
    "replaced value kept in imports.FigureChange",
    "indicators.participationfigure": "written only by import_commit: one import event per batch, and "
    "every replaced value kept in imports.FigureChange",
    "imports.importbatch": "the record of one import, created only by import_commit, which writes the "
    "import event for it",
    "imports.figurechange": "the before/after history of an import, written only by import_commit, "
    "which writes the import event",
    "maps.boundary": "written only by boundaries_import through import_commit, which writes the import event",
    "maps.boundarychange": "what a boundary import replaced, written only by import_commit",
    "indicators.participantscomplete": "a participant file's declaration that it covers a region whole, "
    "written with that file's import batch (its batch field), whose import event records it",
    "indicators.participationremoval": "a figure a covering participant file removed, written only by "
    "import_commit (the history of that batch), which writes the import event",
    "regions.regioncrosswalk": "written only by the region_crosswalk store of import_commit, which writes "
    "the import event; replaced rows are kept (replaced_by) as the history",
}

# Models recomputed from other data; auditing the inputs audits them.
DERIVED: dict[str, str] = {
    "indicators.regionmonth": "recomputed from the supplied figures by rollup_refresh inside each "
    "import's transaction; never edited by hand",
}

# Models that are not domain data.
NOT_DOMAIN: dict[str, str] = {
    "audit.auditevent": "the audit trail itself (append-only)",
    "jobs.job": "the queue of background work; what a job changes is audited by the code it runs",
    "jobs.periodicrun": "which worker ran a periodic job at its due time; what the job changes is audited "
    "by the code it runs",
    "tasks.digestsent": "which user's daily digest went out on which local day (sent once); what it lists "
    "is read from audited records",
}

_BEFORE = "_cakupan_audit_before"
_SKIP = "_cakupan_audit_skip"
_M2M_BEFORE = "_cakupan_audit_m2m_before"


@dataclass(frozen=True)
class AuditRule:
    model: type[models.Model]
    entity_type: str
    exclude: frozenset[str]
    region_field: models.Field[Any, Any] | None
    fields: tuple[models.Field[Any, Any], ...]
    m2m: tuple[models.ManyToManyField[Any, Any], ...]

    def snapshot(self, instance: models.Model, names: set[str] | None = None) -> dict[str, Any]:
        """Field values as stored (foreign keys as their raw id), by field name."""
        return {
            f.name: f.value_from_object(instance) for f in self.fields if names is None or f.name in names
        }

    def region_of(self, instance: models.Model) -> str:
        if self.region_field is None:
            return ""
        value = getattr(instance, self.region_field.attname, None)
        return "" if value is None else str(value)


REGISTERED: dict[type[models.Model], AuditRule] = {}


def audit_model(
    model: type[models.Model], *, exclude: frozenset[str] = frozenset(), region_field: str | None = None
) -> AuditRule:
    """Follow every ORM create, update, delete and many-to-many change of `model`.

    Fields in `exclude` (and any field named `password`) are never recorded, and an update that changes
    only them writes no event. `region_field` names the field holding the record's region code.
    """
    opts = model._meta
    excluded = frozenset(exclude) | ALWAYS_EXCLUDED
    known = {f.name for f in opts.get_fields()}
    unknown = (set(exclude) | ({region_field} if region_field else set())) - known
    if unknown:
        raise ValueError(f"{opts.label} has no field {', '.join(sorted(unknown))}")
    fields = tuple(f for f in opts.concrete_fields if f.name not in excluded)
    m2m = tuple(
        f for f in opts.many_to_many if isinstance(f, models.ManyToManyField) and f.name not in excluded
    )
    rule = AuditRule(
        model=model,
        entity_type=opts.label_lower,
        exclude=excluded,
        region_field=opts.get_field(region_field) if region_field else None,  # type: ignore[arg-type]
        fields=fields,
        m2m=m2m,
    )
    REGISTERED[model] = rule
    uid = f"cakupan.audit.{opts.label_lower}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=f"{uid}.pre_save")
    post_save.connect(_post_save, sender=model, dispatch_uid=f"{uid}.post_save")
    if m2m:
        pre_delete.connect(_pre_delete, sender=model, dispatch_uid=f"{uid}.pre_delete")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=f"{uid}.post_delete")
    for field in m2m:
        through = _through(field)
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}.{field.name}.m2m")
    return rule


def _through(field: models.ManyToManyField[Any, Any]) -> type[models.Model]:
    through = field.remote_field.through
    assert through is not None and not isinstance(through, str), f"{field} has no through model yet"
    return through


def _through_columns(field: models.ManyToManyField[Any, Any]) -> tuple[type[models.Model], str, str]:
    """The through model, its column pointing at the owner, and its column pointing at the other side."""
    through = _through(field)
    source = through._meta.get_field(field.m2m_field_name())
    target = through._meta.get_field(field.m2m_reverse_field_name())
    assert isinstance(source, models.ForeignKey) and isinstance(target, models.ForeignKey)
    return through, source.attname, target.attname


def _comparable(field: models.Field[Any, Any], value: Any) -> Any:
    """The value as the database would hold it, so that "5" and 5, or 95 and 95.000000, compare equal."""
    try:
        return field.to_python(value)
    except Exception:  # an invalid value the database is about to refuse anyway
        return value


def _pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    rule = REGISTERED[sender]
    update_fields = kwargs.get("update_fields")
    # save(update_fields=...) takes field names or attnames ("region" or "region_id").
    attnames = {f.attname: f.name for f in sender._meta.concrete_fields}
    names = None if update_fields is None else {attnames.get(n, n) for n in update_fields}
    if names is not None and not (names - rule.exclude):
        instance.__dict__[_SKIP] = True  # only excluded fields are written
        return
    instance.__dict__.pop(_SKIP, None)
    before = None
    if instance.pk is not None:
        columns = [f.attname for f in rule.fields if names is None or f.name in names]
        row = sender._base_manager.using(kwargs.get("using")).filter(pk=instance.pk).values(*columns).first()
        if row is not None:
            before = {f.name: row[f.attname] for f in rule.fields if f.attname in row}
    instance.__dict__[_BEFORE] = before


def _post_save(sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any) -> None:
    rule = REGISTERED[sender]
    if instance.__dict__.pop(_SKIP, False):
        return
    before = instance.__dict__.pop(_BEFORE, None)
    if created or before is None:
        audit_record(
            action=Action.CREATE,
            entity_type=rule.entity_type,
            entity_id=str(instance.pk),
            region_code=rule.region_of(instance),
            after=rule.snapshot(instance),
        )
        return
    after = rule.snapshot(instance, set(before))
    by_name = {f.name: f for f in rule.fields}
    changed = [
        name
        for name in before
        if _comparable(by_name[name], before[name]) != _comparable(by_name[name], after[name])
    ]
    if not changed:
        return
    audit_record(
        action=Action.UPDATE,
        entity_type=rule.entity_type,
        entity_id=str(instance.pk),
        region_code=rule.region_of(instance),
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )


def _pre_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """The many-to-many links, which are gone by the time post_delete runs."""
    rule = REGISTERED[sender]
    instance.__dict__[_M2M_BEFORE] = {f.name: _linked(f, [instance.pk])[instance.pk] for f in rule.m2m}


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    links = instance.__dict__.pop(_M2M_BEFORE, {})
    if import_batch_in_progress() is not None:
        return  # a figure an import replaces: kept as imports.FigureChange with the batch's event
    rule = REGISTERED[sender]
    audit_record(
        action=Action.DELETE,
        entity_type=rule.entity_type,
        entity_id=str(instance.pk),
        region_code=rule.region_of(instance),
        before={**rule.snapshot(instance), **links},
    )


def _m2m_field(through: type[models.Model]) -> tuple[AuditRule, models.ManyToManyField[Any, Any]]:
    for rule in REGISTERED.values():
        for field in rule.m2m:
            if _through(field) is through:
                return rule, field
    raise LookupError(through)


def _linked(field: models.ManyToManyField[Any, Any], owners: list[Any]) -> dict[Any, list[Any]]:
    """The ids each owner links to through the field, sorted."""
    through, source, target = _through_columns(field)
    linked: dict[Any, list[Any]] = {owner: [] for owner in owners}
    for owner, other in through._base_manager.filter(**{f"{source}__in": owners}).values_list(source, target):
        linked[owner].append(other)
    return {owner: sorted(ids, key=str) for owner, ids in linked.items()}


def _owners(
    field: models.ManyToManyField[Any, Any], instance: models.Model, reverse: bool, pk_set: Any
) -> list[Any]:
    if not reverse:
        return [instance.pk]
    if pk_set is not None:
        return sorted(pk_set, key=str)
    # clear() from the other side: every owner linked to this instance.
    through, source, target = _through_columns(field)
    return sorted(
        set(through._base_manager.filter(**{target: instance.pk}).values_list(source, flat=True)), key=str
    )


def _m2m_changed(
    sender: type[models.Model], instance: models.Model, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    rule, field = _m2m_field(sender)
    key = f"{_M2M_BEFORE}.{field.name}"
    if action.startswith("pre_"):
        owners = _owners(field, instance, reverse, pk_set)
        instance.__dict__[key] = _linked(field, owners)
        return
    before: dict[Any, list[Any]] | None = instance.__dict__.pop(key, None)
    if before is None:
        return
    after = _linked(field, list(before))
    regions: dict[Any, str] = {}
    if rule.region_field is not None:
        if not reverse:
            regions[instance.pk] = rule.region_of(instance)
        else:
            regions = {
                pk: "" if code is None else str(code)
                for pk, code in rule.model._base_manager.filter(pk__in=list(before)).values_list(
                    "pk", rule.region_field.attname
                )
            }
    for owner, old in before.items():
        new = after[owner]
        if old == new:
            continue
        audit_record(
            action=Action.UPDATE,
            entity_type=rule.entity_type,
            entity_id=str(owner),
            region_code=regions.get(owner, ""),
            before={field.name: old},
            after={field.name: new},
        )
