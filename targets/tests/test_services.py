"""plan_import and the corrections: atomic, audited, scoped (issue #3, domain.md §3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from core.actors import SYSTEM
from targets.choices import Comparator, IndicatorKind, PeriodKind, PlanLayout, TargetStatus
from targets.importing import preview_file, preview_tables
from targets.models import Indicator, Plan, Target
from targets.seeds import JIAXING_2019, JIAXING_SMART_2019_2021, load_seed_plans
from targets.services import indicator_update, plan_delete, plan_import, plan_update, target_update

from .notices import with_cell, xlsx

pytestmark = pytest.mark.django_db


def meta(regions, table=JIAXING_2019, **extra):
    return {**table.metadata, "scope_region": regions["330400"], **extra}


def import_2019(regions, actor, **extra):
    preview = preview_file(xlsx(JIAXING_2019), "2019.xlsx")
    return plan_import(data=meta(regions, **extra), tables=preview.tables, actor=actor, source="2019.xlsx")


def nothing_written():
    return not Plan.objects.exists() and not Indicator.objects.exists() and not Target.objects.exists()


def test_import_writes_plan_indicators_and_every_cell(regions, city_staff):
    plan = import_2019(regions, city_staff)
    assert (plan.document_number, plan.year_start, plan.year_end, plan.layout) == (
        "嘉经信投资〔2019〕15号",
        2019,
        2019,
        PlanLayout.UNITS_AS_ROWS,
    )
    assert plan.issued_on == dt.date(2019, 2, 15)
    names = list(plan.indicators.values_list("name", "unit", "kind"))
    assert names[0] == ("工业投资", "亿元", IndicatorKind.FLOW_AMOUNT)
    assert len(names) == 9
    # 9 indicators × (9 units + the city) cells, each kept.
    assert Target.objects.filter(indicator__plan=plan).count() == 90
    investment = Target.objects.filter(indicator__plan=plan, indicator__name="工业投资")
    haining = investment.get(region__code="330481")
    assert (haining.status, haining.comparator, haining.period_kind, haining.year_start) == (
        TargetStatus.NUMBER,
        Comparator.EQ,
        PeriodKind.YEAR,
        2019,
    )
    assert haining.value == Decimal(1610000)  # 161 亿元, stored exactly in 万元 (domain.md §13)
    assert haining.display_value == Decimal(161)
    assert haining.raw_text == "161"
    assert haining.source == "2019年度分解表 B6"
    city = investment.get(region__code="330400")
    assert city.display_value == 780
    assert sum(t.display_value for t in investment.exclude(region__code="330400")) == 780
    quality = Target.objects.get(indicator__plan=plan, indicator__name="高质量工业投资项目", region__code="330400")
    assert (quality.status, quality.raw_text) == (TargetStatus.NOT_DECOMPOSED, "--")
    share = Target.objects.get(indicator__plan=plan, indicator__kind=IndicatorKind.SHARE, region__code="330421")
    assert share.status == TargetStatus.RELATIVE and share.relative_kind == "above_last_year"


def test_import_records_history_with_the_actor(regions, city_staff):
    plan = import_2019(regions, city_staff)
    record = plan.history.get()
    assert (record.history_type, record.history_user) == ("+", city_staff)
    target = Target.objects.filter(indicator__plan=plan).first()
    assert target.history.get().history_user == city_staff
    assert Target.history.filter(history_user=city_staff).count() == 90
    assert Indicator.history.filter(history_user=city_staff).count() == 9


def test_multi_year_plan_periods(regions, city_staff):
    preview = preview_file(xlsx(JIAXING_SMART_2019_2021), "smart.xlsx")
    plan = plan_import(data=meta(regions, JIAXING_SMART_2019_2021), tables=preview.tables, actor=city_staff)
    assert plan.layout == PlanLayout.UNITS_AS_COLUMNS
    investment = Target.objects.filter(indicator__plan=plan, indicator__name="智能化改造投资", region__code="330481")
    periods = {(t.period_kind, t.year_start, t.year_end): t.display_value for t in investment}
    assert periods == {
        (PeriodKind.TOTAL, 2019, 2021): 206,
        (PeriodKind.YEAR, 2019, 2019): 62,
        (PeriodKind.YEAR, 2020, 2020): 68,
        (PeriodKind.YEAR, 2021, 2021): 76,
    }
    robots = Target.objects.get(
        indicator__plan=plan, indicator__name="在役工业机器人", region__code="330400", year_end=2020
    )
    assert (robots.period_kind, robots.display_value) == (PeriodKind.YEAR_END, 16000)
    assert plan.indicators.count() == 4
    assert Target.objects.filter(indicator__plan=plan).count() == 12 * 10


def test_errors_block_the_import_and_nothing_is_written(regions, city_staff):
    preview = preview_file(xlsx(with_cell(JIAXING_2019, 4, 0, "海盐开发区")), "bad.xlsx")
    assert not preview.ok
    with pytest.raises(ValidationError, match="海盐开发区"):
        plan_import(data=meta(regions), tables=preview.tables, actor=city_staff)
    assert nothing_written()


def test_warnings_do_not_block_and_values_stay_as_written(regions, city_staff):
    preview = preview_file(xlsx(with_cell(JIAXING_2019, 5, 1, "162")), "wrong.xlsx")
    assert preview.ok and preview.warnings
    plan = plan_import(data=meta(regions), tables=preview.tables, actor=city_staff)
    city = Target.objects.get(indicator__plan=plan, indicator__name="工业投资", region__code="330400")
    haining = Target.objects.get(indicator__plan=plan, indicator__name="工业投资", region__code="330481")
    assert (city.display_value, haining.display_value) == (780, 162)


def test_a_late_failure_rolls_back_the_plan_and_indicators(regions, city_staff):
    # The targets name 2019; a plan declared for 2020–2021 cannot hold them: the whole import is refused.
    preview = preview_file(xlsx(JIAXING_SMART_2019_2021), "smart.xlsx")
    with pytest.raises(ValidationError, match="不在计划年度"):
        plan_import(
            data=meta(regions, JIAXING_SMART_2019_2021, year_start=2020), tables=preview.tables, actor=city_staff
        )
    assert nothing_written()


def test_a_unit_user_cannot_import_other_units_targets(regions, make_user):
    from django.contrib.auth.models import Permission

    reporter = make_user(Role.UNIT_REPORTER, "330481")
    preview = preview_file(xlsx(JIAXING_2019), "2019.xlsx")
    with pytest.raises(PermissionDenied):  # a unit reporter does not import plans at all (issue 18)
        plan_import(data=meta(regions), tables=preview.tables, actor=reporter)
    # Even with the permission, the city's table names other units: refused by the scope rule.
    reporter.user_permissions.add(Permission.objects.get(codename="add_plan", content_type__app_label="targets"))
    reporter = type(reporter).objects.get(pk=reporter.pk)  # the permission cache
    with pytest.raises(ValidationError):
        plan_import(data=meta(regions), tables=preview.tables, actor=reporter)
    assert nothing_written()


def test_units_outside_the_plan_region_are_refused(regions, city_staff):
    preview = preview_file(xlsx(JIAXING_2019), "2019.xlsx")
    with pytest.raises(ValidationError, match="不在计划适用地区"):
        plan_import(data=meta(regions, scope_region=regions["330481"]), tables=preview.tables, actor=city_staff)
    assert nothing_written()


def test_the_same_document_number_twice_is_refused(regions, city_staff):
    import_2019(regions, city_staff)
    with pytest.raises(ValidationError) as refused:
        import_2019(regions, city_staff, title="again")
    assert refused.value.message_dict["document_number"] == [
        "文号 嘉经信投资〔2019〕15号 已被《2019年嘉兴市工业投资和技术改造工作要点》使用"
    ]
    assert Plan.objects.count() == 1


def test_the_same_cell_in_two_tables_is_refused(regions, city_staff):
    preview = preview_tables([JIAXING_2019.source(), JIAXING_2019.source()])
    assert preview.ok  # each table on its own is fine
    with pytest.raises(ValidationError, match="各出现一次"):
        plan_import(data=meta(regions), tables=preview.tables, actor=city_staff)
    assert nothing_written()


def test_plan_update_keeps_targets_inside_the_plan(regions, city_staff):
    plan = import_2019(regions, city_staff)
    plan_update(plan=plan, data={"issuer": "嘉兴市经信局"}, actor=city_staff)
    plan.refresh_from_db()
    assert plan.issuer == "嘉兴市经信局"
    assert plan.history.first().history_user == city_staff
    with pytest.raises(ValidationError):
        plan_update(plan=plan, data={"year_start": 2020, "year_end": 2020}, actor=city_staff)
    with pytest.raises(ValidationError):
        plan_update(plan=plan, data={"scope_region": regions["330481"]}, actor=city_staff)
    plan.refresh_from_db()
    assert plan.year_start == 2019 and plan.scope_region == regions["330400"]


def test_plan_delete_records_the_actor_on_every_row(regions, city_staff, city_admin):
    plan = import_2019(regions, city_staff)
    pk = plan.pk
    plan_delete(plan=plan, actor=city_admin)
    assert nothing_written()
    deletions = Target.history.filter(history_type="-")
    assert deletions.count() == 90
    assert set(deletions.values_list("history_user", flat=True)) == {city_admin.pk}
    assert Plan.history.get(id=pk, history_type="-").history_user == city_admin


def test_target_update_parses_the_text_like_an_import(regions, city_staff):
    plan = import_2019(regions, city_staff)
    target = Target.objects.get(indicator__plan=plan, indicator__name="工业投资", region__code="330481")
    target_update(target=target, data={"raw_text": "165以上"}, actor=city_staff)
    target.refresh_from_db()
    assert (target.status, target.comparator, target.value) == (TargetStatus.NUMBER, Comparator.GE, Decimal(1650000))
    target_update(target=target, data={"raw_text": "——"}, actor=city_staff)
    target.refresh_from_db()
    assert (target.status, target.comparator, target.value) == (TargetStatus.NOT_DECOMPOSED, "", None)
    assert [h.history_user for h in target.history.all()[:2]] == [city_staff, city_staff]


def test_indicator_update(regions, city_staff):
    plan = import_2019(regions, city_staff)
    indicator = plan.indicators.get(name="高质量工业投资项目")
    indicator_update(indicator=indicator, data={"kind": IndicatorKind.FLOW_COUNT, "unit": "亿元"}, actor=city_staff)
    indicator.refresh_from_db()
    assert (indicator.kind, indicator.unit) == (IndicatorKind.FLOW_COUNT, "个")  # the unit stays as the notice wrote it


def test_seed_plans_load_through_the_importer_once(regions):
    assert load_seed_plans(actor=SYSTEM) == 2
    assert load_seed_plans(actor=SYSTEM) == 0
    smart = Plan.objects.get(year_end=2021)
    assert Target.objects.filter(indicator__plan=smart).count() == 120
    assert Target.objects.filter(indicator__plan__year_end=2019).count() == 90


def test_years_out_of_order_are_one_sentence_not_a_constraint_name(regions):
    """Issue #12: a constraint's refusal reaches the user as a sentence, said once."""
    from django.core.exceptions import ValidationError

    from targets.models import Plan

    plan = Plan(title="2019年目标任务", year_start=2020, year_end=2019, scope_region=regions["330400"])
    with pytest.raises(ValidationError) as refused:
        plan.full_clean()
    assert refused.value.messages == ["截止年度不能早于起始年度"]
