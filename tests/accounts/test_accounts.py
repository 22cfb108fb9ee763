"""Accounts: e-mail login, staff-created accounts with an invitation, no public sign-up, roles as groups."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from openclassrooms.accounts import services
from openclassrooms.accounts.models import User
from openclassrooms.accounts.roles import ROLE_PERMISSIONS, Role
from openclassrooms.core.models import OutboundEmail
from tests.accounts.factories import PASSWORD
from tests.core.test_french import english_left


@pytest.mark.django_db
def test_every_role_is_a_group_with_its_permissions():
    for role, (_staff, perms) in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        have = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert have == set(perms)


@pytest.mark.django_db
def test_roles_sync_is_idempotent():
    services.roles_sync()
    services.roles_sync()
    assert Group.objects.filter(name__in=Role.values).count() == len(Role.values)


@pytest.mark.django_db
def test_a_user_may_hold_several_roles():
    user = services.user_create(
        email="Both@Example.org",
        first_name="Ada",
        last_name="L",
        roles={Role.MENTOR, Role.JURY_MEMBER},
        password=PASSWORD,
    )
    assert user.email == "both@example.org"
    assert user.has_role(Role.MENTOR) and user.has_role(Role.JURY_MEMBER)
    assert not user.has_role(Role.STUDENT)
    assert not user.is_staff


@pytest.mark.django_db
def test_student_success_get_admin_access_and_students_do_not():
    staff = services.user_create(
        email="s@example.org", first_name="S", last_name="S", roles={Role.STUDENT_SUCCESS}, password=PASSWORD
    )
    student = services.user_create(
        email="t@example.org", first_name="T", last_name="T", roles={Role.STUDENT}, password=PASSWORD
    )
    assert staff.is_staff and staff.has_perm("students.change_enrolment")
    assert not student.is_staff and not student.has_perm("students.change_enrolment")


@pytest.mark.django_db
def test_unknown_role_is_refused():
    user = User.objects.create_user(email="x@example.org")
    with pytest.raises(ValueError, match="Unknown role"):
        services.user_set_roles(user=user, roles={"wizard"})


@pytest.mark.django_db
def test_a_new_user_sets_a_password_from_the_invitation_and_signs_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the invitation goes out after the commit
        user = services.user_create(
            email="new@example.org", first_name="Nina", last_name="N", roles={Role.STUDENT}
        )
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    kept = OutboundEmail.objects.get(key=f"invitation:{user.pk}")
    assert kept.holds_link and kept.sent_at and link not in kept.body  # issue 17: the link is not kept
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    response = client.post(
        form_url, {"password1": "a-Long-new-pass-2026", "password2": "a-Long-new-pass-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-Long-new-pass-2026")
    # The invitation proved the address: allauth needs it verified to let the person in.
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": "a-Long-new-pass-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_an_invitation_goes_out_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_create(
            email="once@example.org", first_name="O", last_name="N", roles={Role.MENTOR}
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.user_invite(user_id=user.pk) is False
        assert services.users_invite_pending() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_there_is_no_public_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "me@example.org", "password1": "x-Very-long-1", "password2": "x-Very-long-1"},
    )
    assert not User.objects.filter(email="me@example.org").exists()
    assert response.status_code == 200
    assert b"closed" in response.content.lower()


@pytest.mark.django_db
def test_sign_in_is_by_email(client, make_user):
    user = make_user(Role.MENTOR)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    assert response.status_code == 200
    assert b"not correct" in response.content or b"incorrect" in response.content.lower()


@pytest.mark.django_db
def test_student_success_adds_a_person_in_the_admin_who_is_invited_to_choose_a_password(make_user, client_as):
    staff = make_user(Role.STUDENT_SUCCESS)
    mentor_group = Group.objects.get(name=Role.MENTOR)

    response = client_as(staff).post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.mentor@example.org",
            "first_name": "Nadia",
            "last_name": "K",
            "groups": [mentor_group.pk],
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.mentor@example.org")
    assert user.has_role(Role.MENTOR) and not user.has_usable_password()
    assert user.language == settings.LANGUAGE_CODE  # none chosen: the school's
    assert OutboundEmail.objects.filter(key=f"invitation:{user.pk}").exists()


@pytest.mark.django_db
def test_student_success_invites_a_person_in_their_language(make_user, client_as):
    """Issue 16: the invitation is the first e-mail a person reads: in the language chosen for them."""
    staff = make_user(Role.STUDENT_SUCCESS)
    client_as(staff).post(
        reverse("admin:accounts_user_add"),
        {"email": "nadia@example.org", "first_name": "Nadia", "last_name": "K", "language": "fr",
         "groups": [Group.objects.get(name=Role.MENTOR).pk]},
    )  # fmt: skip
    user = User.objects.get(email="nadia@example.org")
    assert user.language == "fr"
    invitation = OutboundEmail.objects.get(key=f"invitation:{user.pk}")
    with translation.override("fr"):
        subject = render_to_string("accounts/email/invitation_subject.txt", {"user": user}).strip()
    assert invitation.subject == subject and "OpenClassrooms" in subject
    assert not english_left(invitation.body.replace(user.email, ""))


@pytest.mark.django_db
def test_student_success_can_neither_make_a_superuser_nor_set_a_password_nor_change_their_own_roles(
    make_user, client_as
):
    staff = make_user(Role.STUDENT_SUCCESS)
    person = make_user(Role.MENTOR)
    client = client_as(staff)

    client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {
            "first_name": "P",
            "last_name": "Q",
            "language": "en",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=Role.MENTOR).pk],
            "time_zone": "Europe/Paris",
        },
    )
    person.refresh_from_db()
    assert (person.first_name, person.is_superuser, person.is_staff) == ("P", False, False)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),
        {"password1": "a-new-password-2026", "password2": "a-new-password-2026"},
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert not person.check_password("a-new-password-2026")

    head = Group.objects.get(name=Role.HEAD_OF_LEARNING)
    response = client.post(
        reverse("admin:accounts_user_change", args=[staff.pk]),
        {
            "first_name": staff.first_name,
            "last_name": staff.last_name,
            "language": "en",
            "is_active": "on",
            "groups": [head.pk],
            "time_zone": "Europe/Paris",
        },
        follow=True,
    )
    assert "You cannot change your own roles" in response.content.decode()
    staff.refresh_from_db()
    assert not staff.has_role(Role.HEAD_OF_LEARNING)
