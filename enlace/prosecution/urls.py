"""Evidence, attachments, proceedings and elements URLs: numeric ids only."""

from django.urls import path

from . import views, views_attachments, views_proceedings

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
    path("cases/<int:case_id>/attachments/", views_attachments.attachments, name="attachments"),
    path("cases/<int:case_id>/attachments/new/", views_attachments.attachment_upload, name="attachment_upload"),
    path("attachments/<int:attachment_id>/", views_attachments.attachment_file, name="attachment_file"),
    path("cases/<int:case_id>/proceedings/", views_proceedings.proceedings, name="proceedings"),
    path("cases/<int:case_id>/proceedings/<slug:what>/", views_proceedings.proceedings_add, name="proceedings_add"),
    path("hearings/<int:hearing_id>/result/", views_proceedings.hearing_result, name="hearing_result"),
    path("charges/<int:charge_id>/status/", views_proceedings.charge_status, name="charge_status"),
    path("appeals/<int:appeal_id>/outcome/", views_proceedings.appeal_outcome, name="appeal_outcome"),
    path("cases/<int:case_id>/elements/", views_proceedings.elements, name="elements"),
    path("cases/<int:case_id>/elements/open/", views_proceedings.elements_open, name="elements_open"),
    path("elements/<int:link_id>/", views_proceedings.element_update, name="element_update"),
    path("elements/<int:link_id>/edit/", views_proceedings.element_edit, name="element_edit"),
]
