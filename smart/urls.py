app_name = "smart"
urlpatterns: list = []
