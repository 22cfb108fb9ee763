from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import DateFormat
from django.utils.formats import date_format, get_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.mixins import RoleRequiredMixin
from projects import permissions as project_permissions
from projects import selectors as project_selectors
from projects import services as project_services
from students import selectors as student_selectors
from students import services as student_services

from . import permissions, rules, selectors, services, video_reports
from .forms import (
    AbsenceForm,
    AvailabilityForm,
    CancelPresentationForm,
    ConclusionForm,
    LogAttendanceForm,
    MonitoringReportForm,
    NoticeForm,
    PresentationBookingForm,
    ReasonsForm,
    RecordingForm,
    ReplacementForm,
    ReviewForm,
    SlotForm,
    ToolReportForm,
    WeekForm,
)
from .models import MentoringSession


def pk_urls(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for every row of a page at the cost of one ``reverse``: the URL is the
    same around its pk (the pattern's ``<int:pk>``), so it is cut there once."""
    marker = "9876543210"
    before, after = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{before}{pk}{after}"


# What a named format's characters print: of the day (its names translated), of the time of day (a clock's
# figures, "a.m."); any other (a time zone, a timestamp) and the whole format is read for each row.
DAY_CHARACTERS = frozenset("dDjlNSwzWFmMnbtLoyYE")
TIME_CHARACTERS = frozenset("aAfgGhHiPs")


def _split_day_and_time(fmt: str) -> tuple[str, str] | None:
    """``"D j M, H:i"`` gives ``("D j M", ", H:i")``: the day's part of a format, to its last day character,
    and the rest, the time's part, where no day character comes; None for a format of another shape. A
    backslash escapes the character after it (the French ``à`` and ``h`` between the day and the time)."""
    last_day, seen_time, escaped = -1, False, False
    for index, char in enumerate(fmt):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in DAY_CHARACTERS and not seen_time:
            last_day = index
        elif char in TIME_CHARACTERS:
            seen_time = True
        elif char.isalpha():
            return None
    return (fmt[: last_day + 1], fmt[last_day + 1 :]) if last_day >= 0 else None


def day_and_time(format_name: str) -> Callable[[datetime], str]:
    """What ``|date:"<format_name>"`` prints (a named format of a day and a time, e.g.
    ``SHORT_WEEKDAY_TIME_FORMAT``, in the active language), for many rows at the cost of one ``date_format``
    a day: the day's part (translated names) is formatted once a day, the time's once a time of day."""
    fmt = get_format(format_name)
    parts = _split_day_and_time(fmt)
    if parts is None:
        return lambda value: date_format(timezone.localtime(value), fmt)
    day_format, time_part = parts
    days: dict[date, str] = {}
    times: dict[tuple[int, int, int], str] = {}

    def when(value: datetime) -> str:
        local = timezone.localtime(value)
        day = days.get(local.date())
        if day is None:
            day = days[local.date()] = date_format(local.date(), day_format)
        key = (local.hour, local.minute, local.second)
        clock = times.get(key)
        if clock is None:
            clock = times[key] = DateFormat(local).format(time_part)
        return f"{day}{clock}"

    return when


def as_log_rows(sessions: list[MentoringSession]) -> list[MentoringSession]:
    """Each session with what its row of mentoring/_log_rows.html shows and posts to, built once a page
    rather than by template tags a row: its URLs, its time (``when``, as
    ``|date:"SHORT_WEEKDAY_TIME_FORMAT"``) and when it was logged (``logged_when``, as
    ``|date:"SHORT_DAY_TIME_FORMAT"``)."""
    log_url, upload_url = pk_urls("mentoring:session_log"), pk_urls("mentoring:session_report_upload")
    when, logged_when = day_and_time("SHORT_WEEKDAY_TIME_FORMAT"), day_and_time("SHORT_DAY_TIME_FORMAT")
    for s in sessions:
        s.log_url, s.upload_url = log_url(s.pk), upload_url(s.pk)
        s.when = when(s.scheduled_start)
        s.logged_when = logged_when(s.logged_at) if s.logged_at else ""
    return sessions


class MentorDashboardView(RoleRequiredMixin, TemplateView):
    """ "My week": this week's sessions, sessions to log, students and projects to review."""

    permission_required = "mentoring.view_mentor_dashboard"
    template_name = "mentoring/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        mentor = self.request.user
        now = timezone.now()
        today = timezone.localdate(now)
        week = WeekForm(self.request.GET or None)
        day = week.cleaned_data["week"] if week.is_valid() and week.cleaned_data["week"] else today
        start, end = selectors.week_bounds(day)
        sessions = selectors.with_deadlines(
            selectors.session_rows_for_mentor_between(mentor=mentor, start=start, end=end), now=now
        )
        this_week_start, _week_end = selectors.week_bounds(today)
        mentees = list(student_selectors.mentees_for_mentor(mentor=mentor))
        enrolment_ids = [e.pk for e in mentees]
        submissions = project_selectors.submissions_of_enrolments(enrolment_ids=enrolment_ids)
        progress = project_selectors.project_progress_by_enrolment(
            enrolment_ids=enrolment_ids, submissions=submissions
        )
        slots = selectors.slots_by_enrolment(enrolment_ids=enrolment_ids)
        missing = project_selectors.trn1_missing_by_enrolment(enrolments=mentees, submissions=submissions)
        slot_url, report_url = pk_urls("mentoring:slot_edit"), pk_urls("mentoring:report_create")
        refer_url = pk_urls("discipline:case_open")
        for enrolment in mentees:
            enrolment.projects_done = progress.get(enrolment.pk, 0)
            enrolment.slot = slots.get(enrolment.pk)
            enrolment.trn1_missing = missing[enrolment.pk]
            enrolment.slot_url = slot_url(enrolment.pk)
            enrolment.report_url = report_url(enrolment.pk)
            enrolment.refer_url = refer_url(enrolment.pk)
        to_log = selectors.sessions_to_log_for_mentor(mentor=mentor, now=now, before=this_week_start)
        ctx.update(
            now=now,
            week_start=start,
            week_end=end,
            week_last_day=(end - timedelta(days=1)).date(),
            week_form=week if week.is_bound else WeekForm(initial={"week": day}),
            previous_week=(start - timedelta(days=7)).date(),
            next_week=end.date(),
            is_this_week=start == this_week_start,
            sessions=as_log_rows(selectors.with_tool_evidence(sessions, now=now)),
            load=rules.load_per_day(
                start.date(),
                [timezone.localdate(s.scheduled_start) for s in sessions if s.status != s.Status.CANCELLED],
            ),
            to_log=as_log_rows(
                selectors.with_tool_evidence(selectors.with_deadlines(to_log, now=now), now=now)
            ),
            mentees=mentees,
            suspensions=student_selectors.suspensions_for_mentor(mentor=mentor),
            submissions=project_selectors.submissions_waiting_for_mentor(mentor=mentor),
            presentations=project_selectors.presentations_for_validating_mentor(mentor=mentor, now=now),
            reports=selectors.reports_for_mentor(mentor=mentor, limit=5),
        )
        return ctx


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied("This page belongs to another role.")


@login_required
@require_POST
def session_log(request: HttpRequest, pk: int) -> HttpResponse:
    """One or two clicks: the outcome comes back at once with its rule (htmx swaps the row)."""
    _require(request, "mentoring.view_mentor_dashboard")
    session = permissions.access_session_as_mentor(request.user, pk)
    form = LogAttendanceForm(request.POST)
    error = None
    if request.POST.get("confirm") == "tool":
        try:
            result = services.session_confirm_from_tool(session_id=session.pk, mentor=request.user)
        except services.AttendanceError as exc:
            error = str(exc)
        else:
            if not request.htmx:
                messages.success(request, result.explanation)
    elif form.is_valid():
        minutes = form.cleaned_data["minutes_late"]
        joined_at = session.scheduled_start + timedelta(minutes=minutes) if minutes is not None else None
        try:
            result = services.session_log_attendance(
                session_id=session.pk,
                mentor=request.user,
                attendance=form.cleaned_data["attendance"],
                joined_at=joined_at,
                reason=form.cleaned_data["reason"],
            )
        except services.AttendanceError as exc:
            error = str(exc)
        else:
            if not request.htmx:
                messages.success(request, result.explanation)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if request.htmx:
        now = timezone.now()
        sessions = as_log_rows(
            selectors.with_tool_evidence(
                selectors.with_deadlines([permissions.access_session_as_mentor(request.user, pk)], now=now),
                now=now,
            )
        )
        return render(request, "mentoring/_log_rows.html", {"sessions": sessions, "error": error, "now": now})
    if error:
        messages.error(request, error)
    return redirect("mentoring:dashboard")


@login_required
def session_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """A student gives notice of an absence or cancels, with a reason; the server's clock decides."""
    _require(request, "students.view_student_dashboard")
    session = permissions.access_session_as_student(request.user, pk)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.notice_give(
                session_id=session.pk,
                student=request.user,
                reason=form.cleaned_data["reason"],
                kind=form.cleaned_data["kind"],
            )
        except services.AttendanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.info(request, result.explanation)
            return redirect("mentoring:session_detail", pk=session.pk)
    return render(
        request,
        "mentoring/notice.html",
        {
            "s": session,
            "form": form,
            "deadline": rules.notice_deadline(session.scheduled_start),
            "now": timezone.now(),
        },
    )


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The student's view of one session: outcome, deadlines, replacement slots, reasons."""
    _require(request, "students.view_student_dashboard")
    now = timezone.now()
    session = selectors.with_deadlines([permissions.access_session_as_student(request.user, pk)], now=now)[0]
    follow_up = getattr(session, "follow_up", None) if hasattr(session, "follow_up") else None
    replacement = session.replacements.exclude(status=MentoringSession.Status.CANCELLED).first()
    can_rebook = rules.replaceable(session.outcome) and replacement is None
    slots = services.replacement_slots(session=session, now=now) if can_rebook else []
    return render(
        request,
        "mentoring/session_detail.html",
        {
            "s": session,
            "now": now,
            "follow_up": follow_up,
            "replacement": replacement,
            "slots": slots,
            "reasons_form": ReasonsForm(),
            "can_rebook": can_rebook,
        },
    )


@login_required
@require_POST
def session_book(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "students.view_student_dashboard")
    session = permissions.access_session_as_student(request.user, pk)
    form = ReplacementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered slots."))
        return redirect("mentoring:session_detail", pk=session.pk)
    try:
        new = services.session_book_replacement(
            session_id=session.pk, student=request.user, start=form.cleaned_data["start"]
        )
    except services.AttendanceError as exc:
        messages.error(request, str(exc))
    else:
        local = timezone.localtime(new.scheduled_start)
        messages.success(
            request,
            _("Booked: a new session on %(day)s at %(time)s.")
            % {"day": date_format(local, "WEEKDAY_DAY_FORMAT"), "time": time_format(local, "TIME_FORMAT")},
        )
    return redirect("mentoring:session_detail", pk=session.pk)


@login_required
@require_POST
def session_reasons(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "students.view_student_dashboard")
    session = permissions.access_session_as_student(request.user, pk)
    form = ReasonsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your reasons: your mentor receives them by e-mail."))
    else:
        try:
            services.follow_up_give_reasons(
                session_id=session.pk, student=request.user, reasons=form.cleaned_data["reasons"]
            )
        except services.AttendanceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your reasons were sent to your mentor."))
    return redirect("mentoring:session_detail", pk=session.pk)


@login_required
def report_create(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    """A monitoring report on progress and attendance; the attendance figures come from the sessions."""
    _require(request, "mentoring.view_mentor_dashboard")
    enrolment = permissions.access_mentee_enrolment(request.user, enrolment_pk)
    today = timezone.localdate()
    form = MonitoringReportForm(
        request.POST or None,
        initial={"period_start": today - timedelta(days=27), "period_end": today},
        enrolment=enrolment,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.monitoring_report_create(enrolment=enrolment, mentor=request.user, **form.cleaned_data)
        except services.AttendanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Report on %(student)s saved; the jury will read it (TRN-2).")
                % {"student": enrolment.student},
            )
            return redirect("mentoring:dashboard")
    return render(request, "mentoring/report_form.html", {"form": form, "enrolment": enrolment})


@login_required
@require_POST
def suspension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """SUS-3: the mentor authorises or refuses a suspension of one week at most, asked before it starts;
    its session is postponed to a time in the mentor's availability."""
    _require(request, "mentoring.view_mentor_dashboard")
    suspension = permissions.access_mentee_suspension(request.user, pk)
    try:
        if request.POST.get("decision") == "authorise":
            student_services.suspension_approve(request_id=suspension.pk, by=request.user, as_mentor=True)
            messages.success(
                request,
                _(
                    "Suspension of %(student)s authorised (SUS-3): the week's session is postponed: booked "
                    "again at the first free time in your availability after it, the same week or the next, "
                    "when there is one. The training's end moves later (SUS-4)."
                )
                % {"student": suspension.enrolment.student},
            )
        else:
            student_services.request_refuse(
                model=type(suspension),
                request_id=suspension.pk,
                by=request.user,
                reason=request.POST.get("reason", ""),
                as_mentor=True,
            )
            messages.success(
                request,
                _("Suspension of %(student)s refused; they are told why.")
                % {"student": suspension.enrolment.student},
            )
    except student_services.RequestError as exc:
        messages.error(request, str(exc))
    return redirect("mentoring:dashboard")


@login_required
def session_report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The video tool's attendance report for one session, by its mentor or Student Success: read whole,
    recorded whole, or refused with one message per bad line (ATT-4 with evidence)."""
    session = permissions.access_session_for_report(request.user, pk)
    form = ToolReportForm(
        request.POST or None, request.FILES or None, initial={"time_zone": request.user.time_zone}
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        tz = ZoneInfo(form.cleaned_data["time_zone"])
        try:
            rows = video_reports.parse_attendance_file(
                form.cleaned_data["report"].read(),
                order=form.cleaned_data["date_order"],
                day=timezone.localtime(session.scheduled_start, tz).date(),
                tz=tz,
            )
            count = services.tool_report_import(session_id=session.pk, rows=rows, by=request.user)
        except (video_reports.ReportFileError, services.ToolReportError) as exc:
            problems = exc.problems
        else:
            session = selectors.with_tool_evidence(
                [permissions.access_session_for_report(request.user, pk)], now=timezone.now()
            )[0]
            recorded = ngettext(
                "%(count)d row recorded from the video tool.",
                "%(count)d rows recorded from the video tool.",
                count,
            ) % {"count": count}
            if session.tool_words:
                recorded = _("%(recorded)s The student %(words)s.") % {
                    "recorded": recorded,
                    "words": session.tool_words,
                }
            messages.success(request, recorded)
            return redirect("mentoring:dashboard" if session.mentor_id == request.user.pk else "home")
    return render(request, "mentoring/report_upload.html", {"s": session, "form": form, "problems": problems})


@csrf_exempt
@require_POST
def video_webhook(request: HttpRequest) -> HttpResponse:
    """The video tool's signed join/leave events (HMAC-SHA256 of the body, sent within five minutes, each
    event once)."""
    now = timezone.now()
    try:
        event = video_reports.read_webhook(
            request.body, request.headers.get("X-Signature", ""), settings.VIDEO_WEBHOOK_SECRET
        )
    except PermissionError as exc:
        return JsonResponse({"error": str(exc)}, status=401)
    except ValueError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    if problem := rules.webhook_time_problem(sent_at=event.sent_at, now=now):
        return JsonResponse({"error": problem}, status=400)
    try:
        recorded = services.tool_event_record(
            event_id=event.event_id,
            meeting_link=event.meeting_link,
            email=event.email,
            kind=event.kind,
            at=event.at,
            now=now,
        )
    except services.ToolReplayError as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    except services.AttendanceError as exc:
        return JsonResponse({"error": str(exc)}, status=422)
    return JsonResponse({"recorded": recorded.pk, "session": recorded.session_id})


@login_required
def slot_edit(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    """The mentor sets the weekly session agreed with the student: the whole schedule follows (ATT-1)."""
    _require(request, "mentoring.view_mentor_dashboard")
    enrolment = permissions.access_mentee_enrolment(request.user, enrolment_pk)
    slot = selectors.slots_by_enrolment(enrolment_ids=[enrolment.pk]).get(enrolment.pk)
    initial = (
        {
            "weekday": slot.weekday,
            "starts_at": slot.starts_at,
            "minutes": slot.minutes,
            "time_zone": slot.time_zone,
            "video_link": slot.video_link,
        }
        if slot
        else {"time_zone": enrolment.student.time_zone}
    )
    form = SlotForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.slot_agree(
                enrolment_id=enrolment.pk,
                by=request.user,
                weekday=data["weekday"],
                starts_at=data["starts_at"],
                duration=timedelta(minutes=data["minutes"]),
                time_zone=data["time_zone"],
                video_link=data["video_link"],
            )
        except services.AttendanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Weekly session agreed with %(student)s: %(created)d sessions planned, %(moved)d moved, "
                    "%(cancelled)d cancelled, to the end of the training."
                )
                % {
                    "student": enrolment.student,
                    "created": report.created,
                    "moved": report.moved,
                    "cancelled": report.cancelled,
                },
            )
            return redirect("mentoring:dashboard")
    return render(request, "mentoring/slot_form.html", {"form": form, "enrolment": enrolment, "slot": slot})


@login_required
def availability(request: HttpRequest) -> HttpResponse:
    """The mentor's weekly windows (replacements and SUS-3 postponements come from them) and absences."""
    _require(request, "mentoring.view_mentor_dashboard")
    mentor, now = request.user, timezone.now()
    which = request.POST.get("form") if request.method == "POST" else None
    window_form = AvailabilityForm(request.POST if which == "window" else None, prefix="window")
    absence_form = AbsenceForm(request.POST if which == "absence" else None, prefix="absence")
    if request.method == "POST":
        try:
            if which == "window" and window_form.is_valid():
                window = window_form.save(commit=False)
                window.mentor = mentor
                services.availability_save(availability=window, by=mentor)
                messages.success(request, _("Window added: replacements can be booked in it."))
                return redirect("mentoring:availability")
            if which == "delete-window":
                window = permissions.access_availability(mentor, request.POST.get("pk"))
                services.availability_delete(availability=window, by=mentor)
                messages.success(request, _("Window removed."))
                return redirect("mentoring:availability")
            if which == "absence" and absence_form.is_valid():
                data = absence_form.cleaned_data
                _absence, cancelled = services.mentor_absence_record(
                    mentor=mentor, starts_at=data["starts_at"], ends_at=data["ends_at"], reason=data["reason"]
                )
                messages.success(
                    request,
                    ngettext(
                        "Absence recorded: %(count)d session cancelled (ATT-7); each student is e-mailed and "
                        "offered another time.",
                        "Absence recorded: %(count)d sessions cancelled (ATT-7); each student is e-mailed "
                        "and offered another time.",
                        cancelled,
                    )
                    % {"count": cancelled},
                )
                return redirect("mentoring:availability")
            if which == "delete-absence":
                services.mentor_absence_delete(absence_id=_number(request.POST.get("pk")), mentor=mentor)
                messages.success(request, _("Absence taken back."))
                return redirect("mentoring:availability")
        except services.AttendanceError as exc:
            (window_form if which == "window" else absence_form).add_error(None, str(exc))
    return render(
        request,
        "mentoring/availability.html",
        {
            "windows": selectors.mentor_availability(mentor_id=mentor.pk),
            "absences": selectors.mentor_absences_to_come(mentor=mentor, now=now),
            "window_form": window_form,
            "absence_form": absence_form,
            "time_zone": timezone.get_current_timezone_name(),
            "now": now,
        },
    )


def _number(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A monitoring report the mentor wrote, as the jury will read it (TRN-2)."""
    _require(request, "mentoring.view_mentor_dashboard")
    report = permissions.access_report(request.user, pk)
    return render(request, "mentoring/report_detail.html", {"report": report})


# --- Projects: the mentor's review (TRN-1 a) and final presentations (TRN-1 b) ----------------------------


@login_required
def submission_review(request: HttpRequest, pk: int) -> HttpResponse:
    """TRN-1 a: the student's own mentor opens the deliverables and approves the project or returns it
    with comments; anyone else gets 404."""
    _require(request, "mentoring.view_mentor_dashboard")
    submission = project_permissions.access_submission_for_review(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            project_services.submission_review(
                submission_id=submission.pk,
                by=request.user,
                approve=approve,
                comment=form.cleaned_data["comment"],
            )
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Project approved (TRN-1 a).") if approve else _("Project returned to the student."),
            )
            return redirect("mentoring:dashboard")
    return render(
        request,
        "mentoring/submission_review.html",
        {"form": form, "submission": project_selectors.submission_with_work(submission_id=submission.pk)},
    )


@login_required
def presentation_book(request: HttpRequest, submission_pk: int) -> HttpResponse:
    """TRN-1 b: the student books the final presentation of an approved in-depth project with a validating
    mentor (not their own) at a free time of that mentor's availability; audio only under ACC-1."""
    _require(request, "students.view_student_dashboard")
    submission = project_selectors.submission_of_student(student=request.user, submission_id=submission_pk)
    if submission is None:
        raise Http404("No such project.")
    now = timezone.now()
    mentors = selectors.validating_mentors(own_mentor_id=submission.enrolment.mentor_id)
    form = PresentationBookingForm(request.POST or request.GET or None, mentors=mentors)
    chosen = form.cleaned_data["mentor"] if form.is_valid() else mentors.first()
    slots = (
        services.presentation_slots(
            validating_mentor_id=chosen.pk, enrolment_id=submission.enrolment_id, now=now
        )
        if chosen
        else []
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["start"] is None:
            form.add_error(None, _("Choose one of the free times listed."))
        else:
            try:
                presentation = services.presentation_book(
                    submission_id=submission.pk,
                    validating_mentor=chosen,
                    start=form.cleaned_data["start"],
                    audio_only=form.cleaned_data["audio_only"],
                    student=request.user,
                    now=now,
                )
            except PolicyError as exc:
                form.add_error(None, str(exc))
            else:
                local = timezone.localtime(presentation.scheduled_start)
                messages.success(
                    request,
                    _("Presentation booked with %(mentor)s on %(day)s at %(time)s.")
                    % {
                        "mentor": chosen.get_full_name(),
                        "day": date_format(local, "WEEKDAY_DAY_FORMAT"),
                        "time": time_format(local, "TIME_FORMAT"),
                    },
                )
                return redirect("students:project_detail", project_pk=submission.project_id)
    return render(
        request,
        "mentoring/presentation_book.html",
        {
            "form": form,
            "submission": submission,
            "mentors": mentors,
            "chosen": chosen,
            "slots": slots,
            "audio_allowed": student_selectors.enrolment_audio_only(enrolment_id=submission.enrolment_id),
            "consented": submission.enrolment.recording_consent,
        },
    )


@login_required
def presentation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """TRN-1 b, REC-1: the validating mentor reads the work, records the recording's link (only with the
    student's consent), assesses every skill and concludes; or flags fraud (DIS-11)."""
    _require(request, "mentoring.view_mentor_dashboard")
    presentation = project_permissions.access_presentation_for_validator(request.user, pk)
    submission = project_selectors.submission_with_work(submission_id=presentation.submission_id)
    enrolment = presentation.submission.enrolment
    which = request.POST.get("form") if request.method == "POST" else None
    recording = RecordingForm(
        request.POST if which == "recording" else None, initial={"link": presentation.recording_url}
    )
    conclusion = ConclusionForm(
        request.POST if which == "conclude" else None, skills=submission.project.skills.all()
    )
    cancel = CancelPresentationForm(request.POST if which == "cancel" else None)
    forms_by_name = {"recording": recording, "conclude": conclusion, "cancel": cancel}
    form = forms_by_name.get(which)
    if form is not None and form.is_valid():
        try:
            if which == "recording":
                project_services.presentation_record(
                    presentation_id=presentation.pk,
                    by=request.user,
                    link=form.cleaned_data["link"],
                )
                done = _("The recording's link is recorded (REC-1).")
            elif which == "conclude":
                concluded = project_services.presentation_conclude(
                    presentation_id=presentation.pk,
                    by=request.user,
                    results=[project_services.SkillResult(*row) for row in form.results()],
                    comments=form.cleaned_data["comments"],
                )
                done = (
                    _("Concluded: the project is validated (TRN-1 b).")
                    if concluded.validated
                    else _("Concluded: the project is not validated; the student books another presentation.")
                )
            else:
                project_services.presentation_cancel(
                    presentation_id=presentation.pk, by=request.user, reason=form.cleaned_data["reason"]
                )
                done = _("Presentation cancelled; the student is told.")
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect("mentoring:presentation_detail", pk=presentation.pk)
    return render(
        request,
        "mentoring/presentation_detail.html",
        {
            "p": presentation,
            "submission": submission,
            "enrolment": enrolment,
            "recording_form": recording,
            "conclusion_form": conclusion,
            "cancel_form": cancel,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def presentation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The student cancels a presentation that has not started; the validating mentor is told."""
    _require(request, "students.view_student_dashboard")
    presentation = project_permissions.access_presentation_for_student(request.user, pk)
    form = CancelPresentationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you cancel the presentation."))
    else:
        try:
            project_services.presentation_cancel(
                presentation_id=presentation.pk, by=request.user, reason=form.cleaned_data["reason"]
            )
        except PolicyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Presentation cancelled; the validating mentor is told."))
    return redirect("students:project_detail", project_pk=presentation.submission.project_id)
