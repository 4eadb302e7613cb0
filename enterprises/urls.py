from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    *views.EnterpriseViews.paths("", "enterprise"),
    path("search/", views.EnterpriseSearchView.as_view(), name="enterprise_search"),
    path("export/", views.EnterpriseExportView.as_view(), name="enterprise_export"),
    path("import/", views.EnterpriseImportView.as_view(), name="enterprise_import"),
    path("import/template/", views.EnterpriseImportTemplateView.as_view(), name="enterprise_import_template"),
    path("import/<int:pk>/", views.EnterpriseImportPreviewView.as_view(), name="enterprise_import_preview"),
    *views.IndustryViews.paths("industries/", "industry"),
    *views.TagViews.paths("tags/", "tag"),
]
