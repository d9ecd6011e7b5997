from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tables/<slug:indicator>/<slug:dimension>.csv", views.table_csv, name="table_csv"),
    path("national/", views.national, name="national"),
    path("national/<slug:version>.<slug:fmt>", views.national_download, name="national_download"),
    path("releases/", views.releases, name="releases"),
    path("releases/new/", views.release_create, name="release_create"),
    path("releases/<int:pk>/download/", views.release_download, name="release_download"),
]
