"""Demo data of the bulletins: the city publishes 2019年1—9月 and issues the month's bulletin of the 2019 notice.

Runs after the reporting demo (2019 months 2..10 are accepted there, none published). Idempotent: an
existing publication or bulletin is left alone. Deterministic: the issuing date is fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from accounts.models import User
from regions.models import Region
from reporting.demo import PLAN_2019
from reporting.models import MonthPublication
from reporting.services import month_publish
from targets.models import Plan

from .models import Bulletin
from .services import bulletin_generate, bulletinversion_publish

YEAR, MONTH = 2019, 9
ISSUED_ON = dt.date(2019, 10, 12)


def load_demo(*, progress: Callable[[str], None]) -> None:
    plan = Plan.objects.filter(document_number=PLAN_2019).select_related("scope_region").first()
    staff = User.objects.filter(username="staff").first()
    if plan is None or staff is None:
        progress("bulletins: no 2019 plan or staff user, skipped")
        return
    if Bulletin.objects.filter(plan=plan, year=YEAR, month=MONTH).exists():
        progress("bulletins: already loaded")
        return
    city: Region = plan.scope_region
    if not MonthPublication.objects.filter(region=city, year=YEAR, month=MONTH).exists():
        month_publish(region=city, year=YEAR, month=MONTH, actor=staff)
    version = bulletin_generate(plan=plan, year=YEAR, month=MONTH, actor=staff, today=ISSUED_ON)
    bulletinversion_publish(version=version, actor=staff)
    progress(f"bulletins: {version.bulletin.title}, version {version.number} published")
