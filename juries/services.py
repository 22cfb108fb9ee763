"""Writes on juries: their members, sittings and panels, and the registration of candidates (TRN-2..4).

The verdict and the remedial projects are written by the jury's own pages (TRN-4: final once recorded);
nothing here changes them."""

from django.db import transaction
from django.utils import timezone

from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.workflows import history_note
from students.models import Enrolment

from .models import Candidacy, Jury, JuryMember, JurySession, Panel


class JuryError(PolicyError):
    pass


@transaction.atomic
def jury_save(*, jury: Jury, by=None) -> Jury:
    history_note(jury, by=by)
    jury.save()
    return jury


@transaction.atomic
def jury_member_save(*, member: JuryMember, by=None) -> JuryMember:
    """TRN-3: an industry professional or a school representative of a jury."""
    if (
        JuryMember.objects.filter(jury_id=member.jury_id, user_id=member.user_id)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise JuryError("This person already sits on this jury.")
    history_note(member, by=by)
    member.save()
    return member


@transaction.atomic
def jury_session_save(*, session: JurySession, by=None) -> JurySession:
    """TRN-3: a sitting, in person (an address) or remote (a video link), as a full jury or in panels."""
    if not session.location.strip():
        raise JuryError("Give the address of the sitting, or its video link if it is remote.")
    history_note(session, by=by)
    session.save()
    return session


@transaction.atomic
def panel_save(*, panel: Panel, members, by=None) -> Panel:
    """A smaller panel of a sitting, from the members of its jury (TRN-3)."""
    members = list(members)
    if any(m.jury_id != panel.session.jury_id for m in members):
        raise JuryError("A panel is made of members of the sitting's jury.")
    history_note(panel, by=by)
    panel.save()
    panel.members.set(members)
    return panel


@transaction.atomic
def candidacy_register(
    *, enrolment: Enrolment, session: JurySession, portfolio_url: str = "", by=None
) -> Candidacy:
    """A student of the jury's path, registered before a planned sitting."""
    if enrolment.path_id != session.jury.path_id:
        raise JuryError("This jury sits for another path.")
    if enrolment.status not in Enrolment.CURRENT_STATUSES:
        raise JuryError("This training has ended: the student cannot be registered.")
    if session.status != JurySession.Status.PLANNED or session.starts_at <= timezone.now():
        raise JuryError("Register candidates for a planned sitting that has not started.")
    if Candidacy.objects.filter(enrolment=enrolment, session=session).exists():
        raise JuryError("This student is already registered for this sitting.")
    candidacy = Candidacy(enrolment=enrolment, session=session, portfolio_url=portfolio_url)
    history_note(candidacy, by=by, reason="Registered.")
    candidacy.save()
    return candidacy


@transaction.atomic
def candidacy_assign_panel(*, candidacy: Candidacy, panel: Panel | None, by=None) -> Candidacy:
    if panel is not None and panel.session_id != candidacy.session_id:
        raise JuryError("The panel sits at another session.")
    candidacy.panel = panel
    history_note(candidacy, by=by, reason=f"Panel: {panel or '—'}.")
    candidacy.save(update_fields=["panel"])
    return candidacy
