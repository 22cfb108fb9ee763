"""A student's whole record as one ZIP (GDPR art. 15, right of access; art. 20, portability).

Core knows no app: ``settings.EXPORT_SOURCES`` names each app's *source*, a function
``student_data(*, student) -> Part`` that reads the app's tables about one student through its selectors, in
a number of queries that does not grow with the rows, and returns named sections (lists of dicts of plain
values) and the files to copy into the ZIP. Core adds the e-mails sent to the student and who opened their
record (``core_data``), then writes:

- ``data.json``: every section under its key, with ``generated_at`` and ``student`` (machine-readable);
- ``summary.pdf``: the same sections as tables and lists (readable), printed by ``core.pdf``;
- ``files/…``: the files themselves (proofs, deliverables, portfolio and remedial files, letters, diploma).

What the export leaves out is the personal data of other people (GDPR art. 15(4)): other students are never
named, and where the export says who did something, the school's staff appear by their role — except the
student's mentor and the mentors who assessed their presentations, whom they work with. Letters and e-mails
are given as they were sent. Datetimes are given in the student's time zone, as ISO 8601 with the offset.
The summary, its headings and the sections' titles are in the student's language (``User.language``).
The ZIP is kept ``EXPORT_LINK_DAYS`` days, then ``purge_expired`` deletes it (the row stays).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from openclassrooms.accounts.roles import Role

from . import selectors
from .export_labels import LABELS
from .models import DataExport
from .pdf import render_pdf
from .retention import Purged

STYLESHEET = "css/export.css"
SUMMARY_TEMPLATE = "core/data_export_summary.html"
# An export still unbuilt this long after it was asked for failed (the task's time limit is minutes): the
# student may ask again, and their page says so.
BUILD_WAIT = timedelta(hours=1)
# A copy is minutes of a worker's time (the ZIP, the PDF): a student whose copy is ready asks for a new one
# a day after asking for it. A copy that failed can be asked again at once.
NEW_COPY_AFTER = timedelta(hours=24)


# --- What each app's source returns ------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One part of the record: ``rows`` are dicts of plain values (str, int, bool, None, date, datetime,
    Decimal, lists and dicts of those). ``columns`` picks the keys the summary shows as a table (long
    lists: sessions, e-mails); without it, the summary shows every key of every row. ``note`` says in
    words what the section holds or leaves out."""

    title: str
    rows: list[dict[str, Any]]
    note: str = ""
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportFile:
    """A stored file copied into the ZIP at ``name`` (``files/<folder>/…``, see ``file_name``)."""

    name: str
    file: FieldFile


@dataclass
class Part:
    """What one source gives: its sections by key (the keys of data.json) and its files."""

    sections: dict[str, Section]
    files: list[ExportFile] = field(default_factory=list)


Source = Callable[..., Part]


def file_name(folder: str, *parts: object) -> str:
    """``files/<folder>/<part>-<part>…``: a safe name inside the ZIP, whatever a person named their file."""
    name = "-".join(str(part) for part in parts if part not in (None, ""))
    return f"files/{folder}/{get_valid_filename(name) or 'file'}"


def attach(files: list[ExportFile], folder: str, stored: FieldFile | None, *parts: object) -> str | None:
    """Add ``stored`` to ``files`` and return its name in the ZIP (None when there is no file)."""
    if not stored:
        return None
    name = file_name(folder, *parts)
    files.append(ExportFile(name=name, file=stored))
    return name


def person(user) -> str:
    """The name of someone the student works with (their mentor), as their pages show it."""
    if user is None:
        return ""
    return (user.get_full_name() or "").strip() or user.email


def roles(user) -> str:
    """Someone else by the roles they hold, never their name (their groups prefetched)."""
    if user is None:
        return ""
    labels = dict(Role.choices)
    names = sorted(str(labels.get(group.name, group.name)) for group in user.groups.all())
    return ", ".join(names) or _("Staff")


# --- Gathering --------------------------------------------------------------------------------------------


@cache
def sources() -> tuple[Source, ...]:
    return tuple(import_string(path) for path in settings.EXPORT_SOURCES)


