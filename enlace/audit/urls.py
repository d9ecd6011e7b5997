"""Audit log (auditors only), under /audit/."""

from django.urls import path

from . import views, views_reports

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("verify/", views.audit_verify, name="verify"),
    path("export.csv", views_reports.audit_export, name="export"),
    path("reveals/", views_reports.audit_reveals, name="reveals"),
    path("reveals/export.csv", views_reports.audit_reveals_export, name="reveals_export"),
    path("suggest/", views_reports.audit_suggest, name="suggest"),
]
