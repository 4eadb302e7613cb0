from django.urls import path

from .views import base, objections, rectifications, rules, runs, yeardata

app_name = "mujun"

urlpatterns = [
    *rules.RuleSetViews.paths("rules/", "ruleset"),
    path("rules/<int:pk>/revise/", rules.RuleSetReviseView.as_view(), name="ruleset_revise"),
    *rules.RuleIndicatorViews.paths("indicators/", "ruleindicator"),
    *rules.IndustryOverrideViews.paths("overrides/", "industryoverride"),
    *rules.RuleItemViews.paths("items/", "ruleitem"),
    *rules.PriceRuleViews.paths("prices/", "pricerule"),
    *yeardata.ListEntryViews.paths("lists/", "listentry"),
    path("lists/export/", yeardata.ListEntryExportView.as_view(), name="listentry_export"),
    *yeardata.EnterpriseYearDataViews.paths("data/", "enterpriseyeardata"),
    path("data/export/", yeardata.EnterpriseYearDataExportView.as_view(), name="enterpriseyeardata_export"),
    path("data/import/", yeardata.YearDataImportView.as_view(), name="enterpriseyeardata_import"),
    path(
        "data/import/template/",
        yeardata.YearDataImportTemplateView.as_view(),
        name="enterpriseyeardata_import_template",
    ),
    path("data/import/<int:pk>/", yeardata.YearDataImportPreviewView.as_view(), name="yeardata_import_preview"),
    path("runs/", runs.EvaluationRunListView.as_view(), name="evaluationrun_list"),
    path("runs/add/", runs.EvaluationRunStartView.as_view(), name="evaluationrun_add"),
    path("runs/job/<int:pk>/", runs.EvaluationRunJobView.as_view(), name="evaluationrun_job"),
    path("runs/<int:pk>/", runs.EvaluationRunDetailView.as_view(), name="evaluationrun_detail"),
    path("runs/<int:pk>/compute/", runs.EvaluationRunComputeView.as_view(), name="evaluationrun_compute"),
    path("runs/<int:pk>/publish/", runs.EvaluationRunPublishView.as_view(), name="evaluationrun_publish"),
    path("runs/<int:pk>/finalise/", runs.EvaluationRunFinaliseView.as_view(), name="evaluationrun_finalise"),
    path("runs/<int:pk>/identify/", runs.RectificationIdentifyView.as_view(), name="evaluationrun_identify"),
    path("runs/<int:pk>/surcharges/", runs.SurchargeView.as_view(), name="evaluationrun_surcharges"),
    path("results/", runs.EvaluationResultListView.as_view(), name="evaluationresult_list"),
    path("results/export/", runs.EvaluationResultExportView.as_view(), name="evaluationresult_export"),
    path("results/<int:pk>/", runs.EvaluationResultDetailView.as_view(), name="evaluationresult_detail"),
    path("results/<int:pk>/adjust/", runs.ResultAdjustView.as_view(), name="evaluationresult_adjust"),
    path("results/<int:pk>/object/", objections.ObjectionCreateView.as_view(), name="evaluationresult_object"),
    path("objections/", objections.ObjectionListView.as_view(), name="objection_list"),
    path("objections/<int:pk>/", objections.ObjectionDetailView.as_view(), name="objection_detail"),
    path("objections/<int:pk>/decide/", objections.ObjectionDecideView.as_view(), name="objection_decide"),
    path("objections/<int:pk>/evidence/", base.ObjectionEvidenceView.as_view(), name="objection_evidence"),
    path("rectifications/", rectifications.RectificationListView.as_view(), name="rectification_list"),
    path("rectifications/export/", rectifications.RectificationExportView.as_view(), name="rectification_export"),
    path(
        "rectifications/figures/export/",
        rectifications.RectificationFiguresExportView.as_view(),
        name="rectification_figures_export",
    ),
    path("rectifications/<int:pk>/", rectifications.RectificationDetailView.as_view(), name="rectification_detail"),
    path(
        "rectifications/<int:pk>/confirm/",
        rectifications.RectificationConfirmView.as_view(),
        name="rectification_confirm",
    ),
    path("rectifications/<int:pk>/start/", rectifications.RectificationStartView.as_view(), name="rectification_start"),
    path("rectifications/<int:pk>/close/", rectifications.RectificationCloseView.as_view(), name="rectification_close"),
    path(
        "rectifications/<int:pk>/milestones/", rectifications.MilestoneAddView.as_view(), name="rectification_milestone"
    ),
    path("rectifications/<int:pk>/progress/", rectifications.ProgressAddView.as_view(), name="rectification_progress"),
    path("rectifications/<int:pk>/evidence/", base.RectificationEvidenceView.as_view(), name="rectification_evidence"),
    path(
        "rectifications/milestones/<int:pk>/edit/",
        rectifications.RectificationMilestoneEditView.as_view(),
        name="rectificationmilestone_edit",
    ),
]
