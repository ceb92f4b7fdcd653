from django.urls import URLPattern, URLResolver

app_name = "practice"
urlpatterns: list[URLPattern | URLResolver] = []
