"""Seed the ten titles of the cultivation ladder (domain.md §9; the same list as tiers/seeds.py, copied here so
the migration never changes when the module does)."""

from django.db import migrations

N, P, C = "national", "province", "city"
TITLES = (
    ("fsyy", "放水养鱼", 5, [], None, "放水养鱼培育企业"),
    ("xsg", "小升规", 10, [], None, "小升规企业"),
    ("kjx", "科技型中小企业", 20, [P], 1, ""),
    ("cxx", "创新型中小企业", 30, [P], 3, ""),
    ("zjtx", "专精特新中小企业", 40, [P, C], 3, "专精特新;省级专精特新中小企业"),
    ("xjr", '专精特新"小巨人"', 50, [N], 3, "小巨人;专精特新小巨人;国家级专精特新小巨人"),
    ("yxgj", "隐形冠军", 60, [P, C], 3, "隐形冠军企业"),
    ("dxgj", "单项冠军", 70, [N, P], 3, "制造业单项冠军;单项冠军示范企业"),
    ("xy", "雄鹰", 80, [P], None, "雄鹰企业;雄鹰行动"),
    ("lz", "链主", 90, [P, C], None, "链主企业;产业链链主"),
)


def seed(apps, schema_editor):
    Title = apps.get_model("tiers", "Title")
    for code, name, ladder, levels, validity, aliases in TITLES:
        Title.objects.update_or_create(
            code=code,
            defaults={"name": name, "ladder": ladder, "levels": levels, "validity_years": validity, "aliases": aliases},
        )


def unseed(apps, schema_editor):
    apps.get_model("tiers", "Title").objects.filter(code__in=[t[0] for t in TITLES], entries__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("tiers", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
