from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.UserListView.as_view(), name="user_list"),
    path("add/", views.UserEditView.as_view(), name="user_add"),
    path("export/", views.UserExportView.as_view(), name="user_export"),
    path("<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("<int:pk>/delete/", views.UserDeleteView.as_view(), name="user_delete"),
    path("<int:pk>/password/", views.UserPasswordView.as_view(), name="user_password"),
    path("<int:pk>/token/", views.UserTokenView.as_view(), name="user_token"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/<str:code>/", views.RoleEditView.as_view(), name="role_edit"),
]
