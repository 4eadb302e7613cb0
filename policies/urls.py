from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.PolicyListView.as_view(), name="policy_list"),
    path("add/", views.PolicyEditView.as_view(), name="policy_add"),
    path("mine/", views.MyPoliciesView.as_view(), name="my_policies"),
    path("figures/", views.PolicyFiguresView.as_view(), name="figures"),
    path("figures/export/", views.PolicyFiguresExportView.as_view(), name="figures_export"),
    path("jobs/<int:pk>/", views.PolicyJobView.as_view(), name="policy_job"),
    path("<int:pk>/", views.PolicyDetailView.as_view(), name="policy_detail"),
    path("<int:pk>/edit/", views.PolicyEditView.as_view(), name="policy_edit"),
    path("<int:pk>/delete/", views.PolicyDeleteView.as_view(), name="policy_delete"),
    path("<int:pk>/confirm/", views.PolicyConfirmView.as_view(), name="policy_confirm"),
    path("<int:pk>/attach/", views.PolicyAttachmentAddView.as_view(), name="policyattachment_upload"),
    path("attachments/<int:pk>/delete/", views.PolicyAttachmentDeleteView.as_view(), name="policyattachment_remove"),
    path("criteria/", views.PolicyCriterionListView.as_view(), name="policycriterion_list"),
    path("criteria/add/", views.PolicyCriterionEditView.as_view(), name="policycriterion_add"),
    path("criteria/<int:pk>/edit/", views.PolicyCriterionEditView.as_view(), name="policycriterion_edit"),
    path("criteria/<int:pk>/delete/", views.PolicyCriterionDeleteView.as_view(), name="policycriterion_delete"),
    path("grants/", views.PolicyGrantListView.as_view(), name="policygrant_list"),
    path("grants/add/", views.PolicyGrantEditView.as_view(), name="policygrant_add"),
    path("grants/<int:pk>/", views.PolicyGrantDetailView.as_view(), name="policygrant_detail"),
    path("grants/<int:pk>/edit/", views.PolicyGrantEditView.as_view(), name="policygrant_edit"),
    path("grants/<int:pk>/attach/", views.GrantAttachmentAddView.as_view(), name="grantattachment_upload"),
    path("grants/attachments/<int:pk>/", views.GrantAttachmentDownloadView.as_view(), name="grantattachment_download"),
    path(
        "grants/attachments/<int:pk>/delete/", views.GrantAttachmentDeleteView.as_view(), name="grantattachment_remove"
    ),
    path("grants/<int:pk>/<slug:action>/", views.PolicyGrantReviewView.as_view(), name="policygrant_review"),
    path("payments/", views.DisbursementListView.as_view(), name="disbursement_list"),
    path("payments/add/", views.DisbursementEditView.as_view(), name="disbursement_add"),
    path("payments/import/", views.DisbursementImportView.as_view(), name="disbursement_import"),
    path("payments/import/template/", views.DisbursementTemplateView.as_view(), name="disbursement_template"),
    path(
        "payments/import/<int:pk>/", views.DisbursementImportPreviewView.as_view(), name="disbursement_import_preview"
    ),
    path("payments/<int:pk>/edit/", views.DisbursementEditView.as_view(), name="disbursement_edit"),
    path("payments/<int:pk>/delete/", views.DisbursementDeleteView.as_view(), name="disbursement_delete"),
]
