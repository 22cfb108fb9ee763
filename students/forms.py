from django import forms
from django.utils import timezone

from openclassrooms.core.forms import DateInput, HandInForm
from projects.models import Path

from . import rules
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
    starts_on = forms.DateField(label="From", widget=DateInput())
    ends_on = forms.DateField(label="To (included)", widget=DateInput())
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    approval = DocumentField(required=False, label="Your funding body's written approval (if it funds you)")

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
        label="Stop from (the first day without training)",
        widget=DateInput(),
        initial=timezone.localdate,
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    confirm = forms.BooleanField(
        label="I understand that my training stops and my later sessions are cancelled."
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
    to_path = forms.ModelChoiceField(queryset=Path.objects.filter(is_active=True), label="New path")
    mentor_consulted_on = forms.DateField(label="I consulted my mentor on", widget=DateInput())
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    approval = DocumentField(required=False, label="Your funding body's written approval (if it funds you)")

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
    approval = DocumentField(label="Funding body's written approval (PDF, PNG or JPEG, 10 MB at most)")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason (required to refuse)",
        max_length=2000,
    )
    effective_on = forms.DateField(required=False, widget=DateInput(), label="Takes effect on (path change)")
    approval = DocumentField(required=False, label="Attach the funding body's written approval")


# --- Handing in a project (IP-1, TRN-1 a) ------------------------------------------------------------------


class SubmissionForm(HandInForm):
    """A project of the path (IP-1, TRN-1 a), with the sources the work used."""

    nothing_handed_in = "Hand in your deliverables: attach files, give a link, or both."
    field_order = ["files", "link", "sources", "declared_own_work"]

    sources = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Sources you used",
        help_text="Every text, image, code or course content you reused, with where it comes from (IP-1).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].label = "Link to your deliverables"
