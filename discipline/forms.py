from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openclassrooms.core.forms import DateInput, DateTimeInput
from students.forms import DocumentField

from .models import Case, Decision, Notice


class CaseOpenForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Grounds"),
        choices=[
            (k, v)
            for k, v in Case.Source.choices
            if k not in (Case.Source.ATTENDANCE, Case.Source.INTELLECTUAL_PROPERTY)
        ],
    )
    summary = forms.CharField(label=_("The facts"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    evidence = DocumentField(required=False, label=_("Evidence (PDF, PNG or JPEG, 10 MB at most)"))


class FlagWorkForm(forms.Form):
    summary = forms.CharField(
        label=_("What was copied, and from where"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )


class FlagFraudForm(forms.Form):
    summary = forms.CharField(
        label=_("What happened at the presentation"),
        help_text=_("The facts as you saw them: the Board and the student will read them (DIS-11)."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


class BoardForm(forms.Form):
    chair = forms.ModelChoiceField(queryset=None, label=_("Chair (Head of Learning)"))
    learning_manager = forms.ModelChoiceField(queryset=None, label=_("Learning Manager of the path"))
    representative = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Student representative (advisory, optional)")
    )

    def __init__(self, *args, chairs, managers, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs
        self.fields["learning_manager"].queryset = managers
        self.fields["representative"].queryset = representatives


class GroundForm(forms.Form):
    rule = forms.CharField(label=_("Rule breached (e.g. CON-1)"), max_length=12)
    statement = forms.CharField(
        label=_("The complaint"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class HearingForm(forms.Form):
    start = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    video_link = forms.URLField(label=_("Video conference link"), assume_scheme="https")
    channel = forms.ChoiceField(
        choices=Notice.Channel.choices,
        label=_("How the notice reaches the student"),
        initial=Notice.Channel.EMAIL,
    )


class ReceiptForm(forms.Form):
    signed_at = forms.DateTimeField(
        label=_("Receipt signed at"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
    )


class MinutesForm(forms.Form):
    student_attended = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label=_("Did the student attend?"),
    )
    representative_attended = forms.TypedChoiceField(
        choices=[("", _("No representative")), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
        coerce=lambda v: v == "yes",
        empty_value=None,
        label=_("Did their representative attend?"),
    )
    minutes_grounds = forms.CharField(
        label=_("Grounds of the planned penalty, as stated (DIS-6)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    minutes_explanations = forms.CharField(
        label=_("The student's explanations (DIS-6)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class PostponeForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            ("accident", _("Accident")),
            ("illness", _("Illness")),
            ("bereavement", _("Death of an immediate relative")),
        ],
        label=_("Extenuating circumstances (DIS-5)"),
    )
    proof = DocumentField(label=_("Official document (PDF, PNG or JPEG, 10 MB at most)"))
    start = forms.DateTimeField(
        label=_("New date and time"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    video_link = forms.URLField(label=_("Video conference link"), assume_scheme="https")


class DecisionForm(forms.Form):
    penalty = forms.ChoiceField(
        choices=Decision.Penalty.choices, widget=forms.RadioSelect, label=_("Decision (DIS-7)")
    )
    grounds = forms.CharField(
        label=pgettext_lazy("of a decision", "Grounds"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    effective_from = forms.DateField(
        label=_("Takes effect on"), widget=DateInput(), initial=timezone.localdate
    )


class DispatchForm(forms.Form):
    dispatched_on = forms.DateField(label=_("Posted on"), widget=DateInput())
    registered_number = forms.CharField(label=_("Registered-mail number"), max_length=40)


class AcknowledgeForm(forms.Form):
    acknowledged_on = forms.DateField(label=_("Acknowledgement of receipt dated"), widget=DateInput())


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your written answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