def core_data(*, student) -> Part:
    """The e-mails the school sent the student (the outbox) and who opened their record (by role)."""
    emails = [
        {
            "recorded_at": email.created_at,
            "sent_at": email.sent_at,
            "subject": email.subject,
            "body": email.body,
        }
        for email in selectors.emails_to(address=student.email)
    ]
    accesses = [
        {
            "viewed_at": row["viewed_at"],
            "by": row["roles"],
            "what": row["what"],
            "object_id": row["object_id"],
            "page": row["page"],
        }
        for row in selectors.record_accesses(student_id=student.pk)
    ]
    return Part(
        sections={
            "emails": Section(
                _("E-mails we sent you"),
                emails,
                note=_(
                    "Every e-mail of the school's outbox addressed to you; data.json holds each one's text."
                ),
                columns=("recorded_at", "sent_at", "subject"),
            ),
            "access_log": Section(
                _("Who opened your record"),
                accesses,
                note=_(
                    "Every opening of your case file, letters, proofs, candidate record or student record by "
                    "someone other than you: by the roles the person holds, never their name."
                ),
                columns=("viewed_at", "by", "what", "page"),
            ),
        }
    )


def gather(*, student) -> tuple[dict[str, Section], list[ExportFile]]:
    """Every app's part and core's, in the order of ``EXPORT_SOURCES``; a key appears once."""
    sections: dict[str, Section] = {}
    files: list[ExportFile] = []
    for part in [*(source(student=student) for source in sources()), core_data(student=student)]:
        clash = sections.keys() & part.sections.keys()
        if clash:
            raise ValueError(f"Two export sources give the same sections: {sorted(clash)}")
        sections.update(part.sections)
        files.extend(part.files)
    return sections, files


# --- Writing: data.json, summary.pdf, files --------------------------------------------------------------


