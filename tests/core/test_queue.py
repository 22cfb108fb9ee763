"""Issue 17: a page never waits on a broker that is down, and the work it asked for is done once the broker is
back. Work is recorded in the database before its task is sent (an e-mail in the outbox, a copy of a student's
data to build, a letter to print); the task only says "do it now". With the broker at a closed port the
page answers, the work waits in its rows, and beat's sweeps do it when the broker answers again.

Documents (PDFs, ZIPs) go to a queue of their own, so that a burst of them never delays an e-mail."""

import logging
from datetime import datetime, time, timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from discipline import services as discipline_services
from discipline.models import Letter
from openclassrooms.celery import app as celery_app
from openclassrooms.core import exports, queue, retention, services
from openclassrooms.core.models import DataExport, OutboundEmail
from openclassrooms.core.tasks import deliver_email, deliver_stale_emails, resume_pending_documents
from tests.accounts.factories import UserFactory
from tests.conftest import BROKER, closed_port, needs_redis_worker, tasks_done, wait_for
from tests.discipline.factories import DecisionFactory
from tests.juries.factories import DiplomaFactory
from tests.students.factories import EnrolmentFactory

INVITATION = {"user": {"first_name": "Ada", "email": "a@example.org"}, "url": "https://school.example.org/x"}
CLOSED = f"redis://127.0.0.1:{closed_port()}/0"  # every connection is refused at once


def _invite(key: str, address: str) -> OutboundEmail:
    return services.email_enqueue(
        key=key, to=[address], template="accounts/email/invitation", context=INVITATION
    )


def test_documents_go_to_their_own_queue_and_emails_stay_on_the_default_one(settings):
    def queue_of(task) -> str:
        return celery_app.amqp.router.route({}, task.name)["queue"].name

    assert queue_of(resume_pending_documents) == settings.CELERY_DOCUMENTS_QUEUE != "celery"
    for name in settings.CELERY_TASK_ROUTES:  # each a real task's name
        assert queue_of(import_string(name)) == settings.CELERY_DOCUMENTS_QUEUE
    assert queue_of(deliver_email) == queue_of(deliver_stale_emails) == settings.CELERY_TASK_DEFAULT_QUEUE
    assert "discipline.tasks.generate_letter" in settings.CELERY_TASK_ROUTES


