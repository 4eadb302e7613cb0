from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.RegionListView.as_view(), name="region_list"),
    path("import/", views.RegionImportView.as_view(), name="region_import"),
    path("export/", views.RegionExportView.as_view(), name="region_export"),
    path("<int:pk>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("<int:pk>/edit/", views.RegionEditView.as_view(), name="region_edit"),
    *views.DepartmentViews.paths("departments/", "department"),
    path("departments/export/", views.DepartmentExportView.as_view(), name="department_export"),
]
