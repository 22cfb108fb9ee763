"""E-mail delivery and domain events, each exactly once (CONVENTIONS "Background work").

E-mails are written in their recipients' language (issue 16): the ``language`` of the people whose addresses
they go to, when they all share one, else the school's (``LANGUAGE_CODE``)."""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from importlib import import_module

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import events, exports, queue, retention, selectors
from .exceptions import PolicyError
from .models import AccessLog, DataExport, DomainEvent, OutboundEmail, RetentionTrace
from .retention import Purged
from .storage import private_storage

logger = logging.getLogger(__name__)


def _deliver_on_commit(ids: list[int]) -> None:
    # tasks import this module (three-line tasks calling services): imported when first needed.
    from .tasks import deliver_email  # noqa: PLC0415

    queue.send_tasks_on_commit(deliver_email, [(pk,) for pk in ids])


def _languages_of(addresses: Iterable[str]) -> dict[str, str]:
    """The language of each person among ``addresses`` (their e-mail address, lower-cased, to their
    ``language``), in one query; addresses nobody holds are left out. Core knows no app: the user model is
    asked by its field's name."""
    wanted = {address.lower() for address in addresses if address}
    if not wanted:
        return {}
    rows = (
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=wanted)
        .values_list("address", "language")
    )
    return {address: language for address, language in rows if language}


def _language_for(to: Iterable[str], languages: dict[str, str]) -> str:
    """The language an e-mail to ``to`` is written in: the one its known recipients share, else the
    school's."""
    known = {languages[address.lower()] for address in to if address.lower() in languages}
    return known.pop() if len(known) == 1 else settings.LANGUAGE_CODE


def _render(template: str, context: dict, language: str) -> tuple[str, str]:
    """The subject and body of ``template`` in ``language``."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return subject, body


@transaction.atomic
def email_enqueue(
    *, key: str, to: Iterable[str], template: str, context: dict, holds_link: bool = False
) -> OutboundEmail:
    """Record an e-mail under ``key`` and deliver it after commit, in its recipients' language. A repeated
    key changes nothing. ``holds_link``: its text signs someone in, and is blanked once sent."""
    to = sorted(set(to))
    return _record(key, to, template, context, _language_for(to, _languages_of(to)), holds_link=holds_link)


@transaction.atomic
def email_enqueue_to_people(
    *, key: str, people: Iterable, template: str, context: dict
) -> list[OutboundEmail]:
    """E-mail these people (accounts; None is nobody), each in their own language: one e-mail per language,
    the key suffixed with the language only when they read more than one, so that a message to people who
    share one keeps its key. To nobody at all, one e-mail to nobody in the active language (the record)."""
    by_language: dict[str, list[str]] = defaultdict(list)
    for person in people:
        if person is not None and person.email:
            by_language[person.language or settings.LANGUAGE_CODE].append(person.email)
    if not by_language:
        by_language[translation.get_language() or settings.LANGUAGE_CODE] = []
    return [
        _record(
            key if len(by_language) == 1 else f"{key}:{language}",
            sorted(set(addresses)),
            template,
            context,
            language,
        )
        for language, addresses in sorted(by_language.items())
    ]


@transaction.atomic
def email_enqueue_written(
    *, key: str, to: Iterable[str], subject: str, body: str, holds_link: bool = False
) -> OutboundEmail:
    """Record an e-mail written elsewhere (django-allauth's, rendered in the page's language) under ``key``
    and deliver it after commit, like every other: a page never waits on the mail server or the broker."""
    email, created = OutboundEmail.objects.get_or_create(
        key=key, defaults={"to": sorted(set(to)), "subject": subject, "body": body, "holds_link": holds_link}
    )
    if created:
        _deliver_on_commit([email.pk])
    return email


def _record(
    key: str, to: list[str], template: str, context: dict, language: str, *, holds_link: bool = False
) -> OutboundEmail:
    """Record one e-mail written in ``language`` under ``key`` (a repeated key changes nothing), delivered
    after commit."""
    subject, body = _render(template, context, language)
    email, created = OutboundEmail.objects.get_or_create(
        key=key, defaults={"to": to, "subject": subject, "body": body, "holds_link": holds_link}
    )
    if created:
        _deliver_on_commit([email.pk])
    return email


def email_deliver(*, email_id: int) -> bool:
    """Send one recorded e-mail unless it was already sent. Returns True when this call sent it."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        if email.sent_at is not None:
            return False
        email.attempts += 1
        try:
            send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, email.to)
        except Exception as exc:  # the row keeps the error; the task retries
            email.last_error = repr(exc)
            email.save(update_fields=["attempts", "last_error"])
            raise
        email.sent_at = timezone.now()
        email.last_error = ""
        if email.holds_link:  # sent: the link it carried is not kept
            email.body = ""
        email.save(update_fields=["attempts", "sent_at", "last_error", "body"])
        logger.info("E-mail %s (%s) sent", email.pk, email.key)
        return True


