"""Case URLs: random public ids only (never integer keys, names, documents or other person data in a URL)."""

from django.urls import path

from . import views, views_detail, views_entities, views_persons, views_tabs

app_name = "cases"

urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("new/", views.case_create_view, name="create"),
    path("<uuid:case_id>/", views_detail.case_detail_view, name="detail"),
    path("<uuid:case_id>/edit/", views.case_edit_view, name="edit"),
    path("<uuid:case_id>/status/", views.case_status_view, name="status"),
    path("<uuid:case_id>/persons/add/", views_persons.person_add, name="person_add"),
    path("<uuid:case_id>/persons/<uuid:case_person_id>/edit/", views_persons.person_role_edit, name="person_edit"),
    path("<uuid:case_id>/persons/<uuid:case_person_id>/remove/", views_persons.person_remove, name="person_remove"),
    path("<uuid:case_id>/organisations/add/", views_entities.organisation_add, name="organisation_add"),
    path("<uuid:case_id>/vehicles/add/", views_entities.vehicle_add, name="vehicle_add"),
    path("<uuid:case_id>/accounts/add/", views_entities.account_add, name="account_add"),
    path("<uuid:case_id>/entities/<slug:kind>/<int:entity_id>/edit/", views_entities.entity_edit, name="entity_edit"),
    path("<uuid:case_id>/entities/<slug:kind>/<int:entity_id>/remove/", views_entities.entity_remove,
         name="entity_remove"),
    path("<uuid:case_id>/references/add/", views_tabs.reference_add, name="reference_add"),
    path("<uuid:case_id>/places/add/", views_tabs.place_add, name="place_add"),
    path("<uuid:case_id>/places/<int:place_id>/remove/", views_tabs.place_remove, name="place_remove"),
    path("<uuid:case_id>/events/add/", views_tabs.event_add, name="event_add"),
    path("<uuid:case_id>/notes/add/", views_tabs.note_add, name="note_add"),
    path("<uuid:case_id>/tasks/add/", views_tabs.task_add, name="task_add"),
    path("<uuid:case_id>/tasks/<int:task_id>/complete/", views_tabs.task_complete, name="task_complete"),
    path("<uuid:case_id>/participants/add/", views_tabs.participant_add, name="participant_add"),
    path("<uuid:case_id>/sharings/add/", views_tabs.sharing_add, name="sharing_add"),
    path("<uuid:case_id>/sharings/<int:sharing_id>/end/", views_tabs.sharing_end, name="sharing_end"),
]
