from django.urls import URLPattern, URLResolver

app_name = "agreements"
urlpatterns: list[URLPattern | URLResolver] = []
