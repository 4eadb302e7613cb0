from django.urls import URLPattern, path

from .views import projects as project_views
from .views import updates as update_views
from .views import uploads as upload_views

app_name = "projects"

urlpatterns: list[URLPattern] = [
    path("", project_views.ProjectListView.as_view(), name="project_list"),
    path("search/", project_views.ProjectSearchView.as_view(), name="project_search"),
    path("add/", project_views.ProjectEditView.as_view(), name="project_add"),
    path("export/", project_views.ProjectExportView.as_view(), name="project_export"),
    path("import/", project_views.ProjectImportView.as_view(), name="project_import"),
    path("import/<int:pk>/", project_views.ProjectImportPreviewView.as_view(), name="project_import_preview"),
    path("<int:pk>/", project_views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", project_views.ProjectEditView.as_view(), name="project_edit"),
    path("<int:pk>/delete/", project_views.ProjectDeleteView.as_view(), name="project_delete"),
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
    path("categories/", project_views.ProjectCategoryListView.as_view(), name="projectcategory_list"),
    path("categories/add/", project_views.ProjectCategoryEditView.as_view(), name="projectcategory_add"),
    path("categories/<int:pk>/", project_views.ProjectCategoryDetailView.as_view(), name="projectcategory_detail"),
    path("categories/<int:pk>/edit/", project_views.ProjectCategoryEditView.as_view(), name="projectcategory_edit"),
    path(
        "categories/<int:pk>/delete/", project_views.ProjectCategoryDeleteView.as_view(), name="projectcategory_delete"
    ),
    path("lists/", project_views.ProjectListListView.as_view(), name="projectlist_list"),
    path("lists/add/", project_views.ProjectListEditView.as_view(), name="projectlist_add"),
    path("lists/<int:pk>/", project_views.ProjectListDetailView.as_view(), name="projectlist_detail"),
    path("lists/<int:pk>/edit/", project_views.ProjectListEditView.as_view(), name="projectlist_edit"),
    path("lists/<int:pk>/delete/", project_views.ProjectListDeleteView.as_view(), name="projectlist_delete"),
    path("star-gates/", project_views.StarGateListView.as_view(), name="stargate_list"),
    path("star-gates/add/", project_views.StarGateEditView.as_view(), name="stargate_add"),
    path("star-gates/<int:pk>/", project_views.StarGateDetailView.as_view(), name="stargate_detail"),
    path("star-gates/<int:pk>/edit/", project_views.StarGateEditView.as_view(), name="stargate_edit"),
    path("star-gates/<int:pk>/delete/", project_views.StarGateDeleteView.as_view(), name="stargate_delete"),
    # --- P2: updates, problems, rates, snapshots ---
    path("updates/", update_views.ProjectUpdateListView.as_view(), name="projectupdate_list"),
    path("updates/add/", update_views.ProjectUpdateEditView.as_view(), name="projectupdate_add"),
    path("updates/export/", update_views.ProjectUpdateExportView.as_view(), name="projectupdate_export"),
    path("updates/upload/", upload_views.UpdateUploadView.as_view(), name="projectupdate_upload"),
    path("updates/upload/template/", upload_views.UpdateTemplateView.as_view(), name="projectupdate_template"),
    path(
        "updates/upload/<int:pk>/",
        upload_views.UpdateUploadPreviewView.as_view(),
        name="projectupdate_upload_preview",
    ),
    path("updates/<int:pk>/", update_views.ProjectUpdateDetailView.as_view(), name="projectupdate_detail"),
    path("updates/<int:pk>/edit/", update_views.ProjectUpdateEditView.as_view(), name="projectupdate_edit"),
    path("updates/<int:pk>/delete/", update_views.ProjectUpdateDeleteView.as_view(), name="projectupdate_delete"),
    path(
        "updates/<int:pk>/<slug:action>/",
        update_views.ProjectUpdateTransitionView.as_view(),
        name="projectupdate_transition",
    ),
    path("updates/<int:pk>/photos/", update_views.ProjectPhotoAddView.as_view(), name="projectphoto_add"),
    path("photos/<int:pk>/remove/", update_views.ProjectPhotoRemoveView.as_view(), name="projectphoto_remove"),
    path("problems/", update_views.ProjectProblemListView.as_view(), name="projectproblem_list"),
    path("problems/add/", update_views.ProjectProblemEditView.as_view(), name="projectproblem_add"),
    path("problems/export/", update_views.ProjectProblemExportView.as_view(), name="projectproblem_export"),
    path("problems/<int:pk>/", update_views.ProjectProblemDetailView.as_view(), name="projectproblem_detail"),
    path("problems/<int:pk>/edit/", update_views.ProjectProblemEditView.as_view(), name="projectproblem_edit"),
    path("problems/<int:pk>/delete/", update_views.ProjectProblemDeleteView.as_view(), name="projectproblem_delete"),
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
