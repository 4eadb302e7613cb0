"""Fill the ledger's new columns of the existing payments (all of them grants' payments) from their grants:
unit, enterprise, policy and the payee's name; the history rows too, so that past states read the same."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    PolicyGrant = apps.get_model("policies", "PolicyGrant")
    Enterprise = apps.get_model("enterprises", "Enterprise")
    grant = PolicyGrant.objects.filter(pk=OuterRef("grant_id"))
    name = Enterprise.objects.filter(pk=OuterRef("enterprise_id")).values("name")[:1]
    for model in ("Disbursement", "HistoricalDisbursement"):
        rows = apps.get_model("policies", model).objects.filter(grant_id__isnull=False)
        rows.update(
            region_id=Subquery(grant.values("region_id")[:1]),
            enterprise_id=Subquery(grant.values("enterprise_id")[:1]),
            policy_id=Subquery(grant.values("policy_id")[:1]),
        )
        rows.update(payee=Subquery(name))


class Migration(migrations.Migration):
    dependencies = [("policies", "0004_disbursement_source_payee"), ("enterprises", "0002_load_industries")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
