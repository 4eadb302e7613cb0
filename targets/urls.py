from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    *views.PlanViews.paths("", "plan"),
    path("import/", views.PlanImportView.as_view(), name="plan_import"),
    path("import/<int:pk>/", views.PlanImportPreviewView.as_view(), name="plan_import_preview"),
    path("<int:pk>/table.xlsx", views.PlanTableExportView.as_view(), name="plan_table_export"),
    *views.IndicatorViews.paths("indicators/", "indicator"),
    *views.TargetViews.paths("targets/", "target"),
    path("targets/export/", views.TargetExportView.as_view(), name="target_export"),
]
