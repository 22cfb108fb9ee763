from django import forms
from django.utils import timezone

from openclassrooms.core.forms import DateInput
from projects.models import Path

from .services import document_problem


class DocumentField(forms.FileField):
    """PDF, PNG or JPEG (checked by content, not by name), 10 MB at most, not empty."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        problem = document_problem(upload) if upload is not None else None
        if problem:
            raise forms.ValidationError(problem)
        return upload


class SuspensionForm(forms.Form):
    starts_on = forms.DateField(label="From", widget=DateInput())
    ends_on = forms.DateField(label="To (included)", widget=DateInput())
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    approval = DocumentField(required=False, label="Your funding body's written approval (if it funds you)")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise forms.ValidationError("The suspension ends before it starts.")
        return data


class TerminationForm(forms.Form):
    effective_on = forms.DateField(
        label="Stop from (the first day without training)",
        widget=DateInput(),
        initial=timezone.localdate,
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    confirm = forms.BooleanField(
        label="I understand that my training stops and my later sessions are cancelled."
    )


class PathChangeForm(forms.Form):
    to_path = forms.ModelChoiceField(queryset=Path.objects.filter(is_active=True), label="New path")
    mentor_consulted_on = forms.DateField(label="I consulted my mentor on", widget=DateInput())
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    approval = DocumentField(required=False, label="Your funding body's written approval (if it funds you)")

    def clean_mentor_consulted_on(self):
        day = self.cleaned_data["mentor_consulted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("That date is in the future.")
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
