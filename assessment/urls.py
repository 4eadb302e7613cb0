from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("schemes/", views.ScoringSchemeListView.as_view(), name="scoringscheme_list"),
    path("schemes/add/", views.ScoringSchemeEditView.as_view(), name="scoringscheme_add"),
    path("schemes/<int:pk>/", views.ScoringSchemeDetailView.as_view(), name="scoringscheme_detail"),
    path("schemes/<int:pk>/edit/", views.ScoringSchemeEditView.as_view(), name="scoringscheme_edit"),
    path("schemes/<int:pk>/delete/", views.ScoringSchemeDeleteView.as_view(), name="scoringscheme_delete"),
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
    path("duties/", views.DutyListView.as_view(), name="duty_list"),
    path("duties/add/", views.DutyEditView.as_view(), name="duty_add"),
    path("duties/export/", views.DutyExportView.as_view(), name="duty_export"),
    path("duties/import/", views.DutyImportView.as_view(), name="duty_import"),
    path("duties/import/template/", views.DutyImportTemplateView.as_view(), name="duty_import_template"),
    path("duties/import/<int:pk>/", views.DutyImportPreviewView.as_view(), name="duty_import_preview"),
    path("duties/laggards/", views.LaggardListView.as_view(), name="laggard_list"),
    path("duties/laggards/export/", views.LaggardExportView.as_view(), name="laggard_export"),
    path("duties/<int:pk>/", views.DutyDetailView.as_view(), name="duty_detail"),
    path("duties/<int:pk>/edit/", views.DutyEditView.as_view(), name="duty_edit"),
    path("duties/<int:pk>/delete/", views.DutyDeleteView.as_view(), name="duty_delete"),
    path("progress/", views.DutyProgressListView.as_view(), name="dutyprogress_list"),
    path("progress/add/", views.DutyProgressEditView.as_view(), name="dutyprogress_add"),
    path("progress/export/", views.DutyProgressExportView.as_view(), name="dutyprogress_export"),
    path("progress/<int:pk>/", views.DutyProgressDetailView.as_view(), name="dutyprogress_detail"),
    path("progress/<int:pk>/edit/", views.DutyProgressEditView.as_view(), name="dutyprogress_edit"),
    path("progress/<int:pk>/delete/", views.DutyProgressDeleteView.as_view(), name="dutyprogress_delete"),
    path("attachments/<int:pk>/", views.DutyAttachmentDownloadView.as_view(), name="dutyattachment_download"),
]
