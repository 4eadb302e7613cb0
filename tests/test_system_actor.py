"""The one system actor (issue 18): jobs, periodic tasks, management commands and the demo pass
`core.actors.SYSTEM` explicitly; it holds every permission and sees every row, and the history records it writes
carry no user but the job's or command's reason. `None` is refused everywhere: by `require_perm`,
`access_for_update` and every audited write (`stamp`, the bulk history helpers)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from accounts.choices import Role
from core.actors import SYSTEM, user_of
from core.history import history_from_rows, stamp
from core.services import access_for_update, require_perm
from jobs.models import Job
from projects.models import Project
from projects.tests.factories import ProjectFactory
from regions.models import Region
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_the_system_holds_every_permission_and_sees_every_row(regions, make_user):
    owner = make_user(Role.UNIT_REPORTER, "330481")
    job = JobFactory(user=owner)
    haining, jiashan = ProjectFactory(region=regions["330481"]), ProjectFactory(region=regions["330421"])
    require_perm(SYSTEM, "projects.delete_project")  # no 403
    assert set(Project.objects.visible_to(SYSTEM)) == {haining, jiashan}
    assert list(Job.objects.visible_to(SYSTEM)) == [job]  # rows owned by a user, too
    assert access_for_update(Project, SYSTEM, jiashan.pk) == jiashan
    assert set(Region.objects.in_scope_of(SYSTEM)) == set(Region.objects.all())


def test_no_actor_is_refused_by_every_check_and_every_audited_write(regions):
    project = ProjectFactory(region=regions["330481"])
    with pytest.raises(PermissionDenied):
        require_perm(None, "projects.view_project")
    with pytest.raises(PermissionDenied):
        access_for_update(Project, None, project.pk)
    with pytest.raises(PermissionDenied):
        stamp(project, actor=None, reason="x")
    with pytest.raises(PermissionDenied):
        history_from_rows(Project, [project.pk], history_type="~", actor=None, reason="x")
    assert user_of(SYSTEM) is None


def test_the_nightly_recompute_writes_as_the_system(regions):
    from projects.schedule import recompute_all_projects

    project = ProjectFactory(region=regions["330481"])
    Project.objects.filter(pk=project.pk).update(stars=5)  # stale: no node supports five stars
    assert recompute_all_projects() == 1
    record = project.history.get(history_change_reason="每日重算阶段、星级和预警")
    assert record.history_user is None and record.stars == 0


def test_the_load_regions_command_writes_as_the_system(db):
    path = Path(settings.BASE_DIR) / "data" / "regions-jiaxing.csv"
    call_command("load_regions", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    record = Region.objects.get(code="330481").history.latest()
    assert record.history_user is None and record.history_change_reason == "load_regions regions-jiaxing.csv"


def test_the_daily_tasks_run_as_the_system(regions):
    from appeals.tasks import appeals_daily_task
    from projects.tasks import escalate_overdue_problems, take_month_end_snapshot
    from reporting.tasks import remind_missing_reports

    appeals_daily_task.call_local()
    assert escalate_overdue_problems() == 0
    assert remind_missing_reports() >= 0
    assert take_month_end_snapshot() is not None  # the city's snapshot of last month, taken by nobody
    from projects.models import MonthSnapshot

    assert MonthSnapshot.objects.filter(taken_by__isnull=True).exists()
