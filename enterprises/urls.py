from django.urls import path

from core.views import object_paths

from . import views

app_name = "enterprises"

urlpatterns = [
    *object_paths(
        "",
        "enterprise",
        views.EnterpriseListView,
        views.EnterpriseDetailView,
        views.EnterpriseEditView,
        views.EnterpriseDeleteView,
    ),
    path("search/", views.EnterpriseSearchView.as_view(), name="enterprise_search"),
    path("export/", views.EnterpriseExportView.as_view(), name="enterprise_export"),
    path("import/", views.EnterpriseImportView.as_view(), name="enterprise_import"),
    path("import/template/", views.EnterpriseImportTemplateView.as_view(), name="enterprise_import_template"),
    path("import/<int:pk>/", views.EnterpriseImportPreviewView.as_view(), name="enterprise_import_preview"),
    path("industries/", views.IndustryListView.as_view(), name="industry_list"),
    path("industries/<int:pk>/", views.IndustryDetailView.as_view(), name="industry_detail"),
    *object_paths("tags/", "tag", views.TagListView, views.TagDetailView, views.TagEditView, views.TagDeleteView),
]
