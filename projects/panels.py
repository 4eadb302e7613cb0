"""The library's panel on the one-enterprise view (domain.md §2): the enterprise's projects (该企业的项目)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.formats import localize
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import panels
from core.models import address_of


def enterprise_projects(enterprise: Model, user: Any) -> dict[str, Any]:
    """Up to 50 projects the user may see, a line each: name · region · stage · total investment in 亿元, and the
    stars. The line is drawn here from the columns it needs (an enterprise can have dozens of projects: the
    template's lookups, display methods and a translation a row cost the page more than all of its queries)."""
    from .choices import Stage
    from .selectors import enterprise_projects as select
    from .templatetags.project_tags import star_text, yi

    stages = {value: str(label) for value, label in Stage.choices}
    amount = gettext("总投资 %(amount)s 亿元")
    # the detail address once, the key put in per row (reverse() a row costs as much as the rest of its line)
    address = address_of("projects:project_detail")
    rows = select(enterprise, user)[:50].values_list("pk", "name", "region__name", "stage", "total_investment", "stars")
    return {
        "projects": [
            {
                "url": address(pk),
                "line": f"{name} · {region} · {stages.get(stage, stage)} · {amount % {'amount': localize(yi(total))}}",
                "stars": star_text(stars),
            }
            for pk, name, region, stage, total, stars in rows
        ]
    }


def register() -> None:
    panels.register(
        panels.Panel(
            model="enterprises.enterprise",
            title=_("该企业的项目"),
            template="projects/panel_enterprise_projects.html",
            context=enterprise_projects,
            order=40,
            permission="projects.view_project",
            sources=("projects.project.enterprise",),
            empty={"projects": []},
        )
    )
