"""Every payment has its payee's unit (its scope) and pays exactly one thing: a grant or a source."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("policies", "0005_fill_disbursement_payee")]

    operations = [
        migrations.AlterField(
            model_name="disbursement",
            name="region",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.region", verbose_name="属地单位"),
        ),
        migrations.AlterField(
            model_name="disbursement",
            name="payee",
            field=models.CharField(max_length=200, verbose_name="收款单位"),
        ),
        migrations.AlterField(
            model_name="historicaldisbursement",
            name="payee",
            field=models.CharField(max_length=200, verbose_name="收款单位"),
        ),
        migrations.AddConstraint(
            model_name='disbursement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('grant__isnull', False), ('source_id__isnull', True), ('source_type__isnull', True)), models.Q(('grant__isnull', True), ('source_id__isnull', False), ('source_type__isnull', False)), _connector='OR'), name='disbursement_grant_or_source', violation_error_message='一笔兑付只能对应一项政策兑现或一条来源记录'),
        ),
    ]
