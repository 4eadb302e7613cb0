"""Filing requests (by the enterprise, by hotline staff for a caller), categories, attachments, similar and merge.

A caller not in the enterprise registry becomes a provisional enterprise (tagged 临时企业) only when the
handler confirms it; otherwise filing is refused with the reason. Deadlines are computed at filing from
the category's working days (appeals.deadlines) on the calendar (workdays); an unknown year refuses.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from core import clock
from core.actors import user_of
from core.history import stamp
from core.scope import access_object
from core.services import (
    access_for_update,
    assign,
    create_audited,
    delete_audited,
    require_perm,
    save_audited,
    update_audited,
)
from enterprises.models import Enterprise, Tag
from workdays.calendar import UnknownYearError
from workdays.selectors import workday_calendar

from .choices import OPEN_STATUSES, HopAction, Status
from .deadlines import due_dates
from .models import Appeal, AppealAttachment, AppealCategory
from .workflow import ENTERPRISE, HOLDER, acts_as, category_days, holder_label, record_hop

PROVISIONAL_TAG = "临时企业"
APPEAL_FIELDS = ("channel", "category", "complexity", "urgency", "title", "text", "contact_name", "contact_phone")
CATEGORY_FIELDS = ("code", "name", "accept_days", "simple_days", "complex_days", "extended_days", "order", "active")
SIMILARITY = 0.35  # share of matching characters above which two texts are pointed out as similar


def resolve_enterprise(*, data: Mapping[str, Any], actor: Any) -> Enterprise:
    """The request's enterprise: the enterprise user's own; else chosen, or found by USCC; else provisional if confirmed."""
    if actor.role == "enterprise_user":
        if not actor.enterprise_id:
            raise ValidationError(_("您的账号未关联企业"))
        return actor.enterprise  # type: ignore[no-any-return]
    if data.get("enterprise"):
        return data["enterprise"]  # type: ignore[no-any-return]
    uscc = (data.get("uscc") or "").strip().upper()
    if not uscc:
        raise ValidationError({"uscc": _("请填写统一社会信用代码或选择企业")})
    found = Enterprise.objects.filter(uscc=uscc).first()
    if found is not None:
        return found
    if not data.get("confirm_provisional"):
        raise ValidationError({"uscc": _("企业库中没有该统一社会信用代码：核实后勾选“登记为临时企业”再提交")})
    name, region = (data.get("enterprise_name") or "").strip(), data.get("region")
    if not name or region is None:
        raise ValidationError({"enterprise_name": _("临时企业需填写企业名称和属地单位")})
    enterprise = Enterprise(uscc=uscc, name=name, region=region)
    enterprise.full_clean()
    stamp(enterprise, actor=actor, reason=_("热线来电登记为临时企业"))
    enterprise.save()
    enterprise.tags.add(Tag.objects.get_or_create(name=PROVISIONAL_TAG)[0])
    return enterprise


def appeal_number(day: dt.date, serial: int) -> str:
    """A request's number: SQ, the filing day, its serial of the day (SQ20240209-00001)."""
    return f"SQ{day:%Y%m%d}-{serial:05d}"


NUMBERING_LOCK = 96871  # the advisory lock class of request numbering (the hotline's number, for recognition)


