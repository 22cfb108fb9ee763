"""Reading the video tool's attendance file and its signed webhook: bytes in, plain rows or a clear
refusal out. What the rows mean for attendance is ``rules`` and ``services``' business.

The column names of the common tools' exports are accepted: Zoom ("User Email", "Join Time", "Leave
Time"), Microsoft Teams ("Email", "Join Time"/"First Join", "Leave Time"/"Last Leave"), Google Meet
("Email", "Time joined", "Time exited"), and plain "email", "joined_at", "left_at".
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .services import ToolRow

EMAIL_COLUMNS = (
    "email",
    "user email",
    "participant email",
    "e-mail",
    "attendee email",
    "participant id (upn)",
)
JOIN_COLUMNS = ("joined_at", "join time", "first join", "time joined", "joined", "join")
LEAVE_COLUMNS = ("left_at", "leave time", "last leave", "time exited", "left", "leave")
MAX_FILE_BYTES = 1024 * 1024
MAX_ROWS = 500

# Day first (Europe) or month first (the US exports of Zoom and Teams); ISO 8601 is always understood.
DATE_ORDERS = {
    "dmy": gettext_lazy("Day/month/year (31/12/2026)"),
    "mdy": gettext_lazy("Month/day/year (12/31/2026)"),
}
_DATES = {"dmy": ("%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"), "mdy": ("%m/%d/%Y", "%m/%d/%y")}
_TIMES = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p")


class ReportFileError(ValueError):
    """The file cannot be read at all, or some rows cannot: ``problems`` says which, line by line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    cleaned = [h.strip().lower().lstrip("\ufeff") for h in header]
    return next((cleaned.index(n) for n in names if n in cleaned), None)


def _strptime(text: str, formats) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_time(value: str, *, order: str, day: date, tz: tzinfo) -> datetime:
    """A time as the tools write it: ISO 8601, a date and a time in the file's order ("31/12/2026
    10:16:00", "12/31/26, 10:16:00 AM"), or a time alone on the session's ``day`` (Google Meet). Times
    without an offset are in ``tz``."""
    text = value.strip().replace(",", "")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = _strptime(text, [f"{d} {t}" for d in _DATES[order] for t in _TIMES])
    if moment is None and (clock := _strptime(text, _TIMES)) is not None:
        moment = datetime.combine(day, clock.time())
    if moment is None:
        raise ValueError(_("“%(value)s” is not a time this importer reads") % {"value": value.strip()})
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def parse_attendance_file(data: bytes, *, order: str, day: date, tz: tzinfo) -> list[ToolRow]:
    """The participants' rows of an attendance file (CSV, comma or semicolon, UTF-8), or ReportFileError
    with one message per bad line; nothing is half-read."""
    if len(data) > MAX_FILE_BYTES:
        raise ReportFileError([_("The file is larger than 1 MB: is it the attendance report?")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportFileError([_("The file is not UTF-8 text: export the report as CSV.")]) from None
    lines = text.splitlines()
    try:
        dialect = csv.Sniffer().sniff(lines[0] if lines else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        reader = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise ReportFileError(
            [_("The file is not a CSV file the school can read (%(error)s).") % {"error": exc}]
        ) from None
    if not reader:
        raise ReportFileError([_("The file is empty.")])
    header = reader[0]
    email, joined, left = (_column(header, names) for names in (EMAIL_COLUMNS, JOIN_COLUMNS, LEAVE_COLUMNS))
    if email is None or joined is None:
        raise ReportFileError(
            [_("Line 1: no e-mail or join time column (expected e.g. “User Email” and “Join Time”).")]
        )
    if len(reader) - 1 > MAX_ROWS:
        raise ReportFileError(
            [_("More than %(count)d participants: is it one session's report?") % {"count": MAX_ROWS}]
        )
    rows, problems = [], []
    for number, cells in enumerate(reader[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        try:
            address = cells[email].strip()
            if "@" not in address:
                raise ValueError(_("“%(address)s” is not an e-mail address") % {"address": address})
            joined_at = parse_time(cells[joined], order=order, day=day, tz=tz)
            left_cell = cells[left].strip() if left is not None and left < len(cells) else ""
            left_at = parse_time(left_cell, order=order, day=day, tz=tz) if left_cell else None
        except IndexError:
            problems.append(_("Line %(line)d: fewer columns than the header.") % {"line": number})
            continue
        except ValueError as exc:
            problems.append(_("Line %(line)d: %(problem)s.") % {"line": number, "problem": exc})
            continue
        rows.append(ToolRow(line=number, email=address, joined_at=joined_at, left_at=left_at))
    if problems:
        raise ReportFileError(problems)
    return rows


@dataclass(frozen=True)
class WebhookEvent:
    event_id: str
    meeting_link: str
    email: str
    kind: str
    at: datetime
    sent_at: datetime


def signature(body: bytes, secret: str) -> str:
    """HMAC-SHA256 of the raw body with the school's secret, hex: the ``X-Signature`` header's value."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def read_webhook(body: bytes, signature_header: str, secret: str) -> WebhookEvent:
    """A signed event (``{"id", "meeting", "email", "event": "joined"|"left", "at", "sent_at"}``, times in
    ISO 8601 with an offset), or ValueError / PermissionError with the reason."""
    if not secret:
        raise PermissionError("No webhook secret is configured: the endpoint is closed.")
    given = signature_header.removeprefix("sha256=").strip().encode("utf-8", "replace")
    if not hmac.compare_digest(given, signature(body, secret).encode()):
        raise PermissionError("The signature does not match the body.")
    try:
        data = json.loads(body)
        event = WebhookEvent(
            event_id=str(data["id"]),
            meeting_link=str(data["meeting"]),
            email=str(data["email"]),
            kind=str(data["event"]),
            at=datetime.fromisoformat(data["at"]),
            sent_at=datetime.fromisoformat(data["sent_at"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"The event is not readable: {exc}.") from None
    if not 0 < len(event.event_id) <= 100:
        raise ValueError("An event's id is 1 to 100 characters.")
    if event.at.tzinfo is None or event.sent_at.tzinfo is None:
        raise ValueError("Times need an offset (e.g. 2026-11-09T10:16:00+01:00).")
    return event
