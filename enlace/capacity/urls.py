from django.urls import path

from . import views, views_training, views_workshop

app_name = "capacity"

urlpatterns = [
    path("", views.home, name="home"),
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("questionnaires/<int:pk>/", views.answer, name="answer"),
    path("my-training/", views_training.my_training, name="my_training"),
    path("certificates/<int:pk>/badge.json", views_training.badge, name="badge"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/respondents/", views.respondent_add, name="respondent_add"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("compare/", views.compare, name="compare"),
    path("assessed/<int:pk>/swot/", views_workshop.swot, name="swot"),
    path("assessed/<int:pk>/swot/build/", views_workshop.swot_build, name="swot_build"),
    path("assessed/<int:pk>/actions/", views_workshop.action_add, name="action_add"),
    path("swot/<int:pk>/items/", views_workshop.swot_item_add, name="swot_item_add"),
    path("swot/<int:pk>/validate/", views_workshop.swot_validate, name="swot_validate"),
    path("swot-items/<int:pk>/edit/", views_workshop.swot_item_edit, name="swot_item_edit"),
    path("swot-items/<int:pk>/remove/", views_workshop.swot_item_remove, name="swot_item_remove"),
    path("actions/", views_workshop.actions, name="actions"),
    path("actions/<int:pk>/status/", views_workshop.action_status, name="action_status"),
    path("courses/", views_training.courses, name="courses"),
    path("courses/new/", views_training.course_create, name="course_create"),
    path("courses/<int:pk>/", views_training.course_detail, name="course_detail"),
    path("courses/<int:pk>/sessions/", views_training.session_add, name="session_add"),
    path("sessions/<int:pk>/", views_training.session_detail, name="session_detail"),
    path("sessions/<int:pk>/import/", views_training.attendance_import, name="attendance_import"),
    path("staff/", views_training.staff, name="staff"),
    path("staff/new/", views_training.staff_create, name="staff_create"),
    path("coverage/", views_training.coverage_view, name="coverage"),
]
