from django.urls import path

from core.views import object_paths

from . import views

app_name = "assessment"

urlpatterns = [
    *object_paths(
        "schemes/",
        "scoringscheme",
        views.ScoringSchemeListView,
        views.ScoringSchemeDetailView,
        views.ScoringSchemeEditView,
        views.ScoringSchemeDeleteView,
    ),
    path("schemes/<int:pk>/compute/", views.ScoringSchemeComputeView.as_view(), name="scoringscheme_compute"),
    path("schemes/<int:pk>/publish/", views.ScoringSchemePublishView.as_view(), name="scoringscheme_publish"),
    path(
        "schemes/<int:pk>/results.xlsx",
        views.ScoringSchemeResultsExportView.as_view(),
        name="scoringscheme_results_export",
    ),
    path("rules/add/", views.ScoringRuleEditView.as_view(), name="scoringrule_add"),
    path("rules/<int:pk>/edit/", views.ScoringRuleEditView.as_view(), name="scoringrule_edit"),
    path("rules/<int:pk>/delete/", views.ScoringRuleDeleteView.as_view(), name="scoringrule_delete"),
    path("adjustments/add/", views.ScoreAdjustmentEditView.as_view(), name="scoreadjustment_add"),
    path("adjustments/<int:pk>/edit/", views.ScoreAdjustmentEditView.as_view(), name="scoreadjustment_edit"),
    path("adjustments/<int:pk>/delete/", views.ScoreAdjustmentDeleteView.as_view(), name="scoreadjustment_delete"),
    path("results/", views.AssessmentResultListView.as_view(), name="assessmentresult_list"),
    path("results/export/", views.AssessmentResultExportView.as_view(), name="assessmentresult_export"),
    path("results/<int:pk>/", views.AssessmentResultDetailView.as_view(), name="assessmentresult_detail"),
    *object_paths(
        "duties/", "duty", views.DutyListView, views.DutyDetailView, views.DutyEditView, views.DutyDeleteView
    ),
    path("duties/export/", views.DutyExportView.as_view(), name="duty_export"),
    path("duties/import/", views.DutyImportView.as_view(), name="duty_import"),
    path("duties/import/template/", views.DutyImportTemplateView.as_view(), name="duty_import_template"),
    path("duties/import/<int:pk>/", views.DutyImportPreviewView.as_view(), name="duty_import_preview"),
    path("duties/laggards/", views.LaggardListView.as_view(), name="laggard_list"),
    path("duties/laggards/export/", views.LaggardExportView.as_view(), name="laggard_export"),
    *object_paths(
        "progress/",
        "dutyprogress",
        views.DutyProgressListView,
        views.DutyProgressDetailView,
        views.DutyProgressEditView,
        views.DutyProgressDeleteView,
    ),
    path("progress/export/", views.DutyProgressExportView.as_view(), name="dutyprogress_export"),
    path("attachments/<int:pk>/", views.DutyAttachmentDownloadView.as_view(), name="dutyattachment_download"),
]
