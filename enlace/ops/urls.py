"""Jobs page of the administration area, under /administration/jobs/."""

from django.urls import path

from . import views

app_name = "ops"

urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("start/", views.job_start, name="job_start"),
    path("<int:run_id>/", views.job_detail, name="job_detail"),
]
