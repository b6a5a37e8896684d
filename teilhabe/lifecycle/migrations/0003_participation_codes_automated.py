from django.db import migrations


def automate(apps, schema_editor):
    apps.get_model("lifecycle", "RetentionRule").objects.filter(key="participation_codes").update(automated=True)


def manual(apps, schema_editor):
    apps.get_model("lifecycle", "RetentionRule").objects.filter(key="participation_codes").update(automated=False)


class Migration(migrations.Migration):
    """The purge now destroys the participation codes of closed campaigns (teilhabe.workforce.services.codes_destroy)."""

    dependencies = [("lifecycle", "0002_retention_rules"), ("workforce", "0003_codes_destroyed")]

    operations = [migrations.RunPython(automate, manual)]
