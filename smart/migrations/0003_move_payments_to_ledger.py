"""Move the awards' payments (SubsidyPayment) into the one ledger, policies.Disbursement with the award as its
source: payee the demonstration's enterprise or the service company, unit the award's, policy the rule's.
A voucher already in the ledger (or repeated among the payments) cannot be recorded twice: it is kept in the
batch field as "原凭证号 …" and the voucher left empty, so nothing is lost and the unique rule holds."""

from django.db import migrations

FUND = "智能化技术改造专项资金"


def forward(apps, schema_editor):
    SubsidyPayment = apps.get_model("smart", "SubsidyPayment")
    Disbursement = apps.get_model("policies", "Disbursement")
    ContentType = apps.get_model("contenttypes", "ContentType")
    payments = list(
        SubsidyPayment.objects.select_related("award__rule", "award__demonstration__enterprise", "award__company")
        .order_by("pk")
    )
    if not payments:
        return
    kind, _ = ContentType.objects.get_or_create(app_label="smart", model="subsidyaward")
    used = set(Disbursement.objects.exclude(voucher_no="").values_list("voucher_no", flat=True))
    rows, stamps = [], []
    for p in payments:
        award = p.award
        enterprise = award.demonstration.enterprise if award.demonstration_id else None
        voucher, batch = p.voucher.strip(), str(award.year)
        if voucher and voucher in used:
            voucher, batch = "", f"原凭证号 {voucher}"[:40]
        used.add(voucher)
        rows.append(Disbursement(
            source_type=kind, source_id=award.pk, region_id=award.region_id,
            enterprise_id=enterprise.pk if enterprise else None,
            payee=(enterprise.name if enterprise else award.company.name)[:200], policy_id=award.rule.policy_id,
            amount=p.amount, paid_on=p.paid_on, voucher_no=voucher, fund_source=FUND, batch=batch,
        ))  # fmt: skip
        stamps.append((p.created_at, p.updated_at))
    created = Disbursement.objects.bulk_create(rows)
    for row, (created_at, updated_at) in zip(created, stamps, strict=True):
        row.created_at, row.updated_at = created_at, updated_at
    Disbursement.objects.bulk_update(created, ["created_at", "updated_at"])


def backward(apps, schema_editor):
    SubsidyPayment = apps.get_model("smart", "SubsidyPayment")
    Disbursement = apps.get_model("policies", "Disbursement")
    ContentType = apps.get_model("contenttypes", "ContentType")
    kind = ContentType.objects.filter(app_label="smart", model="subsidyaward").first()
    if kind is None:
        return
    rows = Disbursement.objects.filter(source_type=kind)
    SubsidyPayment.objects.bulk_create(
        SubsidyPayment(award_id=d.source_id, paid_on=d.paid_on, amount=d.amount, voucher=d.voucher_no)
        for d in rows.order_by("pk")
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [("smart", "0002_subsidyrule_policy"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(forward, backward)]
