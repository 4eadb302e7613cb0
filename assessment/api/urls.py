from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("scoring-schemes", views.ScoringSchemeViewSet, basename="scoringscheme")
router.register("scoring-rules", views.ScoringRuleViewSet, basename="scoringrule")
router.register("score-adjustments", views.ScoreAdjustmentViewSet, basename="scoreadjustment")
router.register("assessment-results", views.AssessmentResultViewSet, basename="assessmentresult")
router.register("duties", views.DutyViewSet, basename="duty")
router.register("duty-progress", views.DutyProgressViewSet, basename="dutyprogress")

urlpatterns = router.urls
