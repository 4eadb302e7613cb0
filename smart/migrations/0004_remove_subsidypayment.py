"""The awards' payments live in the one ledger now (0003): the smart copy of a ledger goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("smart", "0003_move_payments_to_ledger")]

    operations = [
        migrations.RemoveField(model_name="subsidypayment", name="award"),
        migrations.DeleteModel(name="HistoricalSubsidyPayment"),
        migrations.DeleteModel(name="SubsidyPayment"),
    ]