@transaction.atomic
def email_enqueue_many(messages: list[tuple[str, list[str], str, dict]]) -> int:
    """Record many e-mails (key, to, template, context) in one INSERT, each in its recipients' language;
    keys already known are skipped.

    For sweeps: the number of queries does not grow with the number of e-mails (the recipients' languages
    are read in one query).
    """
    if not messages:
        return 0
    languages = _languages_of(address for _key, to, _template, _context in messages for address in to)
    rows = []
    for key, to, template, context in messages:
        to = sorted(set(to))
        subject, body = _render(template, context, _language_for(to, languages))
        rows.append(OutboundEmail(key=key, to=to, subject=subject, body=body))
    OutboundEmail.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        OutboundEmail.objects.filter(
            key__in=[r.key for r in rows], sent_at__isnull=True, attempts=0
        ).values_list("pk", flat=True)
    )
    _deliver_on_commit(ids)
    return len(ids)


def emails_deliver_stale(*, older_than_seconds: int = 120, limit: int = 500) -> int:
    """The outbox is the source of truth: deliver what a lost task never delivered.

    A broker can lose a message (Redis between a worker's read and its bookkeeping, a worker killed at
    the wrong moment); e-mails still unsent some time after they were recorded are delivered here, each
    under its row lock, so nothing is sent twice.
    """
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        OutboundEmail.objects.filter(sent_at__isnull=True, created_at__lte=cutoff, attempts__lt=8)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(email_deliver(email_id=pk) for pk in ids)


# --- Work a lost task left undone (issue 17) -----------------------------------------------------------


def pending_do(do, ids: Iterable[int], *, what: str) -> int:
    """Do ``do(pk)`` for each of ``ids`` (an idempotent service: it locks its row and does nothing twice);
    one that fails is logged and left for the next sweep, and the others go on. Returns how many were
    done now."""
    done = 0
    for pk in list(ids):
        try:
            done += bool(do(pk))
        except SoftTimeLimitExceeded:  # the task's time is up: stop here, the next sweep goes on
            raise
        except Exception:  # logged; the row still waits, and the next sweep tries again
            logger.exception("%s %s could not be done; the next sweep tries again", what, pk)
    return done


def documents_resume(*, limit: int = 20) -> int:
    """The documents the workers were asked for but never made — the broker was down when they were asked
    for, or the task was lost: each source of ``settings.PENDING_DOCUMENTS`` makes up to ``limit`` of its
    own. Returns how many were made."""
    return sum(import_string(source)(limit=limit) for source in settings.PENDING_DOCUMENTS)