def day_serial(day: dt.date) -> int:
    """The highest serial among the numbers of a day's requests (0 without any): the next number is one more. Read
    from the numbers, not counted, so a request deleted that day does not hand its successor an existing number.
    On PostgreSQL the caller's transaction first takes the day's advisory lock, held to its commit: two requests
    filed at once wait for each other instead of both taking the same number (SQLite writes one at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [NUMBERING_LOCK, day.toordinal()])
    last = (
        Appeal.objects.filter(number__startswith=appeal_number(day, 0)[:11])
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    tail = last.rpartition("-")[2] if last else ""
    return int(tail) if tail.isdigit() else 0


@transaction.atomic
def appeal_create(*, data: Mapping[str, Any], actor: Any, today: dt.date | None = None) -> Appeal:
    """File a request: it lands at the enterprise's unit with its accept and answer deadlines."""
    require_perm(actor, "appeals.add_appeal")
    enterprise = resolve_enterprise(data=data, actor=actor)
    if not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": _("该企业不在您的数据范围内")})
    today = today or clock.today()
    appeal = Appeal(enterprise=enterprise, region=enterprise.region, filed_on=today, created_by=user_of(actor))
    assign(appeal, data, APPEAL_FIELDS)
    if actor.role == "enterprise_user":
        appeal.channel = "platform"
    if appeal.category_id is None:
        raise ValidationError({"category": _("请选择诉求类别")})
    try:
        appeal.accept_due, appeal.answer_due = due_dates(
            workday_calendar(),
            start=today,
            days=category_days(appeal),
            complex_=appeal.complexity == "complex",
            extended=False,
        )
    except UnknownYearError as exc:
        raise ValidationError(
            _("%(years)s年的节假日安排尚未录入，无法计算期限，请联系管理员录入。") % {"years": exc}
        ) from exc
    appeal.number = appeal_number(today, day_serial(today) + 1)
    save_audited(appeal, actor=actor, reason=_("登记诉求"))
    record_hop(
        appeal,
        action=HopAction.FILE,
        actor=actor,
        from_holder=appeal.get_channel_display(),
        to_holder=holder_label(appeal),
    )
    from .notify import after_file

    after_file(appeal)
    return appeal


@transaction.atomic
def appeal_update(*, appeal: Appeal, data: Mapping[str, Any], actor: Any) -> Appeal:
    """Correct the text, contact or category of a request not yet accepted (deadlines follow the category)."""
    require_perm(actor, "appeals.change_appeal")
    appeal = access_for_update(Appeal, actor, appeal.pk)
    changed = assign(appeal, data, APPEAL_FIELDS)
    if not changed:
        return appeal
    if appeal.status != Status.SUBMITTED or not (acts_as(appeal, actor) & {HOLDER, ENTERPRISE}):
        raise ValidationError(_("只能修改待受理的诉求"))
    if {"category", "complexity"} & set(changed):
        try:
            appeal.accept_due, appeal.answer_due = due_dates(
                workday_calendar(), start=appeal.filed_on, days=category_days(appeal),
                complex_=appeal.complexity == "complex", extended=appeal.extended, paused=appeal.paused_workdays,
            )  # fmt: skip
        except UnknownYearError as exc:
            raise ValidationError(_("%(years)s年的节假日安排尚未录入") % {"years": exc}) from exc
        changed += ["accept_due", "answer_due"]
    save_audited(appeal, actor=actor, reason=_("修改诉求"), changed=changed)
    return appeal


@transaction.atomic
def appeal_delete(*, appeal: Appeal, actor: Any) -> None:
    """Only a request filed by mistake and not yet accepted is deleted (city admin); others are answered."""
    require_perm(actor, "appeals.delete_appeal")
    if appeal.status != Status.SUBMITTED:
        raise ValidationError(_("已受理的诉求不能删除"))
    stamp(appeal, actor=actor, reason=_("删除诉求"))
    appeal.delete()


def similar_open_appeals(appeal: Appeal, *, limit: int = 5) -> list[tuple[Appeal, float]]:
    """Open requests of the same enterprise and category whose text resembles this one (to point out, maybe merge)."""
    candidates = Appeal.objects.filter(
        enterprise_id=appeal.enterprise_id, category_id=appeal.category_id, status__in=OPEN_STATUSES
    ).exclude(pk=appeal.pk)[:50]
    found = []
    for other in candidates:
        ratio = difflib.SequenceMatcher(None, appeal.text, other.text).ratio()
        if ratio >= SIMILARITY:
            found.append((other, round(ratio, 2)))
    return sorted(found, key=lambda pair: -pair[1])[:limit]


