"""Reads shared by every app."""

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from openclassrooms.accounts.roles import Role

from . import retention
from .models import AccessLog, DataExport, OutboundEmail


def case_file_accesses(*, student_id: int, case_id: int, limit: int = 50) -> list[dict]:
    """Who opened a student's case file or letter, and when: by the roles the person holds — never their
    name, address or IP — for the student's own page."""
    labels = dict(Role.choices)
    rows = (
        AccessLog.objects.filter(
            student_id=student_id,
            object_id=case_id,
            what__in=[AccessLog.What.CASE, AccessLog.What.LETTER],
        )
        .prefetch_related("viewer__groups")
        .order_by("-viewed_at")[:limit]
    )
    return [
        {
            "roles": ", ".join(sorted(str(labels.get(g.name, g.name)) for g in row.viewer.groups.all()))
            or _("Staff"),
            "what": row.get_what_display(),
            "viewed_at": row.viewed_at,
        }
        for row in rows
    ]


def record_accesses(*, student_id: int) -> list[dict]:
    """Every opening of the student's record by someone else (their export): by role, never by name."""
    labels = dict(Role.choices)
    rows = (
        AccessLog.objects.filter(student_id=student_id)
        .prefetch_related("viewer__groups")
        .order_by("-viewed_at", "-pk")
    )
    return [
        {
            "roles": ", ".join(sorted(str(labels.get(g.name, g.name)) for g in row.viewer.groups.all()))
            or _("Staff"),
            "what": row.get_what_display(),
            "object_id": row.object_id,
            "page": row.page,
            "viewed_at": row.viewed_at,
        }
        for row in rows
    ]


def emails_to(*, address: str) -> list[OutboundEmail]:
    """The outbox's e-mails addressed to ``address`` (among others or alone), oldest first: one query."""
    if connection.features.supports_json_field_contains:
        emails = OutboundEmail.objects.filter(to__contains=[address])
    else:  # SQLite (development): the list's JSON text holds the address; the exact match is made below
        emails = OutboundEmail.objects.filter(to__icontains=address)
    return [email for email in emails.order_by("created_at", "pk") if address in email.to]


def export_latest(*, student_id: int) -> DataExport | None:
    """The student's last asked-for copy of their data, whatever its state."""
    return DataExport.objects.filter(student_id=student_id).order_by("-requested_at", "-pk").first()


def retention_holds() -> frozenset[int]:
    """The students whose records the retention schedule must not touch now: every function named in
    ``settings.RETENTION_HOLDS`` (an open disciplinary case, a pending jury…) answers with student ids.
    Core knows no app: the functions are found by their dotted paths."""
    held: set[int] = set()
    for path in settings.RETENTION_HOLDS:
        held.update(import_string(path)())
    return frozenset(held)


def retention_batch(
    expired: QuerySet, *, held: frozenset[int], student: str, fields: tuple[str, ...]
) -> tuple[list[tuple], int]:
    """Retention: the expired rows one run removes — at most ``retention.BATCH``, in id order, locked (rows
    another run holds are skipped) — as ``(pk, *fields)`` tuples, and how many expired rows the holds keep
    (``student`` names the lookup to the student, e.g. ``enrolment__student_id``)."""
    holds = {f"{student}__in": held}
    kept = expired.filter(**holds).count()
    rows = list(
        expired.exclude(**holds)
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("pk")
        .values_list("pk", *fields)[: retention.BATCH]
    )
    return rows, kept


def export_of_student(*, student_id: int, pk: int) -> DataExport | None:
    """One of the student's own exports; anyone else's looks missing."""
    return DataExport.objects.filter(pk=pk, student_id=student_id).first()
