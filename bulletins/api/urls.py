from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("bulletins", views.BulletinViewSet, basename="bulletin")
router.register("bulletin-versions", views.BulletinVersionViewSet, basename="bulletinversion")

urlpatterns = router.urls
