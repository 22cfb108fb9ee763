from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import exports, health, selectors, services
from .dashboards import dashboards_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their dashboard; someone with several roles chooses."""
    dashboards = dashboards_for(request.user)
    if len(dashboards) == 1:
        return redirect(dashboards[0].url)
    return render(request, "core/home.html", {"dashboards": dashboards})


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Issue 17: 200 when the database and the Celery broker answer, else 503; one line for each, in plain
    English for operators (not translated: no person of the school reads it). Answered by
    ``core.middleware.HealthCheckMiddleware`` before any other middleware (see there why). Asked through the
    proxy (it adds X-Forwarded-For), the answer leaves out the reasons, which name internal hosts."""
    checks = health.run()
    outside = "HTTP_X_FORWARDED_FOR" in request.META
    body = "".join(f"{check.summary if outside else check}\n" for check in checks)
    status = 200 if all(check.ok for check in checks) else 503
    return HttpResponse(body, content_type="text/plain; charset=utf-8", status=status)


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


# --- The student's copy of their data (GDPR arts. 15 and 20) --------------------------------------------


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "home"


@login_required
@require_POST
def data_export_request(request: HttpRequest) -> HttpResponse:
    """A student asks for a copy of their whole record, whether their training is under way or over."""
    if not request.user.has_perm("students.view_student_dashboard"):
        raise PermissionDenied
    try:
        services.export_request(student=request.user)
    except services.ExportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "We are preparing your copy: we e-mail you the link as soon as it is ready, usually within "
                "minutes. It can be downloaded for %(days)s day.",
                "We are preparing your copy: we e-mail you the link as soon as it is ready, usually within "
                "minutes. It can be downloaded for %(days)s days.",
                settings.EXPORT_LINK_DAYS,
            )
            % {"days": settings.EXPORT_LINK_DAYS},
        )
    return redirect(_back(request))


@login_required
def data_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The ZIP, for the student it is about and nobody else (404); after its expiry, a page that says when it
    expired and offers to ask again (410). The student's own download is not logged (core.AccessLog)."""
    export = selectors.export_of_student(student_id=request.user.pk, pk=pk)
    if export is None or export.built_at is None:
        raise Http404("No such copy of your data.")
    if exports.state(export, now=timezone.now()) != "ready":
        return render(
            request,
            "core/data_export_expired.html",
            {"export": export, "days": settings.EXPORT_LINK_DAYS},
            status=410,
        )
    built = timezone.localtime(export.built_at, exports.student_zone(request.user))
    return FileResponse(
        export.file.open("rb"),
        content_type="application/zip",
        as_attachment=True,
        filename=f"openclassrooms-my-data-{built:%Y-%m-%d}.zip",
    )
