"""Tier-list membership of projects in bulk: the lists a project's total investment puts it on (the pure rule
`calculations.tier_list_ids`), kept for thousands of projects in a few statements, with history (issue 16)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.history import bulk_m2m_history, history_from_rows

from . import calculations as calc
from .models import Project, ProjectList


def tier_thresholds() -> list[tuple[int, Decimal | None]]:
    """(list id, minimum total investment) of the active tier lists."""
    return list(
        ProjectList.objects.filter(active=True, min_total_investment__isnull=False).values_list(  # type: ignore[attr-defined]
            "pk", "min_total_investment"
        )
    )


def _sync_all_tier_lists(project_ids: list[int], *, actor: Any, reason: str = "") -> int:
    """Tier membership of many projects in a few queries per 5,000 projects, whatever changes.

    The wanted lists come from the same pure rule as one project's (calc.tier_list_ids); missing
    rows of the m2m table are inserted in one statement and wrong ones deleted with one statement
    per tier list (not one per membership: a threshold change can move tens of thousands). Every
    project whose tiers changed gets one history record naming the actor and the reason, with its
    lists before and after (core.history). Returns how many projects changed.
    """
    thresholds = tier_thresholds()
    tier_ids = [pk for pk, _minimum in thresholds]
    through = Project.lists.through
    reason = reason or _("清单门槛变更，调整清单成员")
    changed: list[int] = []
    for start in range(0, len(project_ids), 5000):
        chunk = project_ids[start : start + 5000]
        investments = dict(Project.objects.filter(pk__in=chunk).values_list("pk", "total_investment"))  # type: ignore[attr-defined]
        current = set(
            through.objects.filter(project_id__in=chunk, projectlist_id__in=tier_ids).values_list(
                "project_id", "projectlist_id"
            )
        )
        wanted = {(pid, lid) for pid, total in investments.items() for lid in calc.tier_list_ids(total, thresholds)}
        through.objects.bulk_create(
            [through(project_id=p, projectlist_id=lid) for p, lid in sorted(wanted - current)], batch_size=5000
        )
        _delete_memberships(current - wanted)
        changed += sorted({pid for pid, _lid in wanted ^ current})
    _record_list_history(changed, actor=actor, reason=reason)
    return len(changed)


def _delete_memberships(pairs: set[tuple[int, int]]) -> None:
    """Delete (project, list) rows of the m2m table with one statement per list."""
    by_list: dict[int, list[int]] = {}
    for pid, lid in pairs:
        by_list.setdefault(lid, []).append(pid)
    through = Project.lists.through
    for lid, pids in sorted(by_list.items()):
        for start in range(0, len(pids), 5000):
            through.objects.filter(projectlist_id=lid, project_id__in=sorted(pids)[start : start + 5000]).delete()


def _record_list_history(project_ids: list[int], *, actor: Any, reason: str) -> None:
    """One history record per project whose lists a bulk change touched, with its lists as they now are."""
    if project_ids:
        history_from_rows(Project, project_ids, history_type="~", actor=actor, reason=reason)
        bulk_m2m_history(Project, "lists", reason=reason, ids=project_ids)
