from django import forms
from django.utils import timezone

from openclassrooms.core.forms import DateInput, DateTimeInput
from students.forms import DocumentField

from .models import Case, Decision, Notice


class CaseOpenForm(forms.Form):
    source = forms.ChoiceField(
        label="Grounds",
        choices=[
            (k, v)
            for k, v in Case.Source.choices
            if k not in (Case.Source.ATTENDANCE, Case.Source.INTELLECTUAL_PROPERTY)
        ],
    )
    summary = forms.CharField(label="The facts", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    evidence = DocumentField(required=False, label="Evidence (PDF, PNG or JPEG, 10 MB at most)")


class FlagWorkForm(forms.Form):
    summary = forms.CharField(
        label="What was copied, and from where", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )


class FlagFraudForm(forms.Form):
    summary = forms.CharField(
        label="What happened at the presentation",
        help_text="The facts as you saw them: the Board and the student will read them (DIS-11).",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


class BoardForm(forms.Form):
    chair = forms.ModelChoiceField(queryset=None, label="Chair (Head of Learning)")
    learning_manager = forms.ModelChoiceField(queryset=None, label="Learning Manager of the path")
    representative = forms.ModelChoiceField(
        queryset=None, required=False, label="Student representative (advisory, optional)"
    )

    def __init__(self, *args, chairs, managers, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs
        self.fields["learning_manager"].queryset = managers
        self.fields["representative"].queryset = representatives


class GroundForm(forms.Form):
    rule = forms.CharField(label="Rule breached (e.g. CON-1)", max_length=12)
    statement = forms.CharField(
        label="The complaint", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class HearingForm(forms.Form):
    start = forms.DateTimeField(
        label="Date and time",
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    video_link = forms.URLField(label="Video conference link", assume_scheme="https")
    channel = forms.ChoiceField(
        choices=Notice.Channel.choices,
        label="How the notice reaches the student",
        initial=Notice.Channel.EMAIL,
    )


class ReceiptForm(forms.Form):
    signed_at = forms.DateTimeField(
        label="Receipt signed at",
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
    )


class MinutesForm(forms.Form):
    student_attended = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Did the student attend?",
    )
    representative_attended = forms.TypedChoiceField(
        choices=[("", "No representative"), ("yes", "Yes"), ("no", "No")],
        required=False,
        coerce=lambda v: v == "yes",
        empty_value=None,
        label="Did their representative attend?",
    )
    minutes_grounds = forms.CharField(
        label="Grounds of the planned penalty, as stated (DIS-6)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    minutes_explanations = forms.CharField(
        label="The student's explanations (DIS-6)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class PostponeForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            ("accident", "Accident"),
            ("illness", "Illness"),
            ("bereavement", "Death of an immediate relative"),
        ],
        label="Extenuating circumstances (DIS-5)",
    )
    proof = DocumentField(label="Official document (PDF, PNG or JPEG, 10 MB at most)")
    start = forms.DateTimeField(
        label="New date and time",
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    video_link = forms.URLField(label="Video conference link", assume_scheme="https")


class DecisionForm(forms.Form):
    penalty = forms.ChoiceField(
        choices=Decision.Penalty.choices, widget=forms.RadioSelect, label="Decision (DIS-7)"
    )
    grounds = forms.CharField(label="Grounds", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    effective_from = forms.DateField(label="Takes effect on", widget=DateInput(), initial=timezone.localdate)


class DispatchForm(forms.Form):
    dispatched_on = forms.DateField(label="Posted on", widget=DateInput())
    registered_number = forms.CharField(label="Registered-mail number", max_length=40)


class AcknowledgeForm(forms.Form):
    acknowledged_on = forms.DateField(label="Acknowledgement of receipt dated", widget=DateInput())


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="Your written answer", widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
