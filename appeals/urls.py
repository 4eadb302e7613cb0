from django.urls import path

from .views import appeals as views
from .views import figures as views_figures
from .views import hotline as views_import

app_name = "appeals"

urlpatterns = [
    path("", views.AppealListView.as_view(), name="appeal_list"),
    path("add/", views.AppealEditView.as_view(), name="appeal_add"),
    path("export/", views.AppealExportView.as_view(), name="appeal_export"),
    path("import/", views_import.HotlineImportView.as_view(), name="hotline_import"),
    path("import/<int:pk>/", views_import.HotlineImportPreviewView.as_view(), name="hotline_import_preview"),
    path("figures/", views_figures.AppealFiguresView.as_view(), name="figures"),
    path("figures/export/", views_figures.AppealFiguresExportView.as_view(), name="figures_export"),
    path("<int:pk>/", views.AppealDetailView.as_view(), name="appeal_detail"),
    path("<int:pk>/edit/", views.AppealEditView.as_view(), name="appeal_edit"),
    path("<int:pk>/delete/", views.AppealDeleteView.as_view(), name="appeal_delete"),
    path("<int:pk>/merge/", views.AppealMergeView.as_view(), name="appeal_merge"),
    path("<int:pk>/<slug:action>/", views.AppealMoveView.as_view(), name="appeal_move"),
    path("categories/", views.AppealCategoryListView.as_view(), name="appealcategory_list"),
    path("categories/add/", views.AppealCategoryEditView.as_view(), name="appealcategory_add"),
    path("categories/<int:pk>/edit/", views.AppealCategoryEditView.as_view(), name="appealcategory_edit"),
    path("categories/<int:pk>/delete/", views.AppealCategoryDeleteView.as_view(), name="appealcategory_delete"),
    path("hops/", views.AppealHopListView.as_view(), name="appealhop_list"),
    path("attachments/", views.AppealAttachmentListView.as_view(), name="appealattachment_list"),
    path("attachments/add/", views.AppealAttachmentEditView.as_view(), name="appealattachment_add"),
    path("attachments/<int:pk>/delete/", views.AppealAttachmentDeleteView.as_view(), name="appealattachment_delete"),
]
