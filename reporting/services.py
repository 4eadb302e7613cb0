"""Business rules of monthly reporting: opening a report, saving its figures, the workflow, publishing,
revisions after locking, deadlines and reminders (domain.md §4, issue #3).

Every service is one transaction, checks the actor's scope and permission itself, looks the move
up in the workflow table (reporting/workflow.py) and records who changed what in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import user_of
from core.history import bulk_create_audited, bulk_update_audited, stamp
from core.imports import Finding
from core.scope import ensure_in_scope
from core.services import access_for_update, require_perm
from regions.choices import COUNTY_LEVEL
from regions.models import Region
from regions.selectors import access_region

from . import workflow
from .choices import EDITABLE, ReportStatus
from .models import MonthlyReport, MonthPublication, Reminder, ReportingDeadline, ReportRevision, ReportValue
from .periods import due_month, month_label
from .selectors import GridLine, city_of, deadline_for, month_overview, report_grid, reporting_units
from .validation import FIELD_LABELS, NUMBER_FIELDS, Checked, Cleaned, empty_required, validate_entries


class ReportInvalid(ValidationError):
    """The figures have errors; `findings` says where (sheet, row, column). Nothing was written."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__(
            [
                _("%(row)s %(column)s：%(message)s") % {"row": f.row, "column": f.column, "message": f.message}
                for f in findings[:50]
            ]
        )


# --- opening a report --------------------------------------------------------------------------


@transaction.atomic
def report_create(*, data: Mapping[str, Any], actor: Any) -> MonthlyReport:
    """Open a unit's report for a month, as a draft with the month's deadline. One per unit and month."""
    require_perm(actor, "reporting.add_monthlyreport")
    region: Region = data["region"]
    if region.kind not in COUNTY_LEVEL:
        raise ValidationError({"region": _("只有县级单位填报月报")})
    access_region(actor, region.pk)
    year, month = int(data["year"]), int(data["month"])
    if MonthlyReport.objects.filter(region=region, year=year, month=month).exists():
        raise ValidationError(
            _("%(unit)s %(period)s 的月报已存在") % {"unit": region.name, "period": month_label(year, month)}
        )
    report = MonthlyReport(region=region, year=year, month=month, deadline=deadline_for(city_of(region), year, month))
    report.full_clean()
    stamp(report, actor=actor, reason=_("新建月报"))
    report.save()
    ensure_in_scope(report, actor)
    return report


def report_open(*, region: Region, year: int, month: int, actor: Any) -> MonthlyReport:
    """The unit's report for the month, created as a draft when it does not exist yet."""
    existing = MonthlyReport.objects.visible_to(actor).filter(region=region, year=year, month=month).first()
    if existing is not None:
        return existing
    return report_create(data={"region": region, "year": year, "month": month}, actor=actor)


# --- figures -----------------------------------------------------------------------------------


def report_check(
    *,
    report: MonthlyReport,
    entries: Mapping[int, Mapping[str, Any]],
    where: Any = None,
    grid: list[GridLine] | None = None,
) -> tuple[Checked, dict[int, Decimal | None]]:
    """Check entered figures against the report's indicators (no writes); also returns the computed values.
    A caller that has already read the report's grid (an upload) passes it, so the grid is read once."""
    grid = report_grid(report) if grid is None else grid
    lines = {g.indicator.pk: g.line for g in grid}
    previous = {g.indicator.pk: g.previous for g in grid}
    computed = {g.indicator.pk: g.computed for g in grid if g.is_computed}
    rows = {g.indicator.pk: (i, g.indicator.name) for i, g in enumerate(grid, start=1)}

    def grid_where(indicator_id: int, name: str) -> tuple[str, int, str]:
        row, label = rows.get(indicator_id, (0, str(indicator_id)))
        return (_("月报"), row, f"{label} · {FIELD_LABELS.get(name, name)}")

    return validate_entries(lines, entries, previous=previous, where=where or grid_where), computed


