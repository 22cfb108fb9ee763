from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from .dashboards import dashboards_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their dashboard; someone with several roles chooses."""
    dashboards = dashboards_for(request.user)
    if len(dashboards) == 1:
        return redirect(dashboards[0].url)
    return render(request, "core/home.html", {"dashboards": dashboards})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return redirect(static("img/favicon.svg"), permanent=True)
