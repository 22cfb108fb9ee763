"""The students app's part of a student's copy of their data (core.exports): enrolments with their pauses,
funding, accommodations and placements; requests (suspension, stop, change of path); the documents kept
about them (the files themselves go into the ZIP); and the corrections of their profile they asked for."""

from django.utils.translation import gettext as _

from openclassrooms.core.exports import ExportFile, Part, Section, attach, person

from . import selectors
from .models import PathChangeRequest, SuspensionRequest, TerminationRequest


def _enrolment(enrolment) -> dict:
    return {
        "id": enrolment.pk,
        "path": enrolment.path.name,
        "status": enrolment.get_status_display(),
        "mentor": person(enrolment.mentor),
        "start_date": enrolment.start_date,
        "planned_end_date": enrolment.planned_end_date,
        "ended_on": enrolment.ended_on,
        "suspended_until": enrolment.suspended_until,
        "no_new_enrolment_before": enrolment.ban_until,
        "recording_consent": enrolment.recording_consent,
        "recording_consent_at": enrolment.recording_consent_at,
        "replaces_enrolment": enrolment.previous_id,
        "recorded_at": enrolment.created_at,
        "periods_without_sessions": [
            {
                "from": p.starts_on,
                "until": p.until,
                "rule": p.rule,
                "reason": p.reason,
                "recorded_at": p.recorded_at,
            }
            for p in enrolment.pauses.all()
        ],
        "funding": [
            {
                "kind": f.get_kind_display(),
                "body": f.body.name if f.body_id else "",
                "share_percent": f.share_percent,
                "reference": f.reference,
            }
            for f in enrolment.fundings.all()
        ],
        "accommodations": [
            {
                "audio_only": a.audio_only,
                "status": a.get_status_display(),
                "notes": a.notes,
                "proof_document": a.proof_id,
                "decided_at": a.decided_at,
            }
            for a in enrolment.accommodations.all()
        ],
        "placements": [
            {
                "host": p.host_name,
                "host_kind": p.get_host_kind_display(),
                "host_address": p.host_address,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "safety_rules_acknowledged_at": p.safety_rules_acknowledged_at,
            }
            for p in enrolment.placements.all()
        ],
    }


def _request(request) -> dict:
    row = {"id": request.pk, "path": request.enrolment.path.name}
    if isinstance(request, SuspensionRequest):
        row.update(kind=_("Suspension"), starts_on=request.starts_on, ends_on=request.ends_on)
    elif isinstance(request, TerminationRequest):
        row.update(kind=_("Stop of the training"), effective_on=request.effective_on)
    elif isinstance(request, PathChangeRequest):
        row.update(
            kind=_("Change of path"),
            to_path=request.to_path.name,
            mentor_consulted_at=request.mentor_consulted_at,
            earliest_effective_on=request.earliest_effective_on,
            effective_on=request.effective_on,
        )
    row |= {
        "status": request.get_status_display(),
        "reason": request.reason,
        "submitted_at": request.submitted_at,
        "mentor_notified_at": request.mentor_notified_at,
        "decided_at": request.decided_at,
        "decision_reason": request.decision_reason,
        "applied_at": request.applied_at,
    }
    if hasattr(request, "funder_approval_id"):
        row["funder_approval_document"] = request.funder_approval_id
    return row


def student_data(*, student) -> Part:
    files: list[ExportFile] = []
    documents = [
        {
            "id": d.pk,
            "kind": d.get_kind_display(),
            "name": d.original_name,
            "content_type": d.content_type,
            "size": d.size,
            "uploaded_at": d.uploaded_at,
            "uploaded_by": _("you") if d.uploaded_by_id == student.pk else _("the school"),
            "file": attach(files, "documents", d.file, d.pk, d.original_name),
        }
        for d in selectors.documents_of_student(student=student)
    ]
    corrections = [
        {
            "id": c.pk,
            "detail": c.get_field_display(),
            "value_when_asked": c.value_before,
            "value_asked_for": c.value_asked,
            "explanation": c.explanation,
            "requested_at": c.requested_at,
            "status": c.get_status_display(),
            "decided_at": c.decided_at,
            "reason": c.reason,
        }
        for c in selectors.profile_corrections_for_student(student=student)
    ]
    return Part(
        sections={
            "enrolments": Section(
                _("Enrolments"),
                [_enrolment(e) for e in selectors.enrolments_of_student(student=student)],
                note=_(
                    "Each training you followed, with its periods without sessions, its funding, "
                    "accommodations and placements."
                ),
            ),
            "requests": Section(
                _("Your requests"),
                [_request(r) for r in reversed(selectors.requests_for_student(student=student))],
                note=_("Suspensions, stops and changes of path you asked for, and the answers."),
            ),
            "documents": Section(
                _("Documents"),
                documents,
                note=_(
                    "Proofs, approvals and evidence kept about you; each file is in the ZIP at the name "
                    "shown."
                ),
            ),
            "profile_corrections": Section(
                _("Corrections of your profile you asked for"), list(reversed(corrections))
            ),
        },
        files=files,
    )
