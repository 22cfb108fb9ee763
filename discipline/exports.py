"""The discipline app's part of a student's copy of their data (core.exports): every case with its grounds,
evidence, the student's answers, hearings and their notices, the decision, the registered letter (its PDF
goes into the ZIP) and the copies sent to funders (DIS-1..DIS-11).

Left out: the names of other students — the Board's advisory student representative, the representative who
accompanied the student — even where a note of the timeline quotes them; the Board's seats are shown by role
and the timeline's actors by their roles.
"""

from django.utils.translation import gettext as _

from openclassrooms.core.exports import ExportFile, Part, Section, attach, roles

from . import selectors
from .models import Case

STATUS = dict(Case.Status.choices)


def _representatives(case) -> set[str]:
    """The names of the other students in a case — the Board's advisory student representative, the one who
    accompanied the student to a hearing — as a note may quote them."""
    names = {str(s.user) for s in case.seats.all() if s.role == s.Role.STUDENT_REPRESENTATIVE}
    names |= {str(h.representative) for h in case.hearings.all() if h.representative_id}
    return {name for name in names if name}


def _without(text: str, names: set[str]) -> str:
    a_representative = _("[a student representative]")
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, a_representative)
    return text


def student_data(*, student) -> Part:
    files: list[ExportFile] = []
    cases, grounds, evidence, answers, hearings, notices, decisions, letters = [], [], [], [], [], [], [], []
    for case in selectors.cases_of_student(student=student):
        others = _representatives(case)
        cases.append(
            {
                "id": case.pk,
                "path": case.enrolment.path.name,
                "source": case.get_source_display(),
                "status": case.get_status_display(),
                "facts": case.summary,
                "opened_at": case.opened_at,
                "opened_by": roles(case.opened_by) if case.opened_by_id else _("the school's rules"),
                "withdrawn_reason": case.withdrawn_reason,
                "board": [seat.get_role_display() for seat in case.seats.all()],
                "timeline": [
                    {
                        "at": e.at,
                        "from": STATUS.get(e.from_status, e.from_status),
                        "to": STATUS.get(e.to_status, e.to_status),
                        "by": _("you") if e.actor_id == student.pk else roles(e.actor) if e.actor_id else "",
                        "note": _without(e.note, others),
                    }
                    for e in case.events.all()
                ],
            }
        )
        grounds += [
            {"case": case.pk, "rule": g.rule, "statement": g.statement, "communicated_at": g.communicated_at}
            for g in case.grounds.all()
        ]
        evidence += [
            {
                "case": case.pk,
                "description": e.description,
                "session": e.session_id,
                "project": e.submission.project.code if e.submission_id else "",
                "presentation": e.presentation_id,
                "document": e.document_id,
                "added_at": e.added_at,
            }
            for e in case.evidence.all()
        ]
        answers += [
            {"case": case.pk, "text": a.text, "submitted_at": a.submitted_at} for a in case.answers.all()
        ]
        for h in case.hearings.all():
            hearings.append(
                {
                    "id": h.pk,
                    "case": case.pk,
                    "scheduled_start": h.scheduled_start,
                    "video_link": h.video_link,
                    "status": h.get_status_display(),
                    "you_attended": h.student_attended,
                    "with_a_representative": h.representative_id is not None,
                    "representative_attended": h.representative_attended,
                    "minutes_grounds": _without(h.minutes_grounds, others),
                    "minutes_your_explanations": _without(h.minutes_explanations, others),
                    "postponement_reason": _without(h.postponement_reason, others),
                    "extenuating_circumstances": h.get_extenuating_kind_display()
                    if h.extenuating_kind
                    else "",
                    "extenuating_proof_document": h.extenuating_proof_id,
                }
            )
            notices += [
                {
                    "case": case.pk,
                    "hearing": h.pk,
                    "channel": n.get_channel_display(),
                    "purpose": _without(n.purpose, others),
                    "complaints": _without(n.complaints, others),
                    "hearing_start": n.hearing_start,
                    "video_link": n.video_link,
                    "states_right_to_a_representative": n.states_right_to_representative,
                    "sent_at": n.sent_at,
                    "receipt_signed_at": n.receipt_signed_at,
                }
                for n in h.notices.all()
            ]
        decision = getattr(case, "decision", None)
        if decision is None:
            continue
        decisions.append(
            {
                "case": case.pk,
                "penalty": decision.get_penalty_display(),
                "grounds": decision.grounds,
                "decided_at": decision.decided_at,
                "effective_from": decision.effective_from,
                "effective_until": decision.effective_until,
                "copies_sent_to": [
                    {"funding_body": c.funding_body.name, "address": c.address, "sent_on": c.sent_on}
                    for c in decision.copies.all()
                ],
            }
        )
        letter = getattr(decision, "letter", None)
        if letter is not None:
            letters.append(
                {
                    "case": case.pk,
                    "generated_at": letter.generated_at,
                    "dispatched_on": letter.dispatched_on,
                    "registered_number": letter.registered_number,
                    "acknowledged_on": letter.acknowledged_on,
                    "file": attach(files, "letters", letter.pdf, "decision-case", f"{case.pk}.pdf"),
                }
            )
    return Part(
        sections={
            "cases": Section(
                _("Disciplinary cases"),
                cases,
                note=_(
                    "Each case with its timeline. The Board's members are shown by their seat, not by name."
                ),
            ),
            "case_grounds": Section(_("Complaints (grounds) of each case"), grounds),
            "case_evidence": Section(_("Evidence in each case"), evidence),
            "case_answers": Section(_("Your written answers"), answers),
            "hearings": Section(_("Hearings of the Disciplinary Board"), hearings),
            "hearing_notices": Section(_("Notices of hearings (DIS-3)"), notices),
            "decisions": Section(_("Decisions of the Disciplinary Board"), decisions),
            "letters": Section(
                _("Registered letters (DIS-8)"),
                letters,
                note=_("Each letter's PDF is in the ZIP at the name shown."),
            ),
        },
        files=files,
    )
