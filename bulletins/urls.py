from django.urls import path

from . import views

app_name = "bulletins"

urlpatterns = [
    path("", views.BulletinListView.as_view(), name="bulletin_list"),
    path("<int:pk>/", views.BulletinDetailView.as_view(), name="bulletin_detail"),
    path("generate/", views.GenerateView.as_view(), name="generate"),
    path("jobs/<int:pk>/result/", views.JobResultView.as_view(), name="job_result"),
    *views.BulletinVersionViews.paths("versions/", "bulletinversion"),
    path(
        "versions/<int:pk>/<str:fmt>/download/",
        views.BulletinVersionDownloadView.as_view(),
        name="bulletinversion_download",
    ),
    path("versions/<int:pk>/publish/", views.BulletinVersionPublishView.as_view(), name="bulletinversion_publish"),
    path("versions/<int:pk>/regenerate/", views.RegenerateView.as_view(), name="bulletinversion_regenerate"),
    path("tables/", views.QuickTablesView.as_view(), name="quick_tables"),
    path("tables/decomposition.xlsx", views.DecompositionTableView.as_view(), name="decomposition_table"),
    path("tables/progress.xlsx", views.ProgressTableView.as_view(), name="progress_table"),
    path("tables/projects.xlsx", views.ProjectListsView.as_view(), name="project_lists"),
]
