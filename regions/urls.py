from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.RegionListView.as_view(), name="region_list"),
    path("import/", views.RegionImportView.as_view(), name="region_import"),
    path("export/", views.RegionExportView.as_view(), name="region_export"),
    path("<int:pk>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("<int:pk>/edit/", views.RegionEditView.as_view(), name="region_edit"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/add/", views.DepartmentEditView.as_view(), name="department_add"),
    path("departments/export/", views.DepartmentExportView.as_view(), name="department_export"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("departments/<int:pk>/edit/", views.DepartmentEditView.as_view(), name="department_edit"),
    path("departments/<int:pk>/delete/", views.DepartmentDeleteView.as_view(), name="department_delete"),
]
