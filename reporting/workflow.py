"""The monthly report's state machine, as data (domain.md §4; issue #3).

draft → submitted (unit reporter) → approved (unit reviewer) → accepted (city staff) → locked
(when the city publishes the month). Submitted, approved and accepted reports can be returned
with a comment: the reviewer returns what was submitted to them, the city what the unit approved
or what it had accepted; a returned report is edited like a draft and submitted again. A locked
report is changed only by a revision with a reason (services.report_revise), never by a move here.
The services look every move up in this table themselves; callers are never trusted.
"""

from __future__ import annotations

from core.workflow import Machine, Transition, register

from .choices import ReportStatus as S

SUBMIT, APPROVE, ACCEPT, RETURN, LOCK = "submit", "approve", "accept", "return", "lock"
PERM_SUBMIT = "reporting.submit_monthlyreport"
PERM_APPROVE = "reporting.approve_monthlyreport"
PERM_ACCEPT = "reporting.accept_monthlyreport"
PERM_PUBLISH = "reporting.publish_monthlyreport"
PERM_REVISE = "reporting.revise_monthlyreport"
PERM_EDIT = "reporting.change_monthlyreport"


TRANSITIONS: tuple[Transition, ...] = (
    Transition(SUBMIT, S.DRAFT, S.SUBMITTED, PERM_SUBMIT),
    Transition(SUBMIT, S.RETURNED, S.SUBMITTED, PERM_SUBMIT),
    Transition(APPROVE, S.SUBMITTED, S.APPROVED, PERM_APPROVE),
    Transition(ACCEPT, S.APPROVED, S.ACCEPTED, PERM_ACCEPT),
    Transition(RETURN, S.SUBMITTED, S.RETURNED, PERM_APPROVE, comment_required=True),
    Transition(RETURN, S.APPROVED, S.RETURNED, PERM_ACCEPT, comment_required=True),
    Transition(RETURN, S.ACCEPTED, S.RETURNED, PERM_ACCEPT, comment_required=True),
    Transition(LOCK, S.ACCEPTED, S.LOCKED, PERM_PUBLISH),
)

# Labels of the actions as buttons show them.
ACTION_LABELS = {SUBMIT: "上报", APPROVE: "审核通过", ACCEPT: "确认", RETURN: "退回", LOCK: "锁定"}


# The buttons of a report's page: core.workflow.available_actions(report, user). Locking is the month's
# publication (services.month_publish), never a button of one report.
MACHINE = register(Machine("reporting.monthlyreport", TRANSITIONS, hidden=frozenset({LOCK})))
find_transition = MACHINE.find
