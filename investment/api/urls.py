from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("leads", views.LeadViewSet, basename="lead")
router.register("lead-visits", views.LeadVisitViewSet, basename="leadvisit")
router.register("platforms", views.PlatformViewSet, basename="platform")
router.register("exchange-rates", views.ExchangeRateViewSet, basename="exchangerate")
router.register("signing-targets", views.SigningTargetViewSet, basename="signingtarget")
router.register("project-platforms", views.ProjectPlatformViewSet, basename="projectplatform")

urlpatterns = router.urls
