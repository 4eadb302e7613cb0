from django.urls import path

from . import views

app_name = "smart"

urlpatterns = [
    *views.ServiceCompanyViews.paths("companies/", "servicecompany"),
    *views.RankingRuleViews.paths("ranking-rules/", "rankingrule"),
    *views.DiagnosisViews.paths("diagnoses/", "diagnosis"),
    *views.RecommendationViews.paths("recommendations/", "recommendation"),
    *views.DemonstrationViews.paths("demonstrations/", "demonstration"),
    *views.SubsidyRuleViews.paths("subsidy-rules/", "subsidyrule"),
    *views.EquipmentFigureViews.paths("equipment/", "equipmentfigure"),
    path("diagnoses/import/", views.DiagnosisImportView.as_view(), name="diagnosis_import"),
    path("diagnoses/import/<int:pk>/", views.DiagnosisImportPreviewView.as_view(), name="diagnosis_import_preview"),
    path("recommendations/<int:pk>/promote/", views.RecommendationPromoteView.as_view(), name="recommendation_promote"),
    *views.SubsidyAwardViews.paths("awards/", "subsidyaward"),
    path("awards/compute/", views.SubsidyComputeView.as_view(), name="subsidy_compute"),
    path("awards/<int:pk>/approve/", views.SubsidyAwardApproveView.as_view(), name="subsidyaward_approve"),
    path("awards/<int:pk>/pay/", views.SubsidyAwardPayView.as_view(), name="subsidyaward_pay"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
]
