from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openclassrooms.core.forms import DateInput, HandInForm
from projects.models import Path

from . import rules
from .models import ProfileField
from .services import document_problem


class DocumentField(forms.FileField):
    """PDF, PNG or JPEG (checked by content, not by name), 10 MB at most, not empty."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        problem = document_problem(upload) if upload is not None else None
        if problem:
            raise forms.ValidationError(problem)
        return upload


class EnrolmentForm(forms.Form):
    """A student's request on their enrolment: its dates are checked by the rules, with its facts."""

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment

    def check(self, problem: str | None, field: str | None = None) -> None:
        if problem:
            self.add_error(field, problem)


class SuspensionForm(EnrolmentForm):
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To (included)"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    approval = DocumentField(
        required=False, label=_("Your funding body's written approval (if it funds you)")
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on"):
            self.check(
                rules.suspension_dates_problem(
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    today=timezone.localdate(),
                    training_ends_on=self.enrolment.planned_end_date,
                )
            )
        return data


class TerminationForm(EnrolmentForm):
    effective_on = forms.DateField(
        label=_("Stop from (the first day without training)"),
        widget=DateInput(),
        initial=timezone.localdate,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    confirm = forms.BooleanField(
        label=_("I understand that my training stops and my later sessions are cancelled.")
    )

    def clean_effective_on(self):
        day = self.cleaned_data["effective_on"]
        self.check(
            rules.stop_date_problem(
                effective_on=day, today=timezone.localdate(), training_ends_on=self.enrolment.planned_end_date
            ),
            "effective_on",
        )
        return day


class PathChangeForm(EnrolmentForm):
    to_path = forms.ModelChoiceField(queryset=Path.objects.filter(is_active=True), label=_("New path"))
    mentor_consulted_on = forms.DateField(label=_("I consulted my mentor on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    approval = DocumentField(
        required=False, label=_("Your funding body's written approval (if it funds you)")
    )

    def clean_mentor_consulted_on(self):
        day = self.cleaned_data["mentor_consulted_on"]
        self.check(
            rules.consultation_date_problem(
                consulted_on=day, today=timezone.localdate(), training_starts_on=self.enrolment.start_date
            ),
            "mentor_consulted_on",
        )
        return day


class ApprovalForm(forms.Form):
    approval = DocumentField(label=_("Funding body's written approval (PDF, PNG or JPEG, 10 MB at most)"))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason (required to refuse)"),
        max_length=2000,
    )
    effective_on = forms.DateField(
        required=False, widget=DateInput(), label=_("Takes effect on (path change)")
    )
    approval = DocumentField(required=False, label=_("Attach the funding body's written approval"))


class ProfileCorrectionForm(forms.Form):
    """GDPR art. 16: which detail of the profile is wrong, what it should say, and why. Checked against the
    profile as it is and the requests still waiting, so the student reads what to change beside the field."""

    field = forms.ChoiceField(choices=ProfileField.choices, label=_("Detail to correct"))
    value = forms.CharField(
        required=False,
        max_length=rules.ADDRESS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("What it should say"),
        help_text=_(
            "For a postal address: the street on one line, the postcode and town on the next. "
            "Leave it empty to remove your phone number."
        ),
    )
    explanation = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("What is wrong with it"),
        error_messages={"required": _("Say in a few words what is wrong with the current value.")},
    )

    def __init__(self, *args, current: dict[str, str], pending: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.current, self.pending = current, pending

    def clean(self):
        data = super().clean()
        field = data.get("field")
        if field is None:
            return data
        data["value"] = rules.profile_value_clean(field, data.get("value") or "")
        problem = rules.profile_correction_problem(
            field=field, current=self.current.get(field, ""), asked=data["value"], pending_fields=self.pending
        )
        if problem:
            self.add_error("field" if field in self.pending else "value", problem)
        return data


class CorrectionDecideForm(forms.Form):
    """Student Success's answer to a profile correction (GDPR art. 16): the reason is required either way."""

    decision = forms.ChoiceField(
        choices=[("accept", _("Accept: correct the profile")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason (the student reads it)"),
        max_length=2000,
        error_messages={"required": _("Give the reason for the decision: the student reads it.")},
    )


# --- Handing in a project (IP-1, TRN-1 a) ------------------------------------------------------------------


class SubmissionForm(HandInForm):
    """A project of the path (IP-1, TRN-1 a), with the sources the work used."""

    nothing_handed_in = _("Hand in your deliverables: attach files, give a link, or both.")
    field_order = ["files", "link", "sources", "declared_own_work"]

    sources = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Sources you used"),
        help_text=_("Every text, image, code or course content you reused, with where it comes from (IP-1)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].label = _("Link to your deliverables")
