from django.urls import URLPattern, path

from .views import projects as project_views
from .views import updates as update_views
from .views import uploads as upload_views

app_name = "projects"

urlpatterns: list[URLPattern] = [
    *project_views.ProjectViews.paths("", "project"),
    path("search/", project_views.ProjectSearchView.as_view(), name="project_search"),
    path("export/", project_views.ProjectExportView.as_view(), name="project_export"),
    path("import/", project_views.ProjectImportView.as_view(), name="project_import"),
    path("import/<int:pk>/", project_views.ProjectImportPreviewView.as_view(), name="project_import_preview"),
    path("<int:pk>/nodes/", project_views.ProjectNodesView.as_view(), name="project_nodes"),
    path("stages/", project_views.StageOverviewView.as_view(), name="stage_overview"),
    path("stages/<slug:stage>/", project_views.StageListView.as_view(), name="stage_list"),
    path("stars/", project_views.StarSummaryView.as_view(), name="star_summary"),
    *project_views.ProjectYearPlanViews.paths("year-plans/", "projectyearplan"),
    *project_views.ApprovalStepViews.paths("approval-steps/", "approvalstep"),
    *project_views.StandardLandContractViews.paths("land-contracts/", "standardlandcontract"),
    *project_views.ProjectCategoryViews.paths("categories/", "projectcategory"),
    *project_views.ProjectListViews.paths("lists/", "projectlist"),
    *project_views.StarGateViews.paths("star-gates/", "stargate"),
    # --- P2: updates, problems, rates, snapshots ---
    *update_views.ProjectUpdateViews.paths("updates/", "projectupdate"),
    path("updates/export/", update_views.ProjectUpdateExportView.as_view(), name="projectupdate_export"),
    path("updates/upload/", upload_views.UpdateUploadView.as_view(), name="projectupdate_upload"),
    path("updates/upload/template/", upload_views.UpdateTemplateView.as_view(), name="projectupdate_template"),
    path(
        "updates/upload/<int:pk>/",
        upload_views.UpdateUploadPreviewView.as_view(),
        name="projectupdate_upload_preview",
    ),
    path(
        "updates/<int:pk>/<slug:action>/",
        update_views.ProjectUpdateTransitionView.as_view(),
        name="projectupdate_transition",
    ),
    path("updates/<int:pk>/photos/", update_views.ProjectPhotoAddView.as_view(), name="projectphoto_add"),
    path("photos/<int:pk>/remove/", update_views.ProjectPhotoRemoveView.as_view(), name="projectphoto_remove"),
    *update_views.ProjectProblemViews.paths("problems/", "projectproblem"),
    path("problems/export/", update_views.ProjectProblemExportView.as_view(), name="projectproblem_export"),
    path(
        "problems/<int:pk>/<slug:action>/",
        update_views.ProjectProblemTransitionView.as_view(),
        name="projectproblem_transition",
    ),
    path("rates/", update_views.RatesView.as_view(), name="rates"),
    *update_views.MonthSnapshotViews.paths("snapshots/", "monthsnapshot"),
    path("snapshots/take/", update_views.MonthSnapshotTakeView.as_view(), name="monthsnapshot_take"),
    path("snapshots/job/<int:pk>/", update_views.snapshot_of_job, name="monthsnapshot_job"),
]
