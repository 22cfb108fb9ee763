from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from openclassrooms.accounts.models import User
from openclassrooms.accounts.roles import Role
from openclassrooms.core.mixins import RoleRequiredMixin

from . import forms, permissions, rules, selectors, services
from .models import Case, Hearing


class BoardDashboardView(RoleRequiredMixin, TemplateView):
    """The Disciplinary Board's open cases with their next hearing."""

    permission_required = "discipline.view_board_dashboard"
    template_name = "discipline/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cases"] = selectors.cases_open_for_board(user=self.request.user, today=timezone.localdate())
        ctx["now"] = timezone.now()
        return ctx


# --- The Board's case file -------------------------------------------------------------------------


def _board_member(request: HttpRequest) -> None:
    if not request.user.has_perm("discipline.view_board_dashboard"):
        raise PermissionDenied("This page belongs to the Disciplinary Board.")


def _board_form(case: Case, data=None) -> forms.BoardForm:
    return forms.BoardForm(
        data,
        chairs=User.objects.filter(groups__name=Role.HEAD_OF_LEARNING),
        managers=User.objects.filter(pk=case.enrolment.path.learning_manager_id),
        representatives=User.objects.filter(
            groups__name=Role.STUDENT, enrolments__path=case.enrolment.path, enrolments__status="active"
        ).exclude(pk=case.enrolment.student_id),
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case file: timeline, evidence, answers, notices, letters, and only the actions allowed now."""
    _board_member(request)
    case = permissions.access_case_for_board(request.user, pk)
    data = selectors.case_file(case=case)
    now = timezone.now()
    hearing_date = timezone.localtime(data["held"].scheduled_start).date() if data["held"] else None
    return render(
        request,
        "discipline/case_detail.html",
        {
            "case": case,
            **data,
            "now": now,
            "window": rules.letter_window(hearing_date) if hearing_date else None,
            "soonest": timezone.localtime(rules.earliest_hearing(now)),
            "board_form": _board_form(case),
            "hearing_form": forms.HearingForm(),
            "receipt_form": forms.ReceiptForm(),
            "minutes_form": forms.MinutesForm(),
            "postpone_form": forms.PostponeForm(),
            "decision_form": forms.DecisionForm(),
            "dispatch_form": forms.DispatchForm(),
            "acknowledge_form": forms.AcknowledgeForm(),
            "can_withdraw": services.case_can_be_withdrawn(case=case),
        },
    )


def _run(request: HttpRequest, case: Case, action) -> HttpResponse:
    try:
        message = action()
    except (services.DisciplineError, services.CaseTransitionError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message)
    return redirect("discipline:case_detail", pk=case.pk)


def _invalid(request: HttpRequest, case: Case, form) -> HttpResponse:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label + ': ' if label else ''}{' '.join(errors)}")
    return redirect("discipline:case_detail", pk=case.pk)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One endpoint per step; the service refuses whatever the policy forbids, with a clear message."""
    _board_member(request)
    case = permissions.access_case_for_board(request.user, pk)
    user = request.user
    if action == "communicate":
        return _run(
            request,
            case,
            lambda: (
                services.complaints_communicate(case_id=case.pk, by=user),
                "The complaints were sent to the student (DIS-4).",
            )[1],
        )
    if action == "board":
        form = _board_form(case, request.POST)
        if not form.is_valid():
            return _invalid(request, case, form)
        return _run(
            request,
            case,
            lambda: (
                services.board_compose(case_id=case.pk, by=user, **form.cleaned_data),
                "The Board is composed (DIS-1).",
            )[1],
        )
    if action == "schedule":
        form = forms.HearingForm(request.POST)
        if not form.is_valid():
            return _invalid(request, case, form)
        return _run(
            request,
            case,
            lambda: (
                services.hearing_schedule(case_id=case.pk, by=user, **form.cleaned_data),
                "Hearing scheduled; the notice went to the student (DIS-3).",
            )[1],
        )
    hearing = (
        case.hearings.exclude(status__in=[Hearing.Status.CANCELLED]).order_by("-scheduled_start").first()
    )
    if action == "confirm" and hearing:
        return _run(
            request,
            case,
            lambda: (services.hearing_confirm(hearing_id=hearing.pk, by=user), "Hearing confirmed.")[1],
        )
    if action == "receipt" and hearing:
        form = forms.ReceiptForm(request.POST)
        if not form.is_valid():
            return _invalid(request, case, form)
        notice = hearing.notices.order_by("-pk").first()
        return _run(
            request,
            case,
            lambda: (
                services.notice_record_receipt(
                    notice_id=notice.pk, signed_at=form.cleaned_data["signed_at"], by=user
                ),
                "Receipt recorded.",
            )[1],
        )
    if action == "minutes" and hearing:
        form = forms.MinutesForm(request.POST)
        if not form.is_valid():
            return _invalid(request, case, form)
        return _run(
            request,
            case,
            lambda: (
                services.hearing_record(hearing_id=hearing.pk, by=user, **form.cleaned_data),
                "Attendance and minutes recorded (DIS-6).",
            )[1],
        )
    if action == "postpone" and hearing:
        form = forms.PostponeForm(request.POST, request.FILES)
        if not form.is_valid():
            return _invalid(request, case, form)
        from students.services import document_store

        def postpone():
            proof = document_store(
                upload=form.cleaned_data["proof"],
                student=case.enrolment.student,
                by=user,
                kind="extenuating_proof",
            )
            services.hearing_postpone_for_proof(
                hearing_id=hearing.pk,
                by=user,
                kind=form.cleaned_data["kind"],
                proof=proof,
                new_start=form.cleaned_data["start"],
                video_link=form.cleaned_data["video_link"],
            )
            return "Hearing postponed; a new notice went to the student (DIS-5, DIS-3)."

        return _run(request, case, postpone)
    if action == "decide":
        form = forms.DecisionForm(request.POST)
        if not form.is_valid():
            return _invalid(request, case, form)
        return _run(
            request,
            case,
            lambda: (
                services.decision_record(case_id=case.pk, by=user, **form.cleaned_data),
                "Decision recorded; the registered letter is being generated.",
            )[1],
        )
    letter = getattr(getattr(case, "decision", None), "letter", None) if hasattr(case, "decision") else None
    if action == "dispatch" and letter:
        form = forms.DispatchForm(request.POST)
        if not form.is_valid():
            return _invalid(request, case, form)
        return _run(
            request,
            case,
            lambda: (
                services.letter_dispatch(letter_id=letter.pk, by=user, **form.cleaned_data),
                "Letter recorded as sent; copies recorded (DIS-8, DIS-9).",
            )[1],
        )
    if action == "acknowledge" and letter:
        form = forms.AcknowledgeForm(request.POST)
        if not form.is_valid():
            return _invalid(request, case, form)
        return _run(
            request,
            case,
            lambda: (
                services.letter_acknowledge(letter_id=letter.pk, by=user, **form.cleaned_data),
                "Acknowledgement of receipt recorded; the case is closed.",
            )[1],
        )
    if action == "withdraw":
        reason = request.POST.get("reason", "").strip()
        if not reason:
            messages.error(request, "Say why the case is withdrawn.")
            return redirect("discipline:case_detail", pk=case.pk)
        return _run(
            request,
            case,
            lambda: (
                services.case_withdraw(case=case, reason=reason, by=user),
                "Case withdrawn.",
            )[1],
        )
    raise Http404("No such action.")


@login_required
def letter_download(request: HttpRequest, pk: int) -> FileResponse:
    """The registered letter (PDF/A), for the Board and for the student it concerns."""
    if request.user.has_perm("discipline.view_board_dashboard"):
        case = permissions.access_case_for_board(request.user, pk)
    else:
        case = permissions.access_case_for_student(request.user, pk)
    letter = getattr(getattr(case, "decision", None), "letter", None) if hasattr(case, "decision") else None
    if letter is None or not letter.pdf:
        raise Http404("No letter yet.")
    return FileResponse(
        letter.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"decision-case-{case.pk}.pdf",
    )


# --- Students: their cases and their rights ------------------------------------------------------------


@login_required
def my_case(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("students.view_student_dashboard"):
        raise PermissionDenied
    case = permissions.access_case_for_student(request.user, pk)
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.student_answer_submit(
                case_id=case.pk, student=request.user, text=form.cleaned_data["text"]
            )
        except services.DisciplineError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Your answer was added to your case file.")
            return redirect("discipline:my_case", pk=case.pk)
    data = selectors.case_file(case=case)
    communicated = [g for g in data["grounds"] if g.communicated_at]
    return render(
        request,
        "discipline/my_case.html",
        {
            "case": case,
            "grounds": communicated,
            "answers": data["answers"],
            "hearings": data["hearings"],
            "decision": data["decision"],
            "letter": data["letter"],
            "form": form,
            "now": timezone.now(),
        },
    )


# --- Opening a case: mentors and Student Success ----------------------------------------------------


@login_required
def case_open(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    """COM-1, CON-1, fraud or another breach (DIS-11): a mentor (for their student) or Student Success."""
    from students.models import Enrolment

    user = request.user
    qs = Enrolment.objects.select_related("student", "path")
    if user.has_role(Role.STUDENT_SUCCESS):
        enrolment = qs.filter(pk=enrolment_pk).first()
    elif user.has_role(Role.MENTOR):
        enrolment = qs.filter(pk=enrolment_pk, mentor=user).first()
    else:
        raise PermissionDenied
    if enrolment is None:
        raise Http404("No such student.")
    form = forms.CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(enrolment=enrolment, by=user, **form.cleaned_data)
        except services.DisciplineError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Case #{case.pk} opened for the Disciplinary Board.")
            return redirect("home")
    return render(request, "discipline/case_open.html", {"form": form, "enrolment": enrolment})


@login_required
def flag_work(request: HttpRequest, submission_pk: int) -> HttpResponse:
    """IP-2: a mentor, validating mentor or jury member flags plagiarism, cheating or copied work; the
    Board takes the case up at once, the work attached, with no triage step."""
    from django.db.models import Q

    from projects.models import Submission

    user = request.user
    if not (user.has_role(Role.MENTOR) or user.has_role(Role.JURY_MEMBER)):
        raise PermissionDenied
    visible = (
        Q(enrolment__mentor=user)
        | Q(presentations__validating_mentor=user)
        | Q(enrolment__candidacies__session__jury__members__user=user)
    )
    submission = (
        Submission.objects.filter(visible, pk=submission_pk)
        .select_related("enrolment__student", "project")
        .distinct()
        .first()
    )
    if submission is None:
        raise Http404("No such work.")
    form = forms.FlagWorkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = services.case_open(
            enrolment=submission.enrolment,
            source=Case.Source.INTELLECTUAL_PROPERTY,
            summary=form.cleaned_data["summary"],
            by=user,
            submission=submission,
        )
        messages.success(request, f"Case #{case.pk} opened: the Disciplinary Board takes it up (IP-2).")
        return redirect("home")
    return render(request, "discipline/flag_work.html", {"form": form, "submission": submission})
