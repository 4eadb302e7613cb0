"""Monthly updates: filling in, the year-to-date rule, node dates, the workflow table, photos, scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from accounts.choices import Role
from core.workflow import available_actions
from projects.choices import Node, Stage, UpdateStatus
from projects.models import ProjectNode, ProjectUpdate
from projects.tests.factories import ProjectFactory, ProjectNodeFactory
from projects.updates import (
    RETURN,
    REVIEW,
    SUBMIT,
    UPDATE_MACHINE,
    UPDATE_TRANSITIONS,
    photo_add,
    update_save,
    update_transition,
    ytd_problems,
)

TODAY = dt.date(2019, 12, 10)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize(
    ("month", "this_month", "ytd", "previous", "field"),
    [
        (1, "100", "100", None, None),
        (1, "100", "120", None, "investment_ytd"),  # January: the year so far is the month
        (5, "100", "600", Decimal("500"), None),
        (5, "100", "650", Decimal("500"), "investment_ytd"),  # must be April's plus May's
        (5, "100", "80", None, "investment_ytd"),  # without April, at least the month itself
        (5, "100", "900", None, None),
    ],
)
def test_the_year_to_date_is_the_previous_month_plus_this_month(
    month: int, this_month: str, ytd: str, previous: Decimal | None, field: str | None
) -> None:
    problems = ytd_problems(
        month=month, investment_month=Decimal(this_month), investment_ytd=Decimal(ytd), previous_ytd=previous
    )
    assert (field in problems) if field else problems == {}


def test_the_workflow_table_allows_only_its_moves() -> None:
    assert UPDATE_MACHINE.find(SUBMIT, UpdateStatus.DRAFT).target == UpdateStatus.SUBMITTED  # type: ignore[union-attr]
    assert UPDATE_MACHINE.find(REVIEW, UpdateStatus.DRAFT) is None
    assert UPDATE_MACHINE.find(SUBMIT, UpdateStatus.REVIEWED) is None
    assert all(t.comment_required for t in UPDATE_TRANSITIONS if t.action == RETURN)


@pytest.fixture
def project(regions: dict[str, Any]) -> Any:
    project = ProjectFactory(region=regions["330481"])
    ProjectNodeFactory(
        project=project, node=Node.SIGNED, planned_date=dt.date(2019, 1, 1), actual_date=dt.date(2019, 1, 1)
    )
    ProjectNodeFactory(project=project, node=Node.STARTED, planned_date=dt.date(2019, 4, 1))
    return project


def test_a_unit_fills_in_submits_and_the_city_reviews(project: Any, haining_reporter: Any, city_staff: Any) -> None:
    april = update_save(
        project=project, year=2019, month=4,
        data={"investment_month": Decimal("300.00"), "progress_text": "桩基施工"}, actor=haining_reporter, today=TODAY,
    )  # fmt: skip
    assert april.investment_ytd == Decimal("300.00") and april.status == UpdateStatus.DRAFT
    may = update_save(
        project=project, year=2019, month=5,
        data={"investment_month": Decimal("120.50"), "nodes": {Node.STARTED: dt.date(2019, 5, 6)}},
        actor=haining_reporter, today=TODAY,
    )  # fmt: skip
    assert may.investment_ytd == Decimal("420.50")  # derived from April
    assert ProjectNode.objects.get(project=project, node=Node.STARTED).actual_date == dt.date(2019, 5, 6)
    project.refresh_from_db()
    assert project.stage == Stage.CONSTRUCTION  # through the library's node service
    assert [t.action for t in available_actions(may, haining_reporter)] == [SUBMIT]
    update_transition(update=may, action=SUBMIT, actor=haining_reporter)
    may.refresh_from_db()
    assert may.status == UpdateStatus.SUBMITTED and may.submitted_by == haining_reporter
    project.refresh_from_db()
    assert project.last_update_year_month == 201905
    with pytest.raises(ValidationError):  # a submitted update is no longer edited
        update_save(
            project=project,
            year=2019,
            month=5,
            data={"investment_month": Decimal(1)},
            actor=haining_reporter,
            today=TODAY,
        )
    with pytest.raises(PermissionDenied):  # the unit does not review its own updates
        update_transition(update=may, action=REVIEW, actor=haining_reporter)
    with pytest.raises(ValidationError):  # returning needs a comment
        update_transition(update=may, action=RETURN, actor=city_staff)
    update_transition(update=may, action=RETURN, actor=city_staff, comment="投资额与统计不符")
    may.refresh_from_db()
    assert may.status == UpdateStatus.RETURNED and may.comment == "投资额与统计不符"
    update_save(
        project=project,
        year=2019,
        month=5,
        data={"investment_month": Decimal("100.50")},
        actor=haining_reporter,
        today=TODAY,
    )
    update_transition(update=may, action=SUBMIT, actor=haining_reporter)
    update_transition(update=may, action=REVIEW, actor=city_staff)
    may.refresh_from_db()
    assert (may.status, may.reviewed_by, may.investment_ytd) == (UpdateStatus.REVIEWED, city_staff, Decimal("400.50"))
    assert may.history.first().history_user == city_staff
    assert may.history.count() >= 5


def test_wrong_figures_and_future_dates_write_nothing(project: Any, haining_reporter: Any) -> None:
    update_save(
        project=project,
        year=2019,
        month=4,
        data={"investment_month": Decimal("300")},
        actor=haining_reporter,
        today=TODAY,
    )
    with pytest.raises(ValidationError) as err:
        update_save(
            project=project, year=2019, month=5,
            data={"investment_month": Decimal("100"), "investment_ytd": Decimal("500")}, actor=haining_reporter, today=TODAY,
        )  # fmt: skip
    assert "investment_ytd" in err.value.message_dict
    with pytest.raises(ValidationError):  # a node date after the month's end
        update_save(
            project=project, year=2019, month=5,
            data={"investment_month": Decimal("100"), "nodes": {Node.STARTED: dt.date(2019, 6, 2)}},
            actor=haining_reporter, today=TODAY,
        )  # fmt: skip
    with pytest.raises(ValidationError):  # a month that has not come yet
        update_save(
            project=project,
            year=2020,
            month=1,
            data={"investment_month": Decimal("1")},
            actor=haining_reporter,
            today=TODAY,
        )
    assert ProjectUpdate.objects.filter(project=project).count() == 1
    assert ProjectNode.objects.get(project=project, node=Node.STARTED).actual_date is None


def test_another_county_cannot_touch_the_update(project: Any, make_user: Any) -> None:
    pinghu = make_user(Role.UNIT_REPORTER, "330482")
    with pytest.raises(Http404):
        update_save(
            project=project, year=2019, month=5, data={"investment_month": Decimal(1)}, actor=pinghu, today=TODAY
        )
    leader = make_user(Role.LEADER, "330400")
    with pytest.raises(PermissionDenied):
        update_save(
            project=project, year=2019, month=5, data={"investment_month": Decimal(1)}, actor=leader, today=TODAY
        )


def test_photos_only_while_the_unit_fills_in(project: Any, haining_reporter: Any) -> None:
    update = update_save(
        project=project, year=2019, month=5, data={"investment_month": Decimal(1)}, actor=haining_reporter, today=TODAY
    )
    photo = photo_add(
        update=update, image=SimpleUploadedFile("site.png", PNG, "image/png"), caption="厂房", actor=haining_reporter
    )
    assert photo.update == update and photo.history.first().history_user == haining_reporter
    update_transition(update=update, action=SUBMIT, actor=haining_reporter)
    with pytest.raises(ValidationError):
        photo_add(update=update, image=SimpleUploadedFile("b.png", PNG, "image/png"), actor=haining_reporter)


def _real_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(out, format="PNG")
    return out.getvalue()


def test_photos_through_the_api(client: Any, project: Any, haining_reporter: Any, make_user: Any) -> None:
    png = _real_png()
    update = update_save(
        project=project, year=2019, month=5, data={"investment_month": Decimal(1)}, actor=haining_reporter, today=TODAY
    )
    url = f"/api/project-updates/{update.pk}/photos/"
    client.force_login(haining_reporter)
    response = client.post(url, {"image": SimpleUploadedFile("site.png", png, "image/png"), "caption": "厂房"})
    assert response.status_code == 201, response.content
    assert response.json()["caption"] == "厂房" and update.photos.count() == 1
    assert client.post(url, {"caption": "无图"}).status_code == 400
    # Another county's user does not find the update at all.
    client.force_login(make_user(Role.UNIT_REPORTER, "330421"))
    assert client.post(url, {"image": SimpleUploadedFile("x.png", png, "image/png")}).status_code == 404
    assert update.photos.count() == 1
