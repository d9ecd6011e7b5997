"""Report URLs: numeric ids only."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("cases/<uuid:case_id>/report.pdf", views.case_report_pdf, name="case_report"),
]
