from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("industries", views.IndustryViewSet, basename="industry")
router.register("tags", views.TagViewSet, basename="tag")

urlpatterns = router.urls
