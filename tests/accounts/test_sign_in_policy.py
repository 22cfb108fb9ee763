"""Issue 14, sign-in: who must use two-step sign-in (MFA), the enrolment they cannot skip, and the sessions
that end after 30 minutes without activity or 12 hours after signing in (OWASP ASVS V3.3.2)."""

from datetime import UTC, datetime, timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from discipline.models import BoardSeat, Case
from openclassrooms.accounts import rules
from openclassrooms.accounts.adapters import MFAAdapter
from openclassrooms.accounts.middleware import ENROL_NEXT, LAST_SEEN_AT, NOTE_EVERY, POLICY, SIGNED_IN_AT
from openclassrooms.accounts.roles import Role
from openclassrooms.accounts.security import mfa_enrolled, mfa_required
from tests.accounts.factories import PASSWORD, totp_code, totp_code_of
from tests.conftest import ALL_ROLES
from tests.core.test_dashboards import DASHBOARD_OF_ROLE
from tests.discipline.factories import BoardSeatFactory, CaseFactory
from tests.students.factories import EnrolmentFactory

OPT_IN = {Role.STUDENT, Role.MENTOR}
REQUIRED = [r for r in ALL_ROLES if r not in OPT_IN]
IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
T0 = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night the clocks go forward in Paris: UTC is unmoved


# --- The rules, without the database -----------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_but_students_and_mentors_must_use_mfa(role):
    assert rules.role_requires_mfa(roles={role}, is_staff=False, is_superuser=False) == (role not in OPT_IN)


def test_staff_and_superusers_must_use_mfa_whatever_their_roles():
    assert rules.role_requires_mfa(roles=set(), is_staff=True, is_superuser=False)
    assert rules.role_requires_mfa(roles=set(), is_staff=False, is_superuser=True)
    assert not rules.role_requires_mfa(roles=set(), is_staff=False, is_superuser=False)
    assert rules.role_requires_mfa(roles={Role.MENTOR, Role.JURY_MEMBER}, is_staff=False, is_superuser=False)


def _end(*, signed_in: timedelta, idle: timedelta):
    """The session's state ``signed_in`` after signing in and ``idle`` after the last request."""
    now = T0 + signed_in
    return rules.session_end(signed_in_at=T0, last_seen_at=now - idle, now=now, idle=IDLE, absolute=ABSOLUTE)


def test_29_minutes_59_seconds_without_a_request_keep_the_session_30_minutes_end_it():
    assert _end(signed_in=timedelta(hours=1), idle=IDLE - timedelta(seconds=1)) is None
    assert _end(signed_in=timedelta(hours=1), idle=IDLE) == rules.SessionEnd.IDLE


def test_a_session_ends_12_hours_after_signing_in_however_active():
    assert _end(signed_in=ABSOLUTE - timedelta(seconds=1), idle=timedelta(0)) is None
    assert _end(signed_in=ABSOLUTE, idle=timedelta(0)) == rules.SessionEnd.ABSOLUTE
    # Both at once: the 12 hours are the reason given.
    assert _end(signed_in=ABSOLUTE, idle=IDLE) == rules.SessionEnd.ABSOLUTE


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1800, "30 minutes"),
        (43200, "12 hours"),
        (3600, "1 hour"),
        (5460, "1 hour 31 minutes"),
        (1, "1 second"),
    ],
)
def test_durations_are_said_in_words(seconds, words):
    assert rules.duration_in_words(timedelta(seconds=seconds)) == words


# --- Who must use MFA ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_mfa_required_follows_the_roles(role, make_user):
    assert mfa_required(make_user(role, mfa=False)) == (role not in OPT_IN)


@pytest.mark.django_db
def test_a_superuser_without_any_role_must_use_mfa(make_user):
    assert mfa_required(make_user(is_superuser=True, mfa=False))
    assert mfa_required(make_user(is_staff=True, mfa=False))


@pytest.mark.django_db
def test_a_student_sitting_on_a_disciplinary_board_must_use_mfa_while_the_case_is_open(make_user):
    representative = make_user(Role.STUDENT, mfa=False)
    assert not mfa_required(representative)
    case = CaseFactory(status=Case.Status.HEARING_SCHEDULED)
    BoardSeatFactory(case=case, user=representative, role=BoardSeat.Role.STUDENT_REPRESENTATIVE)
    assert mfa_required(representative)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    assert not mfa_required(representative)


@pytest.mark.django_db
def test_the_factory_gives_an_authenticator_to_whoever_must_use_one(make_user):
    assert mfa_enrolled(make_user(Role.BOARD_MEMBER))
    assert not mfa_enrolled(make_user(Role.BOARD_MEMBER, mfa=False))
    assert not mfa_enrolled(make_user(Role.STUDENT))
    assert mfa_enrolled(make_user(Role.STUDENT, mfa=True))


