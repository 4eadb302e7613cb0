from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("mujun-rule-sets", views.RuleSetViewSet, basename="mujun-ruleset")
router.register("mujun-rule-indicators", views.RuleIndicatorViewSet, basename="mujun-ruleindicator")
router.register("mujun-industry-overrides", views.IndustryOverrideViewSet, basename="mujun-industryoverride")
router.register("mujun-rule-items", views.RuleItemViewSet, basename="mujun-ruleitem")
router.register("mujun-price-rules", views.PriceRuleViewSet, basename="mujun-pricerule")
router.register("mujun-list-entries", views.ListEntryViewSet, basename="mujun-listentry")
router.register("mujun-year-data", views.EnterpriseYearDataViewSet, basename="mujun-enterpriseyeardata")
router.register("mujun-runs", views.EvaluationRunViewSet, basename="mujun-evaluationrun")
router.register("mujun-results", views.EvaluationResultViewSet, basename="mujun-evaluationresult")
router.register("mujun-adjustments", views.AdjustmentViewSet, basename="mujun-adjustment")
router.register("mujun-objections", views.ObjectionViewSet, basename="mujun-objection")
router.register("mujun-rectifications", views.RectificationViewSet, basename="mujun-rectification")
router.register(
    "mujun-rectification-milestones", views.RectificationMilestoneViewSet, basename="mujun-rectificationmilestone"
)
router.register(
    "mujun-rectification-progress", views.RectificationProgressViewSet, basename="mujun-rectificationprogress"
)

urlpatterns = router.urls
