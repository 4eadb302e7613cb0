"""Monthly project updates (月度进展, domain.md §6): filling them in, the workflow, photos.

A unit fills in, per project and month, the investment completed this month and the year to
date, the image progress (形象进度), site photos and the node dates reached; it submits the update
and the city reviews it (or returns it with a comment, after which the unit edits and submits
again). Only reviewed updates count in figures (snapshots, the computed indicator); a submitted
or reviewed update counts as "reported" for the 本月未更新 flag.

The workflow is the table UPDATE_TRANSITIONS (next to UpdateStatus in spirit: one row per allowed
move with the permission it needs); the services look every move up themselves. Node dates
reached go through the library's node service, so stage, stars and flags stay derived in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock
from core.history import stamp
from core.scope import access_object, access_object_from, ensure_in_scope
from core.services import access_for_update, require_perm
from core.workflow import Machine, Transition, register

from .calculations import month_end
from .choices import Node
from .choices import UpdateStatus as US
from .models import Project, ProjectNode, ProjectPhoto, ProjectUpdate
from .services import project_nodes_set, project_recompute  # the library's node service: stage, stars, flags

SUBMIT, REVIEW, RETURN = "submit", "review", "return"
PERM_ADD = "projects.add_projectupdate"
PERM_EDIT = "projects.change_projectupdate"
PERM_REVIEW = "projects.review_projectupdate"

EDITABLE = (US.DRAFT, US.RETURNED)  # the unit may change figures, text, nodes and photos
REPORTED = (US.SUBMITTED, US.REVIEWED)  # the unit has reported the month (本月未更新 is not raised)
COUNTED = (US.REVIEWED,)  # figures count in snapshots, rates and the computed indicator

UPDATE_FIELDS = ("investment_month", "investment_ytd", "progress_text")


UPDATE_TRANSITIONS: tuple[Transition, ...] = (
    Transition(SUBMIT, US.DRAFT, US.SUBMITTED, PERM_EDIT, label=gettext_lazy("提交")),
    Transition(SUBMIT, US.RETURNED, US.SUBMITTED, PERM_EDIT, label=gettext_lazy("提交")),
    Transition(REVIEW, US.SUBMITTED, US.REVIEWED, PERM_REVIEW, label=gettext_lazy("审核通过")),
    Transition(RETURN, US.SUBMITTED, US.RETURNED, PERM_REVIEW, comment_required=True, label=gettext_lazy("退回")),
    Transition(RETURN, US.REVIEWED, US.RETURNED, PERM_REVIEW, comment_required=True, label=gettext_lazy("退回")),
)
# The buttons of an update's page: core.workflow.available_actions(update, user).
UPDATE_MACHINE = register(Machine("projects.projectupdate", UPDATE_TRANSITIONS))


def ytd_problems(
    *, month: int, investment_month: Decimal, investment_ytd: Decimal, previous_ytd: Decimal | None
) -> dict[str, str]:
    """What is wrong with a month's investment figures (field → message); empty when they agree.

    The year-to-date figure is the previous month's plus this month's: in January it equals the
    month; with the previous month's update known it must be exactly that sum; otherwise it must
    at least cover this month.
    """
    if investment_month < 0 or investment_ytd < 0:
        return {"investment_month": _("投资额不能为负数")}
    if month == 1 and investment_ytd != investment_month:
        return {"investment_ytd": _("1月的本年累计应等于本月完成投资 %(m)s 万元") % {"m": investment_month}}
    if previous_ytd is not None and investment_ytd != previous_ytd + investment_month:
        return {
            "investment_ytd": _("本年累计应为上月累计 %(prev)s 万元加本月 %(m)s 万元，即 %(sum)s 万元")
            % {"prev": previous_ytd, "m": investment_month, "sum": previous_ytd + investment_month}
        }
    if investment_ytd < investment_month:
        return {"investment_ytd": _("本年累计不能小于本月完成投资")}
    return {}


def previous_ytd(project: Project, year: int, month: int) -> Decimal | None:
    """The year-to-date investment of the project's update for the previous month of the same year, if any."""
    if month == 1:
        return None
    value = (
        ProjectUpdate.objects.filter(project=project, year=year, month=month - 1)
        .values_list("investment_ytd", flat=True)
        .first()
    )
    return value