def exports_build_pending(*, limit: int, now: datetime | None = None) -> int:
    """Copies of students' data still being prepared (asked for less than ``BUILD_WAIT`` ago) that no task
    built: built now (a copy older than that shows as failed, and the student asks again)."""
    now = now or timezone.now()
    ids = (
        DataExport.objects.filter(built_at__isnull=True, requested_at__gt=now - exports.BUILD_WAIT)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return pending_do(lambda pk: export_build(export_id=pk), ids, what="Data export")


# --- Domain events -------------------------------------------------------------------------------------

EVENT_MAX_ATTEMPTS = 8
EVENT_KEEP_DAYS = 30


def event_emit(signal: events.DomainSignal, **payload) -> DomainEvent:
    """Record that something happened, in the caller's transaction; its receivers run after commit."""
    event = DomainEvent.objects.create(name=signal.name, payload=events.encode(payload))
    transaction.on_commit(lambda: event_dispatch(event_id=event.pk))
    return event


def event_dispatch(*, event_id: int) -> bool:
    """Run every receiver of one event, together, in one transaction; at most once.

    A receiver that fails rolls back what the others did; the event keeps the error and the beat task
    tries again later. Returns True when this call dispatched the event.
    """
    try:
        with transaction.atomic():
            event = DomainEvent.objects.select_for_update().get(pk=event_id)
            if event.dispatched_at is not None:
                return False
            events.REGISTRY[event.name].send(sender=None, **events.decode(event.payload))
            event.dispatched_at = timezone.now()
            event.attempts += 1
            event.last_error = ""
            event.save(update_fields=["dispatched_at", "attempts", "last_error"])
            return True
    except Exception as exc:  # recorded on the event; dispatch_stale_events tries again
        logger.exception("Domain event %s could not be dispatched", event_id)
        DomainEvent.objects.filter(pk=event_id).update(attempts=F("attempts") + 1, last_error=repr(exc))
        return False


def events_dispatch_stale(*, older_than_seconds: int = 120, limit: int = 500) -> int:
    """Dispatch events a crash left behind, and forget dispatched ones after EVENT_KEEP_DAYS."""
    now = timezone.now()
    ids = list(
        DomainEvent.objects.filter(
            dispatched_at__isnull=True,
            created_at__lte=now - timedelta(seconds=older_than_seconds),
            attempts__lt=EVENT_MAX_ATTEMPTS,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    dispatched = sum(event_dispatch(event_id=pk) for pk in ids)
    DomainEvent.objects.filter(dispatched_at__lt=now - timedelta(days=EVENT_KEEP_DAYS)).delete()
    return dispatched


def sessions_clear_expired() -> None:
    """Delete the sessions that expired (Django's ``clearsessions``): the database keeps them otherwise,
    whatever engine reads them (``cached_db`` in production)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def access_record(
    *, viewer, student_id: int, what: str, object_id: int, page: str, now=None
) -> AccessLog | None:
    """Keep who opened what about a student, when and from which page; the student's own views are not
    logged. Append-only."""
    if viewer.pk == student_id:
        return None
    return AccessLog.objects.create(
        student_id=student_id,
        viewer=viewer,
        what=what,
        object_id=object_id,
        page=page[:255],
        viewed_at=now or timezone.now(),
    )


# --- The student's copy of their data (GDPR arts. 15 and 20) --------------------------------------------


class ExportError(PolicyError):
    pass


def _build_on_commit(export_id: int) -> None:
    # tasks import this module (three-line tasks calling services): imported when first needed.
    from .tasks import build_export  # noqa: PLC0415

    queue.send_task_on_commit(build_export, export_id)


@transaction.atomic
def export_request(*, student, now: datetime | None = None) -> DataExport:
    """The student asks for a copy of their whole record; a task builds it and e-mails the link. Refused
    while an earlier one is being prepared; once it is ready (or failed), the student may ask again."""
    now = now or timezone.now()
    # One request at a time per student: two clicks at once make one export.
    list(get_user_model().objects.select_for_update().filter(pk=student.pk).values_list("pk", flat=True))
    last = DataExport.objects.filter(student_id=student.pk).order_by("-requested_at").first()
    wait_until = exports.new_copy_from(last, now=now)
    if wait_until is not None:
        zone = exports.student_zone(student)
        asked = timezone.localtime(last.requested_at, zone)
        if last.built_at is None:
            raise ExportError(
                _(
                    "Your copy is already being prepared (asked on %(date)s at %(time)s): we e-mail you the "
                    "link as soon as it is ready."
                )
                % {"date": date_format(asked, "DATE_FORMAT"), "time": time_format(asked, "TIME_FORMAT")}
            )
        new_from = timezone.localtime(wait_until, zone)
        raise ExportError(
            _(
                "Your copy asked on %(date)s at %(time)s is ready: download it from this page. A new copy "
                "can be asked for from %(new_date)s at %(new_time)s."
            )
            % {
                "date": date_format(asked, "DATE_FORMAT"),
                "time": time_format(asked, "TIME_FORMAT"),
                "new_date": date_format(new_from, "DATE_FORMAT"),
                "new_time": time_format(new_from, "TIME_FORMAT"),
            }
        )
    export = DataExport.objects.create(student_id=student.pk, requested_at=now)
    _build_on_commit(export.pk)
    return export


def export_build(*, export_id: int, now: datetime | None = None) -> bool:
    """Build the ZIP once, keep it in private storage until ``EXPORT_LINK_DAYS`` later, and e-mail the link.
    Safe to run twice: the row is locked, and a built (or being built) export is left alone. Returns True
    when this call built it."""
    saved: list[str] = []
    try:
        return _export_build(export_id=export_id, now=now, saved=saved)
    except BaseException:
        # Nothing points at a ZIP whose row rolled back: delete it, or a full copy of a record stays for ever.
        for name in saved:
            private_storage.delete(name)
        raise


def _export_build(*, export_id: int, now: datetime | None, saved: list[str]) -> bool:
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("student")
            .filter(pk=export_id)
            .first()
        )
        now = now or timezone.now()
        if export is None or export.built_at is not None or exports.state(export, now=now) == "failed":
            return False  # built, or shown as failed to the student, who asks again: never two copies
        student = export.student
        with exports.build_file(student=student, generated_at=now) as out:
            size = out.seek(0, 2)
            out.seek(0)
            export.file.save(f"data-export-{export.pk}.zip", File(out), save=False)
            saved.append(export.file.name)
        export.size = size
        export.built_at = now
        export.expires_at = now + timedelta(days=settings.EXPORT_LINK_DAYS)
        export.save(update_fields=["file", "size", "built_at", "expires_at"])
        logger.info("Data export %s built (%s bytes)", export.pk, size)
        # The e-mail gives the student's own clock: its dates are rendered in their time zone.
        zone = exports.student_zone(student)
        with timezone.override(zone):
            email_enqueue(
                key=f"data-export-ready:{export.pk}",
                to=[student.email],
                template="core/email/data_export_ready",
                context={
                    "student": student,
                    "url": settings.SITE_URL.rstrip("/") + reverse("data_export_download", args=[export.pk]),
                    "expires_at": export.expires_at,
                    "zone": str(zone),
                    "days": settings.EXPORT_LINK_DAYS,
                    "size_mb": max(0.1, round(size / 1024 / 1024, 1)),
                },
            )
        return True


# --- The retention schedule ------------------------------------------------------------------------------


class RetentionFailed(Exception):
    """Some record types of the retention schedule could not be applied (each is logged); the others were."""


def records_delete(queryset) -> list[int]:
    """Delete rows and every history row of theirs: a deleted record's history holds the same data (and
    deleting writes one more history row with all of it). Returns the ids deleted. For leaf rows only."""
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    if ids:
        model.objects.filter(pk__in=ids).delete()
        history = getattr(model, "history", None)
        if history is not None:
            history.filter(**{f"{model._meta.pk.attname}__in": ids}).delete()
    return ids


def records_erase(
    *,
    model,
    ids: Iterable[int],
    values: dict | None = None,
    where_filled: dict | None = None,
    key: str = "pk",
) -> None:
    """Erase what the retention schedule erases on rows and on every history row of theirs, in a few UPDATEs
    (the erasure writes no history row of its own: the retention trace records it). ``values`` go to
    every row; ``where_filled`` only to rows whose field holds a text (one a constraint requires once set).
    ``key`` picks the rows by another column than their id: a parent's (``case_id``), which finds the
    history of rows since deleted too."""
    ids = list(ids)
    if not ids:
        return
    managers = [(model.objects, key)]
    history = getattr(model, "history", None)
    if history is not None:
        managers.append((history, model._meta.pk.attname if key == "pk" else key))
    for manager, column in managers:
        rows = manager.filter(**{f"{column}__in": ids})
        if values:
            rows.update(**values)
        for field, value in (where_filled or {}).items():
            rows.exclude(**{field: ""}).update(**{field: value})


def files_delete_on_commit(*, storage, names: Iterable[str]) -> None:
    """Delete files once the rows that named them are committed as gone (a rollback keeps both); a file
    that cannot be deleted is logged, never undoes the rest."""
    names = sorted({name for name in names if name})

    def delete() -> None:
        for name in names:
            try:
                storage.delete(name)
            except Exception:  # OSError on a disk, botocore's ClientError on S3: logged, the others go on
                logger.exception("Retention: the file %s could not be deleted", name)

    if names:
        transaction.on_commit(delete)


@transaction.atomic
def emails_purge_expired(*, cutoff: datetime, held: frozenset[int], now: datetime) -> Purged:
    """Retention "emails": an e-mail sent at or before ``cutoff`` (or recorded then and never sent) keeps
    its key — so that it is never sent a second time — and its dates; its recipients, subject and body are
    erased. E-mails to a student something holds (an open case, a pending jury) wait."""
    addresses = get_user_model().objects.filter(pk__in=held).values_list("email", flat=True)
    held_addresses = {address.lower() for address in addresses}
    expired = (
        OutboundEmail.objects.annotate(at=Coalesce("sent_at", "created_at"))
        .filter(at__lte=cutoff)
        .exclude(subject=retention.ERASED)
        .order_by("pk")
        .values_list("pk", "to", "at")
    )
    going: dict[int, datetime] = {}
    kept = 0
    for pk, to, at in expired.iterator(chunk_size=retention.BATCH):
        if held_addresses & {address.lower() for address in to}:
            kept += 1
        elif len(going) < retention.BATCH:
            going[pk] = at
    ids = list(
        OutboundEmail.objects.select_for_update(skip_locked=True)
        .filter(pk__in=list(going))
        .exclude(subject=retention.ERASED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    records_erase(model=OutboundEmail, ids=ids, values={"to": [], "subject": retention.ERASED, "body": ""})
    return Purged(retention.ANONYMISED, ids, *retention.span(going[pk] for pk in ids), held=kept)


@transaction.atomic
def access_logs_purge_expired(*, cutoff: datetime, held: frozenset[int], now: datetime) -> Purged:
    """Retention "access_logs": who opened a student's record, kept a year after the opening (CNIL's
    recommendation on logs: six months to a year), then deleted — unless something holds the student."""
    expired = AccessLog.objects.filter(viewed_at__lte=cutoff)
    rows, kept = selectors.retention_batch(expired, held=held, student="student_id", fields=("viewed_at",))
    ids = records_delete(AccessLog.objects.filter(pk__in=[pk for pk, _ in rows]))
    return Purged(retention.DELETED, ids, *retention.span(at for _, at in rows), held=kept)


def retention_apply(*, now: datetime | None = None) -> list[RetentionTrace]:
    """The retention schedule (``settings.RETENTION_SCHEDULE``), once: for each record type, its app's purge
    function deletes or anonymises what expired, except what belongs to a student ``RETENTION_HOLDS`` holds
    (computed again for each type, inside its transaction: a case opened during the run holds what
    follows). Each type runs in its own transaction with its trace: a ``RetentionTrace``
    with the ids and dates of what went — never the content — and how many expired records were held,
    written whenever something went or was held. A type that fails is logged and undoes nothing of the
    others; the run then fails, once every type had its turn. Safe to run twice: what went is not found
    again (a second run the same day writes only the held count again)."""
    now = now or timezone.now()
    tz = timezone.get_default_timezone()
    traces, failed = [], []
    for record_type, line in settings.RETENTION_SCHEDULE.items():
        cutoff = retention.cutoff_at(now=now, days=line["days"], tz=tz)
        try:
            with transaction.atomic():
                held = selectors.retention_holds()
                purged: Purged = import_string(line["purge"])(cutoff=cutoff, held=held, now=now)
                if purged.ids or purged.held:
                    traces.append(
                        RetentionTrace.objects.create(
                            record_type=record_type,
                            action=purged.action,
                            count=len(purged.ids),
                            cutoff=cutoff,
                            oldest=purged.oldest,
                            newest=purged.newest,
                            object_ids=sorted(purged.ids),
                            held=purged.held,
                            ran_at=now,
                        )
                    )
        except Exception:  # one record type's failure must not undo the others: logged, then reported
            logger.exception("Retention: the %s could not be deleted or anonymised", record_type)
            failed.append(record_type)
    if failed:
        raise RetentionFailed(f"The retention schedule failed for: {', '.join(failed)} (see the log).")
    return traces
