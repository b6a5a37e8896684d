"""The audit log becomes a hash chain: seq, prev_hash, hash (existing rows chained in the order they were written),
a table for the purge's signed checkpoints, and triggers that refuse UPDATE and DELETE on audit rows."""

import django.utils.timezone
from django.db import migrations, models

from teilhabe.core import auditchain


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    prev, seq = auditchain.GENESIS, 0
    batch = []
    for event in AuditEvent.objects.using(schema_editor.connection.alias).order_by("at", "id").iterator(2000):
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = auditchain.event_hash(
            seq=seq,
            prev_hash=event.prev_hash,
            at=event.at,
            actor_id=event.actor_id,
            action=event.action,
            object_type_id=event.object_type_id,
            object_id=event.object_id,
            object_repr=event.object_repr,
            from_state=event.from_state,
            to_state=event.to_state,
            reason=event.reason,
            data=event.data,
        )
        batch.append(event)
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": auditchain.SQLITE_TRIGGERS, "postgresql": auditchain.POSTGRES_TRIGGERS}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": auditchain.SQLITE_DROP, "postgresql": auditchain.POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_membership_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="laufende Nummer"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="Hash des Vorgängers"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="Hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="redacted",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="pseudonymisierte Felder"),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="laufende Nummer"),
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="angelegt am"),
                ),
                ("upto_seq", models.BigIntegerField(unique=True, verbose_name="entfernt bis Nummer")),
                ("anchor_hash", models.CharField(max_length=64, verbose_name="Hash des letzten entfernten Eintrags")),
                ("events_removed", models.PositiveIntegerField(verbose_name="entfernte Einträge")),
                (
                    "oldest_kept_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="ältester verbliebener Eintrag"),
                ),
                ("signature", models.CharField(max_length=64, verbose_name="Signatur")),
            ],
            options={
                "verbose_name": "Prüfpunkt des Protokolls",
                "verbose_name_plural": "Prüfpunkte des Protokolls",
                "ordering": ["-upto_seq"],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
