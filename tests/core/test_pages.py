"""The pages every person may meet by mistake: a styled 403 and 404 with a way back, the icon, and logs
that do not print a traceback for an expected answer."""

import logging
import sys

import pytest
from django.urls import reverse

from openclassrooms.accounts.roles import Role
from openclassrooms.core.logging import ExpectedClientErrors


@pytest.mark.django_db
def test_a_404_is_a_page_of_the_site_with_a_way_back(make_user, client_as):
    response = client_as(make_user(Role.STUDENT)).get("/students/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "There is nothing here" in page and f'href="{reverse("home")}"' in page and "app.css" in page


@pytest.mark.django_db
def test_a_403_says_the_page_belongs_to_another_role_with_a_way_back(make_user, client_as):
    response = client_as(make_user(Role.STUDENT)).get(reverse("mentoring:dashboard"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "This page is not for you" in page and f'href="{reverse("home")}"' in page


@pytest.mark.django_db
def test_the_icon_is_served_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")


@pytest.mark.parametrize(("status", "keeps_traceback"), [(403, False), (404, False), (500, True)])
def test_expected_answers_are_logged_without_a_traceback(status, keeps_traceback):
    try:
        raise PermissionError("boom")
    except PermissionError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", None, exc_info)
    record.status_code = status

    assert ExpectedClientErrors().filter(record)
    assert (record.exc_info is not None) is keeps_traceback


@pytest.mark.django_db
def test_the_sign_in_page_does_not_invite_visitors_to_a_closed_sign_up(client):
    """Seen on the first day: the sign-in page offered "sign up", which is closed (staff invite people)."""
    page = client.get(reverse("account_login")).content.decode()
    assert 'name="login"' in page
    assert reverse("account_signup") not in page and "sign up" not in page.lower()