# --- Enrolment before anything else --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", REQUIRED)
def test_without_an_authenticator_every_page_leads_to_adding_one(role, make_user, client_as):
    client = client_as(make_user(role, mfa=False))
    pages = ["home", "admin:index", "admin:password_change", *sorted(set(DASHBOARD_OF_ROLE.values()))]
    for name in pages:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("mfa_activate_totp"), name
        assert client.session[ENROL_NEXT] == reverse(name)


@pytest.mark.django_db
def test_the_way_to_enrol_and_the_pages_anyone_reads_stay_open(make_user, client_as):
    user = make_user(Role.BOARD_MEMBER, mfa=False)
    client = client_as(user)
    open_pages = [
        reverse("mfa_index"),
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        reverse("healthz"),
        reverse("diplomas:verify_form"),
        reverse("impact:reports"),
        reverse("calendar_feed", args=[user.calendar_token]),
    ]
    for url in open_pages:
        assert client.get(url).status_code == 200, url
    # Signed in without the form (force_login): allauth first asks the password again, and that page is open.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(OPT_IN))
def test_students_and_mentors_are_not_asked_to_enrol(role, make_user, client_as):
    client = client_as(make_user(role))
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("home"), follow=True).redirect_chain[-1][0] != reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_an_htmx_request_is_sent_to_the_enrolment_page_whole(make_user, client_as):
    client = client_as(make_user(Role.JURY_MEMBER, mfa=False))
    response = client.get("/juries/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("mfa_activate_totp")
    response = client.post("/juries/", {})
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.session[ENROL_NEXT] == reverse("home")  # a POST is not replayed: they go home


def _sign_in(client, email: str, *, next_url: str = "", ip: str = "127.0.0.1"):
    data = {"login": email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("account_login"), data, REMOTE_ADDR=ip)


def _confirm_password(client, response):
    """allauth asks the password again before two-step sign-in is turned on or off (its maintainers' choice:
    nobody turns it on for you while you fetch a coffee)."""
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.django_db
def test_a_board_member_enrols_then_lands_on_the_boards_page_with_recovery_codes_offered(client, make_user):
    member = make_user(Role.BOARD_MEMBER, mfa=False)
    board = reverse("impact:board_dashboard")
    response = _sign_in(client, member.email, next_url=board)
    assert response["Location"] == board
    response = client.get(board, follow=True)
    assert [url for url, _ in response.redirect_chain][0] == reverse("mfa_activate_totp")
    assert "signing in takes two steps" in response.content.decode()
    response = _confirm_password(client, client.get(reverse("mfa_activate_totp")))
    assert response["Location"] == reverse("mfa_activate_totp")
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    # A wrong code adds nothing and the Board's page stays closed.
    client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert not mfa_enrolled(member)
    assert client.get(board)["Location"] == reverse("mfa_activate_totp")
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == board
    assert mfa_enrolled(member)
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.RECOVERY_CODES).exists()
    response = client.get(board)
    assert response.status_code == 200
    offered = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(reverse("mfa_view_recovery_codes") in m for m in offered), offered
    assert ENROL_NEXT not in client.session


@pytest.mark.django_db
def test_a_student_who_opts_in_sees_the_recovery_codes_at_once(client, make_user):
    student = make_user(Role.STUDENT)
    _sign_in(client, student.email)
    _confirm_password(client, client.get(reverse("mfa_activate_totp")))
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    client.post(reverse("account_logout"))
    response = _sign_in(client, student.email)
    assert response["Location"] == reverse("mfa_authenticate")


@pytest.mark.django_db
def test_who_must_use_mfa_cannot_turn_it_off_a_student_can(make_user, client):
    adapter = MFAAdapter()
    jury = Authenticator.objects.get(user=make_user(Role.JURY_MEMBER), type=Authenticator.Type.TOTP)
    student = Authenticator.objects.get(user=make_user(Role.STUDENT, mfa=True), type=Authenticator.Type.TOTP)
    assert not adapter.can_delete_authenticator(jury)
    assert adapter.can_delete_authenticator(student)
    # With an app and a security key, one of them may go; the last one stays.
    key = Authenticator.objects.create(user=jury.user, type=Authenticator.Type.WEBAUTHN, data={"name": "Key"})
    assert adapter.can_delete_authenticator(jury) and adapter.can_delete_authenticator(key)
    key.delete()
    # Through the page, right after signing in with both steps.
    _sign_in(client, jury.user.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code_of(jury.user)})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})  # allauth then replays the POST
    assert "cannot be turned off" in response.content.decode()
    assert mfa_enrolled(jury.user)


@pytest.mark.django_db
def test_an_enrolled_board_member_gives_the_code_at_each_sign_in(client, make_user):
    member = make_user(Role.BOARD_MEMBER)
    board = reverse("impact:board_dashboard")
    response = _sign_in(client, member.email, next_url=board)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(board)["Location"].startswith(reverse("account_login"))  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_of(member)})
    assert response["Location"] == board
    assert client.get(board).status_code == 200


