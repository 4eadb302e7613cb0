from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("chains", views.ChainViewSet, basename="chain")
router.register("chain-segments", views.SegmentViewSet, basename="segment")
router.register("chain-enterprises", views.ChainEnterpriseViewSet, basename="chainenterprise")
router.register("chain-risks", views.ChainRiskViewSet, basename="chainrisk")
router.register("supply-demand-events", views.SupplyDemandEventViewSet, basename="supplydemandevent")

urlpatterns = router.urls
