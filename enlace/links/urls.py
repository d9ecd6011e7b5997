"""Linking URLs: numeric ids and blind-index node ids only, never names or numbers."""

from django.urls import path

from . import views, views_case_merge, views_network, views_requests, views_review, views_search

app_name = "links"

urlpatterns = [
    path("search/", views_search.person_search_view, name="person_search"),
    path("review/", views_review.review_queue_view, name="review"),
    path("candidates/<int:candidate_id>/", views_review.candidate_view, name="candidate"),
    path("persons/<uuid:person_id>/", views.person_matches_view, name="person_matches"),
    path("persons/<uuid:person_id>/combined/", views.person_combined_view, name="person_combined"),
    path("persons/<uuid:person_id>/request/", views_requests.request_create_view, name="request_create"),
    path("cases/<uuid:case_id>/", views.case_matches_view, name="case_matches"),
    path("cases/<uuid:case_id>/added/<uuid:person_id>/", views.person_added_view, name="person_added"),
    path("cases/<uuid:case_id>/merge/", views_case_merge.case_merge_view, name="case_merge"),
    path("cases/<uuid:case_id>/export/", views_network.case_export_view, name="case_export"),
    path("requests/", views_requests.request_list_view, name="requests"),
    path("requests/<uuid:request_id>/", views_requests.request_detail_view, name="request_detail"),
    path("network/", views_network.network_view, name="network"),
    path("network/data/", views_network.network_data_view, name="network_data"),
    path("network/export/", views_network.network_export_view, name="network_export"),
    path("routes/", views_network.routes_view, name="routes"),
    path("transnational/", views_network.transnational_view, name="transnational"),
]
