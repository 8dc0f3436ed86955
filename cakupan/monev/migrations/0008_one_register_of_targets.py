"""One register of targets and commitments (docs/adr/0006): every `monev.Commitment` becomes an
`indicators.Target`, and the Monev side keeps only where it came from (`CommitmentSource`: the meeting,
the regulation).

- A commitment copied from a stored target (no meeting, no owner, written by a `targets` batch) is that
  target: the same row, nothing added.
- Any other commitment becomes a target of its own, with its owner, deadline, source, who entered it and
  when; its meeting and regulation go to its `CommitmentSource`.
- The regulation that set a stored target (`TargetLegalSource`, keyed by region, year and indicator) goes
  to that target's `CommitmentSource`.
- The history stays: a target's revisions are the `targets` batches' FigureChange rows, keyed by region,
  year and indicator as before; the audit events of a commitment keep their `monev.commitment` id, and
  one event per commitment records the target it became.

Backwards (a restore of an older backup migrates down first): every target becomes a commitment again,
with its meeting and regulation, a yearly target's regulation its TargetLegalSource, and the rows that
were only commitments leave the targets."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    Target = apps.get_model("indicators", "Target")
    Commitment = apps.get_model("monev", "Commitment")
    LegalSource = apps.get_model("monev", "TargetLegalSource")
    Source = apps.get_model("monev", "CommitmentSource")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    stored = {(t.region_id, t.year, t.indicator): t for t in Target.objects.filter(batch__isnull=False)}
    sources = {}  # target pk → CommitmentSource
    for link in LegalSource.objects.order_by("pk"):
        target = stored.get((link.region_id, link.year, link.indicator))
        if target is not None:
            sources[target.pk] = Source(
                target=target, region_id=target.region_id, regulation_id=link.regulation_id
            )
    for commitment in Commitment.objects.order_by("pk"):
        copied = (
            commitment.meeting_id is None and commitment.owner_id is None and commitment.batch_id is not None
        )
        target = stored.get((commitment.region_id, commitment.year, commitment.indicator)) if copied else None
        if target is None:
            target = Target.objects.create(
                region_id=commitment.region_id,
                year=commitment.year,
                indicator=commitment.indicator,
                value=commitment.value,
                deadline=commitment.deadline,
                source=commitment.source,
                owner_id=commitment.owner_id,
                batch_id=commitment.batch_id,
                created_by_id=commitment.created_by_id,
                created_at=commitment.created_at,
            )
            if copied:
                stored[(target.region_id, target.year, target.indicator)] = target
        if commitment.meeting_id is not None or commitment.regulation_id is not None:
            source = sources.setdefault(target.pk, Source(target=target, region_id=target.region_id))
            source.meeting_id = source.meeting_id or commitment.meeting_id
            source.regulation_id = source.regulation_id or commitment.regulation_id
        AuditEvent.objects.create(
            actor_label="migration monev.0008",
            source="system",
            action="update",
            entity_type="monev.commitment",
            entity_id=str(commitment.pk),
            region_code=commitment.region_id,
            before={"id": commitment.pk},
            after={"indicators.target": target.pk},
            note=f"One register of targets and commitments: now indicators.target {target.pk}.",
        )
    Source.objects.bulk_create(sources[pk] for pk in sorted(sources))


def backwards(apps, schema_editor):
    Target = apps.get_model("indicators", "Target")
    Commitment = apps.get_model("monev", "Commitment")
    LegalSource = apps.get_model("monev", "TargetLegalSource")
    sources = {s.target_id: s for s in apps.get_model("monev", "CommitmentSource").objects.all()}
    for target in Target.objects.order_by("pk"):
        source = sources.get(target.pk)
        regulation_id = source.regulation_id if source else None
        commitment = Commitment.objects.create(
            region_id=target.region_id,
            indicator=target.indicator,
            value=target.value,
            year=target.year,
            deadline=target.deadline,
            source=target.source,
            regulation_id=regulation_id,
            meeting_id=source.meeting_id if source else None,
            owner_id=target.owner_id,
            batch_id=target.batch_id,
            created_by_id=target.created_by_id,
        )
        Commitment.objects.filter(pk=commitment.pk).update(created_at=target.created_at)
        if target.batch_id is None:
            target.delete()  # only a commitment before the one register
        elif regulation_id is not None:
            LegalSource.objects.create(
                region_id=target.region_id,
                year=target.year,
                indicator=target.indicator,
                regulation_id=regulation_id,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("indicators", "0008_one_register_of_targets"),
        ("monev", "0007_targets_into_commitments"),
        ("regions", "0002_region_crosswalk"),
    ]

    operations = [
        migrations.CreateModel(
            name="CommitmentSource",
            fields=[
                (
                    "target",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="monev_source",
                        serialize=False,
                        to="indicators.target",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="commitment_sources",
                        to="monev.meeting",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.region"
                    ),
                ),
                (
                    "regulation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="commitment_sources",
                        to="monev.regulation",
                    ),
                ),
            ],
            options={"indexes": [models.Index(fields=["meeting"], name="commitment_source_meeting")]},
        ),
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="Commitment"),
        migrations.DeleteModel(name="TargetLegalSource"),
    ]
