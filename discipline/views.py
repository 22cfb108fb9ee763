from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from openclassrooms.accounts.models import User
from openclassrooms.accounts.roles import Role
from openclassrooms.core import selectors as core_selectors
from openclassrooms.core.exceptions import PolicyError
from openclassrooms.core.mixins import RoleRequiredMixin
from openclassrooms.core.models import AccessLog
from openclassrooms.core.services import access_record
from projects import permissions as project_permissions
from projects.models import Submission
from students import permissions as student_permissions

from . import forms, permissions, rules, selectors, services
from .models import BoardSeat, Case, Hearing


class BoardDashboardView(RoleRequiredMixin, TemplateView):
    """The Disciplinary Board's open cases with their next hearing."""

    permission_required = "discipline.view_board_dashboard"
    template_name = "discipline/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cases"] = selectors.cases_open_for_board(user=self.request.user, today=timezone.localdate())
        ctx["cases_over"] = selectors.cases_over_for_board(user=self.request.user)
        ctx["now"] = timezone.now()
        return ctx


# --- The Board's case file -------------------------------------------------------------------------


def _board_member(request: HttpRequest) -> None:
    if not request.user.has_perm("discipline.view_board_dashboard"):
        raise PermissionDenied(_("This page belongs to the Disciplinary Board."))


def _board_form(case: Case, data=None, seats=()) -> forms.BoardForm:
    """The Board's form, showing who sits now (DIS-1)."""
    by_role = {seat.role: seat.user_id for seat in seats}
    return forms.BoardForm(
        data,
        initial={
            "chair": by_role.get(BoardSeat.Role.CHAIR),
            "learning_manager": by_role.get(BoardSeat.Role.LEARNING_MANAGER),
            "representative": by_role.get(BoardSeat.Role.STUDENT_REPRESENTATIVE),
        },
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
    access_record(
        viewer=request.user, student_id=case.enrolment.student_id, what=AccessLog.What.CASE,
        object_id=case.pk, page=request.path,
    )  # fmt: skip
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
            "board_form": _board_form(case, seats=data["seats"]),
            "hearing_form": forms.HearingForm(),
            "receipt_form": forms.ReceiptForm(),
            "minutes_form": forms.MinutesForm(),
            "postpone_form": forms.PostponeForm(),
            "decision_form": forms.DecisionForm(),
            "dispatch_form": forms.DispatchForm(),
            "acknowledge_form": forms.AcknowledgeForm(),
            "can_withdraw": selectors.case_can_be_withdrawn(case=case),
            "ground_form": forms.GroundForm(),
            "can_add_ground": case.status not in Case.COMPLAINTS_CLOSED,
            "case_over": case.status in Case.OVER,
            "address_missing": (
                rules.letter_address_problem(postal_address=case.enrolment.student.postal_address)
                if case.status not in Case.OVER
                else None
            ),
            "uncommunicated": [g for g in data["grounds"] if g.communicated_at is None],
            "receipt_deadline": (
                timezone.localtime(rules.latest_notice_time(data["upcoming"].scheduled_start))
                if data["upcoming"]
                else None
            ),
        },
    )


def _invalid(request: HttpRequest, case: Case, form) -> HttpResponse:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(str(error) for error in errors)
        messages.error(
            request, _("%(field)s: %(errors)s") % {"field": label, "errors": text} if label else text
        )
    return redirect("discipline:case_detail", pk=case.pk)


# Each step of a case: its form (None when it takes no input) and what the Board is told when it worked.
STEPS: dict[str, tuple[type | None, Promise]] = {
    "communicate": (None, gettext_lazy("The complaints were sent to the student (DIS-4).")),
    "ground": (
        forms.GroundForm,
        gettext_lazy("Complaint added: communicate it to the student before any decision (DIS-4)."),
    ),
    "board": (forms.BoardForm, gettext_lazy("The Board is composed (DIS-1).")),
    "schedule": (
        forms.HearingForm,
        gettext_lazy("Hearing scheduled; the notice went to the student (DIS-3)."),
    ),
    "confirm": (None, gettext_lazy("Hearing confirmed.")),
    "receipt": (forms.ReceiptForm, gettext_lazy("Receipt recorded.")),
    "minutes": (forms.MinutesForm, gettext_lazy("Attendance and minutes recorded (DIS-6).")),
    "postpone": (
        forms.PostponeForm,
        gettext_lazy("Hearing postponed; a new notice went to the student (DIS-5, DIS-3)."),
    ),
    "decide": (
        forms.DecisionForm,
        gettext_lazy("Decision recorded; the registered letter is being generated."),
    ),
    "dispatch": (
        forms.DispatchForm,
        gettext_lazy("Letter recorded as sent; copies recorded (DIS-8, DIS-9)."),
    ),
    "acknowledge": (
        forms.AcknowledgeForm,
        gettext_lazy("Acknowledgement of receipt recorded; the case is closed."),
    ),
    "withdraw": (forms.WithdrawForm, gettext_lazy("Case withdrawn.")),
}


