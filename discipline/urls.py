from django.urls import path

from . import views

app_name = "discipline"
urlpatterns = [
    path("", views.BoardDashboardView.as_view(), name="dashboard"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/<slug:action>/", views.case_action, name="case_action"),
    path("cases/<int:pk>/letter.pdf", views.letter_download, name="letter_download"),
    path("my-cases/<int:pk>/", views.my_case, name="my_case"),
    path("students/<int:enrolment_pk>/open/", views.case_open, name="case_open"),
    path("work/<int:submission_pk>/flag/", views.flag_work, name="flag_work"),
    path(
        "presentations/<int:presentation_pk>/fraud/",
        views.flag_presentation_fraud,
        name="flag_presentation_fraud",
    ),
]
