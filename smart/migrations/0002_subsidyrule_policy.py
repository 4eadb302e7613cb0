"""A subsidy rule names the policy its awards are paid under in the one ledger (policies.Disbursement)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("policies", "0006_disbursement_region_required"), ("smart", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="historicalsubsidyrule",
            name="policy",
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="拨付时记入该政策的兑付台账，按政策、部门统计", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="policies.policy", verbose_name="兑现政策"),
        ),
        migrations.AddField(
            model_name="subsidyrule",
            name="policy",
            field=models.ForeignKey(blank=True, help_text="拨付时记入该政策的兑付台账，按政策、部门统计", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="policies.policy", verbose_name="兑现政策"),
        ),
    ]
