from django.urls import path

from . import views

app_name = "tiers"

urlpatterns = [
    *views.TitleViews.paths("titles/", "title"),
    *views.TierEntryViews.paths("entries/", "tierentry"),
    path("entries/export/", views.TierEntryExportView.as_view(), name="tierentry_export"),
    path("entries/import/", views.RecognitionImportView.as_view(), name="tierentry_import"),
    path("entries/expire-due/", views.TierEntryExpireView.as_view(), name="tierentry_expire_due"),
    path("entries/ending/", views.EndingView.as_view(), name="ending"),
    path("entries/import/template/", views.RecognitionTemplateView.as_view(), name="recognition_template"),
    path("entries/import/<int:pk>/", views.RecognitionImportPreviewView.as_view(), name="recognition_import_preview"),
    path("entries/<int:pk>/<str:action>/", views.TierEntryTransitionView.as_view(), name="tierentry_transition"),
    path("counts/", views.CountsView.as_view(), name="counts"),
    path("small-to-above/", views.SmallToAboveView.as_view(), name="small_to_above"),
]
