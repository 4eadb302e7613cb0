from django.urls import path

from core.views import object_paths

from . import views

app_name = "accounts"

urlpatterns = [
    *object_paths("", "user", views.UserListView, views.UserDetailView, views.UserEditView, views.UserDeleteView),
    path("export/", views.UserExportView.as_view(), name="user_export"),
    path("<int:pk>/password/", views.UserPasswordView.as_view(), name="user_password"),
    path("<int:pk>/token/", views.UserTokenView.as_view(), name="user_token"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/<str:code>/", views.RoleEditView.as_view(), name="role_edit"),
]
