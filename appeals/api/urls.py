from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("appeals", views.AppealViewSet, basename="appeal")
router.register("appeal-categories", views.AppealCategoryViewSet, basename="appealcategory")
router.register("appeal-hops", views.AppealHopViewSet, basename="appealhop")
router.register("appeal-attachments", views.AppealAttachmentViewSet, basename="appealattachment")

urlpatterns = router.urls
