"""Domain events: recorded with the change, dispatched to the apps above after commit, exactly once, and
dispatched by the beat task when a crash lost them (CONVENTIONS "Layers"; the e-mail outbox's twin)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from openclassrooms.core.events import DomainSignal
from openclassrooms.core.models import DomainEvent
from openclassrooms.core.services import event_dispatch, event_emit, events_dispatch_stale
from students.models import FundingBody

ping = DomainSignal("tests.ping")
ON = date(2026, 3, 2)
AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def received():
    calls = []

    def receiver(sender, signal, **payload):
        calls.append(payload)
        FundingBody.objects.create(name=f"Reaction {len(calls)}", kind="other")

    ping.connect(receiver)
    yield calls
    ping.disconnect(receiver)


@pytest.fixture
def failing():
    def receiver(sender, **payload):
        raise RuntimeError("the receiver failed")

    ping.connect(receiver)
    yield receiver
    ping.disconnect(receiver)


@pytest.mark.django_db
def test_an_event_reaches_its_receivers_after_the_commit_with_its_dates_and_datetimes(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event = event_emit(ping, enrolment_id=7, on=ON, at=AT, rule="SUS-4")
        assert received == []  # nothing before the commit

    assert received == [{"enrolment_id": 7, "on": ON, "at": AT, "rule": "SUS-4"}]
    event.refresh_from_db()
    assert event.dispatched_at is not None and event.attempts == 1


@pytest.mark.django_db
def test_nothing_reaches_the_receivers_when_the_change_rolls_back(
    received, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        event_emit(ping, enrolment_id=7)
        raise RuntimeError("the change failed")

    assert received == []
    assert DomainEvent.objects.count() == 0


@pytest.mark.django_db
def test_a_dispatched_event_is_never_dispatched_again(received):
    event = event_emit(ping, enrolment_id=7)
    assert event_dispatch(event_id=event.pk) is True

    assert event_dispatch(event_id=event.pk) is False
    assert events_dispatch_stale(older_than_seconds=0) == 0
    assert len(received) == 1


@pytest.mark.django_db
def test_a_failing_receiver_undoes_every_reaction_and_the_beat_task_tries_again(received, failing):
    event = event_emit(ping, enrolment_id=7)

    assert event_dispatch(event_id=event.pk) is False

    event.refresh_from_db()
    assert (event.dispatched_at, event.attempts) == (None, 1)
    assert "the receiver failed" in event.last_error
    assert not FundingBody.objects.filter(name__startswith="Reaction").exists()

    ping.disconnect(failing)
    assert events_dispatch_stale(older_than_seconds=0) == 1
    assert FundingBody.objects.filter(name__startswith="Reaction").count() == 1


@pytest.mark.django_db
def test_the_beat_task_dispatches_what_a_crash_lost_but_leaves_the_fresh_ones(received):
    lost = DomainEvent.objects.create(name="tests.ping", payload={"enrolment_id": 1})
    fresh = DomainEvent.objects.create(name="tests.ping", payload={"enrolment_id": 2})
    DomainEvent.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(seconds=121))
    DomainEvent.objects.filter(pk=fresh.pk).update(created_at=timezone.now() - timedelta(seconds=119))

    assert events_dispatch_stale(older_than_seconds=120) == 1

    assert received == [{"enrolment_id": 1}]
    assert DomainEvent.objects.get(pk=fresh.pk).dispatched_at is None
