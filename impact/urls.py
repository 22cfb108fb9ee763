from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("", views.CommitteeDashboardView.as_view(), name="dashboard"),
    path("board/", views.CompanyBoardDashboardView.as_view(), name="board_dashboard"),
    path("reports/", views.reports_public, name="reports"),
    path("reports/<int:year>/", views.report_public, name="report"),
    path("reports/<int:year>/v<int:version>/", views.report_public, name="report_version"),
    path("reports/<int:year>/v<int:version>.pdf", views.report_pdf, name="report_pdf"),
    path("drafts/new/", views.report_draft, name="report_new"),
    path("drafts/<int:pk>/", views.report_draft, name="report_draft"),
    path("drafts/<int:pk>/correct/", views.report_correct, name="report_correct"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("board/requests/<int:pk>/", views.board_request, name="board_request"),
    path("criteria/new/", views.criterion_edit, name="criterion_new"),
    path("criteria/<int:pk>/", views.criterion_detail, name="criterion"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/compute/", views.criterion_compute, name="criterion_compute"),
    path("criteria/<int:pk>/record/", views.criterion_record, name="criterion_record"),
]
