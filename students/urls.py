from django.urls import path

from . import views

app_name = "students"
urlpatterns = [
    path("me/", views.StudentDashboardView.as_view(), name="dashboard"),
    path("me/profile/", views.my_profile, name="profile"),
    path("me/profile/corrections/<int:pk>/", views.profile_correction_detail, name="profile_correction"),
    path("success/", views.SuccessDashboardView.as_view(), name="success_dashboard"),
    path("requests/", views.my_requests, name="requests"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("projects/", views.my_projects, name="projects"),
    path("projects/<int:project_pk>/", views.project_detail, name="project_detail"),
    path("deliverables/<int:pk>/", views.deliverable_download, name="deliverable_download"),
    path("placements/<int:pk>/acknowledge/", views.placement_acknowledge, name="placement_acknowledge"),
]
