"""The benchmark's URLconf: the product's URLs, plus one bare page to measure the pages against.

Only ``benchmarks.settings`` uses it (``ROOT_URLCONF``): the product has no such page, so
``tests/core/test_url_access.py`` never meets it.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from openclassrooms.urls import urlpatterns as product_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """The least a signed-in page does: the same middleware, the session and the user read, no template."""
    return HttpResponse(request.user.email, content_type="text/plain; charset=utf-8")


urlpatterns = [*product_urlpatterns, path("bench/bare/", bare, name="bench_bare")]
