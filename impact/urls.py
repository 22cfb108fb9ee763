from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("", views.CommitteeDashboardView.as_view(), name="dashboard"),
    path("board/", views.CompanyBoardDashboardView.as_view(), name="board_dashboard"),
]
