from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    *views.ScoringSchemeViews.paths("schemes/", "scoringscheme"),
    path("schemes/<int:pk>/compute/", views.ScoringSchemeComputeView.as_view(), name="scoringscheme_compute"),
    path("schemes/<int:pk>/publish/", views.ScoringSchemePublishView.as_view(), name="scoringscheme_publish"),
    path(
        "schemes/<int:pk>/results.xlsx",
        views.ScoringSchemeResultsExportView.as_view(),
        name="scoringscheme_results_export",
    ),
    *views.ScoringRuleViews.paths("rules/", "scoringrule"),
    *views.ScoreAdjustmentViews.paths("adjustments/", "scoreadjustment"),
    *views.AssessmentResultViews.paths("results/", "assessmentresult"),
    path("results/export/", views.AssessmentResultExportView.as_view(), name="assessmentresult_export"),
    *views.DutyViews.paths("duties/", "duty"),
    path("duties/export/", views.DutyExportView.as_view(), name="duty_export"),
    path("duties/import/", views.DutyImportView.as_view(), name="duty_import"),
    path("duties/import/template/", views.DutyImportTemplateView.as_view(), name="duty_import_template"),
    path("duties/import/<int:pk>/", views.DutyImportPreviewView.as_view(), name="duty_import_preview"),
    path("duties/laggards/", views.LaggardListView.as_view(), name="laggard_list"),
    path("duties/laggards/export/", views.LaggardExportView.as_view(), name="laggard_export"),
    *views.DutyProgressViews.paths("progress/", "dutyprogress"),
    path("progress/export/", views.DutyProgressExportView.as_view(), name="dutyprogress_export"),
    path("attachments/<int:pk>/", views.DutyAttachmentDownloadView.as_view(), name="dutyattachment_download"),
]
