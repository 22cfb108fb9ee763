"""Public pages of the juries: anyone checks a diploma by its verification code (TRN-4)."""

from django.urls import path

from . import views

app_name = "diplomas"
urlpatterns = [
    path("verify/", views.diploma_verify, name="verify_form"),
    path("verify/<str:code>/", views.diploma_verify, name="verify"),
]
