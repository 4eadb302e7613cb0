from django.urls import URLPattern, path

from core.views import object_paths

from .views import projects as project_views
from .views import updates as update_views
from .views import uploads as upload_views

app_name = "projects"

urlpatterns: list[URLPattern] = [
    *object_paths(
        "",
        "project",
        project_views.ProjectListView,
        project_views.ProjectDetailView,
        project_views.ProjectEditView,
        project_views.ProjectDeleteView,
    ),
    path("search/", project_views.ProjectSearchView.as_view(), name="project_search"),
    path("export/", project_views.ProjectExportView.as_view(), name="project_export"),
    path("import/", project_views.ProjectImportView.as_view(), name="project_import"),
    path("import/<int:pk>/", project_views.ProjectImportPreviewView.as_view(), name="project_import_preview"),
    path("<int:pk>/nodes/", project_views.ProjectNodesView.as_view(), name="project_nodes"),
    path("stages/", project_views.StageOverviewView.as_view(), name="stage_overview"),
    path("stages/<slug:stage>/", project_views.StageListView.as_view(), name="stage_list"),
    path("stars/", project_views.StarSummaryView.as_view(), name="star_summary"),
    path("year-plans/add/", project_views.ProjectYearPlanEditView.as_view(), name="projectyearplan_add"),
    path("year-plans/<int:pk>/edit/", project_views.ProjectYearPlanEditView.as_view(), name="projectyearplan_edit"),
    path(
        "year-plans/<int:pk>/delete/", project_views.ProjectYearPlanDeleteView.as_view(), name="projectyearplan_delete"
    ),
    path("approval-steps/add/", project_views.ApprovalStepEditView.as_view(), name="approvalstep_add"),
    path("approval-steps/<int:pk>/edit/", project_views.ApprovalStepEditView.as_view(), name="approvalstep_edit"),
    path("approval-steps/<int:pk>/delete/", project_views.ApprovalStepDeleteView.as_view(), name="approvalstep_delete"),
    path("land-contracts/add/", project_views.StandardLandContractEditView.as_view(), name="standardlandcontract_add"),
    path(
        "land-contracts/<int:pk>/edit/",
        project_views.StandardLandContractEditView.as_view(),
        name="standardlandcontract_edit",
    ),
    path(
        "land-contracts/<int:pk>/delete/",
        project_views.StandardLandContractDeleteView.as_view(),
        name="standardlandcontract_delete",
    ),
    *object_paths(
        "categories/",
        "projectcategory",
        project_views.ProjectCategoryListView,
        project_views.ProjectCategoryDetailView,
        project_views.ProjectCategoryEditView,
        project_views.ProjectCategoryDeleteView,
    ),
    *object_paths(
        "lists/",
        "projectlist",
        project_views.ProjectListListView,
        project_views.ProjectListDetailView,
        project_views.ProjectListEditView,
        project_views.ProjectListDeleteView,
    ),
    *object_paths(
        "star-gates/",
        "stargate",
        project_views.StarGateListView,
        project_views.StarGateDetailView,
        project_views.StarGateEditView,
        project_views.StarGateDeleteView,
    ),
    # --- P2: updates, problems, rates, snapshots ---
    *object_paths(
        "updates/",
        "projectupdate",
        update_views.ProjectUpdateListView,
        update_views.ProjectUpdateDetailView,
        update_views.ProjectUpdateEditView,
        update_views.ProjectUpdateDeleteView,
    ),
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
    *object_paths(
        "problems/",
        "projectproblem",
        update_views.ProjectProblemListView,
        update_views.ProjectProblemDetailView,
        update_views.ProjectProblemEditView,
        update_views.ProjectProblemDeleteView,
    ),
    path("problems/export/", update_views.ProjectProblemExportView.as_view(), name="projectproblem_export"),
    path(
        "problems/<int:pk>/<slug:action>/",
        update_views.ProjectProblemTransitionView.as_view(),
        name="projectproblem_transition",
    ),
    path("rates/", update_views.RatesView.as_view(), name="rates"),
    path("snapshots/", update_views.MonthSnapshotListView.as_view(), name="monthsnapshot_list"),
    path("snapshots/take/", update_views.MonthSnapshotTakeView.as_view(), name="monthsnapshot_take"),
    path("snapshots/job/<int:pk>/", update_views.snapshot_of_job, name="monthsnapshot_job"),
    path("snapshots/<int:pk>/", update_views.MonthSnapshotDetailView.as_view(), name="monthsnapshot_detail"),
    path("snapshots/<int:pk>/delete/", update_views.MonthSnapshotDeleteView.as_view(), name="monthsnapshot_delete"),
]
