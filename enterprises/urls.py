from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("search/", views.EnterpriseSearchView.as_view(), name="enterprise_search"),
    path("add/", views.EnterpriseEditView.as_view(), name="enterprise_add"),
    path("export/", views.EnterpriseExportView.as_view(), name="enterprise_export"),
    path("import/", views.EnterpriseImportView.as_view(), name="enterprise_import"),
    path("import/template/", views.EnterpriseImportTemplateView.as_view(), name="enterprise_import_template"),
    path("import/<int:pk>/", views.EnterpriseImportPreviewView.as_view(), name="enterprise_import_preview"),
    path("<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("<int:pk>/delete/", views.EnterpriseDeleteView.as_view(), name="enterprise_delete"),
    path("industries/", views.IndustryListView.as_view(), name="industry_list"),
    path("industries/<int:pk>/", views.IndustryDetailView.as_view(), name="industry_detail"),
    path("tags/", views.TagListView.as_view(), name="tag_list"),
    path("tags/add/", views.TagEditView.as_view(), name="tag_add"),
    path("tags/<int:pk>/", views.TagDetailView.as_view(), name="tag_detail"),
    path("tags/<int:pk>/edit/", views.TagEditView.as_view(), name="tag_edit"),
    path("tags/<int:pk>/delete/", views.TagDeleteView.as_view(), name="tag_delete"),
]
