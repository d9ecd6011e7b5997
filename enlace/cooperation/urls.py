from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("", views.liaison_home, name="home"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("liaisons/", views.liaisons, name="liaisons"),
    path("requests/", views.requests, name="requests"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<uuid:pk>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:pk>/answer/", views.request_answer, name="request_answer"),
    path("requests/<uuid:pk>/move/", views.request_move, name="request_move"),
    path("requests/<uuid:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("notices/read/", views.notices_read, name="notices_read"),
]
