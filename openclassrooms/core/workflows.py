"""Status workflows, declared once per model and moved by one function (CONVENTIONS "Status workflows").

A model declares ``TRANSITIONS = {from: (to, …)}`` over its status choices; ``transition`` is the only code
that assigns the status. It refuses a move the table does not allow with a message in words, does nothing
when the status is already the wanted one, and records who made the move, when and why in the record's
history (django-simple-history's ``_history_user``, ``_history_date`` and ``_change_reason``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db import models
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from .exceptions import PolicyError


class TransitionError(PolicyError):
    """A move the declared workflow does not allow."""


def _refusal(instance: models.Model, field: str, to: str) -> TransitionError:
    labels = dict(instance._meta.get_field(field).flatchoices)
    current = getattr(instance, field)
    return TransitionError(
        _("A %(record)s that is “%(current)s” cannot become “%(to)s”.")
        % {
            "record": instance._meta.verbose_name,
            "current": labels.get(current, current),
            "to": labels.get(to, to),
        }
    )


def allowed(instance: models.Model, to: str, *, field: str = "status") -> bool:
    """Whether the declared workflow lets ``instance`` move to ``to`` now."""
    table: Mapping[str, Iterable[str]] = type(instance).TRANSITIONS
    return to in table.get(getattr(instance, field), ())


def history_note(instance: models.Model, *, by=None, at: datetime | None = None, reason: str = "") -> None:
    """Who, when and why, for the history row the next save of ``instance`` writes."""
    if by is not None:
        instance._history_user = by
    if at is not None:
        instance._history_date = at
    if reason:
        instance._change_reason = reason


def transition(
    instance: models.Model,
    to: str,
    *,
    by=None,
    at: datetime | None = None,
    reason: str = "",
    field: str = "status",
    also: Iterable[str] = (),
) -> bool:
    """Move ``instance`` to ``to`` if its declared workflow allows it, saving ``field`` and ``also``.

    Returns False (and saves nothing) when the status already is ``to`` and the table has no such
    self-move (e.g. a hearing moved again stays "scheduled" and is recorded).
    """
    current = getattr(instance, field)
    if current == to and not allowed(instance, to, field=field):
        return False
    if not allowed(instance, to, field=field):
        raise _refusal(instance, field, to)
    setattr(instance, field, to)
    history_note(instance, by=by, at=at, reason=reason)
    instance.save(update_fields=[field, *also])
    return True


def transition_many(
    instances: Iterable[models.Model],
    to: str,
    *,
    by=None,
    at: datetime | None = None,
    reason: str = "",
    field: str = "status",
    also: Iterable[str] = (),
) -> list[models.Model]:
    """``transition`` for many rows of one model in one bulk UPDATE, each with its history row.

    Every row is checked against the table first; one illegal move refuses them all. Returns the rows
    that moved (those already at ``to`` are left alone).
    """
    moved = []
    for instance in instances:
        current = getattr(instance, field)
        if current == to and not allowed(instance, to, field=field):
            continue
        if not allowed(instance, to, field=field):
            raise _refusal(instance, field, to)
        setattr(instance, field, to)
        moved.append(instance)
    if moved:
        bulk_update_with_history(
            moved,
            type(moved[0]),
            [field, *also],
            batch_size=500,
            default_user=by,
            default_change_reason=reason,
            default_date=at,
        )
    return moved
