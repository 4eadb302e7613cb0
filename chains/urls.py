from typing import Any

from django.urls import URLPattern, path

from . import views as v

app_name = "chains"


def _crud(prefix: str, name: str, list_view: Any, detail: Any, edit: Any, delete: Any) -> list[URLPattern]:
    return [
        path(f"{prefix}", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
    ]


urlpatterns: list[URLPattern] = [
    *_crud("", "chain", v.ChainListView, v.ChainDetailView, v.ChainEditView, v.ChainDeleteView),
    path("<int:pk>/graph/", v.ChainGraphView.as_view(), name="chain_graph"),
    path("<int:pk>/risk-table/", v.ChainRiskTableView.as_view(), name="chain_risk_table"),
    path("gaps/", v.GapListView.as_view(), name="gap_list"),
    *_crud("segments/", "segment", v.SegmentListView, v.SegmentDetailView, v.SegmentEditView, v.SegmentDeleteView),
    path("segments/<int:pk>/move/", v.SegmentMoveView.as_view(), name="segment_move"),
    path("enterprises/export/", v.ChainEnterpriseExportView.as_view(), name="chainenterprise_export"),
    path("enterprises/import/", v.ChainEnterpriseImportView.as_view(), name="chainenterprise_import"),
    path(
        "enterprises/import/template/",
        v.ChainEnterpriseImportTemplateView.as_view(),
        name="chainenterprise_import_template",
    ),
    path(
        "enterprises/import/<int:pk>/",
        v.ChainEnterpriseImportPreviewView.as_view(),
        name="chainenterprise_import_preview",
    ),
    *_crud(
        "enterprises/",
        "chainenterprise",
        v.ChainEnterpriseListView,
        v.ChainEnterpriseDetailView,
        v.ChainEnterpriseEditView,
        v.ChainEnterpriseDeleteView,
    ),
    path("risks/export/", v.ChainRiskExportView.as_view(), name="chainrisk_export"),
    path("risks/<int:pk>/status/", v.ChainRiskStatusView.as_view(), name="chainrisk_status"),
    *_crud(
        "risks/", "chainrisk", v.ChainRiskListView, v.ChainRiskDetailView, v.ChainRiskEditView, v.ChainRiskDeleteView
    ),
    *_crud(
        "events/",
        "supplydemandevent",
        v.SupplyDemandEventListView,
        v.SupplyDemandEventDetailView,
        v.SupplyDemandEventEditView,
        v.SupplyDemandEventDeleteView,
    ),
]
