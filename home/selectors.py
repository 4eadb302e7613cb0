"""Figures for the home dashboard, each within the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from enterprises.models import Enterprise
from jobs.models import Job
from regions.models import Region


def dashboard_figures(user: Any) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if user.has_perm("enterprises.view_enterprise"):
        enterprises = Enterprise.objects.visible_to(user)
        by_size = dict(enterprises.values_list("size_class").annotate(n=Count("pk")).order_by())
        by_region = list(
            enterprises.values("region__name", "region__path").annotate(n=Count("pk")).order_by("region__path")
        )
        by_industry = list(
            enterprises.exclude(industry=None)
            .values("industry__code", "industry__name")
            .annotate(n=Count("pk"))
            .order_by("-n")[:10]
        )
        figures["enterprises"] = {
            "total": sum(by_size.values()),
            "above": by_size.get("above", 0),
            "below": by_size.get("below", 0),
            "listed": enterprises.filter(listed=True).count(),
            "by_region": [{"name": r["region__name"], "value": r["n"]} for r in by_region],
            "by_industry": [
                {"name": f"{r['industry__code']} {r['industry__name']}", "value": r["n"]} for r in by_industry
            ],
        }
    figures["units"] = Region.objects.filter(kind__in=["district", "county", "county_city", "zone"]).count()
    figures["jobs"] = list(Job.objects.visible_to(user).select_related("user")[:5])
    return figures
