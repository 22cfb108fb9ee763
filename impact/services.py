"""Writes for the Impact Committee."""

from datetime import date

from django.db import transaction

from .models import BoardRequest


@transaction.atomic
def board_requests_flag_overdue(*, today: date) -> int:
    """IMP-3: a request past its due date without an answer becomes overdue (one UPDATE)."""
    return BoardRequest.objects.filter(status=BoardRequest.Status.OPEN, due_on__lt=today).update(
        status=BoardRequest.Status.OVERDUE
    )
