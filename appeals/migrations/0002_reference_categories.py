"""The categories of domain.md §10 with their default deadlines, created where missing (the admin edits them)."""

from django.db import migrations


def create(apps, schema_editor):
    from appeals.reference import CATEGORIES

    Category = apps.get_model("appeals", "AppealCategory")
    for code, name, order in CATEGORIES:
        if not Category.objects.filter(code=code).exists():
            Category.objects.create(code=code, name=name, order=order)


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
