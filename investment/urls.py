from typing import Any

from django.urls import URLPattern, path

from . import views as v

app_name = "investment"


def _crud(prefix: str, name: str, model: str) -> list[URLPattern]:
    views: dict[str, Any] = {a: getattr(v, f"{model}{a}View") for a in ("List", "Detail", "Edit", "Delete")}
    return [
        path(prefix, views["List"].as_view(), name=f"{name}_list"),
        path(f"{prefix}add/", views["Edit"].as_view(), name=f"{name}_add"),
        path(f"{prefix}<int:pk>/", views["Detail"].as_view(), name=f"{name}_detail"),
        path(f"{prefix}<int:pk>/edit/", views["Edit"].as_view(), name=f"{name}_edit"),
        path(f"{prefix}<int:pk>/delete/", views["Delete"].as_view(), name=f"{name}_delete"),
    ]


urlpatterns: list[URLPattern] = [
    path("leads/export/", v.LeadExportView.as_view(), name="lead_export"),
    path("leads/<int:pk>/sign/", v.LeadSignView.as_view(), name="lead_sign"),
    path("leads/<int:pk>/advance/", v.LeadAdvanceView.as_view(), name="lead_advance"),
    path("figures/", v.FiguresView.as_view(), name="figures"),
    *_crud("leads/", "lead", "Lead"),
    *_crud("visits/", "leadvisit", "LeadVisit"),
    *_crud("platforms/", "platform", "Platform"),
    *_crud("exchange-rates/", "exchangerate", "ExchangeRate"),
    *_crud("targets/", "signingtarget", "SigningTarget"),
    *_crud("project-platforms/", "projectplatform", "ProjectPlatform"),
]
