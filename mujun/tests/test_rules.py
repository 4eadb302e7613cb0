"""The business rules the review found missing, each through the services and the HTTP paths that call them:
frozen rule sets (their parts cannot move out or be deleted), class cut-offs, the domain's 高耗低效 lines,
overrides per GB/T 4754 division, bonus and penalty items, who sees unpublished results, and differentiated
prices (final runs only, frozen at finalisation, scoped)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import Role
from enterprises.models import Industry
from mujun import services
from mujun.forms import IndustryOverrideForm
from mujun.models import (
    EnterpriseYearData,
    EvaluationResult,
    EvaluationRun,
    IndustryOverride,
    PriceRule,
    Rectification,
    RuleIndicator,
    RuleItem,
    RuleSet,
)
from mujun.selectors import result_explanation, surcharges
from mujun.tests.factories import EnterpriseYearDataFactory, RuleSetFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

HAINING, JIASHAN = "330481", "330421"


def _rule_set(group: str = "above", **kwargs) -> RuleSet:
    """A draft rule set of 2019 with one indicator: 亩均税收, weight 100, benchmark 10 (score = 10 × 万元/亩)."""
    rs = RuleSetFactory(year=2019, group=group, version=kwargs.pop("version", 1), **kwargs)
    RuleIndicator.objects.create(rule_set=rs, code="tax_per_mu", weight=Decimal("100"), benchmark=Decimal("10"))
    return rs


def _firms(regions, n: int = 10, region: str = HAINING, **data) -> list:
    """n 规上 firms with 亩均税收 1 … n 万元/亩 on 10 亩 (scores 10 … 10n): the last is A, the first D."""
    firms = []
    for i in range(1, n + 1):
        e = EnterpriseFactory(region=regions[region], name=f"{region}企业{i:02d}")
        EnterpriseYearDataFactory(enterprise=e, tax=Decimal(10 * i), land_mu=Decimal("10"), **data)
        firms.append(e)
    return firms


def _run(rule_sets: list[RuleSet], actor) -> EvaluationRun:
    run = services.evaluation_run_create(year=2019, name="2019年度", rule_sets=rule_sets, actor=actor)
    return services.evaluation_run_compute(run=run, actor=actor)


def _publish(run: EvaluationRun, actor) -> EvaluationRun:
    today = timezone.localdate()
    return services.evaluation_run_publish(run=run, start=today, end=today + dt.timedelta(days=4), actor=actor)


def _finalise(run: EvaluationRun, actor) -> EvaluationRun:
    """Publish, let the window pass (its end moved to yesterday), and finalise."""
    _publish(run, actor)
    EvaluationRun.objects.filter(pk=run.pk).update(publish_end=timezone.localdate() - dt.timedelta(days=1))
    run.refresh_from_db()
    return services.evaluation_run_finalise(run=run, actor=actor)


# --- 1. a frozen rule set never changes -------------------------------------------------------------------


def _parts(frozen: RuleSet) -> dict:
    c34 = Industry.objects.get(code="C34")
    return {
        RuleIndicator: frozen.indicators.get(),
        IndustryOverride: IndustryOverride.objects.create(
            rule_set=frozen, industry=c34, code="tax_per_mu", weight=Decimal("80")
        ),
        RuleItem: RuleItem.objects.create(
            rule_set=frozen, code="hightech", name="高新技术企业", kind="bonus", points=Decimal("2")
        ),
    }


@pytest.mark.parametrize("model", [RuleIndicator, IndustryOverride, RuleItem], ids=lambda m: m.__name__)
def test_a_part_of_a_frozen_rule_set_cannot_move_out_nor_be_deleted(model, regions, city_staff):
    # Given a rule set frozen by a run, its parts, and a draft of the next year
    frozen = _rule_set()
    part = _parts(frozen)[model]
    _firms(regions, 3)
    _run([frozen], city_staff)
    draft = _rule_set(version=2)
    # when a part is moved to the draft, or deleted, then both are refused and nothing changes
    with pytest.raises(ValidationError, match="冻结"):
        services.object_save(obj=model.objects.get(pk=part.pk), data={"rule_set": draft}, actor=city_staff)
    with pytest.raises(ValidationError, match="冻结"):
        services.object_delete(obj=model.objects.get(pk=part.pk), actor=city_staff)
    assert model.objects.get(pk=part.pk).rule_set_id == frozen.pk

    # and a draft's part cannot be moved into the frozen set either
    def create(**kwargs):  # a new model through the service
        return services.object_save(obj=model(), **kwargs)

    data = {f: getattr(part, f) for f in ("code",) if hasattr(part, f)}
    data.update({"rule_set": draft})
    if model is RuleIndicator:
        data.update(code="va_per_mu", weight=Decimal("30"), benchmark=Decimal("100"))
    elif model is IndustryOverride:
        data.update(industry=part.industry, weight=Decimal("50"))
    else:
        data.update(name="研发中心", kind="bonus", points=Decimal("1"))
    own = create(data=data, actor=city_staff)
    with pytest.raises(ValidationError, match="冻结"):
        services.object_save(obj=model.objects.get(pk=own.pk), data={"rule_set": frozen}, actor=city_staff)
    assert model.objects.get(pk=own.pk).rule_set_id == draft.pk


def test_api_and_pages_refuse_moving_or_deleting_a_frozen_indicator(regions, city_staff, client):
    frozen = _rule_set()
    _firms(regions, 3)
    _run([frozen], city_staff)
    draft = RuleSetFactory(year=2019, group="above", version=2)  # no indicator yet: only the freeze can refuse
    indicator = frozen.indicators.get()
    client.force_login(city_staff)
    moved = client.patch(
        f"/api/mujun-rule-indicators/{indicator.pk}/", {"rule_set": draft.pk}, content_type="application/json"
    )
    assert moved.status_code == 400
    assert client.delete(f"/api/mujun-rule-indicators/{indicator.pk}/").status_code == 400
    page = client.post(
        reverse("mujun:ruleindicator_edit", args=[indicator.pk]),
        {"rule_set": draft.pk, "code": "tax_per_mu", "weight": "100", "benchmark_mode": "entered",
         "benchmark": "10", "factor": "1", "missing_rule": "group_average"},
    )  # fmt: skip
    assert page.status_code == 200 and "冻结" in page.content.decode()
    client.post(reverse("mujun:ruleindicator_delete", args=[indicator.pk]))
    indicator.refresh_from_db()
    assert indicator.rule_set_id == frozen.pk and draft.indicators.count() == 0
    assert client.delete(f"/api/mujun-rule-sets/{frozen.pk}/").status_code == 400
    assert RuleSet.objects.filter(pk=frozen.pk).exists()


# --- 7. class cut-offs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cuts", "field"),
    [(("60", "20", "95"), "cut_b"), (("20", "96", "95"), "cut_c"), (("20", "60", "101"), "cut_c")],
)
def test_cut_offs_must_be_ordered_and_within_0_100(cuts, field, regions, city_staff):
    def create(**kwargs):  # a new RuleSet through the service
        return services.object_save(obj=RuleSet(), **kwargs)

    data = {"year": 2020, "group": "above", "version": 1, "name": "2020规上"}
    with pytest.raises(ValidationError) as error:
        create(data={**data, "cut_a": Decimal(cuts[0]), "cut_b": Decimal(cuts[1]), "cut_c": Decimal(cuts[2])},
               actor=city_staff)  # fmt: skip
    assert field in error.value.message_dict and not RuleSet.objects.exists()
    equal = create(data={**data, "cut_a": Decimal("30"), "cut_b": Decimal("30"), "cut_c": Decimal("100")},
                   actor=city_staff)  # fmt: skip
    assert (equal.cut_a, equal.cut_b, equal.cut_c) == (30, 30, 100)


def test_api_refuses_unordered_cut_offs(regions, city_staff, client):
    client.force_login(city_staff)
    response = client.post(
        "/api/mujun-rule-sets/",
        {"year": 2020, "group": "above", "version": 1, "name": "x", "cut_a": "70", "cut_b": "60", "cut_c": "95"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "cut_b" in response.json()
    assert not RuleSet.objects.exists()


# --- 9. the domain's 高耗低效 lines ------------------------------------------------------------------------


def test_rule_sets_take_the_domains_rectification_lines(regions, city_staff):
    def create(**kwargs):  # a new RuleSet through the service
        return services.object_save(obj=RuleSet(), **kwargs)

    above = create(data={"year": 2020, "group": "above", "version": 1, "name": "规上"}, actor=city_staff)
    below = create(data={"year": 2020, "group": "below", "version": 1, "name": "规下"}, actor=city_staff)
    own = create(data={"year": 2020, "group": "small", "version": 1, "name": "小", "rectify_tax_per_mu": Decimal("2"),
                       "rectify_land_mu": Decimal("8")}, actor=city_staff)  # fmt: skip
    above.refresh_from_db(), below.refresh_from_db(), own.refresh_from_db()
    assert (above.rectify_tax_per_mu, above.rectify_land_mu) == (Decimal("6"), Decimal("10"))
    assert (below.rectify_tax_per_mu, below.rectify_land_mu) == (Decimal("3"), Decimal("10"))
    assert (own.rectify_tax_per_mu, own.rectify_land_mu) == (Decimal("2"), Decimal("8"))


def test_land_line_uses_the_years_data_and_a_parcels_combined_land(regions, city_staff):
    # Given 规下 firms (tax well above the 3 万元/亩 line, so only land can list them):
    # big_registry: 30 亩 in the registry, 5 亩 in the year's data → not listed;
    # big_year: 2 亩 in the registry, 12 亩 in the year's data → listed;
    # shared_1/2: 6 亩 each on one parcel (12 亩 together) → both listed.
    below = RuleSetFactory(year=2019, group="below", version=1)
    RuleIndicator.objects.create(rule_set=below, code="tax_per_mu", weight=Decimal("100"), benchmark=Decimal("10"))
    below.rectify_tax_per_mu, below.rectify_land_mu = None, None  # a rule set saved before the defaults
    below.save()
    firms = {}
    for name, registry, land, parcel in [("big_registry", "30", "5", ""), ("big_year", "2", "12", ""),
                                         ("shared_1", "6", "6", "JX-9"), ("shared_2", "6", "6", "JX-9")]:  # fmt: skip
        e = EnterpriseFactory(region=regions[HAINING], land_mu=Decimal(registry))
        EnterpriseYearDataFactory(enterprise=e, size_class="below", land_mu=Decimal(land), tax=Decimal(land) * 50,
                                  parcel=parcel)  # fmt: skip
        firms[name] = e
    for i in range(4):  # four more so that none of the four above is D
        e = EnterpriseFactory(region=regions[HAINING], land_mu=Decimal("3"))
        EnterpriseYearDataFactory(enterprise=e, size_class="below", land_mu=Decimal("3"), tax=Decimal(i + 1) * 15)
    run = _finalise(_run([below], city_staff), city_staff)
    # when the candidates are identified
    services.rectification_identify(run=run, actor=city_staff)
    found = dict(Rectification.objects.filter(run=run).values_list("enterprise_id", "reasons"))
    # then the year's land decides, and a parcel counts as one plot
    assert firms["big_year"].pk in found and "10" in found[firms["big_year"].pk]
    assert firms["shared_1"].pk in found and firms["shared_2"].pk in found
    assert firms["big_registry"].pk not in found
    assert Rectification.objects.filter(enterprise=firms["big_registry"]).count() == 0


def test_tax_line_defaults_to_6_for_above(regions, city_staff):
    # 亩均税收 1 … 10: the default line of 6 万元/亩 lists the firms at 1 … 5 (not 6), whatever their class
    rs = services.object_save(obj=RuleSet(), data={"year": 2019, "group": "above", "version": 1, "name": "规上"},
                                   actor=city_staff)  # fmt: skip
    RuleIndicator.objects.create(rule_set=rs, code="tax_per_mu", weight=Decimal("100"), benchmark=Decimal("10"))
    firms = _firms(regions, 10)
    run = _finalise(_run([rs], city_staff), city_staff)
    services.rectification_identify(run=run, actor=city_staff)
    found = set(Rectification.objects.filter(run=run).values_list("enterprise_id", flat=True))
    assert found == {e.pk for e in firms[:5]}


# --- 8. industry overrides per division -------------------------------------------------------------------


@pytest.fixture
def c34_tree(db):
    """C34 (a division) with a 中类 C341 and a 小类 C3411 under it."""
    c34 = Industry.objects.get(code="C34")
    group = Industry.objects.create(code="C341", name="锅炉及原动设备制造", level="group", parent=c34)
    klass = Industry.objects.create(code="C3411", name="锅炉及辅助设备制造", level="class", parent=group)
    return c34, group, klass


def test_override_only_on_a_division(c34_tree, regions, city_staff):
    c34, group, _klass = c34_tree
    rs = _rule_set()

    def create(**kwargs):  # a new IndustryOverride through the service
        return services.object_save(obj=IndustryOverride(), **kwargs)

    with pytest.raises(ValidationError) as error:
        create(data={"rule_set": rs, "industry": group, "code": "tax_per_mu", "weight": Decimal("50")},
               actor=city_staff)  # fmt: skip
    assert "industry" in error.value.message_dict and not IndustryOverride.objects.exists()
    create(data={"rule_set": rs, "industry": c34, "code": "tax_per_mu", "weight": Decimal("50")}, actor=city_staff)
    offered = set(IndustryOverrideForm(user=city_staff).fields["industry"].queryset.values_list("level", flat=True))
    assert offered == {"division"}


def test_an_enterprise_on_a_finer_code_takes_its_divisions_override(c34_tree, regions, city_staff):
    # Given an override halving the weight of 亩均税收 for division C34
    c34, group, klass = c34_tree
    rs = _rule_set()
    IndustryOverride.objects.create(rule_set=rs, industry=c34, code="tax_per_mu", weight=Decimal("50"))
    other = Industry.objects.get(code="C26")
    firms = {}
    for name, industry in [("division", c34), ("group", group), ("class", klass), ("other", other)]:
        e = EnterpriseFactory(region=regions[HAINING], industry=industry)
        EnterpriseYearDataFactory(enterprise=e, tax=Decimal("100"), land_mu=Decimal("10"))  # 10 万元/亩
        firms[name] = e
    # when the run scores them, then every firm of C34 (whatever level its code) is weighted 50, the other 100
    run = _run([rs], city_staff)
    score = {n: EvaluationResult.objects.get(run=run, enterprise=e).score for n, e in firms.items()}
    assert score == {"division": 50, "group": 50, "class": 50, "other": 100}
    # and the explanation shows the weight the run used
    result = EvaluationResult.objects.get(run=run, enterprise=firms["class"])
    assert result_explanation(result)["indicators"][0]["weight"] == 50


# --- 12. the explanation of a shared parcel, and its missing-data text -----------------------------------


def test_parcel_explanation_uses_the_weights_the_run_used(regions, city_staff):
    # Given two firms on one parcel: the first (lower id) in C26, the second in C34 with an override of 50
    rs = _rule_set()
    IndustryOverride.objects.create(
        rule_set=rs, industry=Industry.objects.get(code="C34"), code="tax_per_mu", weight=Decimal("50")
    )
    first = EnterpriseFactory(region=regions[HAINING], industry=Industry.objects.get(code="C26"))
    second = EnterpriseFactory(region=regions[HAINING], industry=Industry.objects.get(code="C34"))
    for e in (first, second):
        EnterpriseYearDataFactory(enterprise=e, tax=Decimal("50"), land_mu=Decimal("5"), parcel="JX-1")
    run = _run([rs], city_staff)
    # then both carry the combined result weighted as the first member (100), and say so
    for e in (first, second):
        result = EvaluationResult.objects.get(run=run, enterprise=e)
        assert result.score == 100  # (50 + 50) / (5 + 5) = 10 万元/亩 → 10 / 10 × 100
        assert result_explanation(result)["indicators"][0]["weight"] == 100


@pytest.mark.parametrize(
    ("rule", "text", "not_text"), [("zero", "记0分", "组内平均"), ("group_average", "组内平均", "记0分")]
)
def test_explanation_names_the_missing_data_rule(rule, text, not_text, regions, city_staff, client):
    rs = _rule_set()
    RuleIndicator.objects.create(rule_set=rs, code="va_per_emission", weight=Decimal("10"),
                                 benchmark=Decimal("100"), missing_rule=rule)  # fmt: skip
    firms = _firms(regions, 3, emission_t=None)
    run = _run([rs], city_staff)
    result = EvaluationResult.objects.get(run=run, enterprise=firms[0])
    client.force_login(city_staff)
    page = client.get(result.get_absolute_url()).content.decode()
    table = page.split('data-testid="explanation"')[1].split("</table>")[0]
    assert text in table and not_text not in table


# --- bonus and penalty items against the database ---------------------------------------------------------


def test_bonus_and_penalty_items_from_the_years_data(regions, city_staff):
    rs = _rule_set()
    RuleItem.objects.create(rule_set=rs, code="hightech", name="高新技术企业", kind="bonus", points=Decimal("5"))
    RuleItem.objects.create(rule_set=rs, code="pollution", name="环保处罚", kind="penalty", points=Decimal("3"))
    other = RuleSetFactory(year=2019, group="below", version=1)
    RuleItem.objects.create(rule_set=other, code="pollution", name="规下环保处罚", kind="penalty", points=Decimal("9"))
    firms = _firms(regions, 3)  # scores 10, 20, 30
    EnterpriseYearData.objects.filter(enterprise=firms[0]).update(items=["hightech", "unknown"])
    EnterpriseYearData.objects.filter(enterprise=firms[1]).update(items=["pollution"])
    EnterpriseYearData.objects.filter(enterprise=firms[2]).update(items=["hightech", "pollution"])
    run = _run([rs], city_staff)
    got = {
        e.pk: (r.bonus, r.penalty, r.score)
        for e in firms
        for r in [EvaluationResult.objects.get(run=run, enterprise=e)]
    }
    assert got == {
        firms[0].pk: (5, 0, 15),  # an unknown code counts nothing
        firms[1].pk: (0, 3, 17),  # the 规上 rule set's penalty, not the 规下 one's
        firms[2].pk: (5, 3, 32),
    }


# --- 2. who sees results before publication ---------------------------------------------------------------


def test_enterprise_user_sees_nothing_of_a_run_before_publication(regions, city_staff, make_user, client):
    rs = _rule_set()
    firms = _firms(regions, 4)
    run = _run([rs], city_staff)
    own = EvaluationResult.objects.get(run=run, enterprise=firms[0])
    services.result_adjust(result=own, klass="C", reason="核实", actor=city_staff)
    user = make_user(Role.ENTERPRISE_USER, HAINING, enterprise=firms[0])
    client.force_login(user)

    def seen() -> dict:
        response = client.get(reverse("mujun:evaluationresult_export"))
        export = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        cells = [c for row in export.iter_rows(values_only=True) for c in row]
        return {
            "list": firms[0].name in client.get(reverse("mujun:evaluationresult_list")).content.decode(),
            "detail": client.get(own.get_absolute_url()).status_code,
            "api_list": len(client.get("/api/mujun-results/").json()["results"]),
            "api_detail": client.get(f"/api/mujun-results/{own.pk}/").status_code,
            "explanation": client.get(f"/api/mujun-results/{own.pk}/explanation/").status_code,
            "adjustments": len(client.get("/api/mujun-adjustments/").json()["results"]),
            "panel": 'data-testid="explanation"' in client.get(firms[0].get_absolute_url()).content.decode(),
            "export": firms[0].uscc in cells,
            "counts": sum(r["total"] for r in client.get(f"/api/mujun-runs/{run.pk}/class-counts/").json()["units"]),
        }

    # computed and adjusted: nothing
    assert seen() == {"list": False, "detail": 404, "api_list": 0, "api_detail": 404, "explanation": 404,
                      "adjustments": 0, "panel": False, "export": False, "counts": 0}  # fmt: skip
    # published: their own result, and only theirs
    _publish(run, city_staff)
    assert seen() == {"list": True, "detail": 200, "api_list": 1, "api_detail": 200, "explanation": 200,
                      "adjustments": 1, "panel": True, "export": True, "counts": 1}  # fmt: skip


def test_bureau_staff_see_computed_results_of_their_scope(regions, city_staff, make_user, client):
    rs = _rule_set()
    haining = _firms(regions, 3)
    jiashan = _firms(regions, 2, region=JIASHAN)
    run = _run([rs], city_staff)
    assert run.status == "computed"
    reporter = make_user(Role.UNIT_REPORTER, HAINING)
    client.force_login(reporter)
    ids = {r["enterprise"] for r in client.get("/api/mujun-results/", {"run": run.pk}).json()["results"]}
    assert ids == {e.pk for e in haining}
    theirs = EvaluationResult.objects.get(run=run, enterprise=jiashan[0])
    assert client.get(theirs.get_absolute_url()).status_code == 404
    client.force_login(city_staff)
    assert len(client.get("/api/mujun-results/", {"run": run.pk}).json()["results"]) == 5


# --- 5. differentiated prices ------------------------------------------------------------------------------


def test_surcharges_only_for_a_final_run(regions, city_staff, client):
    rs = _rule_set()
    _firms(regions, 10)
    PriceRule.objects.create(year=2020, klass="D", resource="electricity", surcharge=Decimal("0.3"))
    run = _run([rs], city_staff)
    with pytest.raises(ValidationError, match="已确定"):
        surcharges(run, EvaluationResult.objects.filter(run=run))
    client.force_login(city_staff)
    page = client.get(reverse("mujun:evaluationrun_surcharges", args=[run.pk]))
    assert page.status_code == 409 and "已确定" in page.content.decode()
    assert client.get(reverse("mujun:evaluationrun_surcharges", args=[run.pk]), {"format": "xlsx"}).status_code == 409
    api = client.get(f"/api/mujun-runs/{run.pk}/surcharges/")
    assert api.status_code == 400 and "已确定" in str(api.json())
    _finalise(run, city_staff)
    ok = client.get(f"/api/mujun-runs/{run.pk}/surcharges/")
    assert ok.status_code == 200 and [r["surcharge"] for r in ok.json()] == ["0.3000"]
    assert client.get(reverse("mujun:evaluationrun_surcharges", args=[run.pk])).status_code == 200


def test_a_final_runs_surcharges_keep_the_prices_it_was_finalised_with(regions, city_staff):
    rs = _rule_set()
    firms = _firms(regions, 10)
    price = PriceRule.objects.create(year=2020, klass="D", resource="electricity", surcharge=Decimal("0.3"))
    run = _finalise(_run([rs], city_staff), city_staff)
    assert run.prices == [{"klass": "D", "resource": "electricity", "surcharge": "0.3000", "consecutive_years": None,
                           "consecutive_surcharge": None}]  # fmt: skip
    # when the price table is changed afterwards (through the service, as the pages and API do)
    services.object_save(obj=price, data={"surcharge": Decimal("0.9")}, actor=city_staff)
    PriceRule.objects.create(year=2020, klass="C", resource="water", surcharge=Decimal("1"))
    # then the run's surcharges are unchanged
    rows = surcharges(run, EvaluationResult.objects.filter(run=run))
    assert [(r["enterprise_id"], r["resource"], r["surcharge"]) for r in rows] == [
        (firms[0].pk, "electricity", Decimal("0.3"))
    ]


def test_surcharges_stay_in_the_users_scope(regions, city_staff, make_user, client):
    rs = _rule_set()
    haining = _firms(regions, 5)
    jiashan = _firms(regions, 5, region=JIASHAN)
    PriceRule.objects.create(year=2020, klass="D", resource="electricity", surcharge=Decimal("0.3"))
    PriceRule.objects.create(year=2020, klass="C", resource="electricity", surcharge=Decimal("0.1"))
    run = _finalise(_run([rs], city_staff), city_staff)
    charged = set(
        EvaluationResult.objects.filter(run=run, final_class__in="CD").values_list("enterprise_id", flat=True)
    )
    assert charged & {e.pk for e in haining} and charged & {e.pk for e in jiashan}
    client.force_login(make_user(Role.UNIT_REPORTER, HAINING))
    api = {r["enterprise_id"] for r in client.get(f"/api/mujun-runs/{run.pk}/surcharges/").json()}
    assert api == charged & {e.pk for e in haining}
    response = client.get(reverse("mujun:evaluationrun_surcharges", args=[run.pk]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = {c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    assert not names & {e.name for e in jiashan} and names & {e.name for e in haining}
    client.force_login(make_user(Role.ENTERPRISE_USER, JIASHAN, enterprise=jiashan[0]))
    own = {r["enterprise_id"] for r in client.get(f"/api/mujun-runs/{run.pk}/surcharges/").json()}
    assert own <= {jiashan[0].pk}
