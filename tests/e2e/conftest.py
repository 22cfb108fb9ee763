"""Browser tests: Playwright driving Debian's chromium against the live test server."""

import os
import shutil
import time
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import sync_playwright

from openclassrooms.accounts.models import User
from tests.accounts.factories import totp_code_of
from tests.conftest import browser_required

# Playwright's sync API runs an event loop in this thread; the Django test code around it is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if browser_required():
            pytest.fail("chromium is required for the browser tests (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # The suite reads English (openclassrooms/settings/test.py); a browser says so whatever the machine's
    # locale. tests/e2e/test_languages.py asks for French.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, base_url: str, email: str) -> None:
    """Signed in as the person, by the session cookie a sign-in leaves (``Client.force_login`` sends the same
    ``user_logged_in`` signal, so the session's timeouts and two-step policy are noted as at a real sign-in),
    then on the home page, which takes them to their dashboard. The sign-in form itself, with its second
    step, is driven in test_sign_in.py and test_mfa.py."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    page.goto(base_url + "/")


def sign_in_through_form(page, base_url: str, email: str, password: str) -> None:
    """Through the sign-in form; when it asks for the code of an authenticator app (issue 14), the code the
    person's app shows now."""
    page.goto(base_url + "/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if page.url.startswith(base_url + reverse("mfa_authenticate")):
        answer_code(page, User.objects.get(email=email))


def answer_code(page, user) -> None:
    """The sign-in's second step. A code is accepted once: if this person's was just used (signed in twice
    in the same 30 seconds), the next one."""
    period = mfa_settings.TOTP_PERIOD
    for attempt in range(2):
        page.fill("input[name=code]", totp_code_of(user))
        with page.expect_navigation():
            page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").first.click()
        if "/2fa/authenticate/" not in page.url or attempt:
            return
        time.sleep(period - time.time() % period + 0.5)
