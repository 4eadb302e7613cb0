from rest_framework.routers import DefaultRouter

from .views import projects as project_views
from .views import updates as update_views

router = DefaultRouter()
router.register("projects", project_views.ProjectViewSet, basename="project")
router.register("project-nodes", project_views.ProjectNodeViewSet, basename="projectnode")
router.register("project-year-plans", project_views.ProjectYearPlanViewSet, basename="projectyearplan")
router.register("approval-steps", project_views.ApprovalStepViewSet, basename="approvalstep")
router.register("land-contracts", project_views.StandardLandContractViewSet, basename="standardlandcontract")
router.register("project-categories", project_views.ProjectCategoryViewSet, basename="projectcategory")
router.register("project-lists", project_views.ProjectListViewSet, basename="projectlist")
router.register("star-gates", project_views.StarGateViewSet, basename="stargate")
# --- P2: updates, problems, rates, snapshots ---
router.register("project-updates", update_views.ProjectUpdateViewSet, basename="projectupdate")
router.register("project-photos", update_views.ProjectPhotoViewSet, basename="projectphoto")
router.register("project-problems", update_views.ProjectProblemViewSet, basename="projectproblem")
router.register("month-snapshots", update_views.MonthSnapshotViewSet, basename="monthsnapshot")
router.register("snapshot-rows", update_views.SnapshotRowViewSet, basename="snapshotrow")
router.register("project-rates", update_views.ProjectRatesViewSet, basename="project-rates")

urlpatterns = router.urls
