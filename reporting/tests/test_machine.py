"""Every move of a monthly report that the workflow table does not list is refused, whoever asks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from reporting import services, workflow
from reporting.choices import ReportStatus
from reporting.models import MonthlyReport

# The moves a report's page offers (locking is the month's publication, services.month_publish).
ACTIONS = sorted({t.action for t in workflow.TRANSITIONS} - {workflow.LOCK})
REFUSED = [(s, a) for s in ReportStatus.values for a in ACTIONS if workflow.MACHINE.find(a, s) is None]


@pytest.mark.parametrize(("status", "action"), REFUSED)
@pytest.mark.parametrize("who", ["reporter", "reviewer", "staff"])
def test_a_report_refuses_every_move_not_in_the_table(report, users, status, action, who):
    MonthlyReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    with pytest.raises(ValidationError):
        if action == workflow.RETURN:
            services.report_return(report=report, comment="请核实", actor=users[who])
        else:
            services.TRANSITION_SERVICES[action](report=report, actor=users[who])
    report.refresh_from_db()
    assert report.status == status
