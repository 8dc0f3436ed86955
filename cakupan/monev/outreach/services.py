"""Writing outreach records: an agent, its monthly figure and a socialisation activity (each audited), and
the store of the `perisai_agents` dataset."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cakupan.imports.models import ImportBatch
from cakupan.imports.selectors import import_scope
from cakupan.imports.stores import Progress, RowPlan, register_store
from cakupan.imports.validation import Validation
from cakupan.monev.benefits.models import BenefitFigure
from cakupan.monev.importing import Row
from cakupan.monev.outreach.models import Agent, AgentFigure, Socialisation
from cakupan.monev.selectors import require_writer
from cakupan.regions.models import Region
from cakupan.regions.scope import RegionScope


class AgentStore:
    """The `imports.stores.Store` of `perisai_agents`: an agent is found by its region and name (created
    when new, with the kind of the file); a month's figure is created or corrected in place (the audit
    trail keeps the value before, as for the entry form)."""

    changes_template = "monev/includes/batch_changes.html"
    changes_figures = False
    visible_with = "all"

    def _current(
        self, validation: Validation
    ) -> tuple[dict[tuple[str, str], int], dict[tuple[int, str], Any]]:
        codes = sorted({r.region for r in validation.rows})
        agents = {
            (region, name): pk
            for pk, region, name in Agent.objects.filter(region_id__in=codes).values_list(
                "pk", "region_id", "name"
            )
        }
        figures = {
            (f.agent_id, f.period): f for f in AgentFigure.objects.filter(agent_id__in=list(agents.values()))
        }
        return agents, figures

    def plan(self, validation: Validation) -> RowPlan:
        agents, figures = self._current(validation)
        new: list[Row] = []
        replaced: list[tuple[Row, int]] = []
        unchanged = 0
        for row in validation.rows:
            pk = agents.get((row.region, row.values["name"].strip()))
            figure = (
                figures.get((pk, row.values["period"])) if pk is not None and row.values["period"] else None
            )
            if pk is None or (row.values["period"] and figure is None):
                new.append(row)
            elif figure is not None and (figure.enrolled, figure.active) != (
                row.values["enrolled"],
                row.values["active"],
            ):
                replaced.append((row, figure.pk))
            else:
                unchanged += 1
        return RowPlan(new=new, replaced=replaced, unchanged=unchanged)

    def commit(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        regions = {r.code: r for r in Region.objects.filter(code__in={r.region for r in validation.rows})}
        for row in [*plan.new, *(r for r, _pk in plan.replaced)]:
            agent, _created = Agent.objects.get_or_create(
                region=regions[row.region],
                name=row.values["name"].strip(),
                defaults={"kind": row.values["kind"], "created_by": batch.uploaded_by},
            )
            if row.values["period"]:
                AgentFigure.objects.update_or_create(
                    agent=agent,
                    period=row.values["period"],
                    defaults={
                        "region_id": agent.region_id,
                        "enrolled": row.values["enrolled"],
                        "active": row.values["active"],
                    },
                )

    def refresh(
        self, validation: Validation, plan: Any, batch: ImportBatch, progress: Progress | None = None
    ) -> None:
        """Nothing follows from agents: the outreach page reads them as stored."""

    def view_scope(self, user: Any) -> RegionScope:
        return import_scope(user, "perisai_agents")

    def changes(self, batch: ImportBatch, scope: RegionScope) -> QuerySet[Any]:
        """Figures are corrected in place (the audit trail has the values before): no replaced rows."""
        return BenefitFigure.objects.none()


register_store("perisai_agents", AgentStore())


@transaction.atomic
def agent_create(
    *, region: Region, name: str, kind: str, since: date | None, by: Any, village: Region | None = None
) -> Agent:
    """An agent of the region, or placed in one of its villages (a village enterprise, BUMDes, belongs to
    its village; one recorded before villages could be given stays with its regency)."""
    if village is not None:
        if village.level != Region.Level.VILLAGE or not village.code.startswith(region.code + "."):
            raise ValidationError(
                _("%(village)s is not a village of %(region)s.")
                % {"village": village.name, "region": region.name}
            )
        region = village
    require_writer(by, region.code)
    return Agent.objects.create(region=region, name=name.strip(), kind=kind, since=since, created_by=by)


@transaction.atomic
def agent_figure_record(*, agent: Agent, period: str, enrolled: int, active: int, by: Any) -> AgentFigure:
    """Enter or correct what the agent achieved by the end of the month (a correction is audited)."""
    require_writer(by, agent.region_id)
    if active > enrolled:
        raise ValidationError(_("Participants kept active cannot exceed those enrolled."))
    figure, created = AgentFigure.objects.get_or_create(
        agent=agent,
        period=period,
        defaults={"region_id": agent.region_id, "enrolled": enrolled, "active": active},
    )
    if not created:
        figure.enrolled, figure.active = enrolled, active
        figure.save()
    return figure


@transaction.atomic
def socialisation_create(
    *,
    region: Region,
    held_on: date,
    place: str,
    audience: str,
    attendees: int | None,
    organiser: str,
    by: Any,
) -> Socialisation:
    require_writer(by, region.code)
    return Socialisation.objects.create(
        region=region,
        held_on=held_on,
        place=place,
        audience=audience,
        attendees=attendees,
        organiser=organiser,
        created_by=by,
    )
