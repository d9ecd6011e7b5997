"""Administration area (system administrators only) and personal API tokens, under /administration/."""

from django.urls import path

from . import views_admin as v
from . import views_grants as g
from . import views_org as o

app_name = "accounts"

urlpatterns = [
    path("", v.admin_home, name="admin_home"),
    path("institutions/", v.institution_list, name="institution_list"),
    path("institutions/new/", v.institution_create, name="institution_create"),
    path("institutions/<int:institution_id>/units/", v.unit_list, name="unit_list"),
    path("institutions/<int:institution_id>/units/new/", v.unit_create, name="unit_create"),
    path("institutions/<int:institution_id>/active/", o.institution_active, name="institution_active"),
    path("units/<int:unit_id>/active/", o.unit_active, name="unit_active"),
    path("units/options/", o.unit_options, name="unit_options"),
    path("teams/", v.team_list, name="team_list"),
    path("teams/new/", v.team_create, name="team_create"),
    path("teams/<int:pk>/", v.team_detail, name="team_detail"),
    path("teams/<int:pk>/members/<int:user_id>/remove/", v.team_member_remove, name="team_member_remove"),
    path("teams/<int:pk>/active/", o.team_active, name="team_active"),
    path("teams/<int:pk>/candidates/", o.team_candidate_options, name="team_candidates"),
    path("users/", v.user_list, name="user_list"),
    path("users/new/", v.user_create, name="user_create"),
    path("users/<int:pk>/", v.user_detail, name="user_detail"),
    path("users/<int:pk>/active/", v.user_set_active, name="user_set_active"),
    path("users/<int:pk>/totp-reset/", v.user_totp_reset, name="user_totp_reset"),
    path("memberships/<int:pk>/revoke/", v.membership_revoke, name="membership_revoke"),
    path("municipalities/", v.municipality_list, name="municipality_list"),
    path("approvals/", g.grant_list, name="grant_list"),
    path("approvals/<int:pk>/approve/", g.grant_approve_view, name="grant_approve"),
    path("approvals/<int:pk>/reject/", g.grant_reject_view, name="grant_reject"),
    path("tokens/", v.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", v.token_revoke, name="token_revoke"),
]
