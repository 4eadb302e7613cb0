"""The workflow services: every allowed move, every refused one (role, state, scope), publishing and revisions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from reporting import services
from reporting.choices import ReportStatus
from reporting.models import MonthlyReport, MonthPublication, ReportRevision, ReportValue
from reporting.workflow import TRANSITIONS
from tests.factories import EnterpriseFactory

from .conftest import entries

pytestmark = pytest.mark.django_db

S = ReportStatus


def set_status(report, status):
    MonthlyReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return report


def test_the_full_path_from_draft_to_locked(report, plan, users, regions):
    services.report_save_values(report=report, entries=entries(plan), actor=users["reporter"])
    report = services.report_submit(report=report, actor=users["reporter"])
    assert report.status == S.SUBMITTED and report.submitted_by == users["reporter"] and report.submitted_at
    report = services.report_approve(report=report, actor=users["reviewer"])
    assert report.status == S.APPROVED and report.approved_by == users["reviewer"]
    report = services.report_accept(report=report, actor=users["staff"])
    assert report.status == S.ACCEPTED and report.accepted_by == users["staff"]
    with pytest.raises(services.MonthIncomplete) as refused:  # 8 of 9 units have not reported
        services.month_publish(region=regions["330400"], year=2019, month=5, actor=users["staff"])
    not_reported = [u.code for u in refused.value.not_reported]
    assert len(not_reported) == 8 and "330481" not in not_reported and "330421" in not_reported
    assert "未报：" in refused.value.messages[0] and "嘉善县" in refused.value.messages[0]
    publication = services.month_publish(
        region=regions["330400"], year=2019, month=5, actor=users["staff"], incomplete_reason="按时发布，其余单位补报"
    )
    assert publication.snapshot["incomplete_reason"] == "按时发布，其余单位补报"
    assert publication.snapshot["units"] == 9 and len(publication.snapshot["missing"]) == 8
    report.refresh_from_db()
    assert report.status == S.LOCKED and report.locked_at
    assert [r["region"] for r in publication.snapshot["reports"]] == ["330481"]
    assert "330421" in publication.snapshot["missing"]
    # every move is in the history with its actor
    assert [h.history_user for h in report.history.order_by("history_id")][-4:] == [
        users["reporter"],
        users["reviewer"],
        users["staff"],
        users["staff"],
    ]


@pytest.mark.parametrize(
    ("status", "action", "who", "target"),
    [
        (S.DRAFT, "submit", "reporter", S.SUBMITTED),
        (S.RETURNED, "submit", "reporter", S.SUBMITTED),
        (S.SUBMITTED, "approve", "reviewer", S.APPROVED),
        (S.APPROVED, "accept", "staff", S.ACCEPTED),
        (S.APPROVED, "accept", "admin", S.ACCEPTED),
        (S.SUBMITTED, "return", "reviewer", S.RETURNED),
        (S.APPROVED, "return", "staff", S.RETURNED),
        (S.ACCEPTED, "return", "staff", S.RETURNED),
    ],
)
def test_allowed_moves(report, plan, users, status, action, who, target):
    if action == "submit":
        services.report_save_values(report=report, entries=entries(plan), actor=users["reporter"])
    set_status(report, status)
    if action == "return":
        moved = services.report_return(report=report, comment="基数有误", actor=users[who])
        assert moved.comment == "基数有误"
    else:
        moved = services.TRANSITION_SERVICES[action](report=report, actor=users[who])
    assert moved.status == target


def test_the_table_covers_the_issue():
    moves = {(t.source, t.action, t.target) for t in TRANSITIONS}
    assert (S.DRAFT, "submit", S.SUBMITTED) in moves
    assert (S.ACCEPTED, "lock", S.LOCKED) in moves
    assert not any(t.source == S.LOCKED for t in TRANSITIONS)  # a locked report changes only by revision


# The moves a role may not make (PermissionDenied): (status, action, the roles refused). The unit's reviewer, not
# staff, returns what was submitted to them.
WRONG_ROLE = [
    (S.DRAFT, "submit", ("reviewer", "staff")),
    (S.SUBMITTED, "approve", ("reporter", "staff")),
    (S.APPROVED, "accept", ("reviewer", "reporter")),
    (S.SUBMITTED, "return", ("staff", "reporter")),
    (S.APPROVED, "return", ("reviewer",)),
    (S.ACCEPTED, "return", ("leader",)),
]
# The moves refused by state (ValidationError), tried by the role that makes them: (action, role, the states it does
# not leave from).
WRONG_STATE = [
    ("submit", "reporter", (S.SUBMITTED, S.LOCKED)),
    ("approve", "reviewer", (S.DRAFT, S.APPROVED)),
    ("accept", "staff", (S.SUBMITTED, S.LOCKED)),
    ("return", "staff", (S.DRAFT, S.RETURNED, S.LOCKED)),
]
REFUSED = [
    *[(status, action, who, PermissionDenied) for status, action, roles in WRONG_ROLE for who in roles],
    *[(status, action, who, ValidationError) for action, who, states in WRONG_STATE for status in states],
]


@pytest.mark.parametrize(("status", "action", "who", "refusal"), REFUSED)
def test_wrong_role_or_state_is_refused(report, users, status, action, who, refusal):
    set_status(report, status)
    with pytest.raises(refusal):
        if action == "return":
            services.report_return(report=report, comment="x", actor=users[who])
        else:
            services.TRANSITION_SERVICES[action](report=report, actor=users[who])
    report.refresh_from_db()
    assert report.status == status


def test_return_needs_a_comment(report, users):
    set_status(report, S.SUBMITTED)
    with pytest.raises(ValidationError):
        services.report_return(report=report, comment="  ", actor=users["reviewer"])


@pytest.mark.parametrize(
    ("status", "action"),
    [(S.DRAFT, "submit"), (S.SUBMITTED, "approve"), (S.SUBMITTED, "return")],
)
def test_out_of_scope_is_not_found(report, users, status, action):
    set_status(report, status)
    who = "jiashan" if action == "submit" else "jiashan_reviewer"
    with pytest.raises(Http404):
        if action == "return":
            services.report_return(report=report, comment="x", actor=users[who])
        else:
            services.TRANSITION_SERVICES[action](report=report, actor=users[who])
    with pytest.raises(Http404):
        services.report_save_values(report=report, entries={}, actor=users["jiashan"])


def test_a_report_is_opened_once_per_unit_and_month_and_only_in_scope(report, users, regions):
    with pytest.raises(ValidationError):
        services.report_create(data={"region": regions["330481"], "year": 2019, "month": 5}, actor=users["reporter"])
    with pytest.raises(Http404):
        services.report_create(data={"region": regions["330421"], "year": 2019, "month": 5}, actor=users["reporter"])
    with pytest.raises(ValidationError):
        services.report_create(data={"region": regions["330481"], "year": 2019, "month": 1}, actor=users["reporter"])
    with pytest.raises(PermissionDenied):
        services.report_create(data={"region": regions["330481"], "year": 2019, "month": 6}, actor=users["reviewer"])
    assert report.deadline.isoformat() == "2019-06-05"


def test_saving_is_only_for_drafts_and_returned_reports(report, plan, users):
    set_status(report, S.SUBMITTED)
    with pytest.raises(ValidationError):
        services.report_save_values(report=report, entries=entries(plan), actor=users["reporter"])
    set_status(report, S.RETURNED)
    services.report_save_values(report=report, entries=entries(plan), actor=users["reporter"])
    assert ReportValue.objects.filter(report=report).count() == 5  # four typed + one computed


def test_computed_values_are_stored_when_saved(report, plan, users, regions):
    EnterpriseFactory.create_batch(3, region=regions["330481"], size_class="above")
    EnterpriseFactory(region=regions["330421"], size_class="above")
    services.report_save_values(
        report=report, entries={plan.ind["computed"].pk: {"value": "999"}}, actor=users["reporter"]
    )
    assert ReportValue.objects.get(report=report, indicator=plan.ind["computed"]).value == 3


def test_errors_write_nothing_and_say_where(report, plan, users):
    with pytest.raises(services.ReportInvalid) as exc:
        services.report_save_values(
            report=report,
            entries=entries(plan, investment={"value": "abc"}, share={"value": "-1"}),
            actor=users["reporter"],
        )
    assert [(f.row, f.column) for f in exc.value.findings] == [
        (1, "工业投资 · 本年累计/期末值"),
        (3, "数字经济核心产业投资占比 · 本年累计/期末值"),
    ]
    assert not ReportValue.objects.filter(report=report).exists()


def test_publishing_refuses_reports_not_accepted(report, users, regions):
    set_status(report, S.APPROVED)
    with pytest.raises(ValidationError):
        services.month_publish(region=regions["330400"], year=2019, month=5, actor=users["staff"])
    with pytest.raises(PermissionDenied):
        services.month_publish(region=regions["330400"], year=2019, month=5, actor=users["reviewer"])
    assert not MonthPublication.objects.exists()


def test_revision_after_lock_keeps_the_publication_snapshot(report, plan, users, regions):
    services.report_save_values(report=report, entries=entries(plan), actor=users["reporter"])
    set_status(report, S.ACCEPTED)
    publication = services.month_publish(
        region=regions["330400"], year=2019, month=5, actor=users["staff"], incomplete_reason="只测海宁市"
    )
    published = publication.snapshot
    report.refresh_from_db()

    with pytest.raises(ValidationError):  # locked: no ordinary save
        services.report_save_values(report=report, entries=entries(plan), actor=users["reporter"])
    with pytest.raises(PermissionDenied):  # the unit cannot revise
        services.report_revise(report=report, entries={}, reason="x", actor=users["reporter"])
    with pytest.raises(ValidationError):  # a reason is required
        services.report_revise(report=report, entries={}, reason=" ", actor=users["staff"])

    revision = services.report_revise(
        report=report,
        entries={plan.ind["investment"].pk: {"value": "630000", "base_value": "581687.74"}},
        reason="统计局更正",
        actor=users["staff"],
    )
    report.refresh_from_db()
    publication.refresh_from_db()
    assert report.status == S.LOCKED and report.revision == 1
    assert revision.number == 1 and revision.created_by == users["staff"]
    key = str(plan.ind["investment"].pk)
    assert revision.before[key]["value"] == "628405.820000" and revision.after[key]["value"] == "630000.000000"
    assert ReportValue.objects.get(report=report, indicator=plan.ind["investment"]).value == Decimal("630000")
    assert publication.snapshot == published
    assert published["reports"][0]["values"][key]["value"] == "628405.820000"
    assert ReportRevision.objects.count() == 1
    with pytest.raises(ValidationError):  # a second publication of the same month
        services.month_publish(region=regions["330400"], year=2019, month=5, actor=users["staff"])


def test_publishing_with_a_report_not_accepted_needs_a_reason_and_records_it(report, users, regions):
    set_status(report, S.APPROVED)
    with pytest.raises(services.MonthIncomplete) as refused:
        services.month_publish(
            region=regions["330400"], year=2019, month=5, actor=users["staff"], incomplete_reason=" "
        )
    assert "未经市局确认：海宁市（单位已审核）" in refused.value.messages[0]
    publication = services.month_publish(
        region=regions["330400"], year=2019, month=5, actor=users["staff"], incomplete_reason="市领导要求按期通报"
    )
    report.refresh_from_db()
    assert report.status == S.APPROVED  # not accepted: not locked, not in the snapshot
    assert publication.snapshot["reports"] == []
    assert publication.snapshot["not_accepted"] == [{"region": "330481", "status": "approved"}]
    assert publication.history.first().history_change_reason.endswith("（未报齐：市领导要求按期通报）")


def test_submitting_lists_each_empty_required_value_and_accepts_a_value_marked_none(report, plan, users):
    """上报 with empty values is refused with every empty one listed (issue #12); 无 needs a note."""
    half = entries(plan)
    del half[plan.ind["share"].pk], half[plan.ind["text"].pk]
    half[plan.ind["growth"].pk] = {"value": "300000"}
    services.report_save_values(report=report, entries=half, actor=users["reporter"])
    with pytest.raises(services.ReportInvalid) as refused:
        services.report_submit(report=report, actor=users["reporter"])
    assert [(f.row, f.column) for f in refused.value.findings] == [
        (2, "技术改造投资增速 · 上年同期（可比口径）"),
        (3, "数字经济核心产业投资占比 · 本年累计/期末值"),
        (4, "高质量工业投资项目 · 文字说明"),
    ]
    with pytest.raises(services.ReportInvalid, match="标为“无”时请在备注中说明原因"):
        services.report_save_values(
            report=report, entries={plan.ind["share"].pk: {"value": "无"}}, actor=users["reporter"]
        )
    services.report_save_values(
        report=report,
        entries={
            plan.ind["growth"].pk: {"value": "300000", "base_value": "270000"},
            plan.ind["share"].pk: {"value": "无", "note": "统计局本月未发布占比"},
            plan.ind["text"].pk: {"text": "无", "note": "本月无新开工项目"},
        },
        actor=users["reporter"],
    )
    assert services.report_submit(report=report, actor=users["reporter"]).status == S.SUBMITTED
    marked = ReportValue.objects.get(report=report, indicator=plan.ind["share"])
    assert (marked.value, marked.text, marked.note) == (None, "无", "统计局本月未发布占比")
