"""Special techniques URLs: numeric ids only."""

from django.urls import path

from . import views

app_name = "techniques"

urlpatterns = [
    path("cases/<uuid:case_id>/techniques/", views.authorisation_list, name="list"),
    path("cases/<uuid:case_id>/techniques/new/", views.authorisation_create, name="create"),
    path("authorisations/<uuid:authorisation_id>/", views.authorisation_detail, name="detail"),
    path("authorisations/<uuid:authorisation_id>/renew/", views.authorisation_renew, name="renew"),
    path("authorisations/<uuid:authorisation_id>/confirm/", views.authorisation_confirm, name="confirm"),
]
