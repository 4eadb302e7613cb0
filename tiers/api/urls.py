from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("tier-titles", views.TitleViewSet, basename="tiers-title")
router.register("tier-entries", views.TierEntryViewSet, basename="tiers-tierentry")

urlpatterns = router.urls
