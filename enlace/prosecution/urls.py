"""Evidence URLs: numeric ids only."""

from django.urls import path

from . import views

app_name = "prosecution"

urlpatterns = [
    path("cases/<int:case_id>/evidence/", views.evidence_list, name="evidence_list"),
    path("cases/<int:case_id>/evidence/new/", views.evidence_create, name="evidence_create"),
    path("evidence/<int:item_id>/", views.evidence_detail, name="evidence_detail"),
    path("evidence/<int:item_id>/files/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:item_id>/transfer/", views.evidence_transfer, name="evidence_transfer"),
    path("evidence/<int:item_id>/confirm/", views.evidence_confirm, name="evidence_confirm"),
    path("evidence/<int:item_id>/dispose/", views.evidence_dispose, name="evidence_dispose"),
    path("evidence-files/<int:file_id>/", views.evidence_download, name="evidence_download"),
]
