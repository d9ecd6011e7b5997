from django.urls import path

from . import views, views_instruments, views_offline, views_one_page

app_name = "screening"

urlpatterns = [
    path("", views.screening_list_view, name="list"),
    path("new/", views.screening_new, name="new"),
    path("one-page/", views_one_page.screening_one_page, name="one_page"),
    path("offline/", views_offline.offline_form, name="offline"),
    path("offline/key/", views_offline.offline_key, name="offline_key"),
    path("offline/sync/", views_offline.offline_sync, name="offline_sync"),
    path("sw.js", views_offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", views_offline.manifest, name="manifest"),
    path("<uuid:pk>/", views.screening_result, name="detail"),
    path("<uuid:pk>/result/", views.screening_result, name="result"),
    path("<uuid:pk>/step/<str:step>/", views.screening_step, name="step"),
    path("<uuid:pk>/discard/", views.screening_discard, name="discard"),
    path("<uuid:pk>/reveal/", views.screening_reveal, name="reveal"),
    path("<uuid:pk>/hand-over/", views.screening_hand_over, name="hand_over"),
    path("<uuid:pk>/convert/", views.screening_convert, name="convert"),
    path("instruments/", views_instruments.instrument_list, name="instruments"),
    path("instruments/add/", views_instruments.instrument_add, name="instrument_add"),
    path("instruments/<int:pk>/active/", views_instruments.instrument_active, name="instrument_active"),
]
