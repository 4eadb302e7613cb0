from django.urls import path

from .views import appeals as views
from .views import figures as views_figures
from .views import hotline as views_import

app_name = "appeals"

urlpatterns = [
    *views.AppealViews.paths("", "appeal"),
    path("export/", views.AppealExportView.as_view(), name="appeal_export"),
    path("import/", views_import.HotlineImportView.as_view(), name="hotline_import"),
    path("import/<int:pk>/", views_import.HotlineImportPreviewView.as_view(), name="hotline_import_preview"),
    path("figures/", views_figures.AppealFiguresView.as_view(), name="figures"),
    path("figures/export/", views_figures.AppealFiguresExportView.as_view(), name="figures_export"),
    path("<int:pk>/merge/", views.AppealMergeView.as_view(), name="appeal_merge"),
    path("<int:pk>/<slug:action>/", views.AppealMoveView.as_view(), name="appeal_move"),
    *views.AppealCategoryViews.paths("categories/", "appealcategory"),
    path("hops/", views.AppealHopListView.as_view(), name="appealhop_list"),
    path("attachments/", views.AppealAttachmentListView.as_view(), name="appealattachment_list"),
    path("attachments/add/", views.AppealAttachmentEditView.as_view(), name="appealattachment_add"),
    path("attachments/<int:pk>/delete/", views.AppealAttachmentDeleteView.as_view(), name="appealattachment_delete"),
]
