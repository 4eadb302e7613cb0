from django.urls import URLPattern, path

from . import views as v

app_name = "chains"

urlpatterns: list[URLPattern] = [
    *v.ChainViews.paths("", "chain"),
    path("<int:pk>/graph/", v.ChainGraphView.as_view(), name="chain_graph"),
    path("<int:pk>/risk-table/", v.ChainRiskTableView.as_view(), name="chain_risk_table"),
    path("gaps/", v.GapListView.as_view(), name="gap_list"),
    *v.SegmentViews.paths("segments/", "segment"),
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
    *v.ChainEnterpriseViews.paths("enterprises/", "chainenterprise"),
    path("risks/export/", v.ChainRiskExportView.as_view(), name="chainrisk_export"),
    path("risks/<int:pk>/status/", v.ChainRiskStatusView.as_view(), name="chainrisk_status"),
    *v.ChainRiskViews.paths("risks/", "chainrisk"),
    *v.SupplyDemandEventViews.paths("events/", "supplydemandevent"),
]
