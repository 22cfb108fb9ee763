"""Issue 17: ``/healthz`` answered before the rest of the middleware, and a page that needed Redis while it
was down."""

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .views import healthz


class HealthCheckMiddleware:
    """First in MIDDLEWARE: a GET or HEAD of ``/healthz`` is answered here, by ``core.views.healthz``.

    Why here: a container's probe asks ``http://127.0.0.1:8000/healthz``. In production SecurityMiddleware
    would send it to HTTPS (301) and CommonMiddleware would refuse its Host (400: 127.0.0.1, or whatever
    address the orchestrator uses, is not in ALLOWED_HOSTS). ``SECURE_REDIRECT_EXEMPT`` lifts the first
    but nothing lifts the second for one path: the probe's addresses would have to join ALLOWED_HOSTS,
    which opens every page to them. Answering before both touches nothing else either: the probe gets no
    session, no cookie, no CSRF token, no language negotiation, no user lookup. The URL stays in urls.py
    (``reverse("healthz")``); any other method goes through the whole stack, as any page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # request.path, not path_info: reverse() includes the script prefix too.
        if request.method in ("GET", "HEAD") and request.path == reverse("healthz"):
            return healthz(request)
        return self.get_response(request)


logger = logging.getLogger(__name__)


class RedisUnavailableMiddleware:
    """A page that needed the shared cache while Redis was down answers 503 with a page that says to try again
    in a minute, not a server error. Signing in is such a page: its rate limits live only in the cache and
    are never skipped. (Sessions do not need Redis: core.cache.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (RedisConnectionError, RedisTimeoutError)):
            return None
        logger.warning("Redis unreachable (%s): %s %s answered 503", exception, request.method, request.path)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "60"
        return response
