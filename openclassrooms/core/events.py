"""Domain events: how a lower app tells the higher ones what happened, without importing them.

An app declares its events in ``signals.py``
(``enrolment_paused = DomainSignal("students.enrolment_paused")``) and emits them from its services
(``event_emit(enrolment_paused, enrolment_id=…)``); a higher app connects a receiver in its
``receivers.py``. ``core.services.event_emit`` records the event in the current transaction
(``core.DomainEvent``) and dispatches it after commit, so a receiver never sees uncommitted data, and an
event lost by a crash is dispatched by the beat task ``dispatch_stale_events``.

Payloads hold plain values: ints, strings, booleans, dates and datetimes (kept as ISO strings in the table
and given back to the receivers as dates and datetimes).
"""

from __future__ import annotations

from datetime import date, datetime

from django.dispatch import Signal

REGISTRY: dict[str, DomainSignal] = {}


class DomainSignal(Signal):
    def __init__(self, name: str) -> None:
        super().__init__()
        if name in REGISTRY:
            raise ValueError(f"Two domain events are named {name}.")
        self.name = name
        REGISTRY[name] = self


def encode(payload: dict) -> dict:
    def one(value):
        if isinstance(value, datetime):
            return {"__datetime__": value.isoformat()}
        if isinstance(value, date):
            return {"__date__": value.isoformat()}
        return value

    return {key: one(value) for key, value in payload.items()}


def decode(payload: dict) -> dict:
    def one(value):
        if isinstance(value, dict) and "__datetime__" in value:
            return datetime.fromisoformat(value["__datetime__"])
        if isinstance(value, dict) and "__date__" in value:
            return date.fromisoformat(value["__date__"])
        return value

    return {key: one(value) for key, value in payload.items()}