# --- services --------------------------------------------------------------------------------------


def _check_month(year: int, month: int, today: dt.date) -> None:
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("月份应为 1–12")})
    if year * 100 + month > today.year * 100 + today.month:
        raise ValidationError({"month": _("不能填报未来月份的进展")})


def _apply_nodes(project: Project, nodes: Mapping[str, dt.date | None], *, year: int, month: int, actor: Any) -> None:
    """Record the node dates reached this month on the project's nodes, through the library's node service.

    A date must fall within the update's month or before it (a node reached late is reported late),
    never after the month's end.
    """
    last_day = month_end(year, month)
    actuals: dict[str, dt.date] = {}
    for code, actual in nodes.items():
        if code not in Node.values:
            raise ValidationError({"nodes": _("未知节点 %(node)s") % {"node": code}})
        if actual is None:
            continue
        if actual > last_day:
            raise ValidationError(
                {"nodes": _("%(node)s的实际时间 %(date)s 晚于本月末") % {"node": Node(code).label, "date": actual}}
            )
        actuals[code] = actual
    if not actuals:
        return
    current = {n.node: n for n in ProjectNode.objects.filter(project=project)}
    changes = {
        code: actual for code, actual in actuals.items() if code not in current or current[code].actual_date != actual
    }
    if changes:
        project_nodes_set(
            project=project,
            nodes={code: {"actual_date": actual} for code, actual in changes.items()},
            actor=actor,
            reason=_("月度进展填报节点"),
        )


@transaction.atomic
def update_save(
    *,
    project: Project,
    year: int,
    month: int,
    data: Mapping[str, Any],
    actor: Any,
    today: dt.date | None = None,
) -> ProjectUpdate:
    """Fill in (create or change) a project's update for a month, while it is a draft or returned.

    `data`: investment_month, investment_ytd (derived from the previous month when left out),
    progress_text, and `nodes` (node code → actual date reached).
    """
    today = today or clock.today()
    _check_month(year, month, today)
    access_object(Project, actor, project.pk)
    update = (
        ProjectUpdate.objects.visible_to(actor)
        .select_for_update()
        .filter(project=project, year=year, month=month)
        .first()
    )
    if update is None:
        require_perm(actor, PERM_ADD)
        if not project.active:
            raise ValidationError(_("已退库的项目不再填报月度进展"))
        update = ProjectUpdate(project=project, year=year, month=month)
    else:
        require_perm(actor, PERM_EDIT)
        if update.status not in EDITABLE:
            raise ValidationError(
                _("月度进展当前状态为“%(status)s”，不能修改") % {"status": update.get_status_display()}
            )
    changed = []
    for name in UPDATE_FIELDS:
        if name in data and data[name] is not None and (update.pk is None or getattr(update, name) != data[name]):
            setattr(update, name, data[name])
            changed.append(name)
    previous = previous_ytd(project, year, month)
    if data.get("investment_ytd") is None and "investment_month" in data:
        # Left out: derived from the previous month (or the month itself in January / without one).
        derived = (previous or Decimal(0)) + Decimal(update.investment_month)
        if update.investment_ytd != derived:
            update.investment_ytd = derived
            changed.append("investment_ytd")
    problems = ytd_problems(
        month=month,
        investment_month=Decimal(update.investment_month),
        investment_ytd=Decimal(update.investment_ytd),
        previous_ytd=previous,
    )
    if problems:
        raise ValidationError(problems)
    if update.pk is None or changed:
        update.full_clean()
        stamp(update, actor=actor, reason=_("填报月度进展"))
        if update.pk is None:
            update.save()
        else:
            update.save(update_fields=[*changed, "updated_at"])
        ensure_in_scope(update, actor)
    if data.get("nodes"):
        _apply_nodes(project, data["nodes"], year=year, month=month, actor=actor)
    return update


