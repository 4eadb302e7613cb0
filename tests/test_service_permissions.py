"""One 403 policy (issue 18): a write service checks the actor's permission itself, so a management command or a
job calling it is refused exactly like a view. Generated: every model of the project apps (`PROJECT_APPS`) whose
app's services module has `<model>_create`, `<model>_update` or `<model>_delete` is tried with a user who may only
read (a leader) and with no actor at all (`None`): both must be refused with PermissionDenied, writing nothing.
Other services (the moves, the jobs' and commands' services, the imports' writes) are listed by hand; jobs,
commands and the demo call them with `core.actors.SYSTEM` (tests/test_system_actor.py)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models

from accounts.choices import Role
from accounts.roles import PROJECT_APPS
from tests.factories import FACTORIES, matrix_factory

pytestmark = pytest.mark.django_db


# services beyond the plain triples: name → the object it acts on and its other keywords
OTHER: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {
    "chains.segment_move": ("chains.Segment", lambda obj: {"segment": obj, "parent": None}),
    "chains.chainrisk_set_status": ("chains.ChainRisk", lambda obj: {"chainrisk": obj, "status": "closed"}),
    "investment.lead_advance": ("investment.Lead", lambda obj: {"lead": obj, "to": "talks"}),
    "investment.lead_sign": ("investment.Lead", lambda obj: {"lead": obj, "signed_on": dt.date(2019, 3, 1)}),
    "policies.grant_review": ("policies.PolicyGrant", lambda obj: {"grant": obj, "action": "unit_approve"}),
    "policies.automatic_grants_confirm": ("policies.Policy", lambda obj: {"policy": obj}),
    "policies.disbursement_record": (
        "policies.Disbursement",
        lambda obj: {
            "source": obj.grant,
            "limit": Decimal(1000),
            "payee": "企业",
            "region": obj.region,
            "enterprise": obj.enterprise,
            "policy": obj.policy,
            "amount": Decimal(1),
            "paid_on": dt.date(2019, 7, 1),
        },
    ),
    "appeals.appeal_merge": ("appeals.Appeal", lambda obj: {"appeal": obj, "into": obj}),
    "appeals.appeal_move": ("appeals.Appeal", lambda obj: {"appeal": obj, "action": "accept"}),
    "assessment.scoringscheme_compute": ("assessment.ScoringScheme", lambda obj: {"scoringscheme": obj}),
    "assessment.scoringscheme_publish": ("assessment.ScoringScheme", lambda obj: {"scoringscheme": obj}),
    # creates whose keywords are not `data`
    "accounts.user_create": ("accounts.User", lambda obj: {"data": {}, "password": None}),
    "assessment.dutyattachment_create": (
        "assessment.DutyAttachment",
        lambda obj: {"progress": obj.progress, "file": None},
    ),
    "mujun.objection_create": ("mujun.Objection", lambda obj: {"result": obj.result, "text": "异议"}),
    # the services jobs, periodic tasks, commands and the demo call (with core.actors.SYSTEM): `module.function`
    "projects.services.project_recompute": ("projects.Project", lambda obj: {"project": obj}),
    "projects.services.projects_recompute": ("projects.Project", lambda obj: {}),
    "projects.services.project_nodes_set": ("projects.Project", lambda obj: {"project": obj, "nodes": {}}),
    "projects.problems.problems_escalate": ("projects.ProjectProblem", lambda obj: {"today": dt.date(2030, 1, 1)}),
    "projects.snapshots.snapshot_take": (
        "projects.MonthSnapshot",
        lambda obj: {"region": obj.region, "year": 2019, "month": 1, "replace": True},
    ),
    "regions.services.regions_load_csv": ("regions.Region", lambda obj: {"data": b""}),
    "targets.services.plan_import": ("targets.Plan", lambda obj: {"data": {}, "tables": []}),
    "reporting.services.reminders_record": ("targets.Plan", lambda obj: {"today": dt.date(2019, 6, 4)}),
    "appeals.tasks.appeals_daily": ("appeals.Appeal", lambda obj: {"today": dt.date(2030, 1, 1)}),
    "smart.services.subsidies_compute": ("smart.SubsidyAward", lambda obj: {"year": obj.year}),
    "smart.services.recommendation_promote": ("smart.Recommendation", lambda obj: {"recommendation": obj}),
    "tiers.services.tierentry_transition": ("tiers.TierEntry", lambda obj: {"tierentry": obj, "action": "recognise"}),
    "tiers.services.small_to_above_recognise": ("tiers.TierEntry", lambda obj: {"year": obj.year}),
    "accounts.services.user_set_password": ("accounts.User", lambda obj: {"user": obj, "password": "Jx-long-enough-7"}),
    "accounts.services.user_issue_token": ("accounts.User", lambda obj: {"user": obj}),
    "mujun.services.object_save": ("mujun.RuleSet", lambda obj: {"obj": obj, "data": {}}),
    "mujun.services.object_delete": ("mujun.RuleSet", lambda obj: {"obj": obj}),
    "mujun.services.rule_set_revise": ("mujun.RuleSet", lambda obj: {"rule_set": obj}),
    "mujun.services.evaluation_run_create": (
        "mujun.RuleSet",
        lambda obj: {"year": obj.year, "name": "批次", "rule_sets": [obj]},
    ),
    "mujun.services.evaluation_run_start": ("mujun.EvaluationRun", lambda obj: {"run": obj}),
    "mujun.services.evaluation_run_compute": ("mujun.EvaluationRun", lambda obj: {"run": obj}),
    "mujun.services.result_adjust": (
        "mujun.EvaluationResult",
        lambda obj: {"result": obj, "klass": "A", "reason": "x"},
    ),
    "mujun.services.evaluation_run_publish": (
        "mujun.EvaluationRun",
        lambda obj: {"run": obj, "start": dt.date(2030, 1, 1), "end": dt.date(2030, 1, 5)},
    ),
    "mujun.services.objection_decide": (
        "mujun.Objection",
        lambda obj: {"objection": obj, "upheld": False, "decision": "x"},
    ),
    "mujun.services.evaluation_run_finalise": ("mujun.EvaluationRun", lambda obj: {"run": obj}),
    "mujun.services.rectification_identify": ("mujun.EvaluationRun", lambda obj: {"run": obj}),
    "mujun.services.rectification_confirm": (
        "mujun.Rectification",
        lambda obj: {"rectification": obj, "path": "", "plan": ""},
    ),
    "mujun.services.rectification_start": ("mujun.Rectification", lambda obj: {"rectification": obj}),
    "assessment.importing.apply_import": ("assessment.Duty", lambda obj: {"source": io.BytesIO(b"")}),
    # the write step of every import (the jobs run it as the user who confirmed; a command as SYSTEM)
    **{
        f"{module}.apply_import": (label, lambda obj: {"source": io.BytesIO(b""), "reason": "x"})
        for module, label in (
            ("appeals.importing", "appeals.Appeal"),
            ("chains.importing", "chains.ChainEnterprise"),
            ("enterprises.importing", "enterprises.Enterprise"),
            ("mujun.importing", "mujun.EnterpriseYearData"),
            ("policies.importing", "policies.Disbursement"),
            ("projects.importing.projects", "projects.Project"),
            ("smart.importing", "smart.Diagnosis"),
            ("tiers.importing", "tiers.TierEntry"),
        )
    },
}


def _service(service: str) -> Callable[..., Any]:
    """`app.name` in the app's services module, or its workflow module (the moves of a workflow table);
    `module.path.name` in that module."""
    if service.count(".") > 1:
        module, name = service.rsplit(".", 1)
        return getattr(import_module(module), name)  # type: ignore[no-any-return]
    app, name = service.split(".")
    for module in ("services", "workflow"):
        found = getattr(import_module(f"{app}.{module}"), name, None)
        if found is not None:
            return found  # type: ignore[no-any-return]
    raise LookupError(service)


def _cases() -> list[Any]:
    cases = []
    for model in FACTORIES:
        app, name = model._meta.app_label, model._meta.model_name
        if app not in PROJECT_APPS or find_spec(f"{app}.services") is None:
            continue
        services = import_module(f"{app}.services")
        for verb in ("create", "update", "delete"):
            if hasattr(services, f"{name}_{verb}") and f"{app}.{name}_{verb}" not in OTHER:
                cases.append(pytest.param(f"{app}.{name}_{verb}", model, id=f"{app}.{name}_{verb}"))
    for service, (label, _kwargs) in OTHER.items():
        cases.append(pytest.param(service, label, id=service))
    return cases


def _kwargs(service: str, model: type[models.Model], obj: models.Model) -> dict[str, Any]:
    if service in OTHER:
        return OTHER[service][1](obj)
    name = str(model._meta.model_name)
    if service.endswith("_create"):
        return {"data": {}}
    if service.endswith("_update"):
        return {name: obj, "data": {}}
    return {name: obj}


def _rows(model: type[models.Model]) -> tuple[int, int]:
    history = getattr(model, "history", None)
    return model._default_manager.count(), history.count() if history is not None else 0


@pytest.mark.parametrize("who", ["reader", "nobody"])
@pytest.mark.parametrize(("service", "model"), _cases())
def test_a_write_service_refuses_an_actor_without_the_permission(service, model, who, regions, make_user):
    from django.apps import apps

    if isinstance(model, str):
        model = apps.get_model(model)
    region = regions["330481"]
    actor = make_user(Role.LEADER, "330481") if who == "reader" else None
    obj = matrix_factory(FACTORIES[model]).build(region, None)
    obj.refresh_from_db()
    before = _rows(model)
    with pytest.raises(PermissionDenied):
        _service(service)(**_kwargs(service, model, obj), actor=actor)
    assert _rows(model) == before
