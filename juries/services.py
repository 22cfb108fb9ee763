"""Writes on juries: their members, sittings and panels, the registration of candidates, the verdict,
remedial projects, the diploma and the sitting's minutes (TRN-2..4).

The verdict, the diploma and the signed minutes are final once written (TRN-4): nothing here changes them."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openclassrooms.core import retention, uploads
from openclassrooms.core import selectors as core_selectors
from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.queue import send_task_on_commit
from openclassrooms.core.retention import ERASED, Purged
from openclassrooms.core.services import (
    email_enqueue_to_people,
    files_delete_on_commit,
    pending_do,
    records_delete,
    records_erase,
)
from openclassrooms.core.storage import private_storage
from openclassrooms.core.workflows import history_note, transition
from projects import rules as project_rules
from projects import selectors as project_selectors
from projects.models import DELIVERABLE_MAX_BYTES, DELIVERABLE_TYPES
from students import selectors as student_selectors
from students import services as student_services
from students.models import Enrolment

from . import documents, rules, selectors
from .models import (
    Candidacy,
    CandidateRecordOpening,
    DeclaredConflict,
    Diploma,
    Jury,
    JuryMember,
    JurySession,
    Panel,
    PortfolioFile,
    RemedialDeliverable,
    RemedialProject,
    SittingMinutes,
    Verdict,
)


class JuryError(PolicyError):
    pass


def _email(key: str, to, template: str, context: dict) -> None:
    """E-mail ``to`` (people), each in their own language (core's outbox)."""
    email_enqueue_to_people(
        key=key, people=to, template=template, context={**context, "site_url": settings.SITE_URL}
    )


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
        raise JuryError(_("This person already sits on this jury."))
    history_note(member, by=by)
    member.save()
    return member


@transaction.atomic
def jury_session_save(*, session: JurySession, by=None) -> JurySession:
    """TRN-3: a sitting, in person (an address) or remote (a video link), as a full jury or in panels."""
    if not session.location.strip():
        raise JuryError(_("Give the address of the sitting, or its video link if it is remote."))
    problem = rules.composition_problem(
        JuryMember.objects.filter(jury_id=session.jury_id).values_list("kind", flat=True)
    )
    if problem:
        raise JuryError(problem)
    if session.chair_id is not None:
        problem = rules.chair_problem(chair_sits_on_jury=session.chair.jury_id == session.jury_id)
        if problem:
            raise JuryError(problem)
    history_note(session, by=by)
    session.save()
    return session


@transaction.atomic
def panel_save(*, panel: Panel, members, by=None) -> Panel:
    """A smaller panel of a sitting, from the members of its jury (TRN-3)."""
    members = list(members)
    if any(m.jury_id != panel.session.jury_id for m in members):
        raise JuryError(_("A panel is made of members of the sitting's jury."))
    problem = rules.composition_problem((m.kind for m in members), panel=True)
    if problem:
        raise JuryError(problem)
    if panel.pk is not None:
        for candidacy in Candidacy.objects.filter(panel=panel).select_related("enrolment"):
            _refuse_conflicts(candidacy.enrolment, [m.pk for m in members])
    history_note(panel, by=by)
    panel.save()
    panel.members.set(members)
    return panel


@transaction.atomic
def candidacy_register(
    *, enrolment: Enrolment, session: JurySession, portfolio_url: str = "", by=None
) -> Candidacy:
    """A student of the jury's path, registered before a planned sitting once TRN-1 (a) and (b) hold; before
    a full jury, none of its members may have a conflict of interest about them (TRN-3)."""
    if enrolment.path_id != session.jury.path_id:
        raise JuryError(_("This jury sits for another path."))
    if enrolment.status not in Enrolment.CURRENT_STATUSES:
        raise JuryError(_("This training has ended: the student cannot be registered."))
    if session.status != JurySession.Status.PLANNED or session.starts_at <= timezone.now():
        raise JuryError(_("Register candidates for a planned sitting that has not started."))
    if Candidacy.objects.filter(enrolment=enrolment, session=session).exists():
        raise JuryError(_("This student is already registered for this sitting."))
    problem = rules.registration_problem(
        trn1_missing=project_selectors.trn1_missing_by_enrolment(enrolments=[enrolment])[enrolment.pk],
        remedial_open=selectors.remedial_open_count(enrolment_id=enrolment.pk),
    )
    if problem:
        raise JuryError(problem)
    if session.format == JurySession.Format.FULL:
        _refuse_conflicts(
            enrolment, JuryMember.objects.filter(jury_id=session.jury_id).values_list("pk", flat=True)
        )
    candidacy = Candidacy(enrolment=enrolment, session=session, portfolio_url=portfolio_url)
    history_note(candidacy, by=by, reason=_("Registered."))
    candidacy.save()
    return candidacy


def _refuse_conflicts(enrolment, member_ids) -> None:
    """TRN-3: nobody with a conflict of interest about the student sits on their panel."""
    members = selectors.members_of(member_ids=member_ids)
    problem = rules.panel_conflict_problem(
        [(user_id, name) for user_id, name, _kind in members],
        selectors.candidate_ties(student_id=enrolment.student_id),
    )
    if problem:
        raise JuryError(problem)


@transaction.atomic
def candidacy_assign_panel(*, candidacy: Candidacy, panel: Panel | None, by=None) -> Candidacy:
    if panel is not None and panel.session_id != candidacy.session_id:
        raise JuryError(_("The panel sits at another session."))
    if panel is not None:
        _refuse_conflicts(candidacy.enrolment, panel.members.values_list("pk", flat=True))
    candidacy.panel = panel
    history_note(candidacy, by=by, reason=_("Panel: %(panel)s.") % {"panel": panel or "—"})
    candidacy.save(update_fields=["panel"])
    return candidacy


@transaction.atomic
def conflict_declare(*, candidacy_id: int, by, reason: str, now: datetime | None = None) -> DeclaredConflict:
    """A jury member declares a conflict of interest about a candidate (TRN-3): they no longer sit on the
    candidate's panel — if they were on it, the candidate waits for Student Success to choose another."""
    now = now or timezone.now()
    candidacy = (
        Candidacy.objects.select_for_update(of=("self",)).select_related("session").get(pk=candidacy_id)
    )
    member = JuryMember.objects.filter(jury_id=candidacy.session.jury_id, user=by).first()
    if member is None:
        raise JuryError(_("Only a member of this jury declares a conflict of interest about its candidates."))
    if not reason.strip():
        raise JuryError(_("Say what ties you to the candidate."))
    conflict = DeclaredConflict.objects.filter(member=member, enrolment_id=candidacy.enrolment_id).first()
    if conflict is not None:
        return conflict
    conflict = DeclaredConflict(
        member=member, enrolment_id=candidacy.enrolment_id, reason=reason.strip()[:500], declared_at=now
    )
    history_note(conflict, by=by, at=now, reason=_("Declared by the jury member (TRN-3)."))
    conflict.save()
    if candidacy.panel_id and candidacy.panel.members.filter(pk=member.pk).exists():
        candidacy.panel = None
        history_note(
            candidacy,
            by=by,
            at=now,
            reason=_("Panel left: a member declared a conflict of interest (TRN-3)."),
        )
        candidacy.save(update_fields=["panel"])
    return conflict


# --- The verdict (TRN-4) --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Remedial:
    """A remedial project set by a refusal: on some of the skills to improve (TRN-4)."""

    title: str
    brief: str
    skill_ids: Sequence[int] = field(default_factory=tuple)


@transaction.atomic
def verdict_record(
    *,
    candidacy_id: int,
    by,
    decision: str,
    reasons: str = "",
    skill_ids: Sequence[int] = (),
    remedial: Sequence[Remedial] = (),
    now: datetime | None = None,
) -> Verdict:
    """TRN-4: a member of the candidate's panel, free of any conflict of interest, records the jury's
    verdict at the sitting. It is final. An award completes the training; a refusal names the skills to
    improve and sets remedial projects on them, which jury members (not the mentor) approve. The student is
    e-mailed once."""
    now = now or timezone.now()
    candidacy = (
        Candidacy.objects.select_for_update(of=("self",))
        .select_related("session__jury", "enrolment__student", "panel")
        .get(pk=candidacy_id)
    )
    member_ids = (
        candidacy.panel.members.values_list("user_id", flat=True)
        if candidacy.panel_id
        else JuryMember.objects.filter(jury_id=candidacy.session.jury_id).values_list("user_id", flat=True)
    )
    path_skills = project_selectors.skills_of_path(path_id=candidacy.enrolment.path_id)
    skills = [path_skills[pk] for pk in skill_ids if pk in path_skills]
    remedial = [r for r in remedial if r.title.strip()]
    problem = rules.verdict_problem(
        decided=Verdict.objects.filter(candidacy=candidacy).exists(),
        sits_on_panel=by.pk in set(member_ids),
        conflict=rules.conflict_reason(
            by.pk, selectors.candidate_ties(student_id=candidacy.enrolment.student_id)
        ),
        sitting_started=candidacy.session.starts_at <= now,
        decision=decision,
        reasons=reasons,
        skills_to_improve=len(skills),
        remedial_projects=len(remedial),
    )
    if problem:
        raise JuryError(problem)
    verdict = Verdict(
        candidacy=candidacy, decision=decision, reasons=reasons.strip(), decided_by=by, decided_at=now
    )
    history_note(verdict, by=by, at=now, reason=_("Recorded at the sitting: final (TRN-4)."))
    verdict.save()
    verdict.skills_to_improve.set(skills)
    for project in remedial:
        row = RemedialProject(verdict=verdict, title=project.title.strip(), brief=project.brief.strip())
        history_note(row, by=by, at=now, reason=_("Set by the jury (TRN-4)."))
        row.save()
        row.skills.set([path_skills[pk] for pk in project.skill_ids if pk in path_skills] or skills)
    if candidacy.status == Candidacy.Status.REGISTERED:
        transition(
            candidacy, Candidacy.Status.UNDER_REVIEW, by=by, at=now, reason=_("Reviewed at the sitting.")
        )
    transition(
        candidacy,
        Candidacy.Status.DECIDED,
        by=by,
        at=now,
        reason=_("%(decision)s (TRN-4).") % {"decision": verdict.get_decision_display()},
    )
    diploma = None
    if decision == rules.AWARDED:
        student_services.enrolment_end(
            enrolment_id=candidacy.enrolment_id,
            status=Enrolment.Status.COMPLETED,
            on=timezone.localdate(now),
            rule="TRN-1 c",
            reason=_("Diploma awarded by the jury"),
            by=by,
            now=now,
        )
        diploma = _diploma_issue(verdict=verdict, by=by, now=now)
    _email(
        f"jury-verdict:{verdict.pk}",
        [candidacy.enrolment.student],
        "juries/email/verdict",
        {
            "verdict": verdict,
            "candidacy": candidacy,
            "skills": skills,
            "remedial": list(verdict.remedial_projects.all()),
            "diploma": diploma,
            "verify_url": documents.verification_url(diploma.code) if diploma else "",
        },
    )
    return verdict


# --- The diploma (TRN-4) --------------------------------------------------------------------------------


def _diploma_code() -> str:
    """A fresh verification code, ``XXXX-XXXX-XXXX`` in Crockford's base 32 (60 random bits)."""
    while True:
        code = rules.normalise_code("".join(secrets.choice(rules.CODE_ALPHABET) for _ in range(12)))
        if not Diploma.objects.filter(code=code).exists():
            return code


def _diploma_issue(*, verdict: Verdict, by, now: datetime) -> Diploma:
    """The certificate of an awarded diploma, with its verification code; printed after commit."""
    enrolment = verdict.candidacy.enrolment
    student = enrolment.student
    diploma = Diploma(
        verdict=verdict,
        code=_diploma_code(),
        holder_name=(student.get_full_name() or "").strip() or student.email,
        path_name=enrolment.path.name,
        path_level=enrolment.path.level,
        awarded_on=timezone.localdate(now),
    )
    history_note(diploma, by=by, at=now, reason=_("Awarded by the jury (TRN-4)."))
    diploma.save()
    # tasks import this module (three-line tasks calling services): imported when first needed.
    from .tasks import generate_diploma  # noqa: PLC0415

    send_task_on_commit(generate_diploma, diploma.pk)
    return diploma


def diploma_generate(*, diploma_id: int, now: datetime | None = None) -> bool:
    """Print the certificate once, as PDF/A; a second run does nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        diploma = Diploma.objects.select_for_update().get(pk=diploma_id)
        if diploma.pdf:
            return False
        pdf = documents.render_diploma_pdf(diploma=diploma)
        diploma.pdf.save(f"diploma-{diploma.code}.pdf", ContentFile(pdf), save=False)
        diploma.generated_at = now
        history_note(diploma, reason=_("Certificate printed (TRN-4)."))
        diploma.save(update_fields=["pdf", "generated_at"])
        return True


def diplomas_generate_pending(*, limit: int) -> int:
    """Issue 17: certificates no task printed (the broker was down after the verdict), for the documents
    sweep (``openclassrooms.core.services.documents_resume``)."""
    ids = (
        Diploma.objects.filter(generated_at__isnull=True).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    return pending_do(lambda pk: diploma_generate(diploma_id=pk), ids, what="Diploma")


# --- The sitting's minutes (TRN-4) -------------------------------------------------------------------------


@transaction.atomic
def minutes_sign(*, session_id: int, by, now: datetime | None = None) -> SittingMinutes:
    """TRN-4: the chair signs the minutes of the sitting — its candidates, panels and verdicts — once it has
    started and every candidate has a verdict or withdrew. The sitting is then held; the minutes are
    printed as PDF/A after commit and never change."""
    now = now or timezone.now()
    session = JurySession.objects.select_for_update(of=("self",)).select_related("chair").get(pk=session_id)
    candidacies = Candidacy.objects.filter(session=session).exclude(status=Candidacy.Status.WITHDRAWN)
    problem = rules.minutes_problem(
        is_chair=session.chair_id is not None and session.chair.user_id == by.pk,
        sitting_started=session.starts_at <= now,
        candidates=candidacies.count(),
        undecided=candidacies.exclude(status=Candidacy.Status.DECIDED).count(),
        signed=SittingMinutes.objects.filter(session=session).exists(),
    )
    if problem:
        raise JuryError(problem)
    minutes = SittingMinutes(session=session, signed_by=by, signed_at=now)
    history_note(minutes, by=by, at=now, reason=_("Signed by the chair (TRN-4)."))
    minutes.save()
    if session.status == JurySession.Status.PLANNED:
        transition(session, JurySession.Status.HELD, by=by, at=now, reason=_("Minutes signed by the chair."))
    # tasks import this module (three-line tasks calling services): imported when first needed.
    from .tasks import generate_minutes  # noqa: PLC0415

    send_task_on_commit(generate_minutes, minutes.pk)
    return minutes


def minutes_generate(*, minutes_id: int, now: datetime | None = None) -> bool:
    """Print the signed minutes once, as PDF/A; a second run does nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        minutes = (
            SittingMinutes.objects.select_for_update(of=("self",))
            .select_related("session__jury__path", "signed_by")
            .get(pk=minutes_id)
        )
        if minutes.pdf:
            return False
        pdf = documents.render_minutes_pdf(minutes=minutes)
        minutes.pdf.save(f"minutes-{minutes.session_id}.pdf", ContentFile(pdf), save=False)
        minutes.generated_at = now
        history_note(minutes, reason=_("Printed (TRN-4)."))
        minutes.save(update_fields=["pdf", "generated_at"])
        return True


def minutes_generate_pending(*, limit: int) -> int:
    """Issue 17: signed minutes no task printed, for the documents sweep."""
    ids = (
        SittingMinutes.objects.filter(generated_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return pending_do(lambda pk: minutes_generate(minutes_id=pk), ids, what="Minutes")


# --- Files handed in: portfolios and remedial projects ---------------------------------------------------


def _checked_files(files: Sequence) -> list[tuple]:
    """(upload, content type) pairs of files checked as a project's deliverables are: a PDF, a ZIP archive
    or an image, read from their bytes, 25 MB each at most; the first problem is raised in words."""
    kinds = [uploads.sniff_content_type(f, allowed=DELIVERABLE_TYPES) for f in files]
    for upload, kind in zip(files, kinds, strict=True):
        problem = project_rules.deliverable_problem(
            name=upload.name, size=upload.size, content_type=kind, max_bytes=DELIVERABLE_MAX_BYTES
        )
        if problem:
            raise JuryError(problem)
    return list(zip(files, kinds, strict=True))


def _store_files(model, checked: list[tuple], *, by, now: datetime, reason: str, **parent) -> None:
    """Keep checked files (``_checked_files``) as rows of ``model`` under ``parent``, with history."""
    for upload, kind in checked:
        row = model(
            file=upload,
            original_name=upload.name[:255],
            content_type=kind,
            size=upload.size,
            uploaded_by=by,
            uploaded_at=now,
            **parent,
        )
        history_note(row, by=by, at=now, reason=reason)
        row.save()


@transaction.atomic
def portfolio_submit(
    *,
    candidacy_id: int,
    student,
    link: str = "",
    files: Sequence = (),
    declared_own_work: bool,
    now: datetime | None = None,
) -> Candidacy:
    """TRN-2: the candidate hands their portfolio in before the sitting — files (checked as a project's
    deliverables are), a https link, or both — stating it is their own work (IP-1). Handing it in again
    adds files and replaces the link; earlier files stay."""
    now = now or timezone.now()
    candidacy = (
        Candidacy.objects.select_for_update(of=("self",))
        .select_related("session", "enrolment")
        .get(pk=candidacy_id)
    )
    if candidacy.enrolment.student_id != student.pk:
        raise JuryError(_("This is not your candidacy."))
    problem = rules.portfolio_problem(
        registered=candidacy.status == Candidacy.Status.REGISTERED,
        sitting_started=candidacy.session.starts_at <= now,
    ) or project_rules.submission_problem(
        may_submit=True, files=len(files), link=link, declared_own_work=declared_own_work
    )
    if problem:
        raise JuryError(problem)
    _store_files(
        PortfolioFile, _checked_files(files), by=student, now=now, reason=_("Portfolio handed in (TRN-2)."),
        candidacy=candidacy,
    )  # fmt: skip
    if link.strip():
        candidacy.portfolio_url = link.strip()
    candidacy.portfolio_submitted_at = now
    history_note(
        candidacy,
        by=student,
        at=now,
        reason=_("Portfolio handed in, stated as the student's own work (IP-1)."),
    )
    candidacy.save(update_fields=["portfolio_url", "portfolio_submitted_at"])
    return candidacy


# --- Remedial projects (TRN-4) ---------------------------------------------------------------------------


def _lock_remedial(remedial_id: int) -> RemedialProject:
    return (
        RemedialProject.objects.select_for_update(of=("self",))
        .select_related("verdict__candidacy__enrolment__student", "verdict__candidacy__session__jury")
        .get(pk=remedial_id)
    )


@transaction.atomic
def remedial_submit(
    *,
    remedial_id: int,
    student,
    link: str = "",
    files: Sequence = (),
    declared_own_work: bool,
    now: datetime | None = None,
) -> RemedialProject:
    """TRN-4: the student hands a remedial project in — files (PDF, ZIP, images, read from their bytes), a
    https link or both, checked as a project's deliverables are — stating it is their own work (IP-1); the
    jury's members are e-mailed once per submission. Files of an earlier hand-in stay."""
    now = now or timezone.now()
    remedial = _lock_remedial(remedial_id)
    candidacy = remedial.verdict.candidacy
    if candidacy.enrolment.student_id != student.pk:
        raise JuryError(_("This is not one of your remedial projects."))
    problem = project_rules.submission_problem(
        may_submit=remedial.status in (RemedialProject.Status.ASSIGNED, RemedialProject.Status.REJECTED),
        files=len(files),
        link=link,
        declared_own_work=declared_own_work,
    )
    if problem:
        raise JuryError(problem)
    _store_files(
        RemedialDeliverable, _checked_files(files), by=student, now=now,
        reason=_("Handed in with the remedial project."), remedial=remedial,
    )  # fmt: skip
    remedial.deliverables_url, remedial.submitted_at, remedial.own_work_declared_at = link.strip(), now, now
    transition(
        remedial,
        RemedialProject.Status.SUBMITTED,
        by=student,
        at=now,
        reason=_("Handed in, stated as the student's own work (IP-1)."),
        also=["deliverables_url", "submitted_at", "own_work_declared_at"],
    )
    members = JuryMember.objects.filter(jury_id=candidacy.session.jury_id).select_related("user")
    _email(
        f"remedial-submitted:{remedial.pk}:{now.isoformat()}",
        [m.user for m in members],
        "juries/email/remedial_submitted",
        {"remedial": remedial, "candidacy": candidacy},
    )
    return remedial


@transaction.atomic
def remedial_review(
    *, remedial_id: int, by, approve: bool, comment: str = "", now: datetime | None = None
) -> RemedialProject:
    """TRN-4: a member of the jury that set the remedial project — never the mentor — approves it or sends
    it back with what to change. Once every remedial project of the refusal is approved, the student may be
    registered before a jury again. The student is e-mailed once per review."""
    now = now or timezone.now()
    remedial = _lock_remedial(remedial_id)
    candidacy = remedial.verdict.candidacy
    problem = rules.remedial_review_problem(
        jury_member=JuryMember.objects.filter(jury_id=candidacy.session.jury_id, user=by).exists(),
        conflict=rules.conflict_reason(
            by.pk, selectors.candidate_ties(student_id=candidacy.enrolment.student_id)
        ),
        submitted=remedial.status == RemedialProject.Status.SUBMITTED,
        approve=approve,
        comment=comment,
    )
    if problem:
        raise JuryError(problem)
    remedial.review_comment = comment.strip()
    if approve:
        remedial.approved_by, remedial.approved_at = by, now
        transition(
            remedial,
            RemedialProject.Status.APPROVED,
            by=by,
            at=now,
            reason=_("Approved by a jury member (TRN-4)."),
            also=["approved_by", "approved_at", "review_comment"],
        )
    else:
        transition(
            remedial,
            RemedialProject.Status.REJECTED,
            by=by,
            at=now,
            reason=_("Sent back by a jury member (TRN-4)."),
            also=["review_comment"],
        )
    still_open = selectors.remedial_open_count(enrolment_id=candidacy.enrolment_id)
    registered = None
    if approve and not still_open:
        registered = _register_again(enrolment=candidacy.enrolment, by=by)
    _email(
        f"remedial-reviewed:{remedial.pk}:{now.isoformat()}",
        [candidacy.enrolment.student],
        "juries/email/remedial_reviewed",
        {"remedial": remedial, "open": still_open, "registered": registered},
    )
    return remedial


def _register_again(*, enrolment: Enrolment, by) -> Candidacy | None:
    """TRN-4: once jury members approved every remedial project of the refusal, the student is registered
    before the next planned sitting of a jury of their path that may hear them (TRN-1 holds, no member of a
    full jury has a conflict of interest). None when no sitting is planned: Student Success registers them
    when one is."""
    if enrolment.status not in Enrolment.CURRENT_STATUSES:
        return None
    sittings = (
        JurySession.objects.filter(
            jury__path_id=enrolment.path_id, status=JurySession.Status.PLANNED, starts_at__gt=timezone.now()
        )
        .exclude(candidacies__enrolment=enrolment)
        .select_related("jury")
        .order_by("starts_at")
    )
    for sitting in sittings:
        try:
            return candidacy_register(enrolment=enrolment, session=sitting, by=by)
        except JuryError:
            continue
    return None


def candidate_record_opened(*, candidacy_id: int, by, now: datetime | None = None) -> CandidateRecordOpening:
    """TRN-2: every opening of a candidate's record is kept (who, when), append-only."""
    return CandidateRecordOpening.objects.create(
        candidacy_id=candidacy_id, opened_by=by, opened_at=now or timezone.now()
    )


# --- Retention (settings.RETENTION_SCHEDULE) ---------------------------------------------------------------


@transaction.atomic
def jury_records_purge_expired(*, cutoff: datetime, held: frozenset[int], now: datetime) -> Purged:
    """Retention "jury_records": a candidacy decided or withdrawn whose last step (registration, verdict,
    remedial work) and whose student's training both ended before the cutoff is anonymised, in its history
    too. The portfolio's link and files, the remedial projects' briefs, links, reviews and files (files are
    deleted from the private storage), the verdict's reasons, the record's openings and the conflicts of
    interest declared about the student go. The verdict's decision and date stay — the Impact Committee's
    figures count them — and the diploma and the signed minutes are never touched: a diploma is verified for
    ever (TRN-4). Candidacies of a student something holds (an open case, another pending jury) stay."""
    day = retention.first_day_kept(cutoff, tz=timezone.get_default_timezone())
    remedial = RemedialProject.objects.filter(verdict__candidacy=OuterRef("pk"))
    expired = (
        Candidacy.objects.filter(
            status__in=(Candidacy.Status.DECIDED, Candidacy.Status.WITHDRAWN),
            enrolment__student_id__in=student_selectors.students_trained_before(day=day),
            registered_at__lte=cutoff,
        )
        .exclude(Exists(Verdict.objects.filter(candidacy=OuterRef("pk"), decided_at__gt=cutoff)))
        .exclude(Exists(remedial.filter(Q(submitted_at__gt=cutoff) | Q(approved_at__gt=cutoff))))
        .filter(
            ~Q(portfolio_url="")
            | Exists(PortfolioFile.objects.filter(candidacy=OuterRef("pk")))
            | Exists(CandidateRecordOpening.objects.filter(candidacy=OuterRef("pk")))
            | Exists(DeclaredConflict.objects.filter(enrolment=OuterRef("enrolment")))
            | Exists(
                Verdict.objects.filter(candidacy=OuterRef("pk")).exclude(reasons="").exclude(reasons=ERASED)
            )
            | Exists(remedial.exclude(brief=ERASED))
        )
    )
    rows, kept = core_selectors.retention_batch(
        expired, held=held, student="enrolment__student_id", fields=("enrolment_id", "registered_at")
    )
    ids = [pk for pk, _, _ in rows]
    if ids:
        _candidacies_erase(candidacy_ids=ids, enrolment_ids={enrolment for _, enrolment, _ in rows})
    return Purged(retention.ANONYMISED, ids, *retention.span(at for _, _, at in rows), held=kept)


def _candidacies_erase(*, candidacy_ids: list[int], enrolment_ids: set[int]) -> None:
    verdict_ids = {*Verdict.objects.filter(candidacy_id__in=candidacy_ids).values_list("pk", flat=True)}
    verdict_ids |= {*Verdict.history.filter(candidacy_id__in=candidacy_ids).values_list("id", flat=True)}
    remedial_ids = {*RemedialProject.objects.filter(verdict_id__in=verdict_ids).values_list("pk", flat=True)}
    remedial_ids |= {*RemedialProject.history.filter(verdict_id__in=verdict_ids).values_list("id", flat=True)}
    files = [
        *PortfolioFile.objects.filter(candidacy_id__in=candidacy_ids).values_list("file", flat=True),
        *PortfolioFile.history.filter(candidacy_id__in=candidacy_ids).values_list("file", flat=True),
        *RemedialDeliverable.objects.filter(remedial_id__in=remedial_ids).values_list("file", flat=True),
        *RemedialDeliverable.history.filter(remedial_id__in=remedial_ids).values_list("file", flat=True),
    ]
    records_erase(model=Candidacy, ids=candidacy_ids, values={"portfolio_url": ""})
    records_delete(PortfolioFile.objects.filter(candidacy_id__in=candidacy_ids))
    PortfolioFile.history.filter(candidacy_id__in=candidacy_ids).delete()
    records_delete(CandidateRecordOpening.objects.filter(candidacy_id__in=candidacy_ids))
    records_delete(DeclaredConflict.objects.filter(enrolment_id__in=enrolment_ids))
    DeclaredConflict.history.filter(enrolment_id__in=enrolment_ids).delete()
    records_erase(model=Verdict, key="candidacy_id", ids=candidacy_ids, where_filled={"reasons": ERASED})
    records_erase(
        model=RemedialProject,
        key="verdict_id",
        ids=verdict_ids,
        values={"brief": ERASED, "deliverables_url": "", "review_comment": ""},
    )
    records_delete(RemedialDeliverable.objects.filter(remedial_id__in=remedial_ids))
    RemedialDeliverable.history.filter(remedial_id__in=remedial_ids).delete()
    files_delete_on_commit(storage=private_storage, names=files)