@pytest.mark.django_db
def test_a_new_board_seat_asks_for_enrolment_within_a_minute(make_user, client_as):
    """The policy is noted in the session at sign-in and asked again every NOTE_EVERY."""
    representative = make_user(Role.STUDENT)
    EnrolmentFactory(student=representative)
    client = client_as(representative)
    assert client.get(reverse("students:dashboard")).status_code == 200
    BoardSeatFactory(user=representative, role=BoardSeat.Role.STUDENT_REPRESENTATIVE)
    assert client.get(reverse("students:dashboard")).status_code == 200
    session = client.session
    session[POLICY] = {**session[POLICY], "at": session[POLICY]["at"] - NOTE_EVERY.total_seconds()}
    session.save()
    assert client.get(reverse("students:dashboard"))["Location"] == reverse("mfa_activate_totp")


# --- Sessions that end ---------------------------------------------------------------------------------


def _age(client, *, signed_in: timedelta, idle: timedelta) -> None:
    """Make the session look signed in ``signed_in`` ago, with its last request ``idle`` ago."""
    now = timezone.now().timestamp()
    session = client.session
    session[SIGNED_IN_AT] = now - signed_in.total_seconds()
    session[LAST_SEEN_AT] = now - idle.total_seconds()
    session.save()


@pytest.mark.django_db
def test_a_board_members_session_survives_29_59_idle_and_ends_at_30_minutes_with_the_reason(
    make_user, client_as
):
    client = client_as(make_user(Role.BOARD_MEMBER))
    board = reverse("impact:board_dashboard")
    _age(client, signed_in=timedelta(hours=2), idle=IDLE - timedelta(seconds=1))
    assert client.get(board).status_code == 200
    # That request was activity: the 30 minutes count again from it.
    assert client.session[LAST_SEEN_AT] > timezone.now().timestamp() - 5
    assert client.get(board).status_code == 200
    _age(client, signed_in=timedelta(hours=2), idle=IDLE)
    response = client.get(board, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert "signed out after 30 minutes without activity" in response.content.decode()


@pytest.mark.django_db
def test_a_jury_members_session_ends_12_hours_after_signing_in_however_active(make_user, client_as):
    client = client_as(make_user(Role.JURY_MEMBER))
    _age(client, signed_in=ABSOLUTE - timedelta(seconds=1), idle=timedelta(0))
    assert client.get(reverse("juries:dashboard")).status_code == 200
    _age(client, signed_in=ABSOLUTE, idle=timedelta(0))
    response = client.get(reverse("juries:dashboard"), follow=True)
    assert "_auth_user_id" not in client.session
    assert "a session lasts at most 12 hours" in response.content.decode()


@pytest.mark.django_db
def test_requests_within_a_minute_do_not_write_the_session(make_user, client_as):
    client = client_as(make_user(Role.HEAD_OF_LEARNING))
    _age(client, signed_in=timedelta(hours=1), idle=NOTE_EVERY - timedelta(seconds=2))
    before = client.session[LAST_SEEN_AT]
    assert client.get(reverse("discipline:dashboard")).status_code == 200
    assert client.session[LAST_SEEN_AT] == before
    _age(client, signed_in=timedelta(hours=1), idle=NOTE_EVERY)
    assert client.get(reverse("discipline:dashboard")).status_code == 200
    assert client.session[LAST_SEEN_AT] > before


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(OPT_IN))
def test_students_and_mentors_keep_djangos_session_length(role, make_user, client_as):
    user = make_user(role, mfa=True)  # even with two-step sign-in they chose
    if role == Role.STUDENT:
        EnrolmentFactory(student=user)
    client = client_as(user)
    _age(client, signed_in=timedelta(days=3), idle=timedelta(days=2))
    response = client.get(reverse("home"), follow=True)
    assert "_auth_user_id" in client.session
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_timeouts_are_settings(make_user, client_as, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    client = client_as(make_user(Role.STUDENT_SUCCESS))
    _age(client, signed_in=timedelta(minutes=20), idle=timedelta(minutes=10))
    response = client.get(reverse("students:success_dashboard"), follow=True)
    assert "signed out after 10 minutes without activity" in response.content.decode()


@pytest.mark.django_db
def test_signing_in_starts_the_clocks(client, make_user):
    member = make_user(Role.BOARD_MEMBER)
    _sign_in(client, member.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code_of(member)})
    now = timezone.now().timestamp()
    assert now - 5 < client.session[SIGNED_IN_AT] <= now
    assert client.session[POLICY]["required"] and client.session[POLICY]["enrolled"]


@pytest.mark.parametrize(("language", "offered"), [("fr", True), ("en", True), ("de", False), ("", False)])
def test_a_person_reads_one_of_the_languages_the_school_offers(language, offered):
    """Issue 16: French and English, nothing else (not even empty): the switch, the admin and the services
    ask the same rule."""
    assert (rules.language_problem(language) is None) is offered
