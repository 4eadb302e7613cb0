from django.urls import URLPattern, path

from core.views import object_paths

from . import views as v

app_name = "investment"

urlpatterns: list[URLPattern] = [
    path("leads/export/", v.LeadExportView.as_view(), name="lead_export"),
    path("leads/<int:pk>/sign/", v.LeadSignView.as_view(), name="lead_sign"),
    path("leads/<int:pk>/advance/", v.LeadAdvanceView.as_view(), name="lead_advance"),
    path("figures/", v.FiguresView.as_view(), name="figures"),
    *object_paths("leads/", "lead", v.LeadListView, v.LeadDetailView, v.LeadEditView, v.LeadDeleteView),
    *object_paths(
        "visits/", "leadvisit", v.LeadVisitListView, v.LeadVisitDetailView, v.LeadVisitEditView, v.LeadVisitDeleteView
    ),
    *object_paths(
        "platforms/", "platform", v.PlatformListView, v.PlatformDetailView, v.PlatformEditView, v.PlatformDeleteView
    ),
    *object_paths(
        "exchange-rates/",
        "exchangerate",
        v.ExchangeRateListView,
        v.ExchangeRateDetailView,
        v.ExchangeRateEditView,
        v.ExchangeRateDeleteView,
    ),
    *object_paths(
        "targets/",
        "signingtarget",
        v.SigningTargetListView,
        v.SigningTargetDetailView,
        v.SigningTargetEditView,
        v.SigningTargetDeleteView,
    ),
    *object_paths(
        "project-platforms/",
        "projectplatform",
        v.ProjectPlatformListView,
        v.ProjectPlatformDetailView,
        v.ProjectPlatformEditView,
        v.ProjectPlatformDeleteView,
    ),
]
