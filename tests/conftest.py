import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openclassrooms.accounts.roles import Role
from tests.accounts.factories import UserFactory

ALL_ROLES = list(Role.values)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a throw-away folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture
def make_user(db):
    def make(*roles: str, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return make


@pytest.fixture
def client_as(client):
    """A test client signed in as the given user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def count_queries():
    """How many SQL queries one GET issues (the response must be 200)."""

    def count(client, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(ctx)

    return count


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER_TESTS") == "1"
