from django.urls import URLPattern, path

from . import views as v

app_name = "investment"

urlpatterns: list[URLPattern] = [
    path("leads/export/", v.LeadExportView.as_view(), name="lead_export"),
    path("leads/<int:pk>/sign/", v.LeadSignView.as_view(), name="lead_sign"),
    path("leads/<int:pk>/advance/", v.LeadAdvanceView.as_view(), name="lead_advance"),
    path("figures/", v.FiguresView.as_view(), name="figures"),
    *v.LeadViews.paths("leads/", "lead"),
    *v.LeadVisitViews.paths("visits/", "leadvisit"),
    *v.PlatformViews.paths("platforms/", "platform"),
    *v.ExchangeRateViews.paths("exchange-rates/", "exchangerate"),
    *v.SigningTargetViews.paths("targets/", "signingtarget"),
    *v.ProjectPlatformViews.paths("project-platforms/", "projectplatform"),
]