def student_zone(student) -> ZoneInfo:
    try:
        return ZoneInfo(student.time_zone or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def plain(value: Any, zone: ZoneInfo) -> Any:
    """A JSON value: datetimes in ISO 8601 in the student's time zone, dates ISO, Decimals as text."""
    if isinstance(value, datetime):
        return timezone.localtime(value, zone).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return int(value.total_seconds() // 60)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): plain(item, zone) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(item, zone) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def student_language(student) -> str:
    """The language the student reads their copy in: theirs (``User.language``), else the school's."""
    language = getattr(student, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def label(key: str) -> str:
    """A key of data.json as the summary heads it, in the active language (``export_labels``)."""
    known = LABELS.get(key)
    return str(known) if known is not None else key.replace("_", " ").capitalize()


def shown(value: Any, zone: ZoneInfo) -> str:
    """A value as the summary prints it."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        moment = timezone.localtime(value, zone) if timezone.is_aware(value) else value
        return f"{moment:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dict):
        return "; ".join(f"{label(k)}: {shown(v, zone)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(shown(item, zone) for item in value)
    return str(plain(value, zone))


def _cell(value: Any, zone: ZoneInfo) -> dict[str, Any]:
    """A list of records prints as a list, one line each (``lines``); anything else as one ``text``."""
    if isinstance(value, list | tuple) and value and isinstance(value[0], dict):
        return {"lines": [shown(item, zone) for item in value]}
    return {"text": shown(value, zone)}


def summary_context(*, student, sections: dict[str, Section], generated_at: datetime, missing: list[str]):
    zone = student_zone(student)
    printed = []
    for key, section in sections.items():
        entry = {"key": key, "title": section.title, "note": section.note, "count": len(section.rows)}
        if section.columns:
            entry["headers"] = [label(column) for column in section.columns]
            entry["table"] = [[_cell(row.get(c), zone) for c in section.columns] for row in section.rows]
        else:
            entry["records"] = [[(label(k), _cell(v, zone)) for k, v in row.items()] for row in section.rows]
        printed.append(entry)
    return {
        "student": [(label(k), shown(v, zone)) for k, v in student_profile(student).items()],
        "student_name": person(student),
        "generated_at": shown(generated_at, zone),
        "zone": str(zone),
        "sections": printed,
        "missing": missing,
        "stylesheet": STYLESHEET,
    }


def student_profile(student) -> dict[str, Any]:
    return {
        "id": student.pk,
        "email": student.email,
        "first_name": student.first_name,
        "last_name": student.last_name,
        "phone": student.phone,
        "postal_address": student.postal_address,
        "time_zone": student.time_zone,
        "account_created_at": student.date_joined,
        "invited_at": student.invited_at,
        "last_sign_in_at": student.last_login,
    }


def write_zip(out: IO[bytes], *, student, generated_at: datetime) -> None:
    """The ZIP of ``student``'s record into ``out`` (a temporary file): files first, then data.json and the
    summary, which name the files that could not be found. The sections are gathered and the summary printed
    in the student's language."""
    with translation.override(student_language(student)):
        _write_zip(out, student=student, generated_at=generated_at)


def _write_zip(out: IO[bytes], *, student, generated_at: datetime) -> None:
    sections, files = gather(student=student)
    zone = student_zone(student)
    missing: list[str] = []
    written: set[str] = set()
    with ZipFile(out, "w", compression=ZIP_DEFLATED) as archive:
        for item in files:
            if item.name in written:
                continue
            try:
                source = item.file.storage.open(item.file.name, "rb")
            except FileNotFoundError:
                missing.append(item.name)
                continue
            with source, archive.open(item.name, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
            written.add(item.name)
        data: dict[str, Any] = {
            "generated_at": plain(generated_at, zone),
            "student": plain(student_profile(student), zone),
        }
        data.update({key: plain(section.rows, zone) for key, section in sections.items()})
        if missing:
            data["missing_files"] = missing
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        context = summary_context(
            student=student, sections=sections, generated_at=generated_at, missing=missing
        )
        with timezone.override(zone):
            html = render_to_string(SUMMARY_TEMPLATE, context)
        archive.writestr("summary.pdf", render_pdf(html))


def build_file(*, student, generated_at: datetime) -> IO[bytes]:
    """A temporary file holding the ZIP, rewound; the caller closes it (which deletes it)."""
    out = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115  (handed to the caller, who closes it)
    try:
        write_zip(out, student=student, generated_at=generated_at)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


# --- The state of an export, as the student's page and the download show it ------------------------------


def state(export: DataExport | None, *, now: datetime) -> str:
    """``none``, ``preparing``, ``failed`` (unbuilt after BUILD_WAIT), ``ready`` (until ``expires_at``,
    excluded) or ``expired``."""
    if export is None:
        return "none"
    if export.built_at is None:
        return "preparing" if now - export.requested_at < BUILD_WAIT else "failed"
    if export.deleted_at is None and export.expires_at is not None and now < export.expires_at:
        return "ready"
    return "expired"


def new_copy_from(export: DataExport | None, *, now: datetime) -> datetime | None:
    """When the student may ask for a new copy, if not now: while the last one is being prepared, or is
    ready and was asked for less than NEW_COPY_AFTER ago. ``None`` when they may ask now."""
    current = state(export, now=now)
    if current == "preparing":
        return export.requested_at + BUILD_WAIT
    if current == "ready" and now - export.requested_at < NEW_COPY_AFTER:
        return export.requested_at + NEW_COPY_AFTER
    return None


# --- Retention: expired ZIPs are deleted ------------------------------------------------------------------


def purge_expired(*, cutoff: datetime | None = None, held: Iterable[int] = (), now: datetime) -> Purged:
    """Delete the ZIP of every export whose link expired (``expires_at <= now``) and mark it deleted; the
    row stays as the trace. An export is the student's own copy of records kept elsewhere: nothing holds
    it (``cutoff`` and ``held`` are the retention run's, and unused here)."""
    ids: list[int] = []
    oldest = newest = None
    expired = (
        DataExport.objects.filter(expires_at__lte=now, deleted_at__isnull=True)
        .order_by("expires_at", "pk")
        .values_list("pk", flat=True)
    )
    for pk in list(expired):
        with transaction.atomic():
            export = DataExport.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if export is None or export.deleted_at is not None:
                continue
            if export.file:
                export.file.delete(save=False)
            export.deleted_at = now
            export.save(update_fields=["file", "deleted_at"])
        ids.append(export.pk)
        oldest = export.expires_at if oldest is None else min(oldest, export.expires_at)
        newest = export.expires_at if newest is None else max(newest, export.expires_at)
    return Purged(action="deleted", ids=ids, oldest=oldest, newest=newest)
