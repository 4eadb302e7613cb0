from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("smart-companies", views.ServiceCompanyViewSet, basename="smart-servicecompany")
router.register("smart-ranking-rules", views.RankingRuleViewSet, basename="smart-rankingrule")
router.register("smart-diagnoses", views.DiagnosisViewSet, basename="smart-diagnosis")
router.register("smart-recommendations", views.RecommendationViewSet, basename="smart-recommendation")
router.register("smart-demonstrations", views.DemonstrationViewSet, basename="smart-demonstration")
router.register("smart-subsidy-rules", views.SubsidyRuleViewSet, basename="smart-subsidyrule")
router.register("smart-awards", views.SubsidyAwardViewSet, basename="smart-subsidyaward")
router.register("smart-equipment", views.EquipmentFigureViewSet, basename="smart-equipmentfigure")

urlpatterns = router.urls
