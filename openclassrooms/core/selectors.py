"""Reads shared by every app."""

from openclassrooms.accounts.roles import Role

from .models import AccessLog


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
            "roles": ", ".join(sorted(labels.get(g.name, g.name) for g in row.viewer.groups.all()))
            or "Staff",
            "what": row.get_what_display(),
            "viewed_at": row.viewed_at,
        }
        for row in rows
    ]
