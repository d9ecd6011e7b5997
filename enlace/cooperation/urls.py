from django.urls import path

from . import views, views_intl, views_plans

app_name = "cooperation"

urlpatterns = [
    path("", views.liaison_home, name="home"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("agreements/<int:pk>/document/upload/", views.agreement_upload, name="agreement_upload"),
    path("liaisons/", views.liaisons, name="liaisons"),
    path("requests/", views.requests, name="requests"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<uuid:pk>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:pk>/answer/", views.request_answer, name="request_answer"),
    path("requests/<uuid:pk>/files/<int:attachment_id>/", views.request_attachment, name="request_attachment"),
    path("requests/<uuid:pk>/move/", views.request_move, name="request_move"),
    path("requests/<uuid:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("notices/read/", views.notices_read, name="notices_read"),
    path("international/", views_intl.international, name="international"),
    path("international/mla/new/", views_intl.mla_create, name="mla_create"),
    path("international/mla/<uuid:pk>/", views_intl.mla_detail, name="mla_detail"),
    path("international/mla/<uuid:pk>/move/", views_intl.mla_move, name="mla_move"),
    path("international/notices/new/<uuid:case_id>/", views_intl.notice_create, name="notice_create"),
    path("international/notices/<uuid:pk>/", views_intl.notice_detail, name="notice_detail"),
    path("international/notices/<uuid:pk>/status/", views_intl.notice_status, name="notice_status"),
    path("international/teams/new/", views_intl.jit_create, name="jit_create"),
    path("international/teams/<uuid:pk>/", views_intl.jit_detail, name="jit_detail"),
    path("international/teams/<uuid:pk>/extend/", views_intl.jit_extend, name="jit_extend"),
    path("international/<str:kind>/<uuid:pk>/cases/", views_intl.intl_case_add, name="intl_case_add"),
    path("plans/", views_plans.plans, name="plans"),
    path("plans/new/", views_plans.plan_create, name="plan_create"),
    path("plans/review/", views_plans.plans_review, name="plans_review"),
    path("plans/<uuid:pk>/", views_plans.plan_detail, name="plan_detail"),
    path("plans/<uuid:pk>/add/<str:part>/", views_plans.plan_add, name="plan_add"),
    path("plans/<uuid:pk>/milestones/<int:milestone_id>/", views_plans.milestone_status, name="milestone_status"),
    path("operations/new/", views_plans.operation_create, name="operation_create"),
    path("operations/<uuid:pk>/", views_plans.operation_detail, name="operation_detail"),
    path("operations/<uuid:pk>/results/", views_plans.operation_update, name="operation_update"),
    path("operations/<uuid:pk>/cases/", views_plans.operation_case_add, name="operation_case_add"),
]