@transaction.atomic
def update_transition(
    *, update: ProjectUpdate, action: str, actor: Any, comment: str = "", now: dt.datetime | None = None
) -> ProjectUpdate:
    """Make one move of the workflow table: submit (unit), review or return with a comment (city)."""
    update = access_for_update(ProjectUpdate, actor, update.pk, related=("project",))
    transition = UPDATE_MACHINE.find(action, update.status)
    if transition is None:
        raise ValidationError(
            _("月度进展当前状态为“%(status)s”，不能执行该操作") % {"status": update.get_status_display()}
        )
    require_perm(actor, transition.permission)
    comment = (comment or "").strip()
    if transition.comment_required and not comment:
        raise ValidationError({"comment": _("退回时请填写审核意见")})
    now = now or timezone.now()
    changed = ["status"]
    if action == SUBMIT:
        update.submitted_at, update.submitted_by = now, actor
        changed += ["submitted_at", "submitted_by"]
    elif action == REVIEW:
        update.reviewed_at, update.reviewed_by = now, actor
        changed += ["reviewed_at", "reviewed_by"]
    if comment or action == RETURN:
        update.comment = comment
        changed.append("comment")
    update.status = transition.target
    update.full_clean()
    stamp(update, actor=actor, reason=str(transition.label))
    update.save(update_fields=[*changed, "updated_at"])
    if action == SUBMIT:
        _mark_reported(update, actor)
    return update


def _mark_reported(update: ProjectUpdate, actor: Any) -> None:
    """The project's latest reported month moves forward; its flags (本月未更新) follow."""
    project = Project.objects.select_for_update().get(pk=update.project_id)
    year_month = update.year * 100 + update.month
    if project.last_update_year_month is not None and project.last_update_year_month >= year_month:
        return
    project.last_update_year_month = year_month
    stamp(project, actor=actor, reason=_("月度进展已提交"))
    project.save(update_fields=["last_update_year_month", "updated_at"])
    project_recompute(project=project, actor=actor)


@transaction.atomic
def update_delete(*, update: ProjectUpdate, actor: Any) -> None:
    """Remove a draft filled in by mistake; submitted and reviewed updates stay (they are the record)."""
    require_perm(actor, "projects.delete_projectupdate")
    update = access_for_update(ProjectUpdate, actor, update.pk, related=("project",))
    if update.status != US.DRAFT:
        raise ValidationError(_("只有草稿状态的月度进展可以删除"))
    stamp(update, actor=actor, reason=_("删除月度进展"))
    update.delete()


@transaction.atomic
def photo_add(*, update: ProjectUpdate, image: Any, caption: str = "", actor: Any) -> ProjectPhoto:
    """Attach a site photo to an update the unit is still filling in."""
    require_perm(actor, PERM_EDIT)
    update = access_for_update(ProjectUpdate, actor, update.pk, related=("project",))
    if update.status not in EDITABLE:
        raise ValidationError(_("已提交的月度进展不能再添加照片"))
    photo = ProjectPhoto(update=update, image=image, caption=caption)
    photo.full_clean()
    stamp(photo, actor=actor, reason=_("上传现场照片"))
    photo.save()
    ensure_in_scope(photo, actor)
    return photo


@transaction.atomic
def photo_delete(*, photo: ProjectPhoto, actor: Any) -> None:
    """Remove a photo from an update the unit is still filling in."""
    require_perm(actor, PERM_EDIT)
    photo = access_object_from(ProjectPhoto.objects.visible_to(actor).select_related("update"), photo.pk)
    if photo.update.status not in EDITABLE:
        raise ValidationError(_("已提交的月度进展不能再删除照片"))
    stamp(photo, actor=actor, reason=_("删除现场照片"))
    photo.delete()


# --- the generic views' and viewsets' service signatures -------------------------------------------------


def projectupdate_create(*, data: Mapping[str, Any], actor: Any) -> ProjectUpdate:
    return update_save(
        project=data["project"], year=int(data["year"]), month=int(data["month"]), data=data, actor=actor
    )


def projectupdate_update(*, projectupdate: ProjectUpdate, data: Mapping[str, Any], actor: Any) -> ProjectUpdate:
    fixed = {k: v for k, v in data.items() if k not in ("project", "year", "month")}
    return update_save(
        project=projectupdate.project, year=projectupdate.year, month=projectupdate.month, data=fixed, actor=actor
    )


def projectupdate_delete(*, projectupdate: ProjectUpdate, actor: Any) -> None:
    update_delete(update=projectupdate, actor=actor)