@pytest.mark.django_db
def test_a_page_answers_while_the_broker_is_down_and_the_work_waits_in_its_row(
    client, broker_at, caplog, django_capture_on_commit_callbacks
):
    student = UserFactory(roles=["student"])
    EnrolmentFactory(student=student)
    client.force_login(student)
    broker_at(CLOSED)

    with (
        caplog.at_level(logging.WARNING, logger="openclassrooms.core.queue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("data_export_request"))
    assert response.status_code == 302
    export = DataExport.objects.get(student=student)
    assert export.built_at is None  # recorded; built by the documents sweep once the broker answers
    assert "Broker unreachable" in caplog.text and "build_export" in caplog.text

    # The next work in the same process does not knock again for a while: it is recorded and left too.
    caplog.clear()
    with (
        caplog.at_level(logging.WARNING, logger="openclassrooms.core.queue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = services.email_enqueue(
            key="down:1", to=["a@example.org"], template="accounts/email/invitation", context=INVITATION
        )
    assert OutboundEmail.objects.get(pk=email.pk).sent_at is None
    assert "Broker down a moment ago" in caplog.text and "deliver_email" in caplog.text


@pytest.mark.django_db
def test_allauths_emails_go_through_the_outbox_so_a_reset_never_waits_on_the_broker(
    client, broker_at, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the broker answers (tasks run here)
        assert client.post(reverse("account_reset_password"), {"email": user.email}).status_code == 302
    (sent,) = mail.outbox
    assert sent.to == [user.email] and "/password/reset/key/" in sent.body
    row = OutboundEmail.objects.get(key__startswith="account:password_reset_key:")
    assert row.sent_at is not None and row.holds_link and row.body == ""  # the link is not kept once sent

    broker_at(CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("account_reset_password"), {"email": user.email}).status_code == 302
    (waiting,) = OutboundEmail.objects.filter(
        key__startswith="account:password_reset_key:", sent_at__isnull=True
    )
    assert "/password/reset/key/" in waiting.body and len(mail.outbox) == 1  # deliver-stale-emails sends it

    # Who reads the outbox in the admin (the site's administrators) never reads a link that would let them in.
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:core_outboundemail_change", args=[waiting.pk]))
    assert page.status_code == 200 and waiting.subject in page.content.decode()
    assert "/password/reset/key/" not in page.content.decode()


def test_every_task_of_a_batch_is_left_to_the_sweep_after_the_first_refusal(broker_at, caplog):
    broker_at(CLOSED)
    with caplog.at_level(logging.WARNING, logger="openclassrooms.core.queue"):
        assert queue.send_tasks(deliver_email, [(1,), (2,), (3,)]) == 0
    assert caplog.text.count("Broker unreachable") == 1 and "[(1,), (2,), (3,)]" in caplog.text


@pytest.mark.django_db
def test_the_documents_sweep_makes_each_waiting_document_once(django_capture_on_commit_callbacks, broker_at):
    """What a lost task left: a letter and a certificate without their PDF, a copy of data never built."""
    broker_at(CLOSED)
    decision = DecisionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        letter = Letter.objects.create(decision=decision)
        diploma = DiplomaFactory()
        export = services.export_request(student=UserFactory(roles=["student"]))
    assert services.documents_resume() == 3
    letter.refresh_from_db(), diploma.refresh_from_db(), export.refresh_from_db()
    assert letter.pdf and diploma.pdf and export.built_at is not None
    assert services.documents_resume() == 0


@pytest.mark.django_db
def test_the_sweep_leaves_what_can_no_longer_be_sent_and_copies_shown_as_failed():
    """A letter past DIS-8's day 15, a letter of a case retention erased, a copy of data asked for
    BUILD_WAIT ago (the student sees it failed and asks again): none is made late."""
    missed = Letter.objects.create(decision=DecisionFactory(), window_missed_at=timezone.now())
    erased = Letter.objects.create(decision=DecisionFactory(case__summary=retention.ERASED))
    student = UserFactory(roles=["student"])
    failed = DataExport.objects.create(student=student, requested_at=timezone.now() - exports.BUILD_WAIT)
    preparing = DataExport.objects.create(
        student=student, requested_at=timezone.now() - exports.BUILD_WAIT + timedelta(seconds=1)
    )
    assert services.documents_resume() == 1
    assert not Letter.objects.get(pk=missed.pk).pdf and not Letter.objects.get(pk=erased.pk).pdf
    assert DataExport.objects.get(pk=failed.pk).built_at is None
    assert DataExport.objects.get(pk=preparing.pk).built_at is not None
    assert services.export_build(export_id=failed.pk) is False  # its own task, arriving late, does not either


@pytest.mark.django_db
def test_dis8_the_sweep_prints_a_letter_on_day_15_and_not_on_day_16_even_before_the_watch_flags_it():
    today = timezone.localdate()
    at_noon = timezone.make_aware(datetime.combine(today, time(12)))
    day_15 = Letter.objects.create(
        decision=DecisionFactory(hearing__scheduled_start=at_noon - timedelta(days=15))
    )
    day_16 = Letter.objects.create(
        decision=DecisionFactory(hearing__scheduled_start=at_noon - timedelta(days=16))
    )
    assert discipline_services.letters_generate_pending(limit=20, today=today) == 1
    assert Letter.objects.get(pk=day_15.pk).pdf and not Letter.objects.get(pk=day_16.pk).pdf


def test_one_failure_does_not_stop_the_others_but_the_tasks_time_limit_does(caplog):
    def do(pk: int) -> bool:
        if pk == 2:
            raise ValueError("no postal address")
        return True

    assert services.pending_do(do, [1, 2, 3], what="Letter") == 2
    assert "Letter 2 could not be done" in caplog.text

    def out_of_time(pk: int) -> bool:
        raise SoftTimeLimitExceeded

    with pytest.raises(SoftTimeLimitExceeded):
        services.pending_do(out_of_time, [1, 2], what="Letter")


# --- With a real worker, when the broker comes back -------------------------------------------------------


@pytest.mark.worker
@needs_redis_worker
def test_work_asked_for_while_the_broker_was_down_is_done_when_it_is_back(
    worker_factory, broker_at, tmp_path
):
    worker = worker_factory(DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"))
    broker_at(CLOSED)
    student = UserFactory(roles=["student"])
    export = services.export_request(student=student)  # committed: its task is sent, and refused
    email = services.email_enqueue(
        key="back:1", to=[student.email], template="accounts/email/invitation", context=INVITATION
    )
    assert DataExport.objects.get(pk=export.pk).built_at is None
    assert OutboundEmail.objects.get(pk=email.pk).sent_at is None

    broker_at(BROKER)  # the broker is back: beat sends its sweeps, as it does every few minutes
    deliver_stale_emails.apply_async(kwargs={"older_than_seconds": 0})
    resume_pending_documents.delay()

    assert wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).sent_at is not None, timeout=90), (
        worker.log_path.read_text()[-3000:]
    )
    assert wait_for(lambda: DataExport.objects.get(pk=export.pk).built_at is not None, timeout=90), (
        worker.log_path.read_text()[-3000:]
    )
    assert wait_for(lambda: tasks_done(worker, resume_pending_documents, 1))
