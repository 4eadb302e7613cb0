from django.urls import URLPattern, path

from core.views import object_paths

from . import views as v

app_name = "chains"

urlpatterns: list[URLPattern] = [
    *object_paths("", "chain", v.ChainListView, v.ChainDetailView, v.ChainEditView, v.ChainDeleteView),
    path("<int:pk>/graph/", v.ChainGraphView.as_view(), name="chain_graph"),
    path("<int:pk>/risk-table/", v.ChainRiskTableView.as_view(), name="chain_risk_table"),
    path("gaps/", v.GapListView.as_view(), name="gap_list"),
    *object_paths(
        "segments/", "segment", v.SegmentListView, v.SegmentDetailView, v.SegmentEditView, v.SegmentDeleteView
    ),
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
    *object_paths(
        "enterprises/",
        "chainenterprise",
        v.ChainEnterpriseListView,
        v.ChainEnterpriseDetailView,
        v.ChainEnterpriseEditView,
        v.ChainEnterpriseDeleteView,
    ),
    path("risks/export/", v.ChainRiskExportView.as_view(), name="chainrisk_export"),
    path("risks/<int:pk>/status/", v.ChainRiskStatusView.as_view(), name="chainrisk_status"),
    *object_paths(
        "risks/", "chainrisk", v.ChainRiskListView, v.ChainRiskDetailView, v.ChainRiskEditView, v.ChainRiskDeleteView
    ),
    *object_paths(
        "events/",
        "supplydemandevent",
        v.SupplyDemandEventListView,
        v.SupplyDemandEventDetailView,
        v.SupplyDemandEventEditView,
        v.SupplyDemandEventDeleteView,
    ),
]
