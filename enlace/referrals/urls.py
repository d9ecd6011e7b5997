from django.urls import path

from . import views, views_protection, views_work

app_name = "referrals"

urlpatterns = [
    path("", views.referral_home, name="home"),
    path("<uuid:pk>/", views.referral_detail, name="detail"),
    path("<uuid:pk>/revoke/", views.referral_revoke, name="revoke"),
    path("incoming/<uuid:pk>/", views.incoming_detail, name="incoming"),
    path("incoming/<uuid:pk>/respond/", views.incoming_respond, name="respond"),
    path("<uuid:pk>/messages/", views_work.message_post, name="message_post"),
    path("<uuid:pk>/plan/", views_work.plan_add, name="plan_add"),
    path("<uuid:pk>/plan/<uuid:item>/state/", views_work.plan_status, name="plan_status"),
    path("subject/<str:kind>/<uuid:pk>/", views.subject_detail, name="subject"),
    path("subject/<str:kind>/<uuid:pk>/refer/", views.refer, name="refer"),
    path("subject/<str:kind>/<uuid:pk>/consent/", views.consent_new, name="consent_new"),
    path("consent/<uuid:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("person/<uuid:pk>/recovery/", views_protection.recovery_new, name="recovery_new"),
    path("recovery/<uuid:pk>/extend/", views_protection.recovery_extend, name="recovery_extend"),
    path("person/<uuid:pk>/non-punishment/", views_protection.non_punishment_new, name="non_punishment_new"),
    path("directory/", views_protection.directory, name="directory"),
    path("notifications/", views_protection.notifications, name="notifications"),
    path("notifications/read/", views_protection.notifications_read, name="notifications_read"),
]
