"""The projects app's part of a student's copy of their data (core.exports): the work handed in on each
project with the mentor's review and every deliverable (the files themselves go into the ZIP), and the
final presentations with their per-skill results (TRN-1)."""

from django.utils.translation import gettext as _

from openclassrooms.core.exports import ExportFile, Part, Section, attach, person

from . import selectors


def _submission(submission, *, student, files: list[ExportFile]) -> dict:
    return {
        "id": submission.pk,
        "enrolment": submission.enrolment_id,
        "project": f"{submission.project.code} — {submission.project.title}",
        "status": submission.get_status_display(),
        "link": submission.deliverables_url,
        "submitted_at": submission.submitted_at,
        "rounds": submission.round,
        "own_work_declared_at": submission.own_work_declared_at,
        "sources_cited": submission.sources,
        "approved_by": person(submission.approved_by),
        "approved_at": submission.approved_at,
        "mentor_comment": submission.mentor_comment,
        "deliverables": [
            {
                "round": d.round,
                "name": d.original_name,
                "content_type": d.content_type,
                "size": d.size,
                "uploaded_at": d.uploaded_at,
                "uploaded_by": _("you") if d.uploaded_by_id == student.pk else _("the school"),
                "file": attach(
                    files,
                    "deliverables",
                    d.file,
                    submission.project.code,
                    f"round{d.round}",
                    d.pk,
                    d.original_name,
                ),
            }
            for d in submission.all_deliverables
        ],
    }


def _presentation(presentation) -> dict:
    return {
        "id": presentation.pk,
        "project": f"{presentation.submission.project.code} — {presentation.submission.project.title}",
        "validating_mentor": person(presentation.validating_mentor),
        "scheduled_start": presentation.scheduled_start,
        "minutes": int(presentation.duration.total_seconds() // 60),
        "mode": presentation.get_mode_display(),
        "status": presentation.get_status_display(),
        "booked_at": presentation.booked_at,
        "concluded_at": presentation.concluded_at,
        "every_skill_acquired": presentation.validated,
        "comments": presentation.comments,
        "recording": presentation.recording_url,
        "recording_deleted_at": presentation.recording_deleted_at,
        "recording_deletion": presentation.recording_trace,
        "skill_results": [
            {
                "skill": a.skill.name,
                "result": a.get_result_display(),
                "comment": a.comment,
                "assessed_at": a.assessed_at,
            }
            for a in presentation.assessments.all()
        ],
    }


def student_data(*, student) -> Part:
    files: list[ExportFile] = []
    submissions = [
        _submission(s, student=student, files=files)
        for s in selectors.submissions_of_student(student=student)
    ]
    return Part(
        sections={
            "submissions": Section(
                _("Projects handed in"),
                submissions,
                note=_(
                    "Each project you worked on, the mentor's review and every file you handed in (in the "
                    "ZIP at the name shown)."
                ),
            ),
            "presentations": Section(
                _("Final presentations and skill results"),
                [_presentation(p) for p in selectors.presentations_of_student(student=student)],
            ),
        },
        files=files,
    )
