"""Issue 14: a Board member is made to add an authenticator app before reaching the Board's page, then gives
its code at every sign-in. The company Board (impact) and the chair of a Disciplinary Board (discipline)."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from playwright.sync_api import expect

from discipline import services as discipline_services
from openclassrooms.accounts.roles import Role
from tests.accounts.factories import PASSWORD, totp_code
from tests.e2e.conftest import answer_code
from tests.students.factories import EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _company_board_member(make_user):
    return make_user(Role.BOARD_MEMBER, mfa=False), reverse("impact:board_dashboard"), "Company Board"


def _disciplinary_board_chair(make_user):
    chair, manager = make_user(Role.HEAD_OF_LEARNING, mfa=False), make_user(Role.LEARNING_MANAGER)
    enrolment = EnrolmentFactory()
    enrolment.path.learning_manager = manager
    enrolment.path.save()
    case = discipline_services.case_open(
        enrolment=enrolment,
        source="conduct",
        by=make_user(Role.STUDENT_SUCCESS),
        summary="Insults in the forum.",
    )
    discipline_services.complaints_communicate(case_id=case.pk, by=chair)
    discipline_services.board_compose(case_id=case.pk, by=chair, chair=chair, learning_manager=manager)
    return chair, reverse("discipline:case_detail", args=[case.pk]), f"Case #{case.pk}"


@pytest.mark.parametrize(
    "board", [_company_board_member, _disciplinary_board_chair], ids=["company", "discipline"]
)
def test_a_board_member_adds_an_authenticator_before_the_boards_page(board, page, live_server, make_user):
    member, board_path, heading = board(make_user)
    url = live_server.url
    page.goto(url + board_path)
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # Led to enrolment, told why: allauth first asks the password again before turning two steps on.
    assert reverse("account_reauthenticate") in page.url
    expect(page.get_by_text("signing in takes two steps")).to_be_visible()
    # The Board's page stays closed, whatever the address typed.
    page.goto(url + board_path)
    assert not page.url.startswith(url + board_path)
    expect(page.get_by_role("heading", name=heading)).to_have_count(0)

    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == url + reverse("mfa_activate_totp")
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) == 32
    # A wrong code adds nothing.
    page.fill("input[name=code]", "000000")
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Incorrect code")).to_be_visible()
    page.fill("input[name=code]", totp_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()

    # Where they were going, with their recovery codes offered.
    assert page.url == url + board_path
    expect(page.get_by_role("heading", name=heading).first).to_be_visible()
    page.get_by_role("link", name="See and download your recovery codes").click()
    expect(page.get_by_text("Recovery Codes").first).to_be_visible()

    # The next sign-in asks for the code before any page.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.goto(url + board_path)
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == url + reverse("mfa_authenticate")
    page.goto(url + board_path)  # not without the code: the sign-in takes them back to it
    assert page.url == url + reverse("mfa_authenticate")
    answer_code(page, member)
    assert page.url == url + board_path
    expect(page.get_by_role("heading", name=heading).first).to_be_visible()


def test_a_jury_member_adds_a_security_key_instead_and_signs_in_with_it(page, live_server, make_user):
    """WebAuthn, with Chromium's virtual authenticator standing for the key."""
    member, url, dashboard = (
        make_user(Role.JURY_MEMBER, mfa=False),
        live_server.url,
        reverse("juries:dashboard"),
    )
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    key = {
        "protocol": "ctap2",
        "transport": "usb",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    devtools.send("WebAuthn.addVirtualAuthenticator", {"options": key})
    page.goto(url + dashboard)
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.fill("input[name=password]", PASSWORD)  # allauth asks it again before a second step is added
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    # "Add" is a button allauth's script handles once the page has loaded: clicked before, it does nothing.
    with page.expect_navigation():
        page.get_by_role("link", name="add a security key instead").click()
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(url + dashboard)
    expect(page.get_by_role("link", name="See and download your recovery codes")).to_be_visible()
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.WEBAUTHN).exists()

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.goto(url + dashboard)
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == url + reverse("mfa_authenticate")
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url(url + dashboard)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
