"""Person URLs: random public ids only (never integer keys, names, documents or other person data in a URL)."""

from django.urls import path

from . import views

app_name = "persons"

urlpatterns = [
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/reveal/", views.person_reveal, name="reveal"),
    path("<uuid:person_id>/edit/", views.person_edit, name="edit"),
    path("<uuid:person_id>/identifiers/add/", views.person_identifiers_add_view, name="identifiers_add"),
]
