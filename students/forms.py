from django import forms
from django.utils import timezone

from openclassrooms.core.forms import MAX_FILES, DateInput, MultipleFileField
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


class SubmissionForm(forms.Form):
    files = MultipleFileField(
        required=False,
        label="Files",
        help_text="PDF, ZIP archive of your code, PNG or JPEG; 25 MB each at most, 10 files at most.",
    )
    link = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        label="Link to your deliverables",
        help_text="A repository or a shared folder, https:// only.",
    )
    sources = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Sources you used",
        help_text="Every text, image, code or course content you reused, with where it comes from (IP-1).",
    )
    declared_own_work = forms.BooleanField(
        required=True,
        label="This work is my own, and it cites every source it uses (IP-1).",
        error_messages={"required": "State that the work is your own and cites every source (IP-1)."},
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Attach {MAX_FILES} files at most: put code in one ZIP archive.")
        return files

    def clean(self):
        data = super().clean()
        if not data.get("files") and not data.get("link") and not self.errors.get("link"):
            raise forms.ValidationError("Hand in your deliverables: attach files, give a link, or both.")
        return data
