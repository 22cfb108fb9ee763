"""Issue 14: failed sign-ins are limited per account and per IP address on every sign-in path — the
sign-in form (the admin's sign-in is this form), the code of two-step sign-in, password reset — and no
answer tells whether an account exists.

The test settings switch rate limits off; these tests switch on the limits production uses
(``settings.base.ACCOUNT_RATE_LIMITS``) with an empty cache. Attempts come from different addresses through
REMOTE_ADDR, as the proxy-free server sees them.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from openclassrooms.accounts.roles import Role
from openclassrooms.core.models import OutboundEmail
from openclassrooms.settings.base import ACCOUNT_RATE_LIMITS
from tests.accounts.factories import PASSWORD, totp_code_of

IP, OTHER_IP = "203.0.113.1", "198.51.100.7"
TOO_MANY = "Too many failed login attempts"
NOT_CORRECT = "The email address and/or password you specified are not correct."
WRONG_CODE = "Incorrect code."
PER_ACCOUNT = 5  # "…,5/5m/key"
PER_IP = 10  # "10/m/ip,…"


@pytest.fixture(autouse=True)
def rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def test_the_limits_are_the_ones_this_file_counts_on():
    assert ACCOUNT_RATE_LIMITS["login_failed"] == f"{PER_IP}/m/ip,{PER_ACCOUNT}/5m/key"
    assert ACCOUNT_RATE_LIMITS["reset_password"] == "20/m/ip,5/m/key"


def _login(client, email: str, password: str, ip: str = IP, **extra):
    return client.post(
        reverse("account_login"), {"login": email, "password": password, **extra}, REMOTE_ADDR=ip
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _refused(response) -> bool:
    """Refused as too many: the form says so, or the whole sign-in page answers 429."""
    return response.status_code == 429 or (
        response.status_code == 200 and TOO_MANY in response.content.decode()
    )


# --- The sign-in form ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_30_wrong_passwords_in_a_row_lock_the_account_and_the_address(client, make_user):
    user, other = make_user(Role.MENTOR), make_user(Role.MENTOR)
    answers = [_login(client, user.email, f"wrong-{n}") for n in range(30)]
    assert all(NOT_CORRECT in r.content.decode() for r in answers[:PER_ACCOUNT])
    assert all(_refused(r) for r in answers[PER_ACCOUNT:])
    # The right password is refused too, from that address…
    assert _refused(_login(client, user.email, PASSWORD)) and not _signed_in(client)
    # …and from another one (per account)…
    elsewhere = Client()
    assert _refused(_login(elsewhere, user.email, PASSWORD, ip=OTHER_IP)) and not _signed_in(elsewhere)
    # …and another account cannot sign in from that address (per IP).
    assert _refused(_login(client, other.email, PASSWORD)) and not _signed_in(client)


@pytest.mark.django_db
def test_the_per_account_limit_holds_whatever_the_address(make_user):
    user, other = make_user(Role.MENTOR), make_user(Role.MENTOR)
    for n in range(PER_ACCOUNT):  # one failure from each of five addresses: no address reaches its limit
        assert NOT_CORRECT in _login(Client(), user.email, "wrong", ip=f"192.0.2.{n + 1}").content.decode()
    client = Client()
    assert _refused(_login(client, user.email, PASSWORD, ip="192.0.2.99")) and not _signed_in(client)
    # The account's limit is not the address's: someone else signs in from the first one.
    _login(client, other.email, PASSWORD, ip="192.0.2.1")
    assert _signed_in(client)


@pytest.mark.django_db
def test_the_per_address_limit_holds_whatever_the_account(make_user):
    user = make_user(Role.MENTOR)
    for n in range(PER_IP):  # ten accounts, one failure each: no account reaches its limit
        assert NOT_CORRECT in _login(Client(), f"nobody{n}@example.org", "wrong").content.decode()
    client = Client()
    assert _refused(_login(client, user.email, PASSWORD)) and not _signed_in(client)
    _login(client, user.email, PASSWORD, ip=OTHER_IP)
    assert _signed_in(client)


@pytest.mark.django_db
def test_the_admin_signs_in_only_through_the_limited_form(client, make_user):
    """The admin's own login form never checks a password: it sends everyone to the sign-in form, whose
    limits then hold for the admin's sign-in too."""
    staff = make_user(Role.STUDENT_SUCCESS)
    admin_login = reverse("admin:login")
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    for n in range(30):
        response = client.post(
            admin_login, {"username": staff.email, "password": f"wrong-{n}"}, REMOTE_ADDR=IP
        )
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    response = client.post(admin_login, {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR=IP)
    assert response["Location"].startswith(reverse("account_login")) and not _signed_in(client)
    # Through the form it leads to, with the admin as the next page: 30 failures, then the right password.
    answers = [_login(client, staff.email, f"wrong-{n}", next=reverse("admin:index")) for n in range(30)]
    assert all(_refused(r) for r in answers[PER_ACCOUNT:])
    assert _refused(_login(client, staff.email, PASSWORD, next=reverse("admin:index")))
    assert not _signed_in(client)
    assert _refused(_login(Client(), staff.email, PASSWORD, ip=OTHER_IP, next=reverse("admin:index")))


@pytest.mark.django_db
def test_a_signed_in_student_cannot_use_the_admins_login_form_to_sign_in_as_staff(client_as, make_user):
    """Found in review: Django's admin login form, shown to a signed-in non-staff person, would sign them in
    as whoever they name — without allauth's limits or the second step. It is refused and signs no one in."""
    staff = make_user(Role.STUDENT_SUCCESS)
    student = make_user(Role.STUDENT)
    client = client_as(student)
    admin_login = reverse("admin:login")
    assert client.get(admin_login).status_code == 403
    response = client.post(admin_login, {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR=IP)
    assert response.status_code == 403
    assert int(client.session["_auth_user_id"]) == student.pk
    staff_client = client_as(staff)
    response = staff_client.get(admin_login + "?next=/admin/students/")
    assert response.status_code == 302 and response["Location"] == "/admin/students/"
    response = staff_client.get(admin_login + "?next=https://elsewhere.example.org/")
    assert response["Location"] == reverse("admin:index")


# --- The code of two-step sign-in -----------------------------------------------------------------------


def _at_code_stage(user, ip: str = IP) -> Client:
    client = Client()
    response = _login(client, user.email, PASSWORD, ip=ip)
    assert response["Location"] == reverse("mfa_authenticate")
    return client


def _code(client, code: str, ip: str = IP):
    return client.post(reverse("mfa_authenticate"), {"code": code}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_30_wrong_codes_in_a_row_lock_the_account_and_the_address(make_user):
    user, other = make_user(Role.BOARD_MEMBER), make_user(Role.BOARD_MEMBER)
    client = _at_code_stage(user)
    answers = [_code(client, f"{n:06d}") for n in range(30)]
    assert all(WRONG_CODE in r.content.decode() for r in answers[:PER_ACCOUNT])
    assert all(TOO_MANY in r.content.decode() for r in answers[PER_ACCOUNT:])
    # The right code is refused too…
    assert TOO_MANY in _code(client, totp_code_of(user)).content.decode() and not _signed_in(client)
    # …from another address as well (per account)…
    elsewhere = _at_code_stage(user, ip=OTHER_IP)
    assert TOO_MANY in _code(elsewhere, totp_code_of(user), ip=OTHER_IP).content.decode()
    assert not _signed_in(elsewhere)
    # …and from that address nobody else gets in, not even past the password (per IP).
    third = Client()
    assert _refused(_login(third, other.email, PASSWORD)) and not _signed_in(third)


@pytest.mark.django_db
def test_the_per_account_limit_on_codes_holds_whatever_the_address(make_user):
    user, other = make_user(Role.JURY_MEMBER), make_user(Role.JURY_MEMBER)
    for n in range(PER_ACCOUNT):
        ip = f"192.0.2.{n + 1}"
        assert WRONG_CODE in _code(_at_code_stage(user, ip=ip), "000000", ip=ip).content.decode()
    client = _at_code_stage(user, ip="192.0.2.99")
    assert TOO_MANY in _code(client, totp_code_of(user), ip="192.0.2.99").content.decode()
    assert not _signed_in(client)
    client = _at_code_stage(other, ip="192.0.2.1")
    _code(client, totp_code_of(other), ip="192.0.2.1")
    assert _signed_in(client)


@pytest.mark.django_db
def test_the_per_address_limit_on_codes_holds_whatever_the_account(make_user):
    user = make_user(Role.HEAD_OF_LEARNING)
    waiting = _at_code_stage(user)  # past the password before the failures
    for _ in range(PER_IP // 2):  # two failures on each of five accounts: none reaches its limit
        stage = _at_code_stage(make_user(Role.HEAD_OF_LEARNING))
        assert all(WRONG_CODE in _code(stage, "000000").content.decode() for _ in range(2))
    assert TOO_MANY in _code(waiting, totp_code_of(user)).content.decode() and not _signed_in(waiting)
    client = _at_code_stage(user, ip=OTHER_IP)
    _code(client, totp_code_of(user), ip=OTHER_IP)
    assert _signed_in(client)


# --- Password reset -------------------------------------------------------------------------------------


def _reset(client, email: str, ip: str = IP):
    return client.post(reverse("account_reset_password"), {"email": email}, REMOTE_ADDR=ip)


def _reset_emails() -> list[list[str]]:
    """The recipients of the reset e-mails recorded in the outbox (sent by a worker after commit)."""
    return [email.to for email in OutboundEmail.objects.filter(key__startswith="account:").order_by("pk")]


@pytest.mark.django_db
def test_30_reset_requests_in_a_row_send_5_e_mails_then_are_refused(client, make_user):
    user, other = make_user(Role.MENTOR), make_user(Role.MENTOR)
    answers = [_reset(client, user.email) for _ in range(30)]
    assert [r.status_code for r in answers[:5]] == [302] * 5
    assert all(r.status_code == 429 for r in answers[5:])
    assert len(_reset_emails()) == 5
    assert _reset(Client(), user.email, ip=OTHER_IP).status_code == 429  # per address typed
    assert _reset(client, other.email).status_code == 429  # per IP: 20 a minute
    assert len(_reset_emails()) == 5


@pytest.mark.django_db
def test_each_reset_limit_alone(make_user):
    user = make_user(Role.MENTOR)
    for n in range(5):  # per address typed: five from five IPs, then no more from anywhere
        assert _reset(Client(), user.email, ip=f"192.0.2.{n + 1}").status_code == 302
    assert _reset(Client(), user.email, ip="192.0.2.99").status_code == 429
    for n in range(20):  # per IP: twenty addresses, once each, then no more from that IP
        assert _reset(Client(), f"nobody{n}@example.org", ip=OTHER_IP).status_code == 302
    assert _reset(Client(), "someone.else@example.org", ip=OTHER_IP).status_code == 429
    assert _reset(Client(), "someone.else@example.org", ip="192.0.2.98").status_code == 302


@pytest.mark.django_db
def test_30_wrong_reset_links_from_one_address_are_refused_after_20(client):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "not-a-key"})
    data = {"password1": "x-Very-long-2026", "password2": "x-Very-long-2026"}
    answers = [client.post(url, data, REMOTE_ADDR=IP).status_code for _ in range(30)]
    assert 429 not in answers[:20] and set(answers[20:]) == {429}
    assert client.post(url, data, REMOTE_ADDR=OTHER_IP).status_code != 429


# --- No user enumeration --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signing_in_says_the_same_for_an_unknown_address_and_a_wrong_password(client, make_user):
    user = make_user(Role.STUDENT_SUCCESS)
    known = _login(client, user.email, "wrong")
    unknown = _login(client, "nobody@example.org", "wrong")
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors == {"__all__": [NOT_CORRECT]}
    page = known.content.decode().replace(user.email, "nobody@example.org")
    assert _without_tokens(page) == _without_tokens(unknown.content.decode())


@pytest.mark.django_db
def test_password_reset_says_the_same_for_an_unknown_address_and_a_known_one(client, make_user):
    user = make_user(Role.STUDENT_SUCCESS)
    known = _reset(client, user.email)
    unknown = _reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # One e-mail each, to the address typed: only its owner learns whether an account is there.
    assert _reset_emails() == [[user.email], ["nobody@example.org"]]
    # And the limits count addresses typed, known or not.
    for _ in range(4):
        _reset(client, "nobody@example.org", ip=OTHER_IP)
        _reset(client, user.email, ip=OTHER_IP)
    assert (
        _reset(client, user.email, ip=OTHER_IP).status_code
        == _reset(client, "nobody@example.org").status_code
    )


def _without_tokens(page: str) -> str:
    """The page with its CSRF tokens blanked (they differ on every answer)."""
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", re.sub(r'"X-CSRFToken": "[^"]+"', "", page)
    )
