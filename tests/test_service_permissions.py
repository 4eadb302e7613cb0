"""One 403 policy (issue 18): a write service checks the actor's permission itself, so a management command or a
job calling it is refused exactly like a view. Generated: every model of the project apps (`PROJECT_APPS`) whose
app's services module has `<model>_create`, `<model>_update` or `<model>_delete` is tried with a user who may only
read (a leader) and must be refused with PermissionDenied, writing nothing; other services are listed by hand."""

from __future__ import annotations

import datetime as dt
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
}


def _service(service: str) -> Callable[..., Any]:
    """`app.name` in the app's services module, or its workflow module (the moves of a workflow table)."""
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


@pytest.mark.parametrize(("service", "model"), _cases())
def test_a_write_service_refuses_an_actor_without_the_permission(service, model, regions, make_user):
    from django.apps import apps

    if isinstance(model, str):
        model = apps.get_model(model)
    region = regions["330481"]
    reader = make_user(Role.LEADER, "330481")
    obj = matrix_factory(FACTORIES[model]).build(region, None)
    obj.refresh_from_db()
    before = _rows(model)
    with pytest.raises(PermissionDenied):
        _service(service)(**_kwargs(service, model, obj), actor=reader)
    assert _rows(model) == before
