from rest_framework.routers import DefaultRouter

from . import views, views_updates

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("project-nodes", views.ProjectNodeViewSet, basename="projectnode")
router.register("project-year-plans", views.ProjectYearPlanViewSet, basename="projectyearplan")
router.register("approval-steps", views.ApprovalStepViewSet, basename="approvalstep")
router.register("land-contracts", views.StandardLandContractViewSet, basename="standardlandcontract")
router.register("project-categories", views.ProjectCategoryViewSet, basename="projectcategory")
router.register("project-lists", views.ProjectListViewSet, basename="projectlist")
router.register("star-gates", views.StarGateViewSet, basename="stargate")
# --- P2: updates, problems, rates, snapshots ---
router.register("project-updates", views_updates.ProjectUpdateViewSet, basename="projectupdate")
router.register("project-photos", views_updates.ProjectPhotoViewSet, basename="projectphoto")
router.register("project-problems", views_updates.ProjectProblemViewSet, basename="projectproblem")
router.register("month-snapshots", views_updates.MonthSnapshotViewSet, basename="monthsnapshot")
router.register("snapshot-rows", views_updates.SnapshotRowViewSet, basename="snapshotrow")
router.register("project-rates", views_updates.ProjectRatesViewSet, basename="project-rates")

urlpatterns = router.urls
