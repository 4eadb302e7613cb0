from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularSwaggerSplitView

from core.api.schema import CachedSpectacularAPIView
from core.files import StoredFileView
from core.health import health
from core.todo import todo_counts
from home.views import HomeView

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("enterprises.api.urls")),
    path("", include("regions.api.urls")),
    path("", include("accounts.api.urls")),
    path("", include("jobs.api.urls")),
    path("", include("targets.api.urls")),
    path("", include("reporting.api.urls")),
    path("", include("monitoring.api.urls")),
    path("", include("assessment.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("mujun.api.urls")),
    path("", include("bulletins.api.urls")),
    path("", include("workdays.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("appeals.api.urls")),
    path("", include("policies.api.urls")),
    path("", include("chains.api.urls")),
    path("", include("investment.api.urls")),
    path("", include("tiers.api.urls")),
    path("", include("smart.api.urls")),
    path("schema/", CachedSpectacularAPIView.as_view(), name="api_schema"),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(success_url="/"), name="password_change"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("health/", health, name="health"),
    path("todo/counts/", todo_counts, name="todo_counts"),
    path("enterprises/", include("enterprises.urls")),
    path("regions/", include("regions.urls")),
    path("users/", include("accounts.urls")),
    path("jobs/", include("jobs.urls")),
    path("audit/", include("audit.urls")),
    path("targets/", include("targets.urls")),
    path("reporting/", include("reporting.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("assessment/", include("assessment.urls")),
    path("projects/", include("projects.urls")),
    path("mujun/", include("mujun.urls")),
    path("bulletins/", include("bulletins.urls")),
    path("workdays/", include("workdays.urls")),
    path("notifications/", include("notifications.urls")),
    path("appeals/", include("appeals.urls")),
    path("policies/", include("policies.urls")),
    path("chains/", include("chains.urls")),
    path("investment/", include("investment.urls")),
    path("tiers/", include("tiers.urls")),
    path("smart/", include("smart.urls")),
    path("api/", include(api_patterns)),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api_schema", template_name="api/swagger_ui.html", title=_("API 文档")
        ),
        name="api_docs",
    ),
    path("files/<str:label>/<int:pk>/<str:field>/", StoredFileView.as_view(), name="stored_file"),
]
