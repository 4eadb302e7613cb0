from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    *views.UserViews.paths("", "user"),
    path("export/", views.UserExportView.as_view(), name="user_export"),
    path("<int:pk>/password/", views.UserPasswordView.as_view(), name="user_password"),
    path("<int:pk>/token/", views.UserTokenView.as_view(), name="user_token"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/<str:code>/", views.RoleEditView.as_view(), name="role_edit"),
]
