"""PDF/A documents printed by WeasyPrint with a URL fetcher that serves only the project's own static files
(CONVENTIONS, "Libraries we chose"): nothing in a document can make the server fetch a URL or read a file.
The registered letter (DIS-8), the diploma certificate and the jury's minutes (TRN-4) are printed here.

WeasyPrint 70 expects ``url_fetcher`` to be an instance of ``weasyprint.urls.URLFetcher`` (its ``fetch``
helper reads ``url_fetcher._fail_on_errors`` and only accepts a ``URLFetcherResponse``), not a function
returning a dict as in earlier versions. ``safe_url_fetcher`` holds the policy; ``SafeURLFetcher`` adapts it
to that class API.
"""

from __future__ import annotations

import functools
import mimetypes
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

PDF_VARIANT = "pdf/a-3b"  # one of weasyprint.pdf.pdfa.VARIANTS in version 70

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9.+-]*):")  # RFC 3986, as WeasyPrint reads it

# --- The URL fetcher: our static files, nothing else -------------------------------------------------


def _static_roots() -> list[Path]:
    """The folders of STATICFILES_DIRS, resolved (an entry may be a (prefix, path) pair)."""
    roots = []
    for entry in settings.STATICFILES_DIRS:
        path = entry[1] if isinstance(entry, list | tuple) else entry
        roots.append(Path(path).resolve())
    return roots


def static_base_url() -> str:
    """The base URL the letter's relative links (``css/letter.css``) resolve against."""
    return _static_roots()[0].as_uri() + "/"


def _found_by_finders(relative: str, url: str) -> Path:
    """A path below STATIC_URL, looked up with the staticfiles finders (no ``..``, no absolute path)."""
    relative = unquote(relative).lstrip("/")
    parts = relative.split("/")
    if not relative or ".." in parts or "\\" in relative or "\x00" in relative:
        raise ValueError(f"Refused static path: {url!r}")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as exc:
        raise ValueError(f"Refused static path: {url!r}") from exc
    if not found:
        raise ValueError(f"No such static file: {url!r}")
    path = Path(found).resolve()
    if not path.is_file():
        raise ValueError(f"Not a static file: {url!r}")
    return path


def _static_url_path() -> str | None:
    """STATIC_URL when it is a path on this site (``/static/``), else None."""
    static_url = settings.STATIC_URL or ""
    return static_url if static_url.startswith("/") else None


def _resolve(url: str) -> Path:
    """The static file ``url`` names, or ValueError."""
    if not isinstance(url, str):
        raise ValueError(f"Refused URL: {url!r}")
    match = _SCHEME.match(url)
    scheme = match[1].lower() if match else ""

    if scheme == "static":
        return _found_by_finders(url.partition(":")[2].split("?")[0].split("#")[0], url)

    static_url = _static_url_path()
    if scheme == "" and static_url and url.startswith(static_url):
        # A bare "/static/css/letter.css", as {% static %} writes it.
        return _found_by_finders(urlsplit(url).path[len(static_url) :], url)

    if scheme != "file":
        raise ValueError(f"Refused URL (only our static files are served): {url!r}")

    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"Refused file URL on another host: {url!r}")
    raw_path = url2pathname(parts.path)  # unquotes %2e%2e and friends
    if "\x00" in raw_path:
        raise ValueError(f"Refused URL: {url!r}")
    path = Path(raw_path).resolve()  # follows symlinks and "..", so nothing escapes the check below
    for root in _static_roots():
        if path.is_relative_to(root):
            if not path.is_file():
                raise ValueError(f"Not a static file: {url!r}")
            return path
    if static_url and parts.path.startswith(static_url):
        # "/static/…" joined onto a file:// base URL: look it up like {% static %} would.
        return _found_by_finders(parts.path[len(static_url) :], url)
    raise ValueError(f"Refused file URL outside the static files: {url!r}")


def safe_url_fetcher(url: str, *args, **kwargs):
    """Serve a file of the project's static files, and refuse (ValueError) every other URL.

    Accepted: ``static:css/letter.css``; ``/static/css/letter.css`` (looked up with the staticfiles
    finders); a ``file://`` URL that, once resolved, lies inside one of STATICFILES_DIRS. Refused: http,
    https, ftp, data:, any file elsewhere (``..`` included), another host's file URL.

    Returns a ``weasyprint.urls.URLFetcherResponse``, the only thing WeasyPrint 70 accepts.
    """
    path = _resolve(url)
    mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    headers = {"Content-Type": f"{mime_type}; charset=utf-8" if mime_type == "text/css" else mime_type}
    # The response URL is the real file, so relative URLs inside a stylesheet resolve against it (and
    # come back here to be checked again).
    return _weasyprint().urls.URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers=headers)


@functools.cache
def _weasyprint():
    """WeasyPrint, imported on first use: it loads Pango, too slow for every Django start and never needed
    but by the tasks that print documents."""
    import weasyprint  # noqa: PLC0415  (heavy: loads Pango; only documents need it)
    import weasyprint.text.fonts  # noqa: PLC0415  (same)
    import weasyprint.urls  # noqa: PLC0415  (same)

    return weasyprint


@functools.cache
def _safe_fetcher_class():
    """Built on first use, with WeasyPrint."""

    class SafeURLFetcher(_weasyprint().urls.URLFetcher):
        """WeasyPrint 70's fetcher API around ``safe_url_fetcher``: no network handler is ever used."""

        def __init__(self, **kwargs):
            kwargs.setdefault("allowed_protocols", ("file", "static"))
            kwargs.setdefault("allow_redirects", False)
            super().__init__(**kwargs)

        def fetch(self, url, headers=None):
            return safe_url_fetcher(url)

        def open(self, url, data=None, timeout=None):
            full_url = getattr(url, "full_url", url)
            return safe_url_fetcher(full_url)

    return SafeURLFetcher


_per_thread = threading.local()


def _font_config():
    """One WeasyPrint FontConfiguration per thread, reused for every document.

    WeasyPrint 70 builds a new Fontconfig configuration for each document unless given one, and about
    200 KB of it is never freed: 200 letters grew a worker by 40 MB. Reusing it keeps memory flat (and
    saves loading the system fonts each time). Pango objects are not shared across threads.
    """
    font_config = getattr(_per_thread, "font_config", None)
    if font_config is None:
        font_config = _per_thread.font_config = _weasyprint().text.fonts.FontConfiguration()
    return font_config


def make_url_fetcher():
    """A fresh WeasyPrint fetcher that only serves static files (one per render: it is not shared)."""
    return _safe_fetcher_class()()


def render_pdf(html: str) -> bytes:
    """``html`` as a PDF/A-3b document; its relative links resolve against our static files only."""
    document = _weasyprint().HTML(string=html, base_url=static_base_url(), url_fetcher=make_url_fetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, font_config=_font_config())
