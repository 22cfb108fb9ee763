from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("", views.CommitteeDashboardView.as_view(), name="dashboard"),
    path("board/", views.CompanyBoardDashboardView.as_view(), name="board_dashboard"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("board/requests/<int:pk>/", views.board_request, name="board_request"),
    path("criteria/new/", views.criterion_edit, name="criterion_new"),
    path("criteria/<int:pk>/", views.criterion_detail, name="criterion"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/compute/", views.criterion_compute, name="criterion_compute"),
    path("criteria/<int:pk>/record/", views.criterion_record, name="criterion_record"),
]
