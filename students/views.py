from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from discipline import permissions as discipline_permissions
from discipline import selectors as discipline_selectors
from juries import selectors as jury_selectors
from mentoring import selectors as mentoring_selectors
from openclassrooms.accounts import selectors as account_selectors
from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.mixins import RoleRequiredMixin
from openclassrooms.core.models import AccessLog
from openclassrooms.core.services import access_record
from projects import permissions as project_permissions
from projects import rules as project_rules
from projects import selectors as project_selectors
from projects import services as project_services

from . import forms, permissions, selectors, services
from .models import Placement, ProfileCorrection


class StudentDashboardView(RoleRequiredMixin, TemplateView):
    """The student's own record: enrolment, sessions, deadlines, projects, decisions."""

    permission_required = "students.view_student_dashboard"
    template_name = "students/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        student = self.request.user
        now = timezone.now()
        enrolment = selectors.enrolment_for_student_page(student=student)
        cases = discipline_selectors.cases_for_student(student=student)
        candidacies = jury_selectors.candidacies_for_student(student=student)
        ctx.update(
            enrolment=enrolment,
            now=now,
            follow_ups=mentoring_selectors.follow_ups_open_for_student(student=student, now=now),
            cases=cases,
            # A penalty is the decision on one of these cases, a remedial project the verdict on one of these
            # candidacies (both read with them): without one, there is nothing to ask for.
            penalties=discipline_selectors.penalties_for_student(student=student)
            if any(hasattr(case, "decision") for case in cases)
            else [],
            remedial=jury_selectors.remedial_for_student(student=student)
            if any(hasattr(candidacy, "verdict") for candidacy in candidacies)
            else [],
            candidacies=candidacies,
        )
        if enrolment is not None:
            submissions = project_selectors.submissions_for_enrolment(
                enrolment=enrolment, with_acquired_skills=True
            )
            ctx.update(
                upcoming=mentoring_selectors.with_deadlines(
                    mentoring_selectors.sessions_for_enrolment(
                        enrolment=enrolment, upcoming=True, now=now, limit=5
                    ),
                    now=now,
                ),
                recent=mentoring_selectors.sessions_for_enrolment(
                    enrolment=enrolment, upcoming=False, now=now, limit=10
                ),
                submissions=submissions,
                trn1_missing=project_selectors.trn1_missing_by_enrolment(
                    enrolments=[enrolment], submissions=submissions
                )[enrolment.pk],
                slot=mentoring_selectors.slots_by_enrolment(enrolment_ids=[enrolment.pk]).get(enrolment.pk),
            )
        return ctx


class SuccessDashboardView(RoleRequiredMixin, TemplateView):
    """Student Success: what is waiting, with links into the admin where the work is done."""

    permission_required = "students.view_success_dashboard"
    template_name = "students/success_dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        now = timezone.now()
        ctx.update(
            status_counts=selectors.enrolment_status_counts(),
            waiting=selectors.requests_waiting(),
            waiting_counts=selectors.waiting_counts(),
            unlogged=mentoring_selectors.sessions_unlogged_escalated(now=now),
            unlogged_count=mentoring_selectors.sessions_unlogged_escalated_count(now=now),
            recent_cases=discipline_selectors.cases_recent(),
        )
        return ctx


