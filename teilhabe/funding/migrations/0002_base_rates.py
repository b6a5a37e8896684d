"""The Basiszinssatz under § 247 BGB as published by the Deutsche Bundesbank (changes on 1 January and 1 July).

Later rates are added by the operators in the admin ("Basiszinssätze") when the Bundesbank publishes them.
"""

from decimal import Decimal

from django.db import migrations

RATES = [
    ("2023-01-01", "1.62"),
    ("2023-07-01", "3.12"),
    ("2024-01-01", "3.62"),
    ("2024-07-01", "3.37"),
    ("2025-01-01", "2.27"),
    ("2025-07-01", "1.27"),
]


def add_rates(apps, schema_editor):
    BaseRate = apps.get_model("funding", "BaseRate")
    for valid_from, rate in RATES:
        BaseRate.objects.get_or_create(valid_from=valid_from, defaults={"rate": Decimal(rate)})


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]
    operations = [migrations.RunPython(add_rates, migrations.RunPython.noop)]