def _perform(action: str, *, case: Case, user, data: dict) -> None:
    """Call the one service of a step; the service refuses what the policy forbids."""
    hearing = case.hearings.exclude(status=Hearing.Status.CANCELLED).order_by("-scheduled_start").first()
    decision = getattr(case, "decision", None) if hasattr(case, "decision") else None
    letter = (
        getattr(decision, "letter", None) if decision is not None and hasattr(decision, "letter") else None
    )
    if action in ("confirm", "receipt", "minutes", "postpone") and hearing is None:
        raise services.DisciplineError(_("There is no hearing yet."))
    if action in ("dispatch", "acknowledge") and letter is None:
        raise services.DisciplineError(_("There is no letter yet."))
    match action:
        case "communicate":
            services.complaints_communicate(case_id=case.pk, by=user)
        case "ground":
            services.case_ground_add(case_id=case.pk, by=user, **data)
        case "board":
            services.board_compose(case_id=case.pk, by=user, **data)
        case "schedule":
            services.hearing_schedule(case_id=case.pk, by=user, **data)
        case "confirm":
            services.hearing_confirm(hearing_id=hearing.pk, by=user)
        case "receipt":
            notice = hearing.notices.order_by("-pk").first()
            services.notice_record_receipt(notice_id=notice.pk, by=user, **data)
        case "minutes":
            services.hearing_record(hearing_id=hearing.pk, by=user, **data)
        case "postpone":
            services.hearing_postpone_for_proof(
                hearing_id=hearing.pk,
                by=user,
                proof_upload=data.pop("proof"),
                new_start=data.pop("start"),
                **data,
            )
        case "decide":
            services.decision_record(case_id=case.pk, by=user, **data)
        case "dispatch":
            services.letter_dispatch(letter_id=letter.pk, by=user, **data)
        case "acknowledge":
            services.letter_acknowledge(letter_id=letter.pk, by=user, **data)
        case "withdraw":
            services.case_withdraw(case=case, by=user, **data)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One endpoint per step: validate the form, call the step's service, say what happened."""
    _board_member(request)
    case = permissions.access_case_for_board(request.user, pk)
    if action not in STEPS:
        raise Http404(_("No such action."))
    form_class, success = STEPS[action]
    data = {}
    if form_class is forms.BoardForm:
        form = _board_form(case, request.POST)
    elif form_class is not None:
        form = form_class(request.POST, request.FILES)
    if form_class is not None:
        if not form.is_valid():
            return _invalid(request, case, form)
        data = dict(form.cleaned_data)
    try:
        _perform(action, case=case, user=request.user, data=data)
    except PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, str(success))
    return redirect("discipline:case_detail", pk=case.pk)


@login_required
def letter_download(request: HttpRequest, pk: int) -> FileResponse:
    """The registered letter (PDF/A), for the Board and for the student it concerns."""
    if request.user.has_perm("discipline.view_board_dashboard"):
        case = permissions.access_case_for_board(request.user, pk)
    else:
        case = permissions.access_case_for_student(request.user, pk)
    letter = getattr(getattr(case, "decision", None), "letter", None) if hasattr(case, "decision") else None
    if letter is None or not letter.pdf:
        raise Http404(_("No letter yet."))
    access_record(
        viewer=request.user, student_id=case.enrolment.student_id, what=AccessLog.What.LETTER,
        object_id=case.pk, page=request.path,
    )  # fmt: skip
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
            messages.success(request, _("Your answer was added to your case file."))
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
            "accesses": core_selectors.case_file_accesses(student_id=request.user.pk, case_id=case.pk),
        },
    )


# --- Opening a case: mentors and Student Success ----------------------------------------------------


@login_required
def case_open(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    """COM-1, CON-1, fraud or another breach (DIS-11): a mentor (for their student) or Student Success."""
    user = request.user
    if user.has_role(Role.STUDENT_SUCCESS):
        enrolment = student_permissions.access_enrolment(user, enrolment_pk)
    elif user.has_role(Role.MENTOR):
        enrolment = student_permissions.access_enrolment(user, enrolment_pk, as_mentor=True)
    else:
        raise PermissionDenied
    form = forms.CaseOpenForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.case_open(
                enrolment=enrolment, by=user, evidence_upload=data.pop("evidence"), **data
            )
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Case #%(id)s opened for the Disciplinary Board.") % {"id": case.pk})
            return redirect("home")
    return render(request, "discipline/case_open.html", {"form": form, "enrolment": enrolment})


@login_required
def flag_work(request: HttpRequest, submission_pk: int) -> HttpResponse:
    """IP-2: a mentor, validating mentor or jury member flags plagiarism, cheating or copied work; the
    Board takes the case up at once, the work attached, with no triage step."""
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
        raise Http404(_("No such work."))
    form = forms.FlagWorkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                enrolment=submission.enrolment,
                source=Case.Source.INTELLECTUAL_PROPERTY,
                summary=form.cleaned_data["summary"],
                by=user,
                submission=submission,
            )
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Case #%(id)s opened: the Disciplinary Board takes it up (IP-2).") % {"id": case.pk},
            )
            return redirect("home")
    return render(request, "discipline/flag_work.html", {"form": form, "submission": submission})


@login_required
def flag_presentation_fraud(request: HttpRequest, presentation_pk: int) -> HttpResponse:
    """DIS-11: the validating mentor flags fraud or attempted fraud at a final presentation; a case opens
    with the presentation as evidence."""
    if not request.user.has_role(Role.MENTOR):
        raise PermissionDenied
    presentation = project_permissions.access_presentation_for_validator(request.user, presentation_pk)
    form = forms.FlagFraudForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                enrolment=presentation.submission.enrolment,
                source=Case.Source.FRAUD,
                summary=form.cleaned_data["summary"],
                by=request.user,
                presentation=presentation,
            )
        except PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Case #%(id)s opened for the Disciplinary Board (DIS-11).") % {"id": case.pk}
            )
            return redirect("mentoring:presentation_detail", pk=presentation.pk)
    return render(request, "discipline/flag_presentation.html", {"form": form, "presentation": presentation})