# --- The student's requests: suspend, stop, change path ------------------------------------------------


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("students.view_student_dashboard"):
        raise PermissionDenied
    student = request.user
    enrolment = selectors.enrolment_current_for_student(student=student)
    which = request.POST.get("form") if request.method == "POST" else None
    suspension = (
        forms.SuspensionForm(request.POST or None, request.FILES or None, prefix="sus", enrolment=enrolment)
        if which == "suspension"
        else forms.SuspensionForm(prefix="sus", enrolment=enrolment)
    )
    stop = (
        forms.TerminationForm(request.POST or None, prefix="stop", enrolment=enrolment)
        if which == "stop"
        else forms.TerminationForm(prefix="stop", enrolment=enrolment)
    )
    change = (
        forms.PathChangeForm(request.POST or None, request.FILES or None, prefix="chg", enrolment=enrolment)
        if which == "change"
        else forms.PathChangeForm(prefix="chg", enrolment=enrolment)
    )
    if enrolment is not None:
        change.fields["to_path"].queryset = change.fields["to_path"].queryset.exclude(pk=enrolment.path_id)
    if request.method == "POST" and enrolment is not None:
        try:
            if which == "suspension" and suspension.is_valid():
                services.suspension_request_submit(
                    enrolment=enrolment, student=student, **suspension.cleaned_data
                )
                messages.success(request, _("Your request is sent; your mentor has been told (SUS-1)."))
                return redirect("students:requests")
            if which == "stop" and stop.is_valid():
                data = stop.cleaned_data
                services.termination_submit(
                    enrolment=enrolment,
                    student=student,
                    effective_on=data["effective_on"],
                    reason=data["reason"],
                )
                messages.success(request, _("Your mentor has been told; your later sessions are cancelled."))
                return redirect("students:requests")
            if which == "change" and change.is_valid():
                data = change.cleaned_data
                consulted = datetime.combine(
                    data.pop("mentor_consulted_on"), time(12), tzinfo=timezone.get_current_timezone()
                )
                services.path_change_submit(
                    enrolment=enrolment,
                    student=student,
                    mentor_consulted_at=min(consulted, timezone.now()),
                    **data,
                )
                messages.success(
                    request, _("Your request is sent to Student Success and your mentor (CHG-1).")
                )
                return redirect("students:requests")
            if which in ("withdraw", "approval"):
                try:
                    target = permissions.access_own_request(student, request.POST)
                except Http404 as exc:
                    messages.error(request, str(exc))
                    return redirect("students:requests")
            if which == "withdraw":
                services.request_withdraw(model=type(target), request_id=target.pk, student=student)
                messages.success(request, _("Your request is withdrawn; your mentor is told."))
                return redirect("students:requests")
            if which == "approval":
                form = forms.ApprovalForm(request.POST, request.FILES)
                if not form.is_valid():
                    messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
                else:
                    services.request_attach_approval(
                        request=target, by=student, upload=form.cleaned_data["approval"]
                    )
                    messages.success(request, _("The approval is attached to your request."))
                return redirect("students:requests")
        except (services.RequestError, services.DocumentError) as exc:
            messages.error(request, str(exc))
    funders = selectors.third_party_fundings(enrolment_id=enrolment.pk) if enrolment is not None else []
    return render(
        request,
        "students/requests.html",
        {
            "enrolment": enrolment,
            "funded": bool(funders),
            "funders": funders,
            "suspension_form": suspension,
            "stop_form": stop,
            "change_form": change,
            "approval_form": forms.ApprovalForm(),
            "requests": selectors.requests_for_student(student=student),
        },
    )


# --- The student's profile and its corrections (GDPR art. 16) ---------------------------------------------


def _student(request: HttpRequest):
    """Every student, whether their training is under way or over, reaches their profile."""
    if not request.user.has_perm("students.view_student_dashboard"):
        raise PermissionDenied
    return request.user


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    """The student's details as the school keeps them, a form to ask for a correction, and their requests
    with Student Success's answers."""
    student = _student(request)
    current = account_selectors.user_profile(user_id=student.pk)
    corrections = selectors.profile_corrections_for_student(student=student)
    pending = {c.field for c in corrections if c.status == ProfileCorrection.Status.PENDING}
    form = forms.ProfileCorrectionForm(request.POST or None, current=current, pending=pending)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_correction_request(
                student=student, field=data["field"], value=data["value"], explanation=data["explanation"]
            )
        except services.RequestError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Your request is sent to Student Success, who answer within a month (GDPR art. 12)."),
            )
            return redirect("students:profile")
    details = [(label, current[value]) for value, label in ProfileCorrection.Field.choices]
    return render(
        request,
        "students/profile.html",
        {"details": details, "email": student.email, "form": form, "corrections": corrections},
    )


@login_required
def profile_correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One correction request: the value then, the value asked for, the explanation and the answer."""
    student = _student(request)
    correction = permissions.access_profile_correction(student, pk)
    return render(request, "students/profile_correction.html", {"correction": correction})


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Proofs and approvals live outside the public media folder and are served only after this check."""
    document = permissions.access_document(
        request.user,
        pk,
        also_allowed=lambda doc: discipline_permissions.board_may_read_document(request.user, doc),
    )
    if not document.file:
        raise Http404(_("This document was deleted by the retention schedule."))
    access_record(
        viewer=request.user, student_id=document.student_id, what=AccessLog.What.DOCUMENT,
        object_id=document.pk, page=request.path,
    )  # fmt: skip
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.original_name,
    )


