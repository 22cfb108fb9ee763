from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from openclassrooms.accounts import views as account_views
from openclassrooms.core import views as core_views

admin.site.site_header = _("OpenClassrooms — Student Success")
admin.site.site_title = _("OpenClassrooms admin")
admin.site.index_title = _("Student records")
# One sign-in page for everyone (allauth: rate limits, MFA); the admin's never takes a password.
admin.site.login = account_views.admin_login

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("language/", account_views.language_choose, name="language"),
    path("favicon.ico", core_views.favicon),
    # allauth's pages to add an authenticator app or a security key, which then send people on to where
    # they were going.
    path("accounts/2fa/totp/activate/", account_views.totp_activate, name="mfa_activate_totp"),
    path("accounts/2fa/webauthn/add/", account_views.webauthn_add, name="mfa_add_webauthn"),
    path("accounts/", include("allauth.urls")),
    path("calendar/<str:token>.ics", account_views.calendar_feed, name="calendar_feed"),
    path("calendar/regenerate/", account_views.calendar_regenerate, name="calendar_regenerate"),
    path("my-data/", core_views.data_export_request, name="data_export_request"),
    path("my-data/<int:pk>/download/", core_views.data_export_download, name="data_export_download"),
    # The first feeds were served here: links already in people's calendar apps keep working.
    path("mentoring/calendar/<str:token>.ics", account_views.calendar_feed),
    path("admin/", admin.site.urls),
    path("students/", include("students.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("discipline/", include("discipline.urls")),
    path("juries/", include("juries.urls")),
    path("diplomas/", include("juries.public_urls")),
    path("impact/", include("impact.urls")),
]
