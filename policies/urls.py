from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    *views.PolicyViews.paths("", "policy"),
    path("mine/", views.MyPoliciesView.as_view(), name="my_policies"),
    path("figures/", views.PolicyFiguresView.as_view(), name="figures"),
    path("figures/export/", views.PolicyFiguresExportView.as_view(), name="figures_export"),
    path("jobs/<int:pk>/", views.PolicyJobView.as_view(), name="policy_job"),
    path("<int:pk>/confirm/", views.PolicyConfirmView.as_view(), name="policy_confirm"),
    path("<int:pk>/attach/", views.PolicyAttachmentAddView.as_view(), name="policyattachment_upload"),
    path("attachments/<int:pk>/delete/", views.PolicyAttachmentDeleteView.as_view(), name="policyattachment_remove"),
    *views.PolicyCriterionViews.paths("criteria/", "policycriterion"),
    *views.PolicyGrantViews.paths("grants/", "policygrant"),
    path("grants/<int:pk>/attach/", views.GrantAttachmentAddView.as_view(), name="grantattachment_upload"),
    path("grants/attachments/<int:pk>/", views.GrantAttachmentDownloadView.as_view(), name="grantattachment_download"),
    path(
        "grants/attachments/<int:pk>/delete/", views.GrantAttachmentDeleteView.as_view(), name="grantattachment_remove"
    ),
    path("grants/<int:pk>/<slug:action>/", views.PolicyGrantReviewView.as_view(), name="policygrant_review"),
    *views.DisbursementViews.paths("payments/", "disbursement"),
    path("payments/import/", views.DisbursementImportView.as_view(), name="disbursement_import"),
    path("payments/import/template/", views.DisbursementTemplateView.as_view(), name="disbursement_template"),
    path(
        "payments/import/<int:pk>/", views.DisbursementImportPreviewView.as_view(), name="disbursement_import_preview"
    ),
]
