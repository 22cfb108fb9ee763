from django.urls import path

from . import views

app_name = "juries"
urlpatterns = [
    path("", views.JuryDashboardView.as_view(), name="dashboard"),
    path("candidates/<int:pk>/", views.candidate_record, name="candidate_record"),
    path("candidates/<int:pk>/conflict/", views.conflict_declare, name="conflict_declare"),
    path("remedial/<int:pk>/", views.remedial_detail, name="remedial_detail"),
    path("remedial/<int:pk>/review/", views.remedial_review, name="remedial_review"),
    path("candidacies/<int:pk>/portfolio/", views.portfolio, name="portfolio"),
    path("portfolios/files/<int:pk>/", views.portfolio_file, name="portfolio_file"),
    path("remedial/files/<int:pk>/", views.remedial_file, name="remedial_file"),
    path("candidates/files/<int:pk>/", views.candidate_file, name="candidate_file"),
    path("diplomas/<int:pk>/certificate.pdf", views.diploma_certificate, name="diploma_certificate"),
    path("sittings/<int:pk>/minutes/sign/", views.minutes_sign, name="minutes_sign"),
    path("minutes/<int:pk>.pdf", views.minutes_download, name="minutes_download"),
]
