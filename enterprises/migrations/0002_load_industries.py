"""Load GB/T 4754-2017 门类 C (manufacturing) and its 31 divisions C13–C43 from data/."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[2] / "data" / "gbt4754-manufacturing-divisions.csv"


def load(apps, schema_editor):
    Industry = apps.get_model("enterprises", "Industry")
    section, _ = Industry.objects.update_or_create(code="C", defaults={"name": "制造业", "level": "section", "parent": None})
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Industry.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"], "level": "division", "parent": section}
            )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
