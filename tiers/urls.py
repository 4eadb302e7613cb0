from django.urls import path

from . import views

app_name = "tiers"

urlpatterns = [
    path("titles/", views.TitleListView.as_view(), name="title_list"),
    path("titles/add/", views.TitleEditView.as_view(), name="title_add"),
    path("titles/<int:pk>/", views.TitleDetailView.as_view(), name="title_detail"),
    path("titles/<int:pk>/edit/", views.TitleEditView.as_view(), name="title_edit"),
    path("titles/<int:pk>/delete/", views.TitleDeleteView.as_view(), name="title_delete"),
    path("entries/", views.TierEntryListView.as_view(), name="tierentry_list"),
    path("entries/add/", views.TierEntryEditView.as_view(), name="tierentry_add"),
    path("entries/export/", views.TierEntryExportView.as_view(), name="tierentry_export"),
    path("entries/import/", views.RecognitionImportView.as_view(), name="tierentry_import"),
    path("entries/expire-due/", views.TierEntryExpireView.as_view(), name="tierentry_expire_due"),
    path("entries/ending/", views.EndingView.as_view(), name="ending"),
    path("entries/import/template/", views.RecognitionTemplateView.as_view(), name="recognition_template"),
    path("entries/import/<int:pk>/", views.RecognitionImportPreviewView.as_view(), name="recognition_import_preview"),
    path("entries/<int:pk>/", views.TierEntryDetailView.as_view(), name="tierentry_detail"),
    path("entries/<int:pk>/edit/", views.TierEntryEditView.as_view(), name="tierentry_edit"),
    path("entries/<int:pk>/delete/", views.TierEntryDeleteView.as_view(), name="tierentry_delete"),
    path("entries/<int:pk>/<str:action>/", views.TierEntryTransitionView.as_view(), name="tierentry_transition"),
    path("counts/", views.CountsView.as_view(), name="counts"),
    path("small-to-above/", views.SmallToAboveView.as_view(), name="small_to_above"),
]