@transaction.atomic
def appeal_merge(*, appeal: Appeal, into: Appeal, actor: Any, reason: str = "") -> Appeal:
    """Merge an open request into another open one of the same enterprise: it closes as 已合并, both record it."""
    require_perm(actor, "appeals.change_appeal")
    appeal = access_for_update(Appeal, actor, appeal.pk)
    into = access_for_update(Appeal, actor, into.pk)
    if HOLDER not in acts_as(appeal, actor):
        raise ValidationError(_("只有当前承办方可以合并诉求"))
    if appeal.pk == into.pk or appeal.enterprise_id != into.enterprise_id:
        raise ValidationError(_("只能合并同一企业的其他诉求"))
    if appeal.status not in OPEN_STATUSES or into.status not in OPEN_STATUSES:
        raise ValidationError(_("只能合并未办结的诉求"))
    before = holder_label(appeal)
    appeal.status, appeal.merged_into = Status.MERGED, into
    stamp(appeal, actor=actor, reason=_("合并诉求"))
    appeal.save(update_fields=["status", "merged_into", "updated_at"])
    record_hop(appeal, action=HopAction.MERGE, actor=actor, from_holder=before, to_holder=into.number, reason=reason)
    record_hop(
        into,
        action=HopAction.MERGE,
        actor=actor,
        from_holder=appeal.number,
        to_holder=holder_label(into),
        reason=reason,
    )
    return appeal


# --- categories (data the admin edits) ---------------------------------------------------------------------


def _check_category_unused(category: AppealCategory, changed: list[str]) -> None:
    if category.appeals.exists():
        raise ValidationError(_("仍有诉求属于该类别，请改为停用"))


def appealcategory_create(*, data: Mapping[str, Any], actor: Any) -> AppealCategory:
    return create_audited(AppealCategory, data=data, fields=CATEGORY_FIELDS, actor=actor, reason=_("新增诉求类别"))


def appealcategory_update(*, appealcategory: AppealCategory, data: Mapping[str, Any], actor: Any) -> AppealCategory:
    """New deadlines apply to requests filed from now on; filed ones keep theirs."""
    return update_audited(appealcategory, data=data, fields=CATEGORY_FIELDS, actor=actor, reason=_("修改诉求类别"))


def appealcategory_delete(*, appealcategory: AppealCategory, actor: Any) -> None:
    """A category that requests still belong to is deactivated instead."""
    delete_audited(appealcategory, actor=actor, reason=_("删除诉求类别"), check=_check_category_unused)


# --- attachments -------------------------------------------------------------------------------------------


@transaction.atomic
def appealattachment_create(*, data: Mapping[str, Any], actor: Any) -> AppealAttachment:
    """Attach a file to a request the actor may see (the enterprise's material or the handler's document)."""
    require_perm(actor, "appeals.add_appealattachment")
    appeal = access_object(Appeal, actor, data["appeal"].pk)
    upload = data["file"]
    attachment = AppealAttachment(
        appeal=appeal, file=upload, name=data.get("name") or upload.name, uploaded_by=user_of(actor)
    )
    save_audited(attachment, actor=actor, reason=_("上传诉求附件"))
    return attachment


@transaction.atomic
def appealattachment_update(
    *, appealattachment: AppealAttachment, data: Mapping[str, Any], actor: Any
) -> AppealAttachment:
    require_perm(actor, "appeals.change_appealattachment")
    appealattachment = access_for_update(AppealAttachment, actor, appealattachment.pk)
    changed = assign(appealattachment, data, ("name",))
    save_audited(appealattachment, actor=actor, reason=_("修改诉求附件"), changed=changed, clean=False)
    return appealattachment


@transaction.atomic
def appealattachment_delete(*, appealattachment: AppealAttachment, actor: Any) -> None:
    require_perm(actor, "appeals.delete_appealattachment")
    appealattachment = access_for_update(AppealAttachment, actor, appealattachment.pk)
    stamp(appealattachment, actor=actor, reason=_("删除诉求附件"))
    appealattachment.delete()
