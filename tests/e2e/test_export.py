"""A student whose training is over downloads their data from their page, on a phone (issue #14, GDPR
arts. 15 and 20)."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_former_student_asks_for_a_copy_of_their_data_and_downloads_it_on_a_phone(phone, live_server):
    enrolment = EnrolmentFactory(status="completed", ended_on=timezone.localdate())
    student = enrolment.student

    sign_in(phone, live_server.url, student.email)
    card = phone.locator("section", has=phone.get_by_role("heading", name="Your data"))
    expect(card).to_be_visible()
    card.get_by_role("button", name="Ask for a copy of my data").click()
    expect(phone.get_by_text("We are preparing your copy")).to_be_visible()
    card = phone.locator("section", has=phone.get_by_role("heading", name="Your data"))
    expect(card.get_by_text("Available until")).to_be_visible()  # built at once: tasks run eagerly here
    assert not phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    with phone.expect_download() as download:
        card.get_by_role("link", name="Download your data").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert {"summary.pdf", "data.json"} <= set(archive.namelist())
    data = json.loads(archive.read("data.json"))
    assert data["student"]["email"] == student.email
    assert data["enrolments"][0]["status"] == "Completed (diploma awarded)"
