"""Every move the 亩均 workflow tables do not list is refused by the services: runs, rectifications, objections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mujun import services
from mujun.choices import (
    OBJECTION_MACHINE,
    RECTIFICATION_MACHINE,
    RUN_MACHINE,
    ObjectionStatus,
    RectificationStatus,
    RunStatus,
)
from mujun.models import Objection
from mujun.tests.factories import EvaluationResultFactory, EvaluationRunFactory, RectificationFactory
from tests.factories import EnterpriseFactory


def _run_move(action: str, run: Any, actor: Any, region: Any) -> None:
    today = timezone.localdate()
    if action == "compute":
        services.evaluation_run_start(run=run, actor=actor)
    elif action == "publish":
        services.evaluation_run_publish(run=run, start=today, end=today + dt.timedelta(days=4), actor=actor)
    elif action == "finalise":
        services.evaluation_run_finalise(run=run, actor=actor)
    else:  # adjust: a result of the run changed by hand
        result = EvaluationResultFactory(run=run, enterprise=EnterpriseFactory(region=region))
        services.result_adjust(result=result, klass="A", reason="核实后调整", actor=actor)


@pytest.mark.parametrize(("status", "action"), RUN_MACHINE.moves_not_in_table(RunStatus.values))
def test_a_run_refuses_every_move_not_in_the_table(status: str, action: str, regions: Any, city_staff: Any):
    run = EvaluationRunFactory(status=status, codes=["tax_per_mu"])
    with pytest.raises(ValidationError):
        _run_move(action, run, city_staff, regions["330481"])
    run.refresh_from_db()
    assert run.status == status


def _rectification_move(action: str, item: Any, actor: Any) -> None:
    if action == "confirm":
        services.rectification_confirm(rectification=item, path="vacate", plan="腾退", actor=actor)
    elif action == "dismiss":
        services.rectification_confirm(rectification=item, path="", plan="", actor=actor)
    elif action == "start":
        services.rectification_start(rectification=item, actor=actor)
    else:
        services.rectification_close(
            rectification=item, evidence=SimpleUploadedFile("e.pdf", b"%PDF"), land_freed_mu=Decimal("1"),
            energy_freed_tce=Decimal("1"), actor=actor,
        )  # fmt: skip


@pytest.mark.parametrize(("status", "action"), RECTIFICATION_MACHINE.moves_not_in_table(RectificationStatus.values))
def test_a_rectification_refuses_every_move_not_in_the_table(status: str, action: str, regions: Any, city_staff: Any):
    item = RectificationFactory(enterprise=EnterpriseFactory(region=regions["330481"]), status=status)
    with pytest.raises(ValidationError):
        _rectification_move(action, item, city_staff)
    item.refresh_from_db()
    assert item.status == status


@pytest.mark.parametrize(("status", "action"), OBJECTION_MACHINE.moves_not_in_table(ObjectionStatus.values))
def test_an_objection_refuses_every_move_not_in_the_table(status: str, action: str, regions: Any, city_staff: Any):
    run = EvaluationRunFactory(status=RunStatus.PUBLISHED, codes=["tax_per_mu"])
    result = EvaluationResultFactory(run=run, enterprise=EnterpriseFactory(region=regions["330481"]))
    objection = Objection.objects.create(result=result, text="数据有误", requested_class="A", status=status)
    with pytest.raises(ValidationError):
        services.objection_decide(
            objection=objection, upheld=action == "uphold", decision="复核", klass="A", actor=city_staff
        )
    objection.refresh_from_db()
    assert objection.status == status
