"""The library's reference data for production: 五个一批 categories, the notices' lists and tiers, default star gates."""

from django.db import migrations


def load(apps, schema_editor):
    from projects.reference import ensure_reference_data

    ensure_reference_data(
        apps.get_model("projects", "ProjectCategory"),
        apps.get_model("projects", "ProjectList"),
        apps.get_model("projects", "StarGate"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0010_p2_snapshot_facts"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
