from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [path("", views.OperationLogView.as_view(), name="operation_log")]
