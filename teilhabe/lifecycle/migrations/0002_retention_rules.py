"""The retention rules of the deletion concept (docs/deletion-concept.md) as data. Operators may adjust periods
in the admin; the daily purge reads them from here."""

from django.db import migrations

RULES = [
    # key, data kind, legal basis, class, days, period text, trigger, action, responsible, automated
    ("sessions", "Sitzungen (angemeldete Browser)", "Art. 6 Abs. 1 lit. e DSGVO, § 3 DSG NRW; Betrieb",
     "L1 – sofort nach Ablauf", 0, "bis zum Ablauf der Sitzung (höchstens 12 Stunden)", "Ablauf der Sitzung",
     "delete", "Betrieb", True),
    ("login_records", "Anmeldeversuche und Sperren (django-axes)", "Art. 6 Abs. 1 lit. e, Art. 32 DSGVO (Sicherheit)",
     "L2 – kurz", 90, "90 Tage", "Zeitpunkt des Anmeldeversuchs", "delete", "Betrieb", True),
    ("inactive_accounts", "Benutzerkonten", "Art. 6 Abs. 1 lit. e DSGVO, § 3 DSG NRW",
     "L4 – nach Zweckfortfall", 730, "2 Jahre ohne Anmeldung, dann 30 Tage nach Warnung",
     "letzte Anmeldung (oder Registrierung)", "anonymise", "Betrieb; die Stelle, die das Konto beantragt hat", True),
    ("contact_persons", "Ansprechpersonen von Strukturen", "Art. 6 Abs. 1 lit. a (Einwilligung) und e DSGVO",
     "L3 – nach Ende der Beziehung", 180, "6 Monate nach Ende der Struktur; sofort auf Verlangen",
     "Archivierung der letzten Struktur der Person oder Löschersuchen", "anonymise",
     "Kommune der Struktur; Betrieb bei Löschersuchen", True),
    ("funding_files", "Förderakten: Belege und Anhänge", "§ 44 LHO NRW mit VV, ANBest-P/-G Nr. 6.9",
     "L6 – gesetzliche Frist", None, "Frist aus dem Bescheid (Belege 5 Jahre nach Vorlage des Verwendungsnachweises)",
     "Vorlage des Verwendungsnachweises", "archive", "Bewilligungsbehörde", True),
    ("attachments", "Anhänge nicht bewilligter Anträge", "Art. 6 Abs. 1 lit. e DSGVO, § 44 LHO",
     "L5 – mittel", 730, "2 Jahre", "Ablehnung oder Rücknahme des Antrags", "delete", "Bewilligungsbehörde", True),
    ("audit_events", "Protokoll (wer hat was getan)", "Art. 5 Abs. 2, Art. 32 DSGVO; § 44 LHO (Nachvollziehbarkeit)",
     "L6 – lang", 3650, "10 Jahre; gekürzt mit signiertem Prüfpunkt", "Zeitpunkt des Eintrags", "delete",
     "Betrieb, Datenschutzbeauftragte", True),
    ("participation_codes", "Teilnahmecodes der Beschäftigtenbefragung",
     "Art. 6 Abs. 1 lit. e, Art. 89 DSGVO (Statistik)", "L1 – mit Zweckfortfall", 0, "bis zum Ende der Befragung",
     "Abschluss der Befragung", "delete", "Befragungsbeauftragte der Behörde", False),
    ("survey_responses", "Antworten der Beschäftigtenbefragung (anonym)", "Art. 89 DSGVO, § 17 DSG NRW",
     "L7 – dauerhaft, anonym", None, "dauerhaft (nur anonyme, unterdrückte Statistik)", "Abschluss der Befragung",
     "archive", "Ministerium (Land)", False),
]  # fmt: skip

FIELDS = (
    "key", "data_kind", "legal_basis", "retention_class", "retention_days", "retention_text", "trigger", "action",
    "responsible", "automated",
)  # fmt: skip


def add_rules(apps, schema_editor):
    RetentionRule = apps.get_model("lifecycle", "RetentionRule")
    for order, row in enumerate(RULES):
        values = dict(zip(FIELDS, row, strict=True))
        RetentionRule.objects.update_or_create(key=values.pop("key"), defaults={**values, "order": order})


def remove_rules(apps, schema_editor):
    apps.get_model("lifecycle", "RetentionRule").objects.filter(key__in=[row[0] for row in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0001_initial")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
