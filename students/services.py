"""Writes on students' records."""

from django.db import transaction

from .models import Document

MAX_UPLOAD = 10 * 1024 * 1024
SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class DocumentError(Exception):
    pass


def sniff_content_type(upload) -> str | None:
    """PDF, PNG or JPEG, recognised by their first bytes, not by the file's name."""
    head = upload.read(16)
    upload.seek(0)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


@transaction.atomic
def document_store(*, upload, student, by, kind: str) -> Document:
    """Keep an uploaded proof or approval in private storage, after checking its type and size."""
    if upload.size == 0:
        raise DocumentError("The file is empty.")
    if upload.size > MAX_UPLOAD:
        raise DocumentError("The file is larger than 10 MB.")
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise DocumentError("Only PDF, PNG or JPEG files are accepted.")
    return Document.objects.create(
        student=student,
        kind=kind,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )


class EnrolmentError(Exception):
    pass


def enrolment_ban_problem(*, student_id: int, on) -> str | None:
    """DIS-7: a permanently excluded person cannot enrol on any path for one year."""
    from discipline import rules as discipline_rules
    from discipline import selectors as discipline_selectors

    until = discipline_rules.enrolment_refused_until(
        exclusions=discipline_selectors.exclusion_dates_for_student(student_id=student_id), on=on
    )
    if until is None:
        return None
    return (
        f"This person was permanently excluded and cannot enrol on any path before {until:%-d %B %Y} (DIS-7)."
    )


@transaction.atomic
def enrolment_create(
    *, student, path, mentor, start_date, planned_end_date, recording_consent: bool = False, now=None
):
    """Enrol a student on a path; refused within a year of a permanent exclusion (DIS-7)."""
    from django.utils import timezone

    from .models import Enrolment

    now = now or timezone.now()
    problem = enrolment_ban_problem(student_id=student.pk, on=start_date)
    if problem:
        raise EnrolmentError(problem)
    if Enrolment.objects.filter(student=student, status__in=Enrolment.CURRENT_STATUSES).exists():
        raise EnrolmentError("This student already has a current enrolment.")
    return Enrolment.objects.create(
        student=student,
        path=path,
        mentor=mentor,
        start_date=start_date,
        planned_end_date=planned_end_date,
        recording_consent=recording_consent,
        recording_consent_at=now if recording_consent else None,
    )
