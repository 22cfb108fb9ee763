from django.urls import path

from . import views

app_name = "mentoring"
urlpatterns = [
    path("", views.MentorDashboardView.as_view(), name="dashboard"),
    path("sessions/<int:pk>/log/", views.session_log, name="session_log"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/notice/", views.session_notice, name="session_notice"),
    path("sessions/<int:pk>/book/", views.session_book, name="session_book"),
    path("sessions/<int:pk>/reasons/", views.session_reasons, name="session_reasons"),
    path("sessions/<int:pk>/video-report/", views.session_report_upload, name="session_report_upload"),
    path("video-tool/events/", views.video_webhook, name="video_webhook"),
    path("students/<int:enrolment_pk>/report/", views.report_create, name="report_create"),
    path("students/<int:enrolment_pk>/slot/", views.slot_edit, name="slot_edit"),
    path("availability/", views.availability, name="availability"),
    path("suspensions/<int:pk>/decide/", views.suspension_decide, name="suspension_decide"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("projects/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("projects/<int:submission_pk>/present/", views.presentation_book, name="presentation_book"),
    path("presentations/<int:pk>/", views.presentation_detail, name="presentation_detail"),
    path("presentations/<int:pk>/cancel/", views.presentation_cancel, name="presentation_cancel"),
]
