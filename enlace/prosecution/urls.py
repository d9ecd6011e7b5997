"""Evidence, attachments, proceedings and elements URLs: numeric ids only."""

from django.urls import path

from . import views, views_attachments, views_proceedings

app_name = "prosecution"

urlpatterns = [
    path("cases/<uuid:case_id>/evidence/", views.evidence_list, name="evidence_list"),
    path("cases/<uuid:case_id>/evidence/new/", views.evidence_create, name="evidence_create"),
    path("evidence/<uuid:item_id>/", views.evidence_detail, name="evidence_detail"),
    path("evidence/<uuid:item_id>/files/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<uuid:item_id>/transfer/", views.evidence_transfer, name="evidence_transfer"),
    path("evidence/<uuid:item_id>/confirm/", views.evidence_confirm, name="evidence_confirm"),
    path("evidence/<uuid:item_id>/dispose/", views.evidence_dispose, name="evidence_dispose"),
    path("evidence-files/<int:file_id>/", views.evidence_download, name="evidence_download"),
    path("cases/<uuid:case_id>/attachments/", views_attachments.attachments, name="attachments"),
    path("cases/<uuid:case_id>/attachments/new/", views_attachments.attachment_upload, name="attachment_upload"),
    path("attachments/<uuid:attachment_id>/", views_attachments.attachment_file, name="attachment_file"),
    path("cases/<uuid:case_id>/proceedings/", views_proceedings.proceedings, name="proceedings"),
    path("cases/<uuid:case_id>/proceedings/<slug:what>/", views_proceedings.proceedings_add, name="proceedings_add"),
    path("hearings/<uuid:hearing_id>/result/", views_proceedings.hearing_result, name="hearing_result"),
    path("charges/<int:charge_id>/status/", views_proceedings.charge_status, name="charge_status"),
    path("appeals/<int:appeal_id>/outcome/", views_proceedings.appeal_outcome, name="appeal_outcome"),
    path("cases/<uuid:case_id>/elements/", views_proceedings.elements, name="elements"),
    path("cases/<uuid:case_id>/elements/open/", views_proceedings.elements_open, name="elements_open"),
    path("elements/<uuid:link_id>/", views_proceedings.element_update, name="element_update"),
    path("elements/<uuid:link_id>/edit/", views_proceedings.element_edit, name="element_edit"),
]