def _serialise(values: Mapping[int, ReportValue]) -> dict[str, dict[str, Any]]:
    return {
        str(indicator_id): {
            **{name: None if getattr(v, name) is None else str(getattr(v, name)) for name in NUMBER_FIELDS},
            "text": v.text,
            "note": v.note,
        }
        for indicator_id, v in sorted(values.items())
    }


def _write(
    report: MonthlyReport,
    cleaned: Mapping[int, Cleaned],
    computed: Mapping[int, Decimal | None],
    *,
    actor: Any,
    reason: str,
) -> dict[int, ReportValue]:
    """Write the figures that changed: new rows and updated rows, each with a history record."""
    existing = {v.indicator_id: v for v in ReportValue.objects.filter(report=report)}
    wanted: dict[int, dict[str, Any]] = {i: c.as_dict() for i, c in cleaned.items()}
    for indicator_id, value in computed.items():
        wanted.setdefault(indicator_id, Cleaned().as_dict())["value"] = value
    new, changed = [], []
    for indicator_id, fields in wanted.items():
        row = existing.get(indicator_id)
        if row is None:
            if all(v in (None, "") for v in fields.values()):
                continue
            row = ReportValue(report=report, indicator_id=indicator_id, **fields)
            new.append(row)
            existing[indicator_id] = row
        elif any(getattr(row, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(row, k, v)
            changed.append(row)
    now = timezone.now()
    for row in changed:
        row.updated_at = now
    if new:
        bulk_create_audited(ReportValue, new, actor=actor, reason=reason)
    if changed:
        bulk_update_audited(
            ReportValue, changed, [*NUMBER_FIELDS, "text", "note", "updated_at"], actor=actor, reason=reason
        )
    return existing


@transaction.atomic
def report_save_values(
    *,
    report: MonthlyReport,
    entries: Mapping[int, Mapping[str, Any]],
    actor: Any,
    reason: str = "",
    where: Any = None,
    grid: list[GridLine] | None = None,
) -> list[Finding]:
    """Save a draft or returned report's figures (grid, Excel upload, API); returns the warnings.

    Errors (not a number, negative, zero denominator) write nothing and raise ReportInvalid with
    every finding. Computed indicators are evaluated and stored with the save.
    """
    report = access_for_update(MonthlyReport, actor, report.pk, related=("region",))
    require_perm(actor, workflow.PERM_EDIT)
    if report.status not in EDITABLE:
        raise ValidationError(
            _("“%(status)s”状态的月报不能修改；已锁定的月报请走修订流程") % {"status": report.get_status_display()}
        )
    checked, computed = report_check(report=report, entries=entries, where=where, grid=grid)
    if not checked.ok:
        raise ReportInvalid(checked.findings)
    _write(report, checked.values, computed, actor=actor, reason=reason or _("填报月报"))
    stamp(report, actor=actor, reason=reason or _("填报月报"))
    report.save(update_fields=["updated_at"])
    return checked.warnings


# --- the workflow ------------------------------------------------------------------------------


def _move(report: MonthlyReport, action: str, actor: Any, comment: str = "") -> MonthlyReport:
    report = access_for_update(MonthlyReport, actor, report.pk, related=("region",))
    transition = workflow.find_transition(action, report.status)
    if transition is None:
        raise ValidationError(
            _("“%(status)s”状态的月报不能执行“%(action)s”")
            % {"status": report.get_status_display(), "action": _(workflow.ACTION_LABELS[action])}
        )
    require_perm(actor, transition.permission)
    if transition.comment_required and not comment.strip():
        raise ValidationError({"comment": _("退回必须填写意见")})
    now = timezone.now()
    fields = ["status", "updated_at"]
    report.status = transition.target
    if action == workflow.SUBMIT:
        if report.submitted_at is None:  # lateness is judged by the first submission (a return is not the unit's delay)
            report.submitted_at = now
        report.submitted_by = user_of(actor)
        fields += ["submitted_at", "submitted_by"]
    elif action == workflow.APPROVE:
        report.approved_at, report.approved_by = now, actor
        fields += ["approved_at", "approved_by"]
    elif action == workflow.ACCEPT:
        report.accepted_at, report.accepted_by = now, actor
        fields += ["accepted_at", "accepted_by"]
    elif action == workflow.RETURN:
        report.comment = comment.strip()
        report.approved_at = report.approved_by = report.accepted_at = report.accepted_by = None
        fields += ["comment", "approved_at", "approved_by", "accepted_at", "accepted_by"]
    if action == workflow.SUBMIT:
        # Computed figures are taken as they stand when the unit submits.
        _checked, computed = report_check(report=report, entries={})
        if computed:
            _write(report, {}, computed, actor=actor, reason=_("上报时计算取数"))
        _require_complete(report)
    reason = _(workflow.ACTION_LABELS[action]) + (f"：{comment.strip()}" if comment.strip() else "")
    stamp(report, actor=actor, reason=reason)
    report.save(update_fields=fields)
    ensure_in_scope(report, actor)
    return report


def _require_complete(report: MonthlyReport) -> None:
    """上报 lists every required figure left empty (issue #12); a unit may mark one 无 with a note."""
    grid = report_grid(report, compute_sources=False)
    lines = {g.indicator.pk: g.line for g in grid}
    rows = {g.indicator.pk: (i, g.indicator.name) for i, g in enumerate(grid, start=1)}
    stored = {
        v.indicator_id: {name: getattr(v, name) for name in (*NUMBER_FIELDS, "text")}
        for v in ReportValue.objects.filter(report=report)
    }
    empty = empty_required(lines, stored)
    if empty:
        raise ReportInvalid(
            [
                Finding(
                    _("月报"),
                    rows[indicator_id][0],
                    f"{rows[indicator_id][1]} · {FIELD_LABELS.get(name, name)}",
                    _("未填写：请填写数值；如本月确无数据，请填“无”并在备注中说明"),
                )
                for indicator_id, name in empty
            ]
        )


@transaction.atomic
def report_submit(*, report: MonthlyReport, actor: Any) -> MonthlyReport:
    """The unit reporter sends the draft (or the returned report) to the unit reviewer."""
    return _move(report, workflow.SUBMIT, actor)


@transaction.atomic
def report_approve(*, report: MonthlyReport, actor: Any) -> MonthlyReport:
    """The unit reviewer approves what was submitted; the city sees it as the unit's final figures."""
    return _move(report, workflow.APPROVE, actor)


@transaction.atomic
def report_accept(*, report: MonthlyReport, actor: Any) -> MonthlyReport:
    """The city accepts the unit's approved report for the month."""
    return _move(report, workflow.ACCEPT, actor)


@transaction.atomic
def report_return(*, report: MonthlyReport, comment: str, actor: Any) -> MonthlyReport:
    """Send a submitted, approved or accepted report back to the unit with a comment."""
    return _move(report, workflow.RETURN, actor, comment)


TRANSITION_SERVICES = {
    workflow.SUBMIT: report_submit,
    workflow.APPROVE: report_approve,
    workflow.ACCEPT: report_accept,
}


# --- publishing and revisions ------------------------------------------------------------------


def _snapshot(reports: list[MonthlyReport], missing: list[Region]) -> dict[str, Any]:
    values: dict[int, dict[int, ReportValue]] = {}
    for v in ReportValue.objects.filter(report__in=reports):
        values.setdefault(v.report_id, {})[v.indicator_id] = v
    return {
        "reports": [
            {
                "id": r.pk,
                "region": r.region.code,
                "region_name": r.region.name,
                "revision": r.revision,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                "deadline": r.deadline.isoformat(),
                "values": _serialise(values.get(r.pk, {})),
            }
            for r in reports
        ],
        "missing": [u.code for u in missing],
    }


class MonthIncomplete(ValidationError):
    """Units have not reported, or their reports are not accepted: publishing needs a confirmation with a reason."""

    def __init__(self, not_reported: list[Region], not_accepted: list[MonthlyReport]):
        self.not_reported = not_reported
        self.not_accepted = not_accepted
        parts = []
        if not_reported:
            parts.append(_("未报：%s") % "、".join(u.name for u in not_reported))
        if not_accepted:
            parts.append(
                _("未经市局确认：%s") % "、".join(f"{r.region.name}（{r.get_status_display()}）" for r in not_accepted)
            )
        super().__init__(
            _("本月尚有 %(n)d 个单位的数据不能发布（%(list)s）。如仍要发布，请确认并填写原因。")
            % {"n": len(not_reported) + len(not_accepted), "list": "；".join(parts)}
        )


@transaction.atomic
def month_publish(
    *, region: Region, year: int, month: int, actor: Any, incomplete_reason: str = ""
) -> MonthPublication:
    """Publish a city's month: its accepted reports are locked and frozen in a snapshot.

    A month in which units have not reported or their reports are not accepted is published only
    with an explicit reason (issue #12); the publication records those units (snapshot `missing`,
    `not_accepted`, `incomplete_reason`), their reports stay open, and every figure built from the
    month says it covers n of N units. A month is published once.
    """
    require_perm(actor, workflow.PERM_PUBLISH)
    access_region(actor, region.pk)
    if MonthPublication.objects.filter(region=region, year=year, month=month).exists():
        raise ValidationError(_("%s 已发布") % month_label(year, month))
    units = reporting_units(region)
    reports = list(
        MonthlyReport.objects.select_for_update()
        .filter(region__in=units, year=year, month=month)
        .select_related("region")
        .order_by("region__code")
    )
    pending = [r for r in reports if workflow.find_transition(workflow.LOCK, r.status) is None]
    reported = {r.region_id for r in reports}
    missing = [u for u in units if u.pk not in reported]
    reason_text = incomplete_reason.strip()
    if (pending or missing) and not reason_text:
        raise MonthIncomplete(missing, pending)
    reports = [r for r in reports if r not in pending]
    now = timezone.now()
    reason = _("发布%s，月报锁定") % month_label(year, month)
    if reason_text:
        reason += _("（未报齐：%s）") % reason_text
    for report in reports:
        report.status = ReportStatus.LOCKED
        report.locked_at = now
        report.updated_at = now
    bulk_update_audited(MonthlyReport, reports, ["status", "locked_at", "updated_at"], actor=actor, reason=reason)
    snapshot = _snapshot(reports, missing)
    snapshot["not_accepted"] = [{"region": r.region.code, "status": r.status} for r in pending]
    snapshot["units"] = len(units)
    if reason_text:
        snapshot["incomplete_reason"] = reason_text[:500]
    publication = MonthPublication(
        region=region, year=year, month=month, published_at=now, published_by=user_of(actor), snapshot=snapshot
    )
    publication.full_clean()
    stamp(publication, actor=actor, reason=reason)
    publication.save()
    return publication


@transaction.atomic
def report_revise(
    *, report: MonthlyReport, entries: Mapping[int, Mapping[str, Any]], reason: str, actor: Any, where: Any = None
) -> ReportRevision:
    """Correct a locked report: a numbered revision with the reason and the figures before and after.

    The month's publication snapshot is not touched, so what was published stays reproducible.
    """
    report = access_for_update(MonthlyReport, actor, report.pk, related=("region",))
    require_perm(actor, workflow.PERM_REVISE)
    if report.status != ReportStatus.LOCKED:
        raise ValidationError(_("只有已锁定的月报需要修订；未锁定的月报请直接修改或退回"))
    if not reason.strip():
        raise ValidationError({"reason": _("修订必须说明原因")})
    checked, _computed = report_check(report=report, entries=entries, where=where)
    if not checked.ok:
        raise ReportInvalid(checked.findings)
    before = _serialise({v.indicator_id: v for v in ReportValue.objects.filter(report=report)})
    number = report.revision + 1
    history_reason = _("修订 %(n)s：%(reason)s") % {"n": number, "reason": reason.strip()}
    # Computed figures are not re-evaluated: a revision corrects what the unit typed.
    after = _serialise(_write(report, checked.values, {}, actor=actor, reason=history_reason))
    if after == before:
        raise ValidationError(_("修订没有改变任何数值"))
    report.revision = number
    stamp(report, actor=actor, reason=history_reason)
    report.save(update_fields=["revision", "updated_at"])
    revision = ReportRevision(
        report=report, number=number, reason=reason.strip(), created_by=user_of(actor), before=before, after=after
    )
    revision.full_clean()
    revision.save()
    return revision


# --- deadlines and reminders -------------------------------------------------------------------


@transaction.atomic
def deadline_set(*, region: Region, year: int, month: int, deadline: dt.date, actor: Any) -> ReportingDeadline:
    """The city sets a month's deadline; the month's open reports take the new date."""
    require_perm(actor, "reporting.change_reportingdeadline")
    access_region(actor, region.pk)
    row = ReportingDeadline.objects.filter(region=region, year=year, month=month).first() or ReportingDeadline(
        region=region, year=year, month=month
    )
    row.deadline = deadline
    row.full_clean()
    reason = _("设置%(period)s报送截止日为 %(date)s") % {"period": month_label(year, month), "date": deadline}
    stamp(row, actor=actor, reason=reason)
    row.save()
    reports = list(
        MonthlyReport.objects.filter(region__in=reporting_units(region), year=year, month=month).exclude(
            deadline=deadline
        )
    )
    for report in reports:
        report.deadline = deadline
    bulk_update_audited(MonthlyReport, reports, ["deadline"], actor=actor, reason=reason)
    return row


def reminder_lead_days() -> int:
    """How many days before the deadline reminders start (settings.REPORTING_REMINDER_DAYS)."""
    return int(getattr(settings, "REPORTING_REMINDER_DAYS", 2))


@transaction.atomic
def reminders_record(
    *, today: dt.date, actor: Any, year: int | None = None, month: int | None = None
) -> list[Reminder]:
    """Record one reminder a day for each unit whose report for the due month is still missing.

    Runs from `reminder_lead_days()` before the deadline on (and after it, marked overdue). With
    no month given the due month follows from `today` (periods.due_month). Mail and SMS are outside
    edges: the reminder is recorded and shown on the month overview; nobody is mailed here.
    """
    require_perm(actor, "reporting.add_reminder")
    if year is None or month is None:
        due = due_month(today)
        if due is None:
            return []
        year, month = due
        explicit = False
    else:
        explicit = True
    created: list[Reminder] = []
    for city in Region.objects.filter(kind="city"):
        overview = month_overview(city=city, year=year, month=month, today=today)
        if not explicit and today < overview.deadline - dt.timedelta(days=reminder_lead_days()):
            continue
        done = set(
            Reminder.objects.filter(year=year, month=month, reminded_on=today).values_list("region_id", flat=True)
        )
        for unit in overview.missing:
            if unit.region.pk in done:
                continue
            if unit.overdue:
                message = _("%(unit)s %(period)s月报已超过截止日 %(date)s，请尽快报送") % {
                    "unit": unit.region.name,
                    "period": month_label(year, month),
                    "date": unit.deadline,
                }
            else:
                message = _("%(unit)s %(period)s月报请于 %(date)s 前报送") % {
                    "unit": unit.region.name,
                    "period": month_label(year, month),
                    "date": unit.deadline,
                }
            created.append(
                Reminder(
                    region=unit.region,
                    year=year,
                    month=month,
                    deadline=unit.deadline,
                    reminded_on=today,
                    message=message[:500],
                )
            )
    return list(Reminder.objects.bulk_create(created))