@login_required
@require_POST
def placement_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """HS-1: the student acknowledges the host's health and safety rules. Another student's placement is a
    404, as a missing one."""
    if not request.user.has_perm("students.view_student_dashboard"):
        raise PermissionDenied
    try:
        services.placement_acknowledge(placement_id=pk, student=request.user)
    except (services.RequestError, Placement.DoesNotExist) as exc:
        raise Http404(_("No such placement.")) from exc
    else:
        messages.success(request, _("Recorded: you acknowledged the host's health and safety rules (HS-1)."))
    return redirect("students:dashboard")


def success_queue(request: HttpRequest, admin_site) -> HttpResponse:
    """ "What needs me today" (in the admin): every waiting request with its deadline and what is missing,
    and the sessions mentors have not logged 48 hours after their end."""
    if not request.user.has_perm("students.view_suspensionrequest"):
        raise PermissionDenied
    today = timezone.localdate()
    context = {
        **admin_site.each_context(request),
        "title": _("What needs me today"),
        "items": selectors.queue_for_student_success(today=today),
        "today": today,
        "unlogged": mentoring_selectors.sessions_unlogged_escalated_count(now=timezone.now()),
    }
    return TemplateResponse(request, "admin/students/queue.html", context)


# --- The student's projects: hand in, resubmit, book the presentation (TRN-1, IP-1) ------------------------


def _current_enrolment(request: HttpRequest):
    if not request.user.has_perm("students.view_student_dashboard"):
        raise PermissionDenied
    enrolment = selectors.enrolment_current_for_student(student=request.user)
    if enrolment is None:
        raise Http404(_("You have no current enrolment."))
    return enrolment


@login_required
def my_projects(request: HttpRequest) -> HttpResponse:
    """Every project of the student's path in order, with its status and what comes next (TRN-1)."""
    enrolment = _current_enrolment(request)
    return render(
        request,
        "students/projects.html",
        {
            "enrolment": enrolment,
            "rows": project_selectors.projects_for_enrolment(enrolment=enrolment),
            "trn1_missing": project_selectors.trn1_missing_by_enrolment(enrolments=[enrolment])[enrolment.pk],
        },
    )


@login_required
def project_detail(request: HttpRequest, project_pk: int) -> HttpResponse:
    """One project: its brief and skills, the work handed in, the mentor's comments and the presentations;
    the student hands the work in (files and/or a link, IP-1's statement) or resubmits it after a return."""
    enrolment = _current_enrolment(request)
    rows = project_selectors.projects_for_enrolment(enrolment=enrolment)
    row = next((r for r in rows if r.project_id == project_pk), None)
    if row is None:
        raise Http404(_("This project is not on your path."))
    form = forms.SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project_services.submission_submit(
                enrolment=enrolment,
                project_id=project_pk,
                by=request.user,
                link=data["link"],
                files=data["files"],
                declared_own_work=data["declared_own_work"],
                sources=data["sources"],
            )
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your work is submitted; your mentor has been told (TRN-1 a)."))
            return redirect("students:project_detail", project_pk=project_pk)
    submission = row.submission
    return render(
        request,
        "students/project_detail.html",
        {
            "enrolment": enrolment,
            "row": row,
            "project": row.project,
            "submission": submission,
            "form": form,
            "may_submit": submission is None or submission.status in ("in_progress", "changes_requested"),
            "may_book": row.project.in_depth
            and submission is not None
            and submission.status in ("approved", "not_validated"),
            "licence": project_rules.COURSE_LICENCE,
            "licence_url": project_rules.COURSE_LICENCE_URL,
            "now": timezone.now(),
        },
    )


@login_required
def deliverable_download(request: HttpRequest, pk: int) -> FileResponse:
    """Deliverables live in private storage and are served only after this check."""
    deliverable = project_permissions.access_deliverable(request.user, pk)
    return FileResponse(
        deliverable.file.open("rb"),
        content_type=deliverable.content_type,
        as_attachment=True,
        filename=deliverable.original_name,
    )
