from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("policies", views.PolicyViewSet, basename="policy")
router.register("policy-criteria", views.PolicyCriterionViewSet, basename="policycriterion")
router.register("policy-attachments", views.PolicyAttachmentViewSet, basename="policyattachment")
router.register("policy-grants", views.PolicyGrantViewSet, basename="policygrant")
router.register("disbursements", views.DisbursementViewSet, basename="disbursement")
router.register("policy-grant-attachments", views.GrantAttachmentViewSet, basename="grantattachment")

urlpatterns = router.urls
