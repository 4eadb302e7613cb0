from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.panels import panels_for
from core.todo import todo_items

from .selectors import dashboard_figures


class HomeView(TemplateView):
    """The home dashboard: real figures of the modules that exist, within the user's scope."""

    template_name = "home/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("工作台")
        ctx["figures"] = dashboard_figures(self.request.user)
        ctx["todo"] = todo_items(self.request.user)
        user: Any = self.request.user
        if getattr(user, "is_enterprise_user", False) and user.enterprise_id:
            # an enterprise user's home is its enterprise at a glance: the panels of its page (its requests, the
            # policies it meets with each criterion met or missed, its grants and payments …), scoped as there
            ctx["enterprise"] = user.enterprise
            ctx["panels"] = panels_for(user.enterprise, user)
        return ctx
