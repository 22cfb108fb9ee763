from django.urls import path

from . import views

app_name = "discipline"
urlpatterns = [
    path("", views.BoardDashboardView.as_view(), name="dashboard"),
]
